"""Where the map looks (the view) and how much of the world it draws (the window)."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

#: Kinds and subkinds too large to frame a map with (a mention of Russia must not zoom out to Vladivostok).
_TOO_WIDE_KINDS = ("country",)
_TOO_WIDE_SUBKINDS = ("macro-region", "continent")
_WORLD = (-180.0, -60.0, 180.0, 75.0)
#: The view is padded by this share of its size, and by at least _MIN_PAD degrees.
_PAD_SHARE, _MIN_PAD = 0.08, 0.1
#: The window adds at least this many degrees around the view.
_MIN_WINDOW_MARGIN = 3.0


@dataclass(frozen=True)
class Extent:
    """The view (fitted on load) and the larger window that is drawn, as (minx, miny, maxx, maxy)."""

    view: tuple[float, float, float, float]
    window: tuple[float, float, float, float]

    @property
    def window_box(self) -> shapely.Polygon:
        """The window as a polygon, for clipping."""
        return shapely.box(*self.window)

    @property
    def tolerance(self) -> float:
        """Simplification tolerance (degrees) that loses nothing visible at the initial zoom."""
        minx, miny, maxx, maxy = self.window
        return max(maxx - minx, maxy - miny) / 4000


def _focus(places: gpd.GeoDataFrame, assets: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> list[gpd.GeoSeries]:
    wide = places["kind"].isin(_TOO_WIDE_KINDS)
    if "subkind" in places:
        wide |= places["subkind"].isin(_TOO_WIDE_SUBKINDS)
    return [places.geometry[~wide], zones.geometry, assets.geometry[assets["mentioned"]]]


def _bounds(parts: list[gpd.GeoSeries]) -> tuple[float, float, float, float] | None:
    geoms = np.concatenate([p.to_numpy() for p in parts])
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(geoms) == 0:
        return None
    b = shapely.bounds(geoms)
    return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))


def map_extent(places: gpd.GeoDataFrame, assets: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> Extent:
    """Fit the view to cited places (not countries), zones and mentioned assets.

    Falls back to everything, then to the world, when nothing local is there.
    The window adds a generous margin (the view's own size, at least 3 degrees)
    so that panning a little never shows the edge of the drawn basemap.
    """
    found = _bounds(_focus(places, assets, zones)) or _bounds([places.geometry, assets.geometry, zones.geometry])
    minx, miny, maxx, maxy = found or _WORLD
    pad_x = max((maxx - minx) * _PAD_SHARE, _MIN_PAD)
    pad_y = max((maxy - miny) * _PAD_SHARE, _MIN_PAD)
    view = (max(minx - pad_x, -180.0), max(miny - pad_y, -85.0), min(maxx + pad_x, 180.0), min(maxy + pad_y, 85.0))
    margin = max(view[2] - view[0], view[3] - view[1], _MIN_WINDOW_MARGIN)
    window = (
        max(view[0] - margin, -180.0),
        max(view[1] - margin, -85.0),
        min(view[2] + margin, 180.0),
        min(view[3] + margin, 85.0),
    )
    return Extent(view=view, window=window)
