"""Geoparse a whole corpus into one GeoParquet file of mentions, resumably, on Dask.

>>> report = run_corpus("cables.csv.gz", "mentions.parquet")  # doctest: +SKIP
>>> geopandas.read_parquet("mentions.parquet")                # doctest: +SKIP

The input is streamed (:mod:`geo.corpus.reader`) in batches; workers geoparse them
(:mod:`geo.corpus.batch`) on the chosen Dask scheduler (:mod:`geo.corpus.engine`); each
finished batch is stored at once (:mod:`geo.corpus.store`), so a run killed at any moment and
started again with the same arguments only does the batches that are missing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from ..settings import Settings
from .batch import process_batch
from .engine import Engine
from .reader import Batch, Corpus, open_corpus
from .store import PartStore, errors_path

#: Cables per batch (and per part file) unless told otherwise.
DEFAULT_BATCH = 128


@dataclass
class CorpusReport:
    """What a corpus run did."""

    output: Path
    errors_file: Path
    cables: int  #: cables read and geoparsed
    mentions: int
    errors: int  #: input positions that could not be read
    batches: int
    resumed: int  #: batches already done by an earlier run
    seconds: float  #: wall time of this run
    worker_seconds: float  #: time in workers over all batches (both runs when resumed)
    find_seconds: float  #: of which in ``Gazetteer.find``
    input_bytes: int
    unmatched: list[str] = field(default_factory=list)

    @property
    def per_cable_ms(self) -> tuple[float, float]:
        """Worker milliseconds per cable: in ``find()``, and everything else."""
        n = max(1, self.cables + self.errors)
        return 1000 * self.find_seconds / n, 1000 * (self.worker_seconds - self.find_seconds) / n


def run_corpus(
    source: str | os.PathLike,
    output: str | os.PathLike,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    overrides: str | os.PathLike | None = None,
    restart: bool = False,
    progress: bool = True,
    settings: Settings | None = None,
) -> CorpusReport:
    """Geoparse every cable of *source* into the GeoParquet file *output*.

    Parameters
    ----------
    source
        A directory of cable files (any depth), a ``cables.csv`` dump, or JSON Lines
        (gzip accepted); see :mod:`geo.corpus.reader`.
    output
        The ``.parquet`` file; unreadable cables go to ``<output>.errors.tsv`` beside it.
    scheduler
        ``processes`` (default: a local pool of *workers* processes), ``synchronous``
        (in this process) or the address of a dask.distributed scheduler ``tcp://HOST:8786``.
    batch_size
        Cables per batch; a rerun must use the same value to resume.
    overrides
        An overrides file (:mod:`geo.overrides`) applied to every cable.
    restart
        Discard the parts of an unfinished earlier run instead of resuming it. Without it,
        the earlier run is resumed when its input, batch size, overrides file and gazetteer
        data are unchanged, and refused (:class:`~geo.corpus.store.CorpusStoreError`) otherwise.
    """
    t0 = time.perf_counter()
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, not {batch_size}")
    corpus = open_corpus(source)
    ov_path = str(Path(overrides).resolve()) if overrides else None
    if ov_path:
        from ..overrides import load_overrides

        load_overrides(ov_path, missing_ok=False)  # a bad file fails here, not in every worker
    settings = settings or Settings.from_env()
    records = settings.store / "records.parquet" if settings.store else resources.files("gazetteer") / "data" / "records.parquet"
    manifest = {
        "version": 1, "input": corpus.fingerprint, "batch_size": batch_size,
        "overrides": _stamp(ov_path) if ov_path else None,
        "gazetteer": _stamp(str(records)),
    }
    with Engine(scheduler, workers, settings) as engine:  # a cluster that cannot be reached fails before any output
        store = PartStore(output, manifest, restart=restart)
        with _progress(Console(stderr=True), progress) as bar:
            batches, resumed = _run(engine, store, corpus, batch_size, (ov_path, settings), bar)
    totals = store.combine(batches)
    return CorpusReport(
        output=Path(output), errors_file=errors_path(Path(output)), cables=totals["cables"],
        mentions=totals["mentions"], errors=totals["errors"], batches=batches,
        resumed=resumed, seconds=time.perf_counter() - t0, worker_seconds=totals["seconds"],
        find_seconds=totals["find_seconds"], input_bytes=corpus.total_bytes, unmatched=totals["unmatched"],
    )


def _run(
    engine: Engine, store: PartStore, corpus: Corpus, batch_size: int, batch_args: tuple, bar: Progress
) -> tuple[int, int]:
    """Process every batch without a part, storing each as it finishes; (batches, batches done before).

    *batch_args* follow the batch in each call of :func:`~geo.corpus.batch.process_batch`.
    """
    done = store.done()
    seen = {"batches": 0, "resumed": 0, "skipped_bytes": 0}
    task = bar.add_task("geoparsing", total=corpus.total_bytes, cables=0, rate=0.0, eta="-")
    started = time.perf_counter()
    cables = done_bytes = 0
    sizes: dict[int, int] = {}  # input bytes of the batches in flight

    def todo() -> Iterator[Batch]:
        for batch in corpus.batches(batch_size):
            seen["batches"] += 1
            if batch.index in done:
                seen["resumed"] += 1
                seen["skipped_bytes"] += batch.nbytes
                bar.update(task, advance=batch.nbytes)
                continue
            sizes[batch.index] = batch.nbytes
            yield batch

    for result in engine.map(process_batch, todo(), *batch_args):
        store.write(result)
        cables += result.cables + len(result.errors)
        nbytes = sizes.pop(result.index)
        done_bytes += nbytes
        elapsed = max(1e-9, time.perf_counter() - started)
        left = corpus.total_bytes - seen["skipped_bytes"] - done_bytes
        eta = _eta(left * elapsed / max(1, done_bytes))
        bar.update(task, advance=nbytes, cables=cables, rate=cables / elapsed, eta=eta)
    return seen["batches"], seen["resumed"]


def _eta(seconds: float) -> str:
    """``1:02:03`` (whole seconds)."""
    s = max(0, round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def _stamp(path: str) -> dict[str, object]:
    st = Path(path).stat()
    return {"path": path, "bytes": st.st_size, "mtime_ns": st.st_mtime_ns}


def _progress(console: Console, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[cables]:,} cables"),
        TextColumn("{task.fields[rate]:,.0f} cables/s"),
        TimeElapsedColumn(),
        TextColumn("ETA {task.fields[eta]}"),
        console=console,
        disable=not enabled,
        transient=False,
    )
