"""Corpus throughput: cables/s, MB/s, peak RSS and worker scaling of ``cablemap corpus``.

Run on demand (never in the test suite)::

    python tests/bench/corpus_throughput.py ../shared/cables/corpus/cables.csv.gz --workers 1 2
    python tests/bench/corpus_throughput.py ../shared/cables/corpus/cables.csv.gz --repeat-to 251287 --workers 2
    python tests/bench/corpus_throughput.py ../shared/cables/corpus/cables.csv.gz --limit 1000 --workers 1 2

``--repeat-to N`` builds a directory of links to the file (the corpus repeated) plus one
shorter copy, so the run reads exactly N cables. ``--limit N`` runs on the first N rows.
Each run is ``cablemap corpus`` in a fresh process; peak RSS is the largest total over the
process tree (driver and workers), sampled every 0.2 s. The per-cable time in workers is
split into ``Gazetteer.find`` and everything else (reading, parsing, building the table);
"workers busy" is that time over workers x wall time (start-up, loading the gazetteer, the
final combine and CPU taken by other processes on the machine make up the rest).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

_ROOT = Path(__file__).parents[2]
_SUMMARY = re.compile(r"find (?P<find>[\d.]+) ms, rest (?P<rest>[\d.]+) ms")


def _rows(path: Path, n: int) -> bytes:
    """The first *n* rows of a cables.csv(.gz), as the bytes of a CSV file in the same dialect."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    starts = [m.start() for m in re.finditer(rb'(?:^|(?<=\n))"\d{1,9}","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","', raw)]
    end = starts[n] if n < len(starts) else len(raw)
    return raw[:end]


def _count(path: Path) -> int:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f, escapechar="\\"))


def _input(src: Path, tmp: Path, repeat_to: int | None, limit: int | None) -> tuple[Path, int, int]:
    """The input to run on, its number of cables and its uncompressed bytes."""
    rows = _count(src)
    size = len(_rows(src, rows)) if src.name.endswith(".gz") else src.stat().st_size
    if limit:
        out = tmp / f"first{limit}.csv"
        out.write_bytes(_rows(src, limit))
        return out, min(limit, rows), out.stat().st_size
    if not repeat_to:
        return src, rows, size
    folder = tmp / f"repeat{repeat_to}"
    folder.mkdir()
    full, rest = divmod(repeat_to, rows)
    for i in range(full):
        (folder / f"part{i:03d}.csv.gz").symlink_to(src.resolve())
    if rest:
        (folder / "rest.csv").write_bytes(_rows(src, rest))
    return folder, repeat_to, full * size + (len(_rows(src, rest)) if rest else 0)


def _run(source: Path, out: Path, workers: int) -> dict[str, float]:
    cmd = [sys.executable, "-c", "from geo.cli import main; main()", "corpus", str(source), "-o", str(out),
           "--workers", str(workers), "--quiet", "--restart"]
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak = peak_one = 0
    while proc.poll() is None:
        try:
            rss = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
        except psutil.Error:
            rss = [0]
        peak, peak_one = max(peak, sum(rss)), max(peak_one, max(rss))
        time.sleep(0.2)
    err = proc.stderr.read()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"run failed:\n{err}")
    m = _SUMMARY.search(err)
    return {"seconds": seconds, "peak_mb": peak / 2**20, "peak_one_mb": peak_one / 2**20,
            "find_ms": float(m["find"]), "rest_ms": float(m["rest"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="cables.csv(.gz) in the Cablegate dialect")
    ap.add_argument("--workers", type=int, nargs="+", default=[2])
    ap.add_argument("--repeat-to", type=int, help="repeat the corpus to this many cables")
    ap.add_argument("--limit", type=int, help="only the first N cables")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source, cables, nbytes = _input(args.corpus, Path(tmp), args.repeat_to, args.limit)
        print(f"input: {source} — {cables:,} cables, {nbytes / 1e6:.1f} MB uncompressed")
        base = None
        for w in args.workers:
            r = _run(source, Path(tmp) / f"out{w}.parquet", w)
            rate = cables / r["seconds"]
            busy = cables * (r["find_ms"] + r["rest_ms"]) / 1000  # seconds workers spent on batches
            base = base or (rate, w)
            scaling = rate / base[0] if w != base[1] else 1.0
            print(
                f"workers={w}: {r['seconds']:.1f} s wall, {rate:,.0f} cables/s, "
                f"{nbytes / 1e6 / r['seconds']:.2f} MB/s, "
                f"peak RSS {r['peak_mb']:,.0f} MB (largest process {r['peak_one_mb']:,.0f} MB), "
                f"per cable in workers: find {r['find_ms']:.2f} ms + rest {r['rest_ms']:.2f} ms, "
                f"scaling x{scaling:.2f} vs {base[1]} worker(s), "
                f"workers busy {100 * busy / (w * r['seconds']):.0f}% of the wall time"
            )


if __name__ == "__main__":
    main()
