"""Geoparsing benchmark: cablemap and a geotext peer, scored by the referee ``score.py``.

Run on demand (not in CI), from the project root:

    python tests/bench/geoparse_benchmark.py [--shared ../shared] [--only gwn,cables] [--buckets] [--conventions]
        [--convention own|geonames|wikipedia|centroid]

Datasets: ``../shared/bench/geoparse/{gwn,trnews,geovirus}.jsonl``, the same news
upper-cased (``*-CAPS``), and ``../shared/cables/gold/dev.jsonl``. The texts are read
from ``../shared`` and written only to a temporary directory. Prints one table:
dataset, system, P/R/F1 (exact spans), acc@161km, median and mean km, AUC, docs/s,
MB/s. ``--buckets`` adds cablemap's precision and acc@161 by confidence bucket;
``--conventions`` counts the misses that carry the gold's own GeoNames id (the right
record, placed by another convention) and the acc@161 the gold's points would give.
``--convention`` sets where cablemap places areas (``geoparse --convention``); by
default (``own``) each dataset is scored under the convention of its gold: GeoVirus
under Wikipedia's, the others under GeoNames'. The table names the one used.

The peer is ``geotext`` (PyPI): its own regex finds city, country and nationality
names; each is resolved the way its users do, to the most populous GeoNames place of
that name in the country geotext names (countries and nationalities to the country).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gazetteer import Gazetteer  # noqa: E402
from geo.geoparse import geoparse_text  # noqa: E402

NEWS = ("gwn", "trnews", "geovirus")
#: The point convention of each dataset's gold coordinates (the rest: GeoNames').
GOLD_CONVENTION = {"geovirus": "wikipedia"}
BUCKETS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.01))


def _upper_same_length(text: str) -> str:
    return "".join(u if len(u := c.upper()) == 1 else c for c in text)


def _datasets(shared: Path, tmp: Path, only: set[str] | None) -> dict[str, Path]:
    out = {}
    for name in NEWS:
        src = shared / "bench" / "geoparse" / f"{name}.jsonl"
        out[name] = src
        caps = tmp / f"{name}-CAPS.jsonl"
        with src.open(encoding="utf-8") as f, caps.open("w", encoding="utf-8") as g:
            for line in f:
                doc = json.loads(line)
                doc["text"] = _upper_same_length(doc["text"])
                for t in doc["toponyms"]:
                    t["name"] = doc["text"][t["start"] : t["end"]]
                g.write(json.dumps(doc) + "\n")
        out[f"{name}-CAPS"] = caps
    out["cables"] = shared / "cables" / "gold" / "dev.jsonl"
    return {k: v for k, v in out.items() if not only or k in only or k.split("-")[0] in only}


def _run(system, gold: Path, pred: Path, gaz: Gazetteer) -> tuple[float, float]:
    docs = [json.loads(line) for line in gold.open(encoding="utf-8")]
    size = sum(len(d["text"].encode()) for d in docs)
    t0 = time.perf_counter()
    with pred.open("w", encoding="utf-8") as out:
        for d in docs:
            out.write(json.dumps({"doc_id": d["doc_id"], "toponyms": system(d["text"], gaz, str(d["doc_id"]))}) + "\n")
    dt = time.perf_counter() - t0
    return len(docs) / dt, size / dt / 1e6


class _Geotext:
    """geotext's names, resolved by population."""

    def __init__(self, gaz: Gazetteer):
        from geotext import GeoText

        self.GeoText = GeoText
        self.index = GeoText.index
        self.regex = re.compile(r"[A-ZÀ-Ú]+[a-zà-ú]+[ \-]?(?:d[a-u].)?(?:[A-ZÀ-Ú]+[a-zà-ú]+)*")
        rec = gaz.records
        self.gaz = gaz
        self.countries = {c: i for i, c in zip(rec.index, rec["country"]) if rec.at[i, "kind"] == "country"}
        self._cache: dict[tuple[str, str], tuple[float, float] | None] = {}

    def _place(self, name: str, cc: str) -> tuple[float, float] | None:
        key = (name, cc)
        if key not in self._cache:
            found = self.gaz.lookup(name, kinds=("place",))
            same = found[found["country"] == cc]
            pick = (same if len(same) else found).sort_values("population", ascending=False)
            self._cache[key] = None if pick.empty else self.gaz.point(int(pick.index[0]))
        return self._cache[key]

    def __call__(self, text: str, gaz: Gazetteer, doc_id: str) -> list[dict]:
        out = []
        for m in self.regex.finditer(text):
            cand = m.group().strip()
            low = cand.lower()
            start = m.start()
            if low in self.index.countries:
                cc = self.index.countries[low]
            elif low in self.index.cities:
                cc = self.index.cities[low]
            elif low in self.index.nationalities:
                cc = self.index.nationalities[low]
            else:
                continue
            point = self._place(cand, cc) if low in self.index.cities and low not in self.index.countries else None
            if point is None and cc in self.countries:
                point = gaz.point(self.countries[cc])
            if point is None:
                continue
            out.append({"start": start, "end": start + len(cand), "name": cand, "lon": point[0], "lat": point[1]})
        return out


class _Cablemap:
    """cablemap's geoparse under one point convention."""

    def __init__(self, convention: str):
        self.convention = convention

    def __call__(self, text: str, gaz: Gazetteer, doc_id: str) -> list[dict]:
        return geoparse_text(text, gaz, doc_id, convention=self.convention)


def _score(scorer: Path, gold: Path, pred: Path) -> dict:
    res = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)["total"]["exact"]


def _row(dataset: str, system: str, convention: str, s: dict, docs_s: float, mb_s: float) -> str:
    rec, geo = s["recognition"]["all_gold"], s["resolution"]
    return (f"{dataset:<14} {system:<9} {convention:<9} {rec['precision']:6.3f} {rec['recall']:6.3f} {rec['f1']:6.3f} "
            f"{geo.get('acc@161km', 0):8.3f} {geo.get('median_km', 0):8.1f} {geo.get('mean_km', 0):8.1f} "
            f"{geo.get('auc', 0):6.3f} {docs_s:8.1f} {mb_s:6.2f}")


def _buckets(scorer: Path, gold: Path, pred: Path, tmp: Path) -> list[str]:
    preds = [json.loads(line) for line in pred.open(encoding="utf-8")]
    lines = []
    for lo, hi in BUCKETS:
        part = tmp / f"bucket-{lo}.jsonl"
        with part.open("w", encoding="utf-8") as f:
            for d in preds:
                tops = [t for t in d["toponyms"] if lo <= t["confidence"] < hi]
                f.write(json.dumps({"doc_id": d["doc_id"], "toponyms": tops}) + "\n")
        s = _score(scorer, gold, part)
        rec, geo = s["recognition"]["all_gold"], s["resolution"]
        n = sum(1 for d in preds for t in d["toponyms"] if lo <= t["confidence"] < hi)
        # acc@161 is judged on the gold toponyms with a point that a toponym with a point matches: none, no figure
        acc = f"{geo['acc@161km']:.3f}" if geo.get("n_resolved") else "  n/a"
        lines.append(f"    confidence [{lo:.2f}, {min(hi, 1):.2f}): n={n:5d}  precision {rec['precision']:.3f}"
                     f"  acc@161 {acc} of {geo.get('n_resolved', 0):4d}")
    return lines


def _same_record_elsewhere(gold: Path, pred: Path) -> str:
    """How many resolved names miss 161 km although they carry the gold's own GeoNames id.

    Those are right records placed by another convention (a country's centre), not
    wrong choices: the acc@161 they would add is what GeoNames' own points would give.
    """
    golds = {str(d["doc_id"]): d for d in map(json.loads, gold.open(encoding="utf-8"))}
    n = hit = same = 0
    for d in map(json.loads, pred.open(encoding="utf-8")):
        by_span = {(t["start"], t["end"]): t for t in golds[str(d["doc_id"])]["toponyms"]}
        for t in d["toponyms"]:
            g = by_span.get((t["start"], t["end"]))
            if g is None or g.get("lat") is None or t.get("lat") is None:
                continue
            n += 1
            near = _km(g["lat"], g["lon"], t["lat"], t["lon"]) < 161
            hit += near
            same += not near and g.get("geonameid") is not None and g.get("geonameid") == t.get("geonameid")
    if not n:
        return "    same record, other point: n/a"
    return (f"    same record, other point: {same} of {n} resolved; acc@161 with the gold's own points "
            f"{(hit + same) / n:.3f}")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--only", help="comma-separated dataset names (gwn, trnews, geovirus, cables, gwn-CAPS...)")
    ap.add_argument("--buckets", action="store_true", help="cablemap's scores by confidence bucket")
    ap.add_argument("--no-peer", action="store_true", help="skip geotext")
    ap.add_argument("--convention", choices=("own", "geonames", "wikipedia", "centroid"), default="own",
                    help="where cablemap places areas (own: each dataset's gold convention)")
    ap.add_argument("--conventions", action="store_true",
                    help="cablemap's misses that are the gold's own record at another point")
    a = ap.parse_args()
    scorer = a.shared / "bench" / "geoparse" / "score.py"
    tmp = Path(tempfile.mkdtemp(prefix="geoparse-bench-"))
    t0 = time.perf_counter()
    gaz = Gazetteer.bundled()
    geoparse_text("warm up in Tbilisi", gaz)
    print(f"gazetteer load {time.perf_counter() - t0:.1f} s (once)")
    peer = [] if a.no_peer else [("geotext", _Geotext(gaz))]
    only = set(a.only.split(",")) if a.only else None
    print(f"{'dataset':<14} {'system':<9} {'points':<9} {'P':>6} {'R':>6} {'F1':>6} {'acc@161':>8} {'med km':>8} "
          f"{'mean km':>8} {'AUC':>6} {'docs/s':>8} {'MB/s':>6}")
    for dataset, gold in _datasets(a.shared, tmp, only).items():
        convention = GOLD_CONVENTION.get(dataset.split("-")[0], "geonames") if a.convention == "own" else a.convention
        for system, fn in [("cablemap", _Cablemap(convention)), *peer]:
            pred = tmp / f"{dataset}-{system}.jsonl"
            docs_s, mb_s = _run(fn, gold, pred, gaz)
            label = convention if system == "cablemap" else "its own"
            print(_row(dataset, system, label, _score(scorer, gold, pred), docs_s, mb_s), flush=True)
            if a.buckets and system == "cablemap":
                print("\n".join(_buckets(scorer, gold, pred, tmp)), flush=True)
            if a.conventions and system == "cablemap":
                print(_same_record_elsewhere(gold, pred), flush=True)
    print(f"predictions in {tmp}")


if __name__ == "__main__":
    main()
