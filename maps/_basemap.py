"""The bundled Natural Earth land polygons, cut to what a map needs."""

from __future__ import annotations

import functools
import gzip
from importlib import resources

import numpy as np
import shapely

from ._extent import Extent
from ._geojson import feature_collection

_FILE = "ne_50m_countries.wkb.gz"
_WORLD_FILE = "world_land.wkb.gz"
#: The tolerance the bundled file was simplified with (see data/PROVENANCE.md).
_STORED_TOLERANCE = 0.03
#: Decimals kept where clipping made new vertices (the stored file has 3).
_DECIMALS = 4


@functools.cache
def _countries() -> np.ndarray:
    raw = (resources.files(__package__) / "data" / _FILE).read_bytes()
    # one WKB GeometryCollection of the countries, in source order (ten times faster to read than GeoJSON)
    return shapely.get_parts(shapely.from_wkb(gzip.decompress(raw)))


def countries_geojson() -> str:
    """The bundled country polygons as one GeoJSON FeatureCollection (for pages that draw the basemap themselves)."""
    geoms = _countries()
    return feature_collection(geoms, [{}] * len(geoms))


def land(extent: Extent) -> np.ndarray:
    """Country polygons clipped to the extent's window, simplified for its scale, coordinates rounded.

    Borders stay shared between neighbours (coverage simplification), so no
    slivers of sea open up along land borders.
    """
    countries = _countries()
    window = extent.window_box
    near = countries[shapely.intersects(countries, window)]
    tolerance = extent.tolerance * 4
    if tolerance > _STORED_TOLERANCE:
        near = shapely.coverage_simplify(near, tolerance)
    clipped = shapely.intersection(near, window)
    clipped = clipped[~shapely.is_empty(clipped)]
    return shapely.transform(clipped, lambda xy: np.round(xy, _DECIMALS))


@functools.cache
def world_land() -> np.ndarray:
    """All land as a few coarse polygons for overview maps (0.4 degree detail, no island under 0.5 square degrees).

    Derived from the countries once, at build time (``data/build_basemap.py``): the union takes a second.
    """
    raw = (resources.files(__package__) / "data" / _WORLD_FILE).read_bytes()
    return shapely.get_parts(shapely.from_wkb(gzip.decompress(raw)))


def coarse_world_land(countries: np.ndarray) -> np.ndarray:
    """What :func:`world_land` holds, made from the country polygons (build time only)."""
    land_ = shapely.simplify(shapely.union_all(shapely.make_valid(countries)), 0.4)
    parts = shapely.get_parts(land_)
    parts = parts[shapely.area(parts) > 0.5]
    return shapely.transform(parts, lambda xy: np.round(xy, 1))
