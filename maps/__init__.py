"""Geometry to what people look at: a cable's map as offline HTML, an embeddable fragment, or a static image.

The public names below are imported on first use, so a command that draws no map
(``cablemap places``) does not load folium.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .errors import MapsError, OfflineAssetMissing

_HOME = {
    "cable_map": "interactive_map", "to_fragment": "embed", "to_html": "_offline", "countries_geojson": "_basemap",
    "keep_asset_copies_in": "_asset_copies",
}

__all__ = ["MapsError", "OfflineAssetMissing", "cable_map", "countries_geojson", "keep_asset_copies_in", "to_fragment",
           "to_html"]

if TYPE_CHECKING:
    from ._asset_copies import keep_asset_copies_in
    from ._basemap import countries_geojson
    from ._offline import to_html
    from .embed import to_fragment
    from .interactive_map import cable_map


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module 'maps' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value  # looked up once
    return value
