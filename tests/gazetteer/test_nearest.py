"""The nearest point of another name: the k-d tree that huge texts use agrees with all pairs."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import _nearest
from gazetteer._nearest import haversine_km, nearest_apart

coords = st.tuples(st.floats(-180, 180), st.floats(-89, 89))


def _both(monkeypatch, *args, **kw):
    dense = nearest_apart(*args, **kw)
    monkeypatch.setattr(_nearest, "DENSE_LIMIT", 0)
    tree = nearest_apart(*args, **kw)
    monkeypatch.undo()
    return dense, tree


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(st.tuples(coords, st.integers(0, 5)), min_size=1, max_size=40),
    targets=st.lists(st.tuples(coords, st.integers(0, 5)), min_size=1, max_size=40),
)
def test_tree_and_all_pairs_find_the_same_distance(points, targets):
    (lon, lat), group = np.array([p for p, _ in points]).T, np.array([g for _, g in points])
    (tlon, tlat), tgroup = np.array([p for p, _ in targets]).T, np.array([g for _, g in targets])
    with pytest.MonkeyPatch.context() as mp:
        (d1, n1), (d2, n2) = _both(mp, lon, lat, group, tlon, tlat, tgroup)
    np.testing.assert_allclose(d1, d2, rtol=1e-9, atol=1e-6)
    assert ((n1 < 0) == (n2 < 0)).all()
    found = n2 >= 0
    assert (tgroup[n2[found]] != group[found]).all()  # never its own name
    np.testing.assert_allclose(haversine_km(lon[found], lat[found], tlon[n2[found]], tlat[n2[found]]), d2[found], atol=1e-6)


def test_an_area_is_next_to_the_targets_inside_it(monkeypatch):
    # Georgia's box holds Tbilisi (44.79 E, 41.72 N); Paris lies far from both.
    georgia = shapely.box(40.0, 41.0, 46.7, 43.6)
    lon, lat, group = np.array([43.5, 2.35]), np.array([42.3, 48.86]), np.array([0, 1])
    tlon, tlat, tgroup = np.array([44.79, 2.35]), np.array([41.72, 48.86]), np.array([2, 1])
    areas = np.array([georgia, None], dtype=object)
    for d, n in _both(monkeypatch, lon, lat, group, tlon, tlat, tgroup, areas=areas):
        assert d[0] == 0.0 and n[0] == 0
        assert n[1] == 0 and 2500 < d[1] < 3500  # Paris's own name is not its neighbour
