"""Running batches on Dask: a local process pool by default, or an existing dask.distributed cluster.

Batches arrive as a stream. They are grouped into windows of a few batches per worker; each
window is one ``dask.bag`` (one partition per batch) computed on the chosen scheduler, and a
few windows are in flight at once so workers never wait for the slowest batch of a window.
Results come back in batch order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from itertools import islice
from multiprocessing import get_context
from typing import Any

from ..errors import CablemapError
from ..extras import require
from ..settings import Settings
from .children import die_with_parent

#: Batches per worker in one window, and windows computed at once.
_PER_WORKER = 3
_IN_FLIGHT = 3


class EngineError(CablemapError):
    """The scheduler cannot be reached or the options do not fit together."""


def warm_worker(settings: Settings) -> None:
    """Load the gazetteer of *settings* into this worker process, ready for many cables (once; later
    batches reuse it)."""
    settings.gazetteer().prepare_for_many_texts()


def _start_local_worker(parent: int, settings: Settings) -> None:
    """A local pool worker: leave when the process that started it is gone, then warm up."""
    die_with_parent(parent)
    warm_worker(settings)


class Engine:
    """Where batches run: ``processes`` (default), ``synchronous``, or ``tcp://HOST:PORT``.

    Use as a context manager; :meth:`map` yields ``fn(batch, *args)`` for each batch, in order.
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None, settings: Settings | None = None) -> None:
        if workers is not None and workers < 1:
            raise EngineError(f"--workers must be at least 1, not {workers}")
        self.scheduler = scheduler or "processes"
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._settings = settings or Settings.from_env()
        require("corpus")
        if self.scheduler.startswith(("tcp://", "tls://")):
            self._connect()
        elif self.scheduler == "processes":
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=get_context("spawn"), initializer=_start_local_worker,
                initargs=(os.getpid(), self._settings),
            )
        elif self.scheduler == "synchronous":
            self.workers = 1
        else:
            raise EngineError(
                f"unknown scheduler {self.scheduler!r}: use processes, synchronous or tcp://HOST:PORT"
            )

    def _connect(self) -> None:
        from distributed import Client

        try:
            self._client = Client(self.scheduler, timeout="20s", set_as_default=False)
        except OSError as e:
            raise EngineError(f"cannot reach the Dask scheduler at {self.scheduler} ({e})") from None
        self._client.run(warm_worker, self._settings)
        self.workers = max(1, len(self._client.scheduler_info()["workers"]))

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._client is not None:
            self._client.close()

    def _compute(self, fn: Callable, window: list, args: tuple) -> list:
        import dask.bag as db
        bag = db.from_sequence(window, npartitions=len(window)).map(fn, *args)
        if self._client is not None:
            return bag.compute(scheduler=self._client)
        if self._pool is not None:
            # the pool itself as the scheduler: dask's "processes" by name would import distributed (seconds)
            return bag.compute(scheduler=self._pool)
        return bag.compute(scheduler="synchronous")

    def map(self, fn: Callable, batches: Iterable, *args: Any) -> Iterator:
        """``fn(batch, *args)`` for every batch, computed a few windows at a time, yielded in order."""
        it = iter(batches)
        size = self.workers * _PER_WORKER
        with ThreadPoolExecutor(_IN_FLIGHT) as threads:
            inflight: deque[Future] = deque()
            while True:
                window = list(islice(it, size))
                if window:
                    inflight.append(threads.submit(self._compute, fn, window, args))
                if inflight and (len(inflight) >= _IN_FLIGHT or not window):
                    yield from inflight.popleft().result()
                if not window and not inflight:
                    return
