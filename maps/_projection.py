"""The projection and frame of a static map: metric, centred on the story, fitted to the page."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Transformer

from ._extent import Extent

#: Views wider than this (degrees of longitude) are drawn on an equal-area world projection.
_WORLD_WIDTH = 90.0
#: Geographic lines are cut into pieces no longer than this share of the window (at most _MAX_SEGMENT
#: degrees) before projecting, so they bend as they should without bloating PDF and SVG.
_SEGMENT_SHARE, _MAX_SEGMENT = 1 / 150, 1.0
#: Drawn geometry reaches this share of the frame beyond it, so nothing ends visibly at the edge.
_BLEED = 0.03


@dataclass(frozen=True)
class Frame:
    """Where a static map looks: its CRS, the projected rectangle shown, and that rectangle in degrees."""

    crs: CRS
    bounds: tuple[float, float, float, float]  #: (xmin, ymin, xmax, ymax) in metres of *crs*
    window: tuple[float, float, float, float]  #: lon/lat box that covers the rectangle
    regional: bool  #: azimuthal equidistant around the centre (scale bar valid); else Equal Earth
    centre: tuple[float, float]  #: (lon, lat)

    def project(self, geoms: np.ndarray) -> np.ndarray:
        """EPSG:4326 geometries cut to the window, projected, and clipped just beyond the frame."""
        geoms = np.asarray(geoms, dtype=object)
        if len(geoms) == 0:
            return geoms
        cut = shapely.intersection(geoms, shapely.box(*self.window))
        west, south, east, north = self.window
        cut = shapely.segmentize(cut, min(max(east - west, north - south) * _SEGMENT_SHARE, _MAX_SEGMENT))
        to_map = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
        projected = shapely.transform(cut, lambda xy: np.column_stack(to_map.transform(xy[:, 0], xy[:, 1])))
        xmin, ymin, xmax, ymax = self.bounds
        bx, by = (xmax - xmin) * _BLEED, (ymax - ymin) * _BLEED
        return shapely.clip_by_rect(projected, xmin - bx, ymin - by, xmax + bx, ymax + by)

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        """The lon/lat of a point of the map."""
        lon, lat = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True).transform(x, y)
        return float(lon), float(lat)

    def to_map(self, lon: float, lat: float) -> tuple[float, float]:
        """The map coordinates of a lon/lat."""
        x, y = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True).transform(lon, lat)
        return float(x), float(y)


@dataclass(frozen=True)
class Projection:
    """The CRS a view is drawn in."""

    crs: CRS
    regional: bool  #: azimuthal equidistant around *centre*; else Equal Earth
    centre: tuple[float, float]  #: (lon, lat)


def projection_for(view: tuple[float, float, float, float]) -> Projection:
    """Azimuthal equidistant centred on the view, or Equal Earth for views wider than 90 degrees."""
    minx, miny, maxx, maxy = view
    lon0, lat0 = round((minx + maxx) / 2, 2), round((miny + maxy) / 2, 2)
    if maxx - minx > _WORLD_WIDTH:
        return Projection(CRS.from_proj4("+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs"), False, (0.0, 0.0))
    proj = f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"
    return Projection(CRS.from_proj4(proj), True, (lon0, lat0))


def fit_frame(extent: Extent, aspect: float) -> Frame:
    """The projected frame that shows *extent*'s view with its margin at *aspect* (width / height)."""
    chosen = projection_for(extent.view)
    crs, regional, centre = chosen.crs, chosen.regional, chosen.centre
    box = shapely.segmentize(shapely.box(*extent.view), 0.25)
    to_map = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    xy = shapely.get_coordinates(box)
    x, y = to_map.transform(xy[:, 0], xy[:, 1])
    xmin, xmax, ymin, ymax = float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y))
    cx, cy, w, h = (xmin + xmax) / 2, (ymin + ymax) / 2, xmax - xmin, ymax - ymin
    w, h = max(w, h * aspect), max(h, w / aspect)
    bounds = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    if not regional:
        return Frame(crs, bounds, (-180.0, -85.0, 180.0, 85.0), regional, centre)
    edge = shapely.segmentize(shapely.box(*bounds), max(w, h) / 200)
    ex, ey = shapely.get_coordinates(edge).T
    lon, lat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(ex, ey)
    pad = 0.5
    window = (
        max(float(np.min(lon)) - pad, -180.0),
        max(float(np.min(lat)) - pad, -85.0),
        min(float(np.max(lon)) + pad, 180.0),
        min(float(np.max(lat)) + pad, 85.0),
    )
    return Frame(crs, bounds, window, regional, centre)
