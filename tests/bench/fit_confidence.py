"""Fit the resolver's confidence model on the development benchmarks (run on demand).

    python tests/bench/fit_confidence.py [--shared ../shared] [--l2 1.0] [--write [PATH]]

Every resolution the gazetteer makes on the fit sets (GeoWebNews, GeoVirus, the dev
cables, and the news sets upper-cased) becomes one example: its features (what
``gazetteer._resolve._confidence_features`` records) and whether it was right, that
is the span is a gold toponym and the point lies within 161 km of the gold's (placed
under the set's own convention: Wikipedia's for GeoVirus, GeoNames' elsewhere).
Resolutions of gold toponyms without coordinates are left out. A logistic
regression (Newton's method, L2 on everything but the bias, each set weighing the
same) is fitted on them, and its chance is calibrated by an isotonic regression on the same
examples (the share of right answers, never falling as the chance rises). TR-News is held out
and only reported. Prints the weights (``confidence`` and ``calibration`` of the weights file)
and, per set, precision, the share right and acc@161 by confidence bucket with the fitted
weights, so one can see whether they rise with the confidence.
``--write`` writes the weights file with the fitted model (default: the bundled
``gazetteer/data/weights.json``, which the resolver reads).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import isotonic_regression

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from geoparse_benchmark import BUCKETS, GOLD_CONVENTION, _upper_same_length  # noqa: E402
from tune_resolution import WEIGHTS_FILE, _km, _load  # noqa: E402

from gazetteer import Gazetteer  # noqa: E402
from gazetteer import _resolve as R  # noqa: E402
from geo.geoparse import document_text_and_context  # noqa: E402

FIT = ("gwn", "geovirus", "cables", "gwn-CAPS", "geovirus-CAPS")
HELD_OUT = ("trnews", "trnews-CAPS")


def _docs(shared: Path, name: str) -> list[dict]:
    docs = _load(shared, name.split("-")[0])
    if name.endswith("-CAPS"):
        for d in docs:
            d["text"] = _upper_same_length(d["text"])
    return docs


def _examples(gaz: Gazetteer, docs: list[dict], convention: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features of every resolution, its label (1 right, 0 wrong, -1 not judged: the gold
    lacks a point) and whether its span is a gold toponym."""
    rows, labels, matched = [], [], []
    for d in docs:
        search, ctx, _ = document_text_and_context(d["text"], str(d["doc_id"]), gaz, convention)
        gold = {(t["start"], t["end"]): t for t in d["toponyms"]}
        for r in gaz.find(search, ctx):
            x = r.explanation
            rows.append(x.batch.features[x.batch.mi[x.winner]])
            t = gold.get((r.start, r.end))
            matched.append(t is not None)
            if t is None:
                labels.append(0)
            elif t.get("lat") is None:
                labels.append(-1)
            else:
                lon, lat = gaz.point(r.row, convention)
                labels.append(int(_km(t["lat"], t["lon"], lat, lon) < 161))
    return np.array(rows), np.array(labels), np.array(matched)


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> np.ndarray:
    """Weighted L2-regularised logistic regression by Newton's method."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0  # the bias
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def _calibration(chance: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Knots of the weighted isotonic regression of *y* on the model's *chance*: each run of equal fitted
    shares becomes a knot at its first and its last chance (rounded; a chance met twice keeps its first)."""
    order = np.argsort(chance, kind="stable")
    c, share = np.round(chance[order], 4), np.round(isotonic_regression(y[order], weights=w[order]).x, 3)
    edge = np.flatnonzero(np.diff(share)) + 1
    keep = np.unique(np.concatenate(([0], edge - 1, edge, [len(c) - 1])))
    knots: dict[float, float] = {}
    for k in keep.tolist():
        knots.setdefault(float(c[k]), float(share[k]))
    return tuple(knots.items())


def _buckets(conf: np.ndarray, y: np.ndarray, matched: np.ndarray) -> str:
    """Per confidence bucket: how many, the share that are gold toponyms, the share judged right, and acc@161
    among the gold toponyms."""
    out = []
    for lo, hi in BUCKETS:
        sel = (conf >= lo) & (conf < hi)
        judged = sel & (y >= 0)
        prec = matched[sel].mean() if sel.any() else float("nan")
        right = (y[judged] == 1).mean() if judged.any() else float("nan")
        gold = judged & matched  # as the benchmark's acc@161: gold toponyms only
        acc = (y[gold] == 1).mean() if gold.any() else float("nan")
        out.append(f"[{lo:.2f}, {min(hi, 1):.2f}) n={sel.sum():5d}  precision {prec:.3f}  right {right:.3f}"
                   f"  acc@161 {acc:.3f} of {gold.sum():4d}")
    return "\n    ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--write", type=Path, nargs="?", const=WEIGHTS_FILE, metavar="PATH",
                    help=f"write the fitted weights to PATH (default: {WEIGHTS_FILE.relative_to(ROOT)})")
    a = ap.parse_args()
    gaz = Gazetteer.bundled()
    data = {name: _examples(gaz, _docs(a.shared, name), GOLD_CONVENTION.get(name.split("-")[0], "geonames"))
            for name in FIT + HELD_OUT}
    xs, ys, ws = [], [], []
    for name in FIT:
        x, y, _ = data[name]
        keep = y >= 0
        xs.append(x[keep])
        ys.append(y[keep])
        ws.append(np.full(keep.sum(), 1000.0 / keep.sum()))
    x, y, w = np.concatenate(xs), np.concatenate(ys).astype(float), np.concatenate(ws)
    beta = _fit(x, y, w, a.l2)
    weights = (np.round(beta, 2) + 0.0).tolist()  # (+ 0.0: no "-0.0" in the file)
    model = dataclasses.replace(gaz.weights, confidence=dict(zip(R.CONFIDENCE_FEATURES, weights)),
                                calibration=((0.0, 0.0), (1.0, 1.0)))
    fitted = dataclasses.replace(model, calibration=_calibration(R._confidence(x, model), y, w))
    print("confidence =", fitted.confidence)
    print("calibration =", fitted.calibration)
    for name in FIT + HELD_OUT:
        x, y, matched = data[name]
        conf = R._confidence(x, fitted)
        judged = y >= 0
        brier = float(np.mean((conf[judged] - y[judged]) ** 2))
        print(f"{name}{' (held out)' if name in HELD_OUT else ''}: Brier {brier:.3f}\n    {_buckets(conf, y, matched)}")
    if a.write:
        fitted.save(a.write)
        print(f"written to {a.write}")


if __name__ == "__main__":
    main()
