"""For each point, the nearest point of another group: all pairs for ordinary texts, a k-d tree for huge ones.

The resolver asks, for every candidate of a text, how far the nearest anchor (or leading
candidate) of *another* name lies. Comparing every pair is exact and fast for the texts people
write (a few hundred names) but grows with the square of the text: a hostile megabyte of names
would take minutes and gigabytes. Past :data:`DENSE_LIMIT` pairs the same answer comes from a
k-d tree over points on the unit sphere (straight-line distance there orders points as the
great-circle distance does), asking each point for as many neighbours as one group can hold
plus one, so that at least one of them belongs to another group.
"""

from __future__ import annotations

import numpy as np
import shapely

EARTH_KM = 6371.0088
#: Largest number of point pairs compared one by one (a float matrix of ~32 MB).
DENSE_LIMIT = 4_000_000


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance in km (numpy broadcasting)."""
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def nearest_apart(
    lon: np.ndarray, lat: np.ndarray, group: np.ndarray,
    tlon: np.ndarray, tlat: np.ndarray, tgroup: np.ndarray,
    *, areas: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``(distance_km, target index)`` of the nearest target whose group differs from each point's.

    A point with no such target gets ``inf`` and ``-1``. *areas* (optional, one geometry or
    ``None`` per point) puts a point at distance 0 from the targets inside its area.
    """
    if not len(lon) or not len(tlon):
        return np.full(len(lon), np.inf), np.full(len(lon), -1)
    if len(lon) * len(tlon) <= DENSE_LIMIT:
        d = haversine_km(lon[:, None], lat[:, None], tlon[None, :], tlat[None, :])
        if areas is not None:
            for i in np.flatnonzero(_held(areas)).tolist():
                d[i, shapely.contains_xy(areas[i], tlon, tlat)] = 0.0
        d[group[:, None] == tgroup[None, :]] = np.inf
        nearest = d.argmin(axis=1)
        dmin = d[np.arange(len(lon)), nearest]
        return dmin, np.where(np.isfinite(dmin), nearest, -1)
    return _nearest_by_tree(lon, lat, group, tlon, tlat, tgroup, areas)


def _held(areas: np.ndarray) -> np.ndarray:
    """Which entries of *areas* are not None: ``np.not_equal(areas, None)``, with None given as the 0-d
    object array numpy makes of it anyway (numpy's stubs take no bare None operand)."""
    return np.not_equal(areas, np.array(None))


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _nearest_by_tree(lon, lat, group, tlon, tlat, tgroup, areas):
    from scipy.spatial import cKDTree

    # Repeated targets (one name's many mentions of one record) are one target.
    _, keep = np.unique(np.column_stack([tgroup, tlon, tlat]), axis=0, return_index=True)
    keep = np.sort(keep)
    k = min(len(keep), int(np.unique(tgroup[keep], return_counts=True)[1].max()) + 1)
    _, found = cKDTree(_unit_vectors(tlon[keep], tlat[keep])).query(_unit_vectors(lon, lat), k=k)
    found = keep[found.reshape(len(lon), k)]
    apart = tgroup[found] != group[:, None]
    first = apart.argmax(axis=1)
    nearest = np.where(apart.any(axis=1), found[np.arange(len(lon)), first], -1)
    dmin = np.where(nearest >= 0, haversine_km(lon, lat, tlon[nearest], tlat[nearest]), np.inf)
    if areas is not None and _held(areas).any():
        _inside_areas(areas, group, tlon[keep], tlat[keep], tgroup[keep], keep, dmin, nearest)
    return dmin, nearest


def _inside_areas(areas, group, tlon, tlat, tgroup, index, dmin, nearest) -> None:
    """Distance 0 (to the first such target) for points whose area holds a target of another group."""
    holders = np.flatnonzero(_held(areas))
    # One question per area and group, however often a name repeats.
    key = np.column_stack([group[holders], [id(a) for a in areas[holders]]])
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    src, tgt = shapely.STRtree(shapely.points(tlon, tlat)).query(areas[holders[first]], predicate="contains")
    apart = group[holders[first[src]]] != tgroup[tgt]
    src, tgt = src[apart], index[tgt[apart]]
    lowest = np.full(len(first), -1)
    order = np.lexsort((tgt, src))
    head = order[np.r_[True, src[order][1:] != src[order][:-1]]] if len(order) else order
    lowest[src[head]] = tgt[head]
    hit = lowest[inverse.reshape(-1)]
    dmin[holders[hit >= 0]] = 0.0
    nearest[holders[hit >= 0]] = hit[hit >= 0]
