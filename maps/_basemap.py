"""The bundled Natural Earth land polygons, cut to what a map needs."""

from __future__ import annotations

import functools
import gzip
import json
from importlib import resources

import numpy as np
import shapely

from ._extent import Extent

_FILE = "ne_50m_countries.geojson.gz"
#: The tolerance the bundled file was simplified with (see data/PROVENANCE.md).
_STORED_TOLERANCE = 0.03
#: Decimals kept where clipping made new vertices (the stored file has 3).
_DECIMALS = 4


@functools.cache
def _countries() -> np.ndarray:
    raw = (resources.files(__package__) / "data" / _FILE).read_bytes()
    features = json.loads(gzip.decompress(raw))["features"]
    return shapely.from_geojson([json.dumps(f["geometry"]) for f in features])


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
    """All land as a few coarse polygons for overview maps (0.4 degree detail, no island under 0.5 square degrees)."""
    land_ = shapely.simplify(shapely.union_all(shapely.make_valid(_countries())), 0.4)
    parts = shapely.get_parts(land_)
    parts = parts[shapely.area(parts) > 0.5]
    return shapely.transform(parts, lambda xy: np.round(xy, 1))
