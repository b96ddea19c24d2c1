"""Geometry to what people look at: a cable's map as offline HTML, an embeddable fragment, or a static image."""

from __future__ import annotations

from ._offline import to_html
from .cable_map import cable_map
from .embed import to_fragment
from .errors import MapsError, OfflineAssetMissing

__all__ = ["MapsError", "OfflineAssetMissing", "cable_map", "to_fragment", "to_html"]
