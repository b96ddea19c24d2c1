"""Geometry made small for the browser (clipped, simplified, rounded) and serialised as GeoJSON."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from ._js import literal

#: Decimals kept for lines and polygons (1e-5 degree is about 1 m) and for points.
_SHAPE_DECIMALS, _POINT_DECIMALS = 5, 6


def family(geoms: np.ndarray) -> np.ndarray:
    """``"point"``, ``"line"`` or ``"polygon"`` for each geometry (collections count as polygons)."""
    dim = shapely.get_dimensions(geoms)
    return np.select([dim == 0, dim == 1], ["point", "line"], "polygon")


def shrink(
    geoms: np.ndarray,
    window: shapely.Polygon,
    tolerance: float,
    *,
    outline: np.ndarray | None = None,
) -> np.ndarray:
    """Clip lines and polygons to *window*, simplify polygons by *tolerance*, and round coordinates.

    Where *outline* is true a polygon is replaced by its boundary first, so that
    clipping a country leaves no artificial edge. A shape wholly outside the
    window is kept whole. Points are only rounded.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    kinds = family(geoms)
    if outline is not None:
        as_lines = outline & (kinds == "polygon")
        out[as_lines] = shapely.boundary(out[as_lines])
    shapes = kinds != "point"
    clipped = shapely.intersection(out[shapes], window)
    outside = shapely.is_empty(clipped)
    clipped[outside] = out[shapes][outside]  # wholly outside the window: keep it whole rather than lose it
    out[shapes] = clipped
    polygons = kinds == "polygon"
    if tolerance > 0:
        out[polygons] = shapely.simplify(out[polygons], tolerance, preserve_topology=True)
    out[shapes] = shapely.transform(out[shapes], lambda xy: np.round(xy, _SHAPE_DECIMALS))
    out[~shapes] = shapely.transform(out[~shapes], lambda xy: np.round(xy, _POINT_DECIMALS))
    return out


def feature_collection(geoms: Sequence[shapely.Geometry], properties: Sequence[dict]) -> str:
    """A GeoJSON FeatureCollection as a script-safe JavaScript literal; empty geometries are left out."""
    texts = shapely.to_geojson(np.asarray(geoms, dtype=object))
    features = [
        f'{{"type":"Feature","geometry":{text},"properties":{literal(props)}}}'
        for geom, text, props in zip(geoms, texts, properties, strict=True)
        if geom is not None and not geom.is_empty
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
