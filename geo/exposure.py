"""Exposure: which features lie inside, across or near which zone, and by how much."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .crs import local_crs
from .errors import ZoneError

EXPOSURE_COLUMNS = [
    "zone", "name", "kind", "status", "km_inside", "distance_km", "mentioned", "source", "geometry",
]
STATUSES = ("inside", "crosses", "outside")

#: Km per degree of latitude, rounded down so the candidate box errs on the generous side.
_KM_PER_DEG = 110.0
#: Slack added to the candidate box, degrees.
_BOX_SLACK_DEG = 0.5
#: Longest edge (degrees) kept before projecting, so straight lon/lat edges stay put.
_DENSIFY_DEG = 0.05
_LINE_TYPES = (1, 2, 5)  # LineString, LinearRing, MultiLineString
_POINT_TYPES = (0, 4)  # Point, MultiPoint


def _candidate_box(zone: shapely.Geometry, within_km: float) -> shapely.Geometry:
    """A lon/lat box certain to hold every feature within *within_km* of *zone*.

    Only a cheap pre-filter: the exact test is metric, in the zone's local CRS.
    """
    xmin, ymin, xmax, ymax = zone.bounds
    dlat = within_km / _KM_PER_DEG + _BOX_SLACK_DEG
    ymin, ymax = max(ymin - dlat, -90.0), min(ymax + dlat, 90.0)
    widest = math.cos(math.radians(max(abs(ymin), abs(ymax))))
    dlon = dlat / widest if widest > 1e-6 else 360.0
    if xmin - dlon < -180 or xmax + dlon > 180:
        xmin, xmax, dlon = -180.0, 180.0, 0.0
    return shapely.box(xmin - dlon, ymin, xmax + dlon, ymax)


def _zone_exposure(
    zone_name: str, zone: shapely.Geometry, features: gpd.GeoDataFrame, within_km: float
) -> pd.DataFrame:
    """Rows for one zone: every feature within *within_km*, measured in the zone's local CRS."""
    cand = features.iloc[features.sindex.query(_candidate_box(zone, within_km))]
    crs = local_crs(zone)
    zone_m = gpd.GeoSeries([zone], crs=4326).to_crs(crs).iloc[0]
    shapely.prepare(zone_m)
    dense = shapely.segmentize(cand.geometry.values, _DENSIFY_DEG)
    geoms_m = gpd.GeoSeries(dense, crs=4326).to_crs(crs).values
    touches = shapely.intersects(zone_m, geoms_m)
    distance_km = np.where(touches, 0.0, shapely.distance(zone_m, geoms_m) / 1000)
    near = distance_km <= within_km
    cand, geoms_m, touches, distance_km = cand[near], geoms_m[near], touches[near], distance_km[near]

    status = np.where(shapely.covers(zone_m, geoms_m), "inside", np.where(touches, "crosses", "outside"))
    types = shapely.get_type_id(geoms_m)
    is_line = np.isin(types, _LINE_TYPES)
    km_inside = np.where(np.isin(types, _POINT_TYPES), 0.0, np.nan)
    line_len = np.zeros(is_line.sum())
    line_touch = touches[is_line]
    line_len[line_touch] = shapely.length(shapely.intersection(geoms_m[is_line][line_touch], zone_m)) / 1000
    km_inside[is_line] = line_len
    return pd.DataFrame(
        {
            "zone": zone_name,
            "name": cand["name"].to_numpy(),
            "kind": cand["kind"].to_numpy(),
            "status": status,
            "km_inside": km_inside,
            "distance_km": distance_km,
            "mentioned": cand["mentioned"].to_numpy(bool),
            "source": cand["source"].to_numpy(),
            "geometry": cand.geometry.to_numpy(),
        }
    )


def _in_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        return frame.set_crs(4326)
    return frame if frame.crs.to_epsg() == 4326 else frame.to_crs(4326)


def exposure(
    zones: gpd.GeoDataFrame, features: gpd.GeoDataFrame, within_km: float = 100.0
) -> gpd.GeoDataFrame:
    """Every (zone, feature) pair no more than *within_km* apart, with how the feature is exposed.

    Parameters
    ----------
    zones
        From :func:`geo.zones.build_zones`: ``name`` and ``geometry``.
    features
        Columns ``name, kind, source, mentioned, geometry``: points, lines or polygons.
        Both frames are EPSG:4326, which is assumed when a frame has no CRS.
    within_km
        Largest distance from a zone reported.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, columns :data:`EXPOSURE_COLUMNS`. ``status`` is ``inside`` when the
        zone covers the feature, ``crosses`` when they intersect otherwise (never for
        points), else ``outside``. ``distance_km`` is 0 when they intersect.
        ``km_inside`` is the length of line inside the zone for lines, 0.0 for points
        (they have no length) and NaN for polygons and anything else. ``geometry`` is
        the feature's own. All measures are taken in :func:`geo.crs.local_crs` of the
        zone. Rows are ordered by zone (as given), status (as in :data:`STATUSES`),
        distance, most km inside, then name.

    Raises
    ------
    ZoneError
        When *within_km* is negative or not finite.
    """
    if not (math.isfinite(within_km) and within_km >= 0):
        raise ZoneError(f"distance limit must be a non-negative number of km, got {within_km!r}")
    zones, features = _in_wgs84(zones), _in_wgs84(features)
    usable = features.geometry.notna() & ~features.geometry.is_empty
    if not usable.all():  # filtering copies the frame and loses its cached sindex
        features = features[usable]
    zones = zones[zones.geometry.notna() & ~zones.geometry.is_empty]
    if zones.empty or features.empty:
        return gpd.GeoDataFrame(pd.DataFrame(columns=EXPOSURE_COLUMNS), geometry="geometry", crs=4326)
    parts = [
        _zone_exposure(name, geom, features, within_km)
        for name, geom in zip(zones["name"], zones.geometry, strict=True)
    ]
    out = pd.concat(parts, ignore_index=True)
    order = pd.DataFrame(
        {
            "zone": pd.Categorical(out["zone"], categories=list(dict.fromkeys(zones["name"])), ordered=True),
            "status": pd.Categorical(out["status"], categories=STATUSES, ordered=True),
            "distance_km": out["distance_km"],
            "km_inside": -out["km_inside"].fillna(0.0),
            "name": out["name"].astype(str),
        }
    ).sort_values(["zone", "status", "distance_km", "km_inside", "name"], kind="stable")
    out = out.loc[order.index].reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)
