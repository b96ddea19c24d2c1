"""Map every cable in ../shared/cables (and its other carriers) and report the numbers.

Run on demand, not in CI:  python tests/bench/map_every_cable.py [../shared/cables]

For each file: mentions found, seconds per cable (gazetteer loaded once, outside the
timing), map size, or the one-line error. Ends with medians, and with the ratio of
the per-cable time to the one-off gazetteer load measured in the same process.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from gazetteer import Gazetteer
from geo.analysis import analyse
from geo.cable.reader import read_cable
from geo.errors import CablemapError
from geo.render import map_html

ZONES = ("South Ossetia+20km", "Abkhazia+20km")


def main(root: Path) -> int:
    t0 = time.perf_counter()
    gaz = Gazetteer.bundled()
    load_s = time.perf_counter() - t0
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".txt", ".html", ".csv"})
    times, sizes, counts, failures = [], [], [], []
    out = Path(tempfile.mkdtemp())
    for path in files:
        if path.name in {"README.md", "index.csv"} or "tags" in path.parts or "gold" in path.parts:
            continue
        t = time.perf_counter()
        try:
            cable = read_cable(path, refid="66BUENOSAIRES2481" if path.suffix == ".csv" else None)
            analysis = analyse(cable, ZONES, 100.0, gaz)
            html = map_html(analysis)
        except CablemapError as e:
            failures.append(f"{path.relative_to(root)}: {e}")
            continue
        dt = time.perf_counter() - t
        (out / f"{cable.refid}.html").write_text(html, encoding="utf-8")
        times.append(dt)
        sizes.append(len(html.encode()))
        counts.append(len(analysis.places))
        print(f"{path.relative_to(root)}\t{len(analysis.places)} mentions\t{dt:.2f} s\t{sizes[-1] / 1024:.0f} KB")
    print(f"\n{len(times)} maps, {len(failures)} one-line errors")
    for f in failures:
        print("  error:", f)
    print(f"mentions per cable: median {statistics.median(counts)}, max {max(counts)}, total {sum(counts)}")
    print(f"time per cable: median {statistics.median(times):.2f} s (gazetteer load {load_s:.2f} s, "
          f"ratio {statistics.median(times) / load_s:.2f})")
    print(f"map size: median {statistics.median(sizes) / 1024:.0f} KB, max {max(sizes) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / ".." / "shared" / "cables")))
