"""Fit the resolver's evidence weights on the development benchmarks (run on demand).

    python tests/bench/tune_resolution.py [--shared ../shared] [--rounds 2] [--write [PATH]]

Mentions are found once per document; each trial re-scores them with one weight
changed (coordinate ascent over a small grid) and keeps the change when the mean
of acc@161km and exact-span F1 over the *fit* sets improves. ``trnews`` is held
out of the fit and only reported, to show whether a change generalises. Prints the
best weights; ``--write`` writes them to the weights file (default: the bundled
``gazetteer/data/weights.json``, which the resolver reads).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gazetteer import Gazetteer  # noqa: E402
from gazetteer import _resolve as R  # noqa: E402
from gazetteer._mentions import find_mentions  # noqa: E402
from gazetteer._weights import Weights  # noqa: E402
from geo.geoparse import document_text_and_context  # noqa: E402

FIT, HELD_OUT = ("gwn", "geovirus", "cables"), ("trnews",)
WEIGHTS_FILE = ROOT / "gazetteer" / "data" / "weights.json"
#: Fields of :class:`Weights` tried, with their values; ``kind_prior.KIND`` is one kind's prior.
GRID = {
    "kind_prior.admin1": [3.5, 4.5, 5.5, 6.5],
    "kind_prior.admin2": [1.5, 2.5, 3.5],
    "kind_prior.feature": [2.0, 3.0, 4.0],
    "kind_prior.macro-region": [3.0, 4.0, 5.0],
    "population_weight": [0.45, 0.6, 0.75],
    "capital_bonus": [1.0, 2.0, 3.0],
    "text_country_bonus": [1.0, 2.0, 3.0],
    "text_area_bonus": [0.75, 1.5, 2.5],
    "article_penalty": [1.0, 2.0, 3.0],
    "coherence_bonus": [1.0, 2.0, 3.0],
    "coherence_km": [100.0, 250.0, 500.0],
    "pair_bonus": [0.5, 1.0, 2.0],
    "pair_km": [25.0, 50.0, 100.0],
    "place_min_score": [3.3, 3.8, 4.3],
}


def _km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    x = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(x)))


def _load(shared: Path, name: str) -> list[dict]:
    path = shared / ("cables/gold/dev.jsonl" if name == "cables" else f"bench/geoparse/{name}.jsonl")
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def _get(w: Weights, name: str) -> float:
    """The weight *name* of *w* (``kind_prior.KIND``: that kind's prior)."""
    if name.startswith("kind_prior."):
        return w.kind_prior[name.split(".", 1)[1]]
    return getattr(w, name)


def _with(w: Weights, name: str, value: float) -> Weights:
    """*w* with the weight *name* set to *value*."""
    if name.startswith("kind_prior."):
        return dataclasses.replace(w, kind_prior={**w.kind_prior, name.split(".", 1)[1]: value})
    return dataclasses.replace(w, **{name: value})


def _score(docs, prepared, gaz, weights: Weights) -> tuple[float, float]:
    tp = npred = ngold = hit = n = 0
    for doc, (mentions, ctx, search) in zip(docs, prepared):
        pred = {}
        for r in R.resolve(mentions, gaz._arrays, ctx, search, weights):
            if ctx.genre == "text" and r.demonym and r.mention.lower().endswith("s") and not r.mention.lower().endswith("ss"):
                continue
            pred[(r.start, r.end)] = gaz.point(r.row)
        npred += len(pred)
        for t in doc["toponyms"]:
            ngold += 1
            p = pred.get((t["start"], t["end"]))
            if p is None:
                continue
            tp += 1
            if t.get("lat") is not None:
                n += 1
                hit += _km(t["lat"], t["lon"], p[1], p[0]) < 161
    f1 = 2 * tp / (npred + ngold) if npred + ngold else 0.0
    return hit / n if n else 0.0, f1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--write", type=Path, nargs="?", const=WEIGHTS_FILE, metavar="PATH",
                    help=f"write the best weights to PATH (default: {WEIGHTS_FILE.relative_to(ROOT)})")
    a = ap.parse_args()
    gaz = Gazetteer.bundled()
    sets = {}
    for name in FIT + HELD_OUT:
        docs = _load(a.shared, name)
        prepared = []
        for d in docs:
            search, ctx, _ = document_text_and_context(d["text"], str(d["doc_id"]), gaz)
            prepared.append((find_mentions(search, gaz._lexicon), ctx, search))
        sets[name] = (docs, prepared)

    def evaluate(weights: Weights) -> tuple[float, dict]:
        scores = {k: _score(*v, gaz, weights) for k, v in sets.items()}
        return float(np.mean([sum(scores[k]) / 2 for k in FIT])), scores

    current = gaz.weights
    best, scores = evaluate(current)
    print(f"start {best:.4f}", {k: tuple(round(x, 3) for x in v) for k, v in scores.items()})
    for _ in range(a.rounds):
        for name, values in GRID.items():
            for v in values:
                if v == _get(current, name):
                    continue
                trial = _with(current, name, v)
                score, s = evaluate(trial)
                if score > best + 1e-4:
                    best, current, scores = score, trial, s
                    print(f"{name} = {v}: {best:.4f}", {k: tuple(round(x, 3) for x in t) for k, t in s.items()})
    print("best weights:", {name: _get(current, name) for name in GRID})
    if a.write:
        current.save(a.write)
        print(f"written to {a.write}")


if __name__ == "__main__":
    main()
