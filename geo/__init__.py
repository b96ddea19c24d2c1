"""Cables and geometry: reading cables, zones, exposure, corpus runs and the ``cablemap`` command.

The hub of cablemap: it reads a cable (:mod:`geo.cable`), asks :mod:`gazetteer` what its
names are, builds zones and exposure in a projected CRS, and hands frames to :mod:`maps`.
Whole corpora are in :mod:`geo.corpus`, GIS files in :mod:`geo.export`, the review page in
:mod:`geo.review` and the command line in :mod:`geo.cli`.

The public names below are imported on first use, so a process that only reads cables
(a corpus worker) does not load the map and rendering stack.

>>> import geo
>>> cable = geo.read_cable(geo.SAMPLE_CABLE)
>>> cable.refid
'08BAKU812'
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from ._lazy import lazy_exports

#: The bundled sample cable (08BAKU812, Embassy Baku, 2008), a path to read.
SAMPLE_CABLE = str(resources.files(__name__) / "data" / "08BAKU812.txt")

_HOMES = {
    "Analysis": "analysis", "analyse": "analysis",
    "Cable": "cable", "read_cable": "cable", "parse_cable": "cable",
    "CablemapError": "errors",
    "exposure": "exposure", "build_zones": "zones",
    "cable_places": "places", "geoparse_text": "geoparse",
    "CableMap": "render", "map_html": "render",
    "Briefing": "briefing", "brief": "briefing", "briefing_html": "briefing", "briefing_pdf": "briefing",
    "CorpusReport": "corpus", "run_corpus": "corpus", "read_mentions": "corpus",
    "corpus_places": "corpus", "corpus_exposure": "corpus",
    "load_overrides": "overrides",
    "__version__": "_version",
}

__all__ = [
    "SAMPLE_CABLE", "Analysis", "Briefing", "Cable", "CableMap", "CablemapError", "CorpusReport", "__version__",
    "analyse", "brief", "briefing_html", "briefing_pdf", "build_zones", "cable_places", "corpus_exposure",
    "corpus_places", "exposure", "geoparse_text", "load_overrides", "map_html", "parse_cable", "read_cable",
    "read_mentions", "run_corpus",
]
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)

if TYPE_CHECKING:
    from ._version import __version__
    from .analysis import Analysis, analyse
    from .briefing import Briefing, brief, briefing_html, briefing_pdf
    from .cable import Cable, parse_cable, read_cable
    from .corpus import CorpusReport, corpus_exposure, corpus_places, read_mentions, run_corpus
    from .errors import CablemapError
    from .exposure import exposure
    from .geoparse import geoparse_text
    from .overrides import load_overrides
    from .places import cable_places
    from .render import CableMap, map_html
    from .zones import build_zones
