"""A whole corpus at once: streamed input (:mod:`.reader`), per-batch geoparsing (:mod:`.batch`) on
a Dask scheduler (:mod:`.engine`), resumable GeoParquet output (:mod:`.store`) and the views made
from it (:mod:`.view`), driven by :func:`run_corpus` (:mod:`.run`).

The names below are imported on first use, so a worker that only geoparses batches does not
load the views' or the progress bar's libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_HOMES = {
    "CorpusReport": "run", "run_corpus": "run", "open_corpus": "reader", "read_mentions": "view",
    "corpus_places": "view", "corpus_exposure": "view", "CorpusPlaces": "view",
}
__all__ = ["CorpusPlaces", "CorpusReport", "corpus_exposure", "corpus_places", "open_corpus", "read_mentions", "run_corpus"]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)

if TYPE_CHECKING:
    from .reader import open_corpus
    from .run import CorpusReport, run_corpus
    from .view import CorpusPlaces, corpus_exposure, corpus_places, read_mentions
