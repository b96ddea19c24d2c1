"""Time the briefing exports and report their sizes; optionally run every export on every cable.

Run on demand, not in CI:

    python tests/bench/briefing_exports.py [../shared/cables]            # seed + a few cables, timed
    python tests/bench/briefing_exports.py ../shared/cables --every      # every export of every cable

Timed: the static map as PNG (1600x1000 and --dpi 2), vector PDF and SVG, the embed fragment,
and the briefing as HTML and as PDF (A4), each from an analysis made once beforehand (the
gazetteer is loaded outside the timing). With --every, each cable goes through the real
commands (``cablemap map --png --pdf --svg``, ``--embed``, ``cablemap brief -o .html/.pdf``)
and the failures are listed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from gazetteer import Gazetteer
from geo.analysis import analyse
from geo.briefing import brief, briefing_html, briefing_pdf
from geo.cable.reader import read_cable
from geo.cli import main as cli_main
from geo.render import map_fragment, map_image

ZONES = ("South Ossetia+20km", "Abkhazia+20km")
IMAGES = ("png", "pdf", "svg")
TIMED = ("08BAKU812.txt", "08TBILISI1341.txt", "08STATE86156.txt", "09BAKU20.txt", "10ASTANA251.txt")


def _timed(label: str, fn) -> tuple[float, int]:
    t = time.perf_counter()
    data = fn()
    dt = time.perf_counter() - t
    size = len(data.encode() if isinstance(data, str) else data)
    print(f"  {label:<16} {dt:6.2f} s {size / 1024:8.0f} KB")
    return dt, size


def timings(root: Path) -> None:
    t = time.perf_counter()
    gaz = Gazetteer.bundled()
    print(f"gazetteer load {time.perf_counter() - t:.2f} s (not counted)")
    results: dict[str, list[float]] = {}
    for name in TIMED:
        path = root / name
        if not path.exists():
            continue
        analysis = analyse(read_cable(path), ZONES, 100.0, gaz)
        b = brief([analysis], ZONES)
        print(f"{analysis.cable.refid}: {len(analysis.places)} mentions, {len(analysis.assets)} assets")
        jobs = {
            "png 1600x1000": lambda a=analysis: map_image(a, "png"),
            "png --dpi 2": lambda a=analysis: map_image(a, "png", scale=2),
            "pdf (vector)": lambda a=analysis: map_image(a, "pdf"),
            "svg": lambda a=analysis: map_image(a, "svg"),
            "embed fragment": lambda a=analysis: map_fragment(a),
            "brief html": lambda b=b: briefing_html(b),
            "brief pdf (A4)": lambda b=b: briefing_pdf(b, "a4"),
        }
        for label, fn in jobs.items():
            results.setdefault(label, []).append(_timed(label, fn)[0])
    print("\nmedian seconds per export:")
    for label, times in results.items():
        print(f"  {label:<16} {statistics.median(times):6.2f} s  (max {max(times):.2f} s, n={len(times)})")


def _run(args: list[str]) -> str | None:
    try:
        cli_main(args)
    except SystemExit as e:
        if e.code not in (0, None):
            return f"exit {e.code}"
    return None


def every(root: Path) -> int:
    files = sorted(p for p in root.glob("*.txt"))
    out = Path(tempfile.mkdtemp())
    failures = []
    t0 = time.perf_counter()
    for path in files:
        zones = [a for z in ZONES for a in ("--zone", z)]
        stem = out / path.stem
        runs = {
            "map images": ["map", str(path), *zones, *(a for f in IMAGES for a in (f"--{f}", f"{stem}.{f}"))],
            "map embed": ["map", str(path), *zones, "--embed", "-o", f"{stem}.embed.html"],
            "brief html": ["brief", str(path), *zones, "-o", f"{stem}.brief.html"],
            "brief pdf": ["brief", str(path), *zones, "-o", f"{stem}.brief.pdf", "--paper", "letter"],
        }
        for what, args in runs.items():
            error = _run(args)
            if error:
                failures.append(f"{path.name}: {what}: {error}")
        print(f"{path.name}: {'ok' if not any(f.startswith(path.name) for f in failures) else 'FAILED'}", flush=True)
    print(f"\n{len(files)} cables, {len(failures)} failures, {time.perf_counter() - t0:.0f} s; outputs in {out}")
    for f in failures:
        print("  ", f)
    return 1 if failures else 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    cables = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "data" / "cables"
    sys.exit(every(cables) if "--every" in sys.argv else timings(cables) or 0)
