"""Cables and geometry: reading cables, zones, exposure, and the ``cablemap`` command.

The hub of cablemap: it reads a cable, asks :mod:`gazetteer` what its names are,
builds zones and exposure in a projected CRS, and hands frames to :mod:`maps`.

The public names below are imported on first use, so a process that only reads
cables (a corpus worker) does not load the map and rendering stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_HOME = {
    "Analysis": "analysis", "analyse": "analysis", "Cable": "cable", "read_cable": "cable",
    "CablemapError": "errors", "exposure": "exposure", "cable_places": "places",
    "CableMap": "render", "map_html": "render", "build_zones": "zones",
}

__all__ = sorted(_HOME)

if TYPE_CHECKING:
    from .analysis import Analysis, analyse
    from .cable import Cable, read_cable
    from .errors import CablemapError
    from .exposure import exposure
    from .places import cable_places
    from .render import CableMap, map_html
    from .zones import build_zones


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
