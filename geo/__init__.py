"""Cables and geometry: reading cables, zones, exposure, and the ``cablemap`` command.

The hub of cablemap: it reads a cable, asks :mod:`gazetteer` what its names are,
builds zones and exposure in a projected CRS, and hands frames to :mod:`maps`.
"""

from __future__ import annotations

from .analysis import Analysis as Analysis
from .analysis import analyse as analyse
from .cable import Cable as Cable
from .cable import read_cable as read_cable
from .errors import CablemapError as CablemapError
from .exposure import exposure as exposure
from .places import cable_places as cable_places
from .render import map_html as map_html
from .zones import build_zones as build_zones

__all__ = [
    "Analysis", "Cable", "CablemapError", "analyse", "build_zones", "cable_places",
    "exposure", "map_html", "read_cable",
]
