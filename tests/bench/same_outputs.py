"""Prove that every ``cablemap`` output is byte-identical between a git ref and the working tree.

Run on demand (never in the test suite), from the project root::

    python tests/bench/same_outputs.py --before <git-ref> [--shared ../shared] [--quick] [--keep DIR]

"Before" is a temporary ``git worktree`` of the ref (removed at the end with ``git worktree
remove --force``); "after" is this checkout, uncommitted changes included. Each invocation runs
as ``python -c "from geo.cli import main; main()" ARGS`` once per side, PYTHONPATH set to that
side's tree, in an empty working folder of its own, two at a time. Both sides get the same
environment but for where they live: a HOME and XDG folders of their own (no user config or
overrides file leaks in), CABLEMAP_OVERRIDES naming a file that does not exist, no other
CABLEMAP_* variable, PYTHONHASHSEED=0; $CABLEMAP_CACHE is passed on when set (the store image
is cached under a hash of the store files, so both sides share it), else each side builds its
own image under its HOME. ``--keep DIR`` leaves every run's folder in DIR.

It takes a while: ``--quick`` (207 invocations per side, 16 minutes of CPU) took 16 minutes on
a 2-core machine shared with other jobs, 44 under a load average of 6.5; the full run (1,467 per
side, 1,260 of them one-cable places/exposure/map runs of 1.5 to 2.5 s CPU each) is about six
times the CPU.

What runs (``--quick``: four cables plus every 16th, and 60 corpus cables instead of 300):

- every cable of SHARED/cables/*.txt: places (table, csv, geojson, kml; gpkg, kmz, parquet to
  a file), exposure to two zones, map (HTML);
- 08BAKU812, 08TBILISI1341, 08MOSCOW2545 and 72TEHRAN1164: exposure in every format, map's
  PNG, PDF and SVG, map --embed, brief to HTML and PDF; 08BAKU812 also with exposure's
  filters and a sized PNG; one brief of all four, one of both rows of the formats CSV;
- zones in every format; places on every file under SHARED/cables/formats (a CSV per row);
- geoparse of the three benchmarks and the gold cables under each --convention;
- corpus on the first cables of SHARED/cables/corpus/cables.csv.gz, then corpus-map (all, and
  --tag PREL) and corpus-exposure (table, gpkg) on its output; gazetteer build from Georgia's
  GeoNames rows (--no-bundled);
- bad input: places on an empty and on a binary file, exposure to an unknown zone.

Compared: the exit status, stdout and stderr of every command and the bytes of every file it
wrote. First a noise check runs the 08BAKU812, zones and corpus invocations twice on each side
and prints which outputs vary between two runs of the same code (they are what the rules below
are for); once normalised none may vary, else the script stops with status 2. Normalised, on
both sides alike, and nothing else:

- HTML: folium/branca element ids (32 random hex digits) become id0, id1... in order of first
  appearance, per file;
- GeoPackage: the write times in gpkg_contents.last_change and layer_styles.update_time (ISO
  timestamps; replaced by one of the same length, so no page moves);
- KMZ: the modification time and date of each zip entry (local and central headers, zeroed);
- PDF: /CreationDate and /ModDate (Chromium's briefings; the static maps' PDFs have none);
- corpus's stderr: the timings of its summary line (s, ms, cables/s);
- stdout and stderr: the side's own source folder, HOME and working folder, as <src>, <home>,
  <cwd> (temporary paths in messages).

A briefing's "Prepared" line is the wall clock to the minute, drawn as glyphs into the PDF where
no byte rule reaches. So the two runs of a brief start together (one brief at a time, after the
rest), and a brief whose outputs differ is run again, up to 3 times: only a difference that
persists is reported (two runs a few seconds apart rarely straddle a minute boundary three times).
PNG and SVG need no rule (the static maps write fixed metadata).

Prints one line per group of invocations, what was normalised, then "SAME: n/n outputs
identical" (exit 0), or each differing output with the first 20 lines of a unified diff and
"DIFFERENT: ..." (exit 1).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import io
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_throughput import _rows
from speed import _CLI, ROOT, _worktree

SAMPLE = "08BAKU812"
DETAIL = (SAMPLE, "08TBILISI1341", "08MOSCOW2545", "72TEHRAN1164")
ZONES = ("--zone", "South Ossetia+20km", "--zone", "Abkhazia+20km")
TEXT_FORMATS = ("csv", "geojson", "kml")  # table is the default
FILE_FORMATS = ("gpkg", "kmz", "parquet")
CONVENTIONS = ("geonames", "wikipedia", "centroid")
WORKERS = 2
STEP_TIMEOUT_S = 1800
BRIEF_ATTEMPTS = 3
DIFF_LINES = 20

Outputs = dict[str, bytes]  # output name -> bytes: "1-places.stdout", "1-places.exit", "places.gpkg"...


# -- what runs ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invocation:
    """Commands run in order in one working folder (a later one may read what an earlier wrote)."""

    group: str
    name: str  # unique: also the working folder's name
    steps: tuple[tuple[str, ...], ...]

    @property
    def clocked(self) -> bool:
        """A briefing prints the minute it was made."""
        return any(step[0] == "brief" for step in self.steps)


def one(group: str, name: str, *args: str) -> Invocation:
    return Invocation(group, name, (args,))


def in_formats(group: str, name: str, *args: str) -> list[Invocation]:
    """*args* as a table, as each text format on stdout and as each binary format to a file."""
    return [
        one(group, name, *args),
        *(one(group, f"{name}-{fmt}", *args, "--format", fmt) for fmt in TEXT_FORMATS),
        *(one(group, f"{name}-{fmt}", *args, "-o", f"{name}.{fmt}") for fmt in FILE_FORMATS),
    ]


def every_cable(cable: Path) -> list[Invocation]:
    refid = cable.stem
    return [
        *in_formats("places", f"{refid}.places", "places", str(cable)),
        one("exposure", f"{refid}.exposure", "exposure", str(cable), *ZONES),
        one("map", f"{refid}.map", "map", str(cable), *ZONES),
    ]


def in_detail(cable: Path) -> list[Invocation]:
    refid, c = cable.stem, str(cable)
    return [
        *in_formats("exposure", f"{refid}.exposure", "exposure", c, *ZONES)[1:],  # the table is in every_cable
        one("map-images", f"{refid}.images", "map", c, *ZONES,
            "--png", "map.png", "--pdf", "map.pdf", "--svg", "map.svg"),
        one("map-images", f"{refid}.embed", "map", c, *ZONES, "--embed"),
        one("brief", f"{refid}.brief-html", "brief", c, *ZONES, "-o", "brief.html"),
        one("brief", f"{refid}.brief-pdf", "brief", c, *ZONES, "-o", "brief.pdf"),
    ]


def options(cables: Path, formats: Path) -> list[Invocation]:
    """The options every-cable runs leave out, and briefs of several cables."""
    sample, csv_file = str(cables / f"{SAMPLE}.txt"), formats / "csv" / "cables_sample.csv"
    return [
        one("exposure", f"{SAMPLE}.exposure-filters", "exposure", sample, *ZONES, "--within", "50",
            "--asset-kind", "base,pipeline", "--status", "operating"),
        one("map-images", f"{SAMPLE}.sized-png", "map", sample, "--png", "map.png", "--width", "800",
            "--height", "600", "--dpi", "2"),
        one("brief", "detail.brief-pdf", "brief", *(str(cables / f"{r}.txt") for r in DETAIL), *ZONES,
            "-o", "brief.pdf", "--paper", "letter"),
        one("brief", "csv.brief-html", "brief", str(csv_file),
            *(a for r in csv_refids(csv_file) for a in ("--refid", r)), "-o", "brief.html"),
    ]


def carriers(formats: Path) -> list[Invocation]:
    """places on every carrier file; a CSV once as it is (it holds several cables) and once per row."""
    out = []
    for path in sorted(p for p in formats.rglob("*") if p.is_file()):
        name = f"{path.parent.name}.{path.name}"
        out.append(one("formats", name, "places", str(path)))
        if path.suffix == ".csv":
            out += [one("formats", f"{name}.{r}", "places", str(path), "--refid", r) for r in csv_refids(path)]
    return out


def csv_refids(path: Path) -> list[str]:
    """The refids of a Cablegate ``cables.csv`` file (third column)."""
    with open(path, encoding="utf-8", newline="") as f:
        return [row[2] for row in csv.reader(f, escapechar="\\")]


def geoparse_runs(shared: Path) -> list[Invocation]:
    bench = shared / "bench" / "geoparse"
    docs = [*(bench / f"{b}.jsonl" for b in ("gwn", "trnews", "geovirus")), shared / "cables" / "gold" / "dev.jsonl"]
    return [one("geoparse", f"{d.stem}.{c}", "geoparse", str(d), "-o", "out.jsonl", "--convention", c)
            for d in docs for c in CONVENTIONS]


def corpus_runs(inputs: Path) -> Invocation:
    return Invocation("corpus", "corpus", (
        ("corpus", str(inputs / "corpus.csv.gz"), "-o", "mentions.parquet", "--workers", "1", "--quiet"),
        ("corpus-map", "mentions.parquet", "-o", "map.html"),
        ("corpus-map", "mentions.parquet", "-o", "map-prel.html", "--tag", "PREL"),
        ("corpus-exposure", "mentions.parquet", *ZONES),
        ("corpus-exposure", "mentions.parquet", *ZONES, "-o", "exposure.gpkg"),
    ))


def invocations(shared: Path, inputs: Path, quick: bool) -> list[Invocation]:
    """Everything to compare, the slow single runs first."""
    cables = shared / "cables"
    files = sorted(cables.glob("*.txt"))
    if quick:
        files = [f for i, f in enumerate(files) if f.stem in DETAIL or i % 16 == 0]
    sample = str(cables / f"{SAMPLE}.txt")
    found = [
        corpus_runs(inputs),
        one("gazetteer", "gazetteer-build", "gazetteer", "build", "--geonames", str(inputs / "GE.txt"),
            "--no-bundled", "--quiet", "-o", "store"),
        *geoparse_runs(shared),
        *(inv for f in files if f.stem in DETAIL for inv in in_detail(f)),
        *options(cables, cables / "formats"),
        *in_formats("zones", "zones", "zones", *ZONES[1::2]),
        *carriers(cables / "formats"),
        *(inv for f in files for inv in every_cable(f)),
        one("errors", "empty-file", "places", str(inputs / "empty.txt")),
        one("errors", "binary-file", "places", str(inputs / "binary.dat")),
        one("errors", "unknown-zone", "exposure", sample, "--zone", "Atlantis+20km"),
    ]
    names = Counter(inv.name for inv in found)
    assert max(names.values()) == 1, [n for n, k in names.items() if k > 1]
    return found


def write_inputs(shared: Path, inputs: Path, quick: bool) -> None:
    """The files the invocations read besides SHARED: one folder, the same path for both sides."""
    inputs.mkdir(parents=True)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.dat").write_bytes(bytes(range(256)) * 4)
    rows = _rows(shared / "cables" / "corpus" / "cables.csv.gz", 60 if quick else 300)
    (inputs / "corpus.csv.gz").write_bytes(gzip.compress(rows, mtime=0))
    with gzip.open(shared / "data" / "geonames" / "cities500.txt.gz", "rt", encoding="utf-8") as f:
        (inputs / "GE.txt").write_text("".join(line for line in f if line.split("\t")[8] == "GE"), encoding="utf-8")


# -- running ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One tree of code, its environment, and the folder its runs write in."""

    label: str
    src: Path
    env: dict[str, str]
    runs: Path

    def again(self) -> Side:
        """The same code and environment, writing elsewhere (the noise check's second run)."""
        return Side(f"{self.label} again", self.src, self.env, self.runs.with_name(self.runs.name + "-again"))

    def run(self, inv: Invocation) -> Outputs:
        """Run *inv*'s steps in a fresh working folder; their exit codes, stdout, stderr and files."""
        cwd = self.runs / inv.name
        shutil.rmtree(cwd, ignore_errors=True)
        cwd.mkdir(parents=True)
        out: Outputs = {}
        for i, args in enumerate(inv.steps, 1):
            key = f"{i}-{args[0]}"
            try:
                done = subprocess.run([sys.executable, "-c", _CLI, *args], check=False, cwd=cwd, env=self.env,
                                      capture_output=True, timeout=STEP_TIMEOUT_S)
            except subprocess.TimeoutExpired as e:
                done = subprocess.CompletedProcess(args, f"timeout after {STEP_TIMEOUT_S} s", e.stdout or b"",
                                                   e.stderr or b"")
            out |= {f"{key}.exit": str(done.returncode).encode(), f"{key}.stdout": done.stdout,
                    f"{key}.stderr": done.stderr}
        return out | {str(p.relative_to(cwd)): p.read_bytes() for p in sorted(cwd.rglob("*")) if p.is_file()}

    def paths(self, inv: Invocation) -> dict[bytes, bytes]:
        """Where this side lives, as messages may print it, and what stands for it."""
        return {str(self.runs / inv.name).encode(): b"<cwd>", str(self.src).encode(): b"<src>",
                self.env["HOME"].encode(): b"<home>"}


def make_side(label: str, src: Path, root: Path) -> Side:
    home = root / "home" / label
    for sub in (".config", ".cache", ".local/share"):
        (home / sub).mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CABLEMAP_", "XDG_")) and k != "PYTHONPATH"}
    env |= {"PYTHONPATH": str(src), "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local/share"),
            "CABLEMAP_OVERRIDES": str(root / "no-overrides.jsonl"), "PYTHONHASHSEED": "0"}
    if os.environ.get("CABLEMAP_CACHE"):
        env["CABLEMAP_CACHE"] = os.environ["CABLEMAP_CACHE"]
    return Side(label, src, env, root / "runs" / label)


def warm_up(side: Side, sample: Path) -> None:
    """Check that *side* imports its own code; build its store image and font cache before any compared run."""
    where = subprocess.run([sys.executable, "-c", "import geo; print(geo.__file__)"], cwd=side.env["HOME"],
                           env=side.env, capture_output=True, text=True, check=True).stdout.strip()
    if not Path(where).is_relative_to(side.src):
        sys.exit(f"{side.label}: python imports geo from {where}, not from {side.src}")
    side.run(one("warm-up", "warm-up", "map", str(sample), "--png", "map.png"))


def run_pair(inv: Invocation, left: Side, right: Side) -> tuple[Outputs, Outputs]:
    """Both sides' outputs: one after the other, a briefing's both at once (its clock minute)."""
    if not inv.clocked:
        return left.run(inv), right.run(inv)
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.submit(left.run, inv), pool.submit(right.run, inv)
        return a.result(), b.result()


# -- normalising --------------------------------------------------------------------------------------------


def _hex_ids(data: bytes, _: Mapping[bytes, bytes]) -> tuple[bytes, int]:
    ids: dict[bytes, bytes] = {}
    return re.subn(rb"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])",
                   lambda m: ids.setdefault(m.group(), b"id%d" % len(ids)), data)


def _gpkg_times(data: bytes, _: Mapping[bytes, bytes]) -> tuple[bytes, int]:
    return re.subn(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", b"0000-00-00T00:00:00.000Z", data)


def _zip_times(data: bytes, _: Mapping[bytes, bytes]) -> tuple[bytes, int]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            entries, central = z.infolist(), z.start_dir
    except zipfile.BadZipFile:
        return data, 0
    out = bytearray(data)
    for info in entries:
        out[info.header_offset + 10 : info.header_offset + 14] = bytes(4)  # local header: time, date
        out[central + 12 : central + 16] = bytes(4)  # central directory header: time, date
        central += 46 + sum(struct.unpack_from("<3H", data, central + 28))  # + name, extra, comment
    return bytes(out), len(entries)


def _pdf_dates(data: bytes, _: Mapping[bytes, bytes]) -> tuple[bytes, int]:
    return re.subn(rb"/(CreationDate|ModDate) \(D:[^)]*\)", rb"/\1 (D:0)", data)


def _timings(data: bytes, _: Mapping[bytes, bytes]) -> tuple[bytes, int]:
    return re.subn(rb"\d[\d,]*(?:\.\d+)? (s|ms|cables/s)\b", rb"N \1", data)


def _paths(data: bytes, where: Mapping[bytes, bytes]) -> tuple[bytes, int]:
    total = 0
    for path in sorted(where, key=len, reverse=True):
        total += data.count(path)
        data = data.replace(path, where[path])
    return data, total


@dataclass(frozen=True)
class Rule:
    what: str
    suffixes: tuple[str, ...]  # of the output's name
    apply: Callable[[bytes, Mapping[bytes, bytes]], tuple[bytes, int]]


RULES = (
    Rule("folium/branca ids in HTML", (".html",), _hex_ids),
    Rule("GeoPackage write times", (".gpkg",), _gpkg_times),
    Rule("KMZ entry times", (".kmz",), _zip_times),
    Rule("PDF creation dates", (".pdf",), _pdf_dates),
    Rule("corpus timings", ("-corpus.stderr",), _timings),
    Rule("temporary paths in messages", (".stdout", ".stderr"), _paths),
)


class Normaliser:
    """Applies :data:`RULES` and counts, per rule, the outputs it changed and the replacements."""

    def __init__(self) -> None:
        self.outputs: Counter[str] = Counter()
        self.replaced: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, other: Normaliser) -> None:
        with self._lock:
            self.outputs += other.outputs
            self.replaced += other.replaced

    def __call__(self, name: str, data: bytes, where: Mapping[bytes, bytes]) -> bytes:
        for rule in RULES:
            if name.endswith(rule.suffixes):
                new, n = rule.apply(data, where)
                if new != data:
                    with self._lock:
                        self.outputs[rule.what] += 1
                        self.replaced[rule.what] += n
                data = new
        return data

    def summary(self) -> str:
        return "; ".join(f"{what}: {self.replaced[what]:,} in {n:,} outputs" for what, n in self.outputs.items()) \
            or "nothing"


# -- comparing ----------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One invocation compared: how many outputs, which varied raw, which differ once normalised."""

    inv: Invocation
    left: str  # the side run first
    compared: int
    raw: list[str]
    differ: list[tuple[str, bytes, bytes]]


def compare(inv: Invocation, left: Side, right: Side, normalise: Normaliser, keep: bool) -> Outcome:
    """Run *inv* on both sides and compare; a briefing again while its outputs differ."""
    for _ in range(BRIEF_ATTEMPTS if inv.clocked else 1):
        counted = Normaliser()
        outcome = compare_outputs(inv, left, right, counted)
        if not outcome.differ:
            break
    normalise.add(counted)
    if not keep:
        shutil.rmtree(left.runs / inv.name)
        shutil.rmtree(right.runs / inv.name)
    return outcome


def compare_outputs(inv: Invocation, left: Side, right: Side, normalise: Normaliser) -> Outcome:
    a, b = run_pair(inv, left, right)
    names = sorted(a.keys() | b.keys())
    raw, differ = [], []
    for name in names:
        x, y = a.get(name), b.get(name)
        if x == y:
            continue
        raw.append(name)
        if x is None or y is None:
            differ.append((name, b"(missing)" if x is None else x, b"(missing)" if y is None else y))
            continue
        x, y = normalise(name, x, left.paths(inv)), normalise(name, y, right.paths(inv))
        if x != y:
            differ.append((name, x, y))
    return Outcome(inv, left.label, len(names), raw, differ)


def compare_all(
    jobs: list[tuple[Invocation, Side, Side]], normalise: Normaliser, keep: bool, title: str
) -> list[Outcome]:
    """Compare every (invocation, left, right) with a progress bar, :data:`WORKERS` processes at a time.

    Jobs run :data:`WORKERS` at a time, then briefings one at a time (each runs its two sides at once).
    """
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    outcomes = []
    with Progress(*columns) as progress:
        task = progress.add_task(title, total=len(jobs))
        for clocked, workers in ((False, WORKERS), (True, 1)):
            with ThreadPoolExecutor(workers) as pool:
                futures = [pool.submit(compare, *job, normalise, keep) for job in jobs if job[0].clocked == clocked]
                try:
                    for future in as_completed(futures):
                        outcomes.append(future.result())
                        progress.advance(task)
                except BaseException:  # Ctrl-C or a failure: start no more
                    pool.shutdown(cancel_futures=True)
                    raise
    order = {(inv.name, left.label): i for i, (inv, left, _) in enumerate(jobs)}
    return sorted(outcomes, key=lambda o: order[o.inv.name, o.left])


def excerpt(name: str, before: bytes, after: bytes) -> str:
    """The first :data:`DIFF_LINES` lines of a unified diff (long lines cut around the change)."""
    try:
        old, new = before.decode(), after.decode()
    except UnicodeDecodeError:
        at = next((i for i, (x, y) in enumerate(zip(before, after)) if x != y), min(len(before), len(after)))
        return (f"binary, {len(before):,} vs {len(after):,} bytes, first difference at byte {at:,}\n"
                f"before: {before[max(0, at - 24) : at + 24]!r}\nafter:  {after[max(0, at - 24) : at + 24]!r}")
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"before/{name}", f"after/{name}",
                                      lineterm="", n=1))[:DIFF_LINES]
    minus, plus = (next((line[1:] for line in lines[2:] if line[:1] == mark), "") for mark in "-+")
    at = next((i for i, (x, y) in enumerate(zip(minus, plus)) if x != y), min(len(minus), len(plus)))
    clip = slice(1 + max(0, at - 80), at + 81)  # 160 characters around the first change
    return "\n".join(line if len(line) <= 200 else f"{line[0]}…{line[clip]}…" for line in lines)


def noise_check(probes: list[Invocation], sides: list[Side], keep: bool) -> bool:
    """Run *probes* twice per side: print what varies raw; True when nothing varies once normalised."""
    outcomes = compare_all([(inv, s, s.again()) for s in sides for inv in probes], Normaliser(), keep,
                           "noise check")
    for side in sides:
        mine = [o for o in outcomes if o.left == side.label]
        varying = [f"{o.inv.name}/{n}" for o in mine for n in o.raw]
        print(f"noise check, {side.label}: {len(varying)} of {sum(o.compared for o in mine)} outputs vary "
              f"between two runs: {', '.join(varying) or '-'}")
    left = [(o.inv.name, *d) for o in outcomes for d in o.differ]
    for inv_name, name, x, y in left:
        print(f"\nstill varies once normalised: {inv_name}/{name}\n{excerpt(name, x, y)}")
    return not left


def report(outcomes: list[Outcome], normalise: Normaliser) -> int:
    """Per group counts, what was normalised, the verdict; the exit status."""
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(o.inv.group, []).append(o)
    for group, mine in groups.items():
        differ = sum(len(o.differ) for o in mine)
        print(f"{group:<11} {len(mine):>5} invocations {sum(o.compared for o in mine):>6} outputs   "
              + (f"{differ} DIFFER" if differ else "identical"))
    print(f"normalised: {normalise.summary()}")
    total = sum(o.compared for o in outcomes)
    differ = [(o.inv, *d) for o in outcomes for d in o.differ]
    if not differ:
        print(f"SAME: {total}/{total} outputs identical")
        return 0
    for inv, name, x, y in differ:
        print(f"\n{inv.name}/{name}   ({'; '.join(shlex.join(step) for step in inv.steps)})")
        print(excerpt(name, x, y))
    print(f"\nDIFFERENT: {len(differ)} of {total} outputs differ")
    return 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="git ref to compare the working tree with")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder")
    ap.add_argument("--quick", action="store_true", help="fewer cables and a smaller corpus sample")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="run in DIR (new or empty) and leave the outputs there")
    args = ap.parse_args()
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        ap.error(f"--keep {args.keep}: not empty")
    shared = args.shared.resolve()
    if not (shared / "cables" / f"{SAMPLE}.txt").is_file():
        ap.error(f"--shared {args.shared}: no cables/{SAMPLE}.txt there")
    root = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="same-outputs-"))
    root.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    worktree = None
    try:
        worktree = _worktree(args.before, root)
        sides = [make_side("before", worktree, root), make_side("after", ROOT, root)]
        write_inputs(shared, root / "inputs", args.quick)
        found = invocations(shared, root / "inputs", args.quick)
        print(f"before: {args.before} (worktree {worktree}); after: {ROOT} (working tree); "
              f"{len(found)} invocations per side; cache: {os.environ.get('CABLEMAP_CACHE') or 'per side'}", flush=True)
        for side in sides:
            warm_up(side, shared / "cables" / f"{SAMPLE}.txt")
        probes = [inv for inv in found if inv.name.startswith(SAMPLE) or inv.group in ("zones", "corpus")]
        if not noise_check(probes, sides, args.keep is not None):
            return 2
        normalise = Normaliser()
        outcomes = compare_all([(inv, *sides) for inv in found], normalise, args.keep is not None, "compare")
        status = report(outcomes, normalise)
        print(f"took {time.monotonic() - t0:.0f} s")
        return status
    finally:
        if worktree is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

if __name__ == "__main__":
    sys.exit(main())
