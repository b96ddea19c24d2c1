"""Exposure of real towns, pipelines and regions to real breakaway zones in Georgia.

The reference numbers are computed independently in each test with geopandas
alone: the UTM CRS geopandas estimates, its own buffer, distance and intersection.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.crs import local_crs
from geo.errors import ZoneError
from geo.exposure import EXPOSURE_COLUMNS, exposure
from geo.zones import build_zones

DATA = Path(__file__).resolve().parent.parent / "data" / "geo"


def _breakaway() -> gpd.GeoDataFrame:
    brk = gpd.read_file(DATA / "ne_10m_breakaway_caucasus.geojson")
    return gpd.GeoDataFrame(
        {
            "id": "ne-breakaway:" + brk["BRK_A3"],
            "name": brk["BRK_NAME"],
            "names": [[] for _ in range(len(brk))],
            "kind": "region",
            "subkind": "breakaway",
        },
        geometry=brk.geometry,
        crs=4326,
    )


def _features() -> gpd.GeoDataFrame:
    """GeoNames towns (mentioned), GEM pipelines and NE admin-1 polygons, as exposure expects."""
    rows = pd.read_csv(DATA / "geonames_cities500_georgia.txt", sep="\t", header=None, usecols=[0, 2, 4, 5])
    rows.columns = ["geonameid", "ascii", "lat", "lon"]
    towns = gpd.GeoDataFrame(
        {
            "name": rows["ascii"].str.replace("'", ""),
            "kind": "place",
            "source": "geonames:" + rows["geonameid"].astype(str),
            "mentioned": True,
        },
        geometry=gpd.points_from_xy(rows["lon"], rows["lat"]),
        crs=4326,
    )
    gem = gpd.read_file(DATA / "gem_baku_supsa_btc.geojson")
    pipes = gpd.GeoDataFrame(
        {"name": gem["name"], "kind": "asset", "source": "gem:" + gem["project_id"], "mentioned": False},
        geometry=gem.geometry,
        crs=4326,
    )
    adm = gpd.read_file(DATA / "ne_10m_admin1_georgia_part.geojson")
    regions = gpd.GeoDataFrame(
        {"name": adm["name"], "kind": "region", "source": "ne-admin1:" + adm["fips"], "mentioned": False},
        geometry=adm.geometry,
        crs=4326,
    )
    return pd.concat([towns, pipes, regions], ignore_index=True)


BREAKAWAY = _breakaway()
FEATURES = _features()


@cache
def _zones(*specs: str) -> gpd.GeoDataFrame:
    return build_zones(specs, BREAKAWAY)


def _row(table: gpd.GeoDataFrame, zone: str, name: str) -> pd.Series:
    hit = table[(table["zone"] == zone) & (table["name"] == name)]
    assert len(hit) == 1, (zone, name, len(hit))
    return hit.iloc[0]


def _utm_reference(region: str, buffer_km: float, feature: str) -> tuple[float, float]:
    """(distance km, km of line inside) from the raw NE polygon, in geopandas' estimated UTM CRS."""
    base = BREAKAWAY[BREAKAWAY["name"] == region]
    utm = base.estimate_utm_crs()
    zone = base.to_crs(utm).buffer(buffer_km * 1000).iloc[0]
    geom = FEATURES[FEATURES["name"] == feature].to_crs(utm).geometry.iloc[0]
    return zone.distance(geom) / 1000, zone.intersection(geom).length / 1000


def test_towns_around_south_ossetia_plus_20km():
    table = exposure(_zones("South Ossetia+20km", "South Ossetia"), FEATURES, within_km=200)
    for town in ("Tskhinvali", "Gori", "Kaspi"):
        row = _row(table, "South Ossetia+20km", town)
        assert (row["status"], row["distance_km"], row["km_inside"]) == ("inside", 0.0, 0.0)
    # Gori and Kaspi sit just outside the NE polygon itself; Tskhinvali is inside it.
    assert _row(table, "South Ossetia", "Tskhinvali")["status"] == "inside"
    for town, ref_km in (("Gori", _utm_reference("South Ossetia", 0, "Gori")[0]), ("Kaspi", 7.85)):
        row = _row(table, "South Ossetia", town)
        assert row["status"] == "outside"
        assert row["distance_km"] == pytest.approx(ref_km, abs=0.2)
    assert 8 < _row(table, "South Ossetia", "Gori")["distance_km"] < 9


@pytest.mark.parametrize(("region", "expected_km"), [("South Ossetia", 138.2), ("Abkhazia", 11.0)])
def test_poti_is_outside_both_zones_at_the_independent_distance(region, expected_km):
    zone = f"{region}+20km"
    row = _row(exposure(_zones(zone), FEATURES, within_km=200), zone, "Poti")
    ref_km, _ = _utm_reference(region, 20, "Poti")
    assert row["status"] == "outside"
    assert row["distance_km"] == pytest.approx(ref_km, abs=1.0)
    assert row["distance_km"] == pytest.approx(expected_km, abs=0.5)
    assert row["mentioned"] and row["source"] == "geonames:612366"


def test_sukhumi_is_inside_abkhazia():
    row = _row(exposure(_zones("Abkhazia+20km"), FEATURES), "Abkhazia+20km", "Sokhumi")
    assert row["status"] == "inside"


def test_baku_supsa_crosses_south_ossetia_plus_20km():
    table = exposure(_zones("South Ossetia+20km", "South Ossetia"), FEATURES)
    supsa = "Baku-Supsa Oil Pipeline"
    for buffer_km, zone in ((20, "South Ossetia+20km"), (0, "South Ossetia")):
        row = _row(table, zone, supsa)
        _, ref_inside = _utm_reference("South Ossetia", buffer_km, supsa)
        assert (row["status"], row["distance_km"], row["mentioned"]) == ("crosses", 0.0, False)
        assert row["km_inside"] == pytest.approx(ref_inside, abs=1.0)
    assert _row(table, "South Ossetia+20km", supsa)["km_inside"] == pytest.approx(133.5, abs=0.5)
    assert _row(table, "South Ossetia", supsa)["km_inside"] == pytest.approx(24.2, abs=0.5)
    btc = _row(table, "South Ossetia+20km", "Baku-Tbilisi-Ceyhan Pipeline")
    ref_km, _ = _utm_reference("South Ossetia", 20, "Baku-Tbilisi-Ceyhan Pipeline")
    assert (btc["status"], btc["km_inside"]) == ("outside", 0.0)
    assert btc["distance_km"] == pytest.approx(ref_km, abs=1.0)


def test_polygon_features_have_no_km_inside():
    table = exposure(_zones("South Ossetia"), FEATURES)
    shida_kartli = _row(table, "South Ossetia", "Shida Kartli")
    assert shida_kartli["status"] == "crosses" and np.isnan(shida_kartli["km_inside"])
    tbilisi = _row(table, "South Ossetia", "Tbilisi")
    assert tbilisi["status"] == "outside" and 0 < tbilisi["distance_km"] < 100


def test_a_polygon_inside_a_zone():
    zones = _zones("South Ossetia+20km")
    feature = BREAKAWAY[BREAKAWAY["name"] == "South Ossetia"].assign(
        kind="region", source="ne-breakaway:B37", mentioned=True
    )[["name", "kind", "source", "mentioned", "geometry"]]
    row = exposure(zones, feature).iloc[0]
    assert row["status"] == "inside" and row["distance_km"] == 0 and np.isnan(row["km_inside"])


def test_within_km_filters_by_distance():
    zones = _zones("South Ossetia+20km")
    names = {km: set(exposure(zones, FEATURES, within_km=km)["name"]) for km in (0, 100, 150, 300)}
    assert names[0] == {"Tskhinvali", "Gori", "Kaspi", "Baku-Supsa Oil Pipeline", "Shida Kartli"}
    assert "Poti" not in names[100] and "Poti" in names[150]  # 138.2 km away
    assert "Sokhumi" not in names[150] and "Sokhumi" in names[300]  # 195.5 km away
    assert names[0] < names[100] < names[150] < names[300]
    default = exposure(zones, FEATURES)
    assert default["distance_km"].max() <= 100


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_bad_within_km(bad):
    with pytest.raises(ZoneError, match="non-negative number of km"):
        exposure(_zones("South Ossetia"), FEATURES, within_km=bad)


def test_table_shape_and_order():
    zones = _zones("South Ossetia+20km", "Abkhazia+20km")
    table = exposure(zones, FEATURES, within_km=250)
    assert list(table.columns) == EXPOSURE_COLUMNS
    assert table.crs.to_epsg() == 4326
    assert table["zone"].drop_duplicates().tolist() == ["South Ossetia+20km", "Abkhazia+20km"]
    rank = {"inside": 0, "crosses": 1, "outside": 2}
    for _, part in table.groupby("zone", sort=False):
        keys = list(zip(part["status"].map(rank), part["distance_km"], strict=True))
        assert keys == sorted(keys)
    by_source = FEATURES.set_index("source").geometry
    assert all(g.equals(by_source[s]) for g, s in zip(table.geometry, table["source"], strict=True))


def test_nothing_to_measure():
    empty = exposure(_zones(), FEATURES)
    assert empty.empty and list(empty.columns) == EXPOSURE_COLUMNS
    assert exposure(_zones("Abkhazia"), FEATURES.iloc[:0]).empty


def test_prefilter_misses_nothing_among_many_features():
    """200k scattered points: the sindex pre-filter keeps exactly what a brute-force metric test keeps."""
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(-180, 180, 200_000), rng.uniform(-89, 89, 200_000)
    lon[:20_000], lat[:20_000] = rng.uniform(40, 48, 20_000), rng.uniform(39, 45, 20_000)
    many = gpd.GeoDataFrame(
        {"name": np.arange(len(lon)).astype(str), "kind": "test", "source": "random", "mentioned": False},
        geometry=gpd.points_from_xy(lon, lat),
        crs=4326,
    )
    zones = _zones("South Ossetia+20km")
    start = time.perf_counter()
    got = exposure(zones, many, within_km=100)
    elapsed = time.perf_counter() - start
    crs = local_crs(zones.geometry.iloc[0])
    brute_km = many.to_crs(crs).distance(zones.to_crs(crs).geometry.iloc[0]) / 1000
    assert set(got["name"]) == set(many.loc[brute_km <= 100, "name"])
    assert len(got) > 100
    assert elapsed < 3.0


def test_zone_across_the_antimeridian():
    box = shapely.box(179.5, 64.8, 180, 65.2)
    zone = gpd.GeoDataFrame({"name": ["box west of the antimeridian"]}, geometry=[box], crs=4326)
    across = gpd.GeoDataFrame(
        {"name": ["east of the line"], "kind": "test", "source": "test", "mentioned": False},
        geometry=[shapely.Point(-179.8, 65.0)],
        crs=4326,
    )
    row = exposure(zone, across, within_km=50).iloc[0]
    geodesic_km = pyproj.Geod(ellps="WGS84").inv(180.0, 65.0, -179.8, 65.0)[2] / 1000
    assert row["status"] == "outside"
    assert row["distance_km"] == pytest.approx(geodesic_km, abs=0.1)


# --- properties ------------------------------------------------------------------------------

_POINTS = st.tuples(st.floats(38.0, 50.0), st.floats(38.5, 46.0))


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(point=_POINTS, buffer_km=st.sampled_from([5, 20, 60]))
def test_status_and_buffer_consistency(point, buffer_km):
    zones = _zones("South Ossetia", f"South Ossetia+{buffer_km}km")
    feature = gpd.GeoDataFrame(
        {"name": ["p"], "kind": "test", "source": "test", "mentioned": False},
        geometry=[shapely.Point(point)],
        crs=4326,
    )
    table = exposure(zones, feature, within_km=2000).set_index("zone")
    assert len(table) == 2
    for _, row in table.iterrows():
        assert (row["status"] == "inside") == (row["distance_km"] == 0)
        assert row["status"] != "crosses"
    bare = table.loc["South Ossetia", "distance_km"]
    grown = table.loc[f"South Ossetia+{buffer_km}km", "distance_km"]
    assert grown == pytest.approx(max(0.0, bare - buffer_km), abs=0.5)


def test_assets_around_kirkuk_match_an_independent_geopandas_computation():
    """A zone outside the Caucasus, around a unit known only by its point (Kirkuk District): every
    catalogued asset within it and the km of Kirkuk-Ceyhan pipeline inside, against geopandas in UTM."""
    from gazetteer import Gazetteer

    gaz = Gazetteer.bundled()
    zones = build_zones(["Kirkuk+50km"], gaz.records)
    assets = gaz.records[gaz.records["kind"] == "asset"]
    features = gpd.GeoDataFrame({"name": assets["name"], "kind": assets["kind"], "source": assets["id"],
                                 "mentioned": False}, geometry=assets.geometry.values, crs=4326)
    got = exposure(zones, features, within_km=0.0)

    centre = gaz.record(zones["base_id"].iloc[0]).geometry
    utm = gpd.GeoSeries([centre], crs=4326).estimate_utm_crs()
    circle = gpd.GeoSeries([centre], crs=4326).to_crs(utm).buffer(50_000).iloc[0]
    metric = features.cx[40:48, 32:39].to_crs(utm)  # a box well beyond the zone, so UTM stays finite
    # leave out points within 1 km of the edge (the two circles' outlines differ by metres there)
    clear = (metric.geom_type != "Point") | (metric.distance(circle.exterior) > 1000)
    expected = set(metric.loc[clear & metric.intersects(circle), "source"])
    assert expected and expected == set(got["source"]) & set(metric.loc[clear, "source"])
    assert {"gem:OG0011985", "gem:P0547"} <= expected  # the Kirkuk field and the Kirkuk-Ceyhan pipeline
    pipe = got[got["source"] == "gem:P0547"].iloc[0]
    reference_km = metric.loc[metric["source"] == "gem:P0547"].geometry.iloc[0].intersection(circle).length / 1000
    assert pipe["km_inside"] == pytest.approx(reference_km, rel=0.01) and reference_km > 20
