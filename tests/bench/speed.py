"""Speed of issue 16, before and after: every target as a ratio measured in one invocation.

Run on demand (never in the test suite), from the project root::

    python tests/bench/speed.py                      # before = HEAD~1, after = this checkout
    python tests/bench/speed.py --before main --quick
    python tests/bench/speed.py --cablegate          # adds the 251,287-cable run (minutes)

"Before" is a temporary ``git worktree`` of ``--before`` (removed at the end); "after" is
this checkout, uncommitted changes included. Each command runs in a fresh process with the
tree as working directory and ``PYTHONPATH``, and a cache directory of its own per tree
(warmed by one untimed run of each command first). Runs are interleaved (reference,
before, after, round after round); a wall time is the best of ``--rounds``, a peak RSS the
largest over the rounds, summed over the process tree (sampled) and never below the
``wait4`` maximum of the process itself.

Rows (targets from the issue):

* ``places`` / ``map`` / ``exposure`` of one cable: wall time over ``python -c "import
  geopandas"`` (the reference, same rounds); ``places`` peak RSS.
* ``corpus`` on the shared ``cables.csv.gz`` with 2 and 1 workers, whole command with
  start-up: cables/s over geotext's cables/s (``GeoText(header + body)`` per cable, one
  process, reading included, start-up not); peak RSS with 2 workers; scaling 2 over 1
  worker; whether after's output equals before's (same rows, same values).
* ``geoparse`` of GeoWebNews texts in process (``geo.geoparse.geoparse_text`` after one
  warm-up, gazetteer loaded and, where the tree has the step, prepared for many texts as
  ``cablemap geoparse`` and corpus workers prepare it): docs/s.
* ``--cablegate``: ``corpus`` with 2 workers on the corpus repeated to 251,287 cables
  (``corpus_throughput.py --repeat-to``), wall time; a tree over ``--cablegate-timeout``
  is stopped and reported as over it.

``--quick`` skips the corpus rows (the slow part: minutes per tree).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_throughput import _count, _input  # noqa: E402

CABLE = "tests/data/cables/08BAKU812.txt"
ZONES = ("South Ossetia+20km", "Abkhazia+20km")
CABLEGATE = 251_287
_CLI = "from geo.cli import main; main()"

_GEOTEXT = r"""
import csv, gzip, sys, time
from geotext import GeoText
csv.field_size_limit(1 << 28)
t0 = time.perf_counter()
n = 0
opener = gzip.open if sys.argv[1].endswith(".gz") else open
with opener(sys.argv[1], "rt", encoding="utf-8", errors="replace", newline="") as f:
    for row in csv.reader(f, escapechar="\\"):
        if len(row) == 8:
            GeoText(row[6] + "\n" + row[7])
            n += 1
print(n / (time.perf_counter() - t0))
"""

_GEOPARSE = r"""
import json, sys, time
from gazetteer import Gazetteer
from geo.geoparse import geoparse_text
docs = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
gaz = Gazetteer.bundled()
getattr(gaz, "prepare_for_many_texts", lambda: None)()  # as a long run does (a tree from before has no such step)
geoparse_text("Warm up in Tbilisi and Baku.", gaz)
best = 0.0
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    for i, text in enumerate(docs):
        geoparse_text(text, gaz, str(i))
    best = max(best, len(docs) / (time.perf_counter() - t0))
print(best)
"""


@dataclass
class Tree:
    """One code tree to measure: where it is and its own cache."""

    name: str
    path: Path
    cache: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.path), "CABLEMAP_CACHE": str(self.cache)}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str = ""


@dataclass
class Stat:
    """Best wall time and largest peak RSS over rounds."""

    seconds: float = float("inf")
    peak_mb: float = 0.0
    outputs: list[str] = field(default_factory=list)

    def add(self, r: Run) -> None:
        self.seconds = min(self.seconds, r.seconds)
        self.peak_mb = max(self.peak_mb, r.peak_mb)
        self.outputs.append(r.stdout)


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float | None = None) -> Run:
    """Run *cmd*; wall seconds and peak RSS (MB) of its process tree. Exits on failure."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak = 0
    status = rusage = None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        with contextlib.suppress(psutil.Error):
            peak = max(peak, sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]))
        if timeout is not None and time.perf_counter() - t0 > timeout:
            for p in root.children(recursive=True):
                p.kill()
            proc.kill()
            os.waitpid(proc.pid, 0)
            proc.returncode = -9
            proc.communicate()
            return Run(float("inf"), peak / 2**20)
        time.sleep(0.02)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}) in {cwd}: {' '.join(cmd)}\n{err[-3000:]}")
    peak = max(peak, rusage.ru_maxrss * 1024)  # ru_maxrss is in KiB on Linux
    return Run(seconds, peak / 2**20, out)


def cli(tree: Tree, *args: str, timeout: float | None = None) -> Run:
    return measure([sys.executable, "-c", _CLI, *args], tree.path, tree.env(), timeout)


def _worktree(ref: str, where: Path) -> Path:
    path = where / "before"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(path), ref], check=True)
    return path


# -- the table ----------------------------------------------------------------------------------------------


@dataclass
class Row:
    what: str
    before: str
    after: str
    reference: str
    ratio: str
    target: str
    ok: str


def _ok(value: float, limit: float, at_most: bool) -> str:
    if value != value or value in (float("inf"), -float("inf")):
        return "NO"
    return "yes" if (value <= limit if at_most else value >= limit) else "NO"


def time_row(what: str, b: float, a: float, ref: float, limit: float) -> Row:
    """A wall time as a multiple of the reference: at most *limit* times."""
    return Row(what, f"{b:.2f} s (x{b / ref:.2f})", f"{a:.2f} s (x{a / ref:.2f})", f"{ref:.2f} s",
               f"{a / ref:.2f}", f"<= {limit:g}x", _ok(a / ref, limit, True))


def mb_row(what: str, b: float, a: float, limit: float) -> Row:
    return Row(what, f"{b:,.0f} MB", f"{a:,.0f} MB", "-", "-", f"<= {limit:,g} MB", _ok(a, limit, True))


def rate_row(what: str, b: float, a: float, ref: float | None, limit: float, unit: str) -> Row:
    """A rate: over the reference when there is one (at least *limit* times), else at least *limit*."""
    if ref is None:
        return Row(what, f"{b:,.0f} {unit}", f"{a:,.0f} {unit}", "-", "-", f">= {limit:,g} {unit}",
                   _ok(a, limit, False))
    return Row(what, f"{b:,.0f} {unit} (x{b / ref:.2f})", f"{a:,.0f} {unit} (x{a / ref:.2f})", f"{ref:,.0f} {unit}",
               f"{a / ref:.2f}", f">= {limit:g}x" if limit else "-", _ok(a / ref, limit, False) if limit else "-")


def print_table(rows: list[Row], before: str) -> None:
    head = Row("what", f"before ({before})", "after", "reference", "ratio(after)", "target", "ok?")
    cols = list(vars(head))
    width = {c: max(len(getattr(r, c)) for r in [head, *rows]) for c in cols}
    for i, r in enumerate([head, *rows]):
        print("  ".join(getattr(r, c).ljust(width[c]) for c in cols).rstrip())
        if i == 0:
            print("  ".join("-" * width[c] for c in cols))


# -- the measurements ---------------------------------------------------------------------------------------


def one_cable(trees: list[Tree], tmp: Path, rounds: int) -> list[Row]:
    """places, map, exposure of one cable, and the geopandas import, interleaved."""
    zone_args = [a for z in ZONES for a in ("--zone", z)]
    commands: dict[str, Callable[[Tree], list[str]]] = {
        "places": lambda t: ["places", CABLE],
        "map": lambda t: ["map", CABLE, "-o", str(tmp / f"map-{t.name}.html")],
        "exposure": lambda t: ["exposure", CABLE, *zone_args],
    }
    for t in trees:  # warm caches, untimed
        for args in commands.values():
            cli(t, *args(t))
    ref = Stat()
    stats = {(c, t.name): Stat() for c in commands for t in trees}
    for _ in range(rounds):
        ref.add(measure([sys.executable, "-c", "import geopandas"], ROOT))
        for c, args in commands.items():
            for t in trees:
                stats[c, t.name].add(cli(t, *args(t)))
    b, a = (t.name for t in trees)
    same = stats["places", b].outputs[-1] == stats["places", a].outputs[-1]
    rows = [
        time_row("places: wall / import geopandas", stats["places", b].seconds, stats["places", a].seconds,
                 ref.seconds, 2.0),
        mb_row("places: peak RSS", stats["places", b].peak_mb, stats["places", a].peak_mb, 350),
        time_row("map: wall / import geopandas", stats["map", b].seconds, stats["map", a].seconds, ref.seconds, 3.0),
        time_row("exposure, 2 zones: wall / import geopandas", stats["exposure", b].seconds,
                 stats["exposure", a].seconds, ref.seconds, 3.0),
    ]
    rows.append(Row("places: same output as before", "-", "yes" if same else "NO", "-", "-", "same", "yes" if same
                    else "NO"))
    return rows


def geotext_rate(corpus: Path) -> float:
    return float(measure([sys.executable, "-c", _GEOTEXT, str(corpus)], ROOT).stdout)


def corpus_rows(trees: list[Tree], corpus: Path, tmp: Path) -> list[Row]:
    """The corpus command with 2 and 1 workers per tree, and geotext on the same file."""
    cables = _count(corpus)
    geotext = geotext_rate(corpus)
    runs: dict[tuple[str, int], Run] = {}
    for workers in (2, 1):
        for t in trees:
            out = tmp / f"corpus-{t.name}-{workers}.parquet"
            runs[t.name, workers] = cli(t, "corpus", str(corpus), "-o", str(out), "--workers", str(workers),
                                        "--quiet", "--restart")
    b, a = (t.name for t in trees)

    def rate(name: str, w: int) -> float:
        return cables / runs[name, w].seconds

    rows = [
        rate_row(f"corpus, 2 workers: cables/s / geotext ({cables:,} cables)", rate(b, 2), rate(a, 2), geotext,
                 0.23, "cables/s"),
        rate_row("corpus, 1 worker: cables/s / geotext", rate(b, 1), rate(a, 1), geotext, 0, "cables/s"),
        mb_row("corpus, 2 workers: peak RSS", runs[b, 2].peak_mb, runs[a, 2].peak_mb, 1536),
    ]
    sb, sa = rate(b, 2) / rate(b, 1), rate(a, 2) / rate(a, 1)
    rows.append(Row("corpus: 2 workers / 1 worker", f"x{sb:.2f}", f"x{sa:.2f}", "-", f"{sa:.2f}", ">= 1.8x",
                    _ok(sa, 1.8, False)))
    same = _same_parquet(tmp / f"corpus-{b}-2.parquet", tmp / f"corpus-{a}-2.parquet")
    rows.append(Row("corpus: output same as before", "-", "yes" if same else "NO", "-", "-", "same",
                    "yes" if same else "NO"))
    return rows


def _same_parquet(p: Path, q: Path) -> bool:
    import pyarrow.parquet as pq

    x, y = pq.read_table(p), pq.read_table(q)
    return x.schema.remove_metadata().equals(y.schema.remove_metadata()) and x.equals(y)


def geoparse_row(trees: list[Tree], shared: Path, rounds: int) -> Row:
    news = shared / "bench" / "geoparse" / "gwn.jsonl"
    rates = {t.name: float(measure([sys.executable, "-c", _GEOPARSE, str(news), str(rounds)], t.path,
                                   t.env()).stdout) for t in trees}
    b, a = (t.name for t in trees)
    return rate_row("geoparse, GeoWebNews texts: docs/s in process", rates[b], rates[a], None, 1000, "docs/s")


def cablegate_row(trees: list[Tree], corpus: Path, tmp: Path, timeout: float) -> Row:
    source, cables, _ = _input(corpus, tmp, CABLEGATE, None)
    secs = {}
    for t in trees:
        r = cli(t, "corpus", str(source), "-o", str(tmp / f"cablegate-{t.name}.parquet"), "--workers", "2",
                "--quiet", "--restart", timeout=timeout)
        secs[t.name] = r.seconds
    b, a = (t.name for t in trees)

    def fmt(s: float) -> str:
        return f"> {timeout:.0f} s (stopped)" if s == float("inf") else f"{s:,.0f} s ({cables / s:,.0f} cables/s)"

    return Row(f"corpus x{cables:,} cables, 2 workers: wall", fmt(secs[b]), fmt(secs[a]), "-", "-", "<= 300 s",
               _ok(secs[a], 300, True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default="HEAD~1", help="git ref of the 'before' tree (default: HEAD~1)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data directory")
    ap.add_argument("--corpus", type=Path, help="corpus input (default: SHARED/cables/corpus/cables.csv.gz)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the one-cable commands (best wall time)")
    ap.add_argument("--quick", action="store_true", help="skip the corpus rows")
    ap.add_argument("--cablegate", action="store_true", help=f"add the {CABLEGATE:,}-cable corpus run")
    ap.add_argument("--cablegate-timeout", type=float, default=900, help="stop a Cablegate-size run after this (s)")
    args = ap.parse_args()
    corpus = args.corpus or args.shared / "cables" / "corpus" / "cables.csv.gz"
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.before], check=True,
                         capture_output=True, text=True).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="speed-"))
    before_path = None
    try:
        before_path = _worktree(rev, tmp)
        trees = [Tree("before", before_path, tmp / "cache-before"), Tree("after", ROOT, tmp / "cache-after")]
        print(f"before: {args.before} = {rev} (worktree {before_path}); after: {ROOT} (working tree); "
              f"{os.cpu_count()} cores; python {sys.version.split()[0]}", flush=True)
        rows = one_cable(trees, tmp, args.rounds)
        rows.append(geoparse_row(trees, args.shared, args.rounds))
        if not args.quick:
            rows += corpus_rows(trees, corpus, tmp)
        if args.cablegate:
            rows.append(cablegate_row(trees, corpus, tmp, args.cablegate_timeout))
        print_table(rows, rev)
    finally:
        if before_path is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before_path)], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
