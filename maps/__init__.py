"""Geometry to what people look at: an interactive folium map of one cable that works offline."""

from __future__ import annotations

from ._offline import to_html
from .cable_map import cable_map
from .errors import MapsError, OfflineAssetMissing

__all__ = ["MapsError", "OfflineAssetMissing", "cable_map", "to_html"]
