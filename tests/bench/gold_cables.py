"""Score cablemap's places on the hand-annotated cables with the referee scorer.

Run on demand:  python tests/bench/gold_cables.py [../shared]
Writes the predictions to a temp file and prints score.py's report. This scores the ``places`` path
(``geo.places.cable_places``); ``geoparse_benchmark.py`` scores the same cables through ``geoparse``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from gazetteer import Gazetteer
from geo.cable.reader import parse_cable
from geo.places import cable_places


def main(shared: Path) -> int:
    gold = shared / "cables" / "gold" / "dev.jsonl"
    gaz = Gazetteer.bundled()
    pred = Path(tempfile.mkdtemp()) / "pred.jsonl"
    with gold.open(encoding="utf-8") as src, pred.open("w", encoding="utf-8") as out:
        for line in src:
            doc = json.loads(line)
            places = cable_places(parse_cable(doc["text"], doc["doc_id"]), gaz)
            # a mention's point is its record's (an area's: GeoNames' own), not a point of the polygon it is drawn as
            points = [gaz.point(row) for row in gaz.rows_of(places["source"])]
            toponyms = [
                {"start": int(r.start), "end": int(r.end), "name": r.mention, "lat": lat, "lon": lon}
                for r, (lon, lat) in zip(places.itertuples(), points)
            ]
            out.write(json.dumps({"doc_id": doc["doc_id"], "toponyms": toponyms}) + "\n")
    scorer = shared / "bench" / "geoparse" / "score.py"
    return subprocess.run([sys.executable, str(scorer), str(gold), str(pred), *sys.argv[2:]]).returncode


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / ".." / "shared")))
