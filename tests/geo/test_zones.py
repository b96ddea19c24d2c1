"""Zone specs, zone building and the local CRS, on real Natural Earth and GeoNames data."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

from geo.crs import local_crs
from geo.errors import CablemapError, ZoneError
from geo.zones import build_zones, parse_zone_spec

DATA = Path(__file__).resolve().parent.parent / "data" / "geo"
GEOD = pyproj.Geod(ellps="WGS84")


def _regions() -> gpd.GeoDataFrame:
    """A gazetteer-like records table: NE breakaway + admin-1 polygons and two GeoNames points."""
    brk = gpd.read_file(DATA / "ne_10m_breakaway_caucasus.geojson")
    adm = gpd.read_file(DATA / "ne_10m_admin1_georgia_part.geojson")
    towns = _towns()
    return gpd.GeoDataFrame(
        {
            "id": [*("ne-breakaway:" + brk["BRK_A3"]), *("ne-admin1:" + adm["fips"]), *towns["id"]],
            "name": [*brk["BRK_NAME"], *adm["name"], *towns["name"]],
            "names": [*([[]] * len(brk)), *adm["gn_name"].map(lambda n: [n]), *([[]] * len(towns))],
            "kind": ["region"] * (len(brk) + len(adm)) + ["place"] * len(towns),
            "subkind": ["breakaway"] * len(brk) + ["admin1"] * len(adm) + ["PPL"] * len(towns),
            "geometry": [*brk.geometry, *adm.geometry, *towns.geometry],
        },
        crs=4326,
    )


def _towns() -> gpd.GeoDataFrame:
    """The GeoNames rows, named by their ASCII name (``Poti``, ``Gori``...)."""
    rows = pd.read_csv(DATA / "geonames_cities500_georgia.txt", sep="\t", header=None, usecols=[0, 2, 4, 5])
    rows.columns = ["geonameid", "ascii", "lat", "lon"]
    return gpd.GeoDataFrame(
        {"id": "geonames:" + rows["geonameid"].astype(str), "name": rows["ascii"].str.replace("'", "")},
        geometry=gpd.points_from_xy(rows["lon"], rows["lat"]),
        crs=4326,
    ).set_index("name", drop=False)


REGIONS = _regions()
TOWNS = _towns()


# --- parse_zone_spec -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("South Ossetia+20km", ("South Ossetia", 20.0)),
        ("Abkhazia + 20 km", ("Abkhazia", 20.0)),
        ("  South   Ossetia ", ("South Ossetia", 0.0)),
        ("x+0.5km", ("x", 0.5)),
        ("zones.geojson+5KM", ("zones.geojson", 5.0)),
        ("Abkhazia+2000km", ("Abkhazia", 2000.0)),
        ("v1+v2.geojson", ("v1+v2.geojson", 0.0)),
    ],
)
def test_parse_zone_spec(spec, expected):
    assert parse_zone_spec(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Abkhazia+abc km", "bad buffer"),
        ("Abkhazia+-5km", "bad buffer"),
        ("Abkhazia+nan km", "bad buffer"),
        ("Abkhazia+inf km", "bad buffer"),
        ("Abkhazia+20", "bad buffer"),
        ("Abkhazia+20 mi", "bad buffer"),
        ("Abkhazia+", "bad buffer"),
        ("Abkhazia+1e9km", "exceeds the 2000 km limit"),
        ("Abkhazia+2000.5km", "exceeds the 2000 km limit"),
        ("+20km", "names no zone"),
        ("   ", "names no zone"),
    ],
)
def test_parse_zone_spec_rejects(spec, message):
    with pytest.raises(ZoneError, match=message) as err:
        parse_zone_spec(spec)
    assert "\n" not in str(err.value)


# --- local_crs -------------------------------------------------------------------------------


def _local_km(crs: pyproj.CRS, a: shapely.Point, b: shapely.Point) -> float:
    pa, pb = gpd.GeoSeries([a, b], crs=4326).to_crs(crs)
    return pa.distance(pb) / 1000


@pytest.mark.parametrize("fit_to", ["the two towns", "South Ossetia", "all test geometry"])
def test_local_crs_distance_matches_geodesic(fit_to):
    poti, gori = TOWNS.geometry["Poti"], TOWNS.geometry["Gori"]
    geoms = {
        "the two towns": gpd.GeoSeries([poti, gori], crs=4326),
        "South Ossetia": REGIONS.set_index("name").geometry["South Ossetia"],
        "all test geometry": pd.concat(
            [REGIONS.geometry, gpd.read_file(DATA / "gem_baku_supsa_btc.geojson").geometry]
        ),
    }[fit_to]
    geodesic_km = GEOD.inv(poti.x, poti.y, gori.x, gori.y)[2] / 1000
    assert geodesic_km == pytest.approx(202.87, abs=0.01)
    assert _local_km(local_crs(geoms), poti, gori) == pytest.approx(geodesic_km, rel=0.003)


def test_web_mercator_would_fail_the_same_check():
    """The 0.3 % check above has teeth: a global CRS misses by far more."""
    poti, gori = TOWNS.geometry["Poti"], TOWNS.geometry["Gori"]
    geodesic_km = GEOD.inv(poti.x, poti.y, gori.x, gori.y)[2] / 1000
    assert _local_km(pyproj.CRS(3857), poti, gori) / geodesic_km > 1.3


def _centre(crs: pyproj.CRS) -> shapely.Point:
    params = {p.name: p.value for p in crs.coordinate_operation.params}
    return shapely.Point(params["Longitude of natural origin"], params["Latitude of natural origin"])


def test_local_crs_is_azimuthal_equidistant_centred_on_the_geometry():
    south_ossetia = REGIONS.set_index("name").geometry["South Ossetia"]
    crs = local_crs(south_ossetia)
    assert crs.coordinate_operation.method_name == "Azimuthal Equidistant"
    assert crs.ellipsoid.name == "WGS 84"
    assert south_ossetia.contains(_centre(crs))


def test_local_crs_across_the_antimeridian():
    pts = gpd.GeoSeries(shapely.points([(179.5, 65.0), (-179.5, 65.0)]), crs=4326)
    centre = _centre(local_crs(pts))
    assert abs(abs(centre.x) - 180) < 0.01 and centre.y == pytest.approx(65.0, abs=0.01)


def test_local_crs_of_a_projected_series_and_of_nothing():
    so = REGIONS.set_index("name").geometry["South Ossetia"]
    in_3857 = gpd.GeoSeries([so], crs=4326).to_crs(3857)
    assert local_crs(in_3857) == local_crs(so)
    with pytest.raises(CablemapError, match="empty"):
        local_crs(gpd.GeoSeries([shapely.Polygon()], crs=4326))


# --- build_zones: names ----------------------------------------------------------------------


def test_zone_by_name_is_normalised_and_buffered():
    zones = build_zones(["south  ossetia + 20 KM", "Abkhazia"], REGIONS)
    assert list(zones.columns) == ["name", "label", "base_id", "buffer_km", "geometry"]
    assert zones.crs.to_epsg() == 4326
    assert zones["name"].tolist() == ["South Ossetia+20km", "Abkhazia"]
    assert zones["label"].tolist() == ["South Ossetia + 20 km", "Abkhazia"]
    assert zones["base_id"].tolist() == ["ne-breakaway:B37", "ne-breakaway:B35"]
    assert zones["buffer_km"].tolist() == [20.0, 0.0]
    abkhazia = REGIONS.set_index("id").geometry["ne-breakaway:B35"]
    assert zones.geometry[1].equals(abkhazia)


def test_buffer_is_20_geodesic_km_from_the_polygon():
    """Every vertex of South Ossetia+20km lies 20 km (±0.5 %) from the polygon, on the ellipsoid."""
    zone = build_zones(["South Ossetia+20km"], REGIONS).geometry[0]
    base = REGIONS.set_index("name").geometry["South Ossetia"]
    ring = shapely.get_coordinates(shapely.segmentize(base.boundary, 0.002))
    vertices = shapely.get_coordinates(zone)[::3]
    n = len(ring)
    metres = [GEOD.inv(np.full(n, x), np.full(n, y), ring[:, 0], ring[:, 1])[2].min() for x, y in vertices]
    km = np.array(metres) / 1000
    assert len(vertices) > 50
    assert km.min() > 20 * 0.995 and km.max() < 20 * 1.005


def test_breakaway_wins_over_admin1_and_alternate_names_match():
    zones = build_zones(["Abkhazia+5km", "Kalaki Tbilisi", "shida-kartli"], REGIONS)
    assert zones["base_id"].tolist() == ["ne-breakaway:B35", "ne-admin1:GG51", "ne-admin1:GG73"]
    assert zones["name"].tolist() == ["Abkhazia+5km", "Tbilisi", "Shida Kartli"]


def test_same_zone_twice_is_built_once():
    zones = build_zones(["South Ossetia+20km", "south ossetia + 20.0 km"], REGIONS)
    assert zones["name"].tolist() == ["South Ossetia+20km"]


def test_no_specs_no_zones():
    zones = build_zones([], REGIONS)
    assert zones.empty and list(zones.columns) == ["name", "label", "base_id", "buffer_km", "geometry"]


def test_unknown_zone_suggests_the_nearest_name():
    with pytest.raises(ZoneError) as err:
        build_zones(["South Osetia+20km"], REGIONS)
    assert str(err.value) == "unknown zone 'South Osetia'; did you mean 'South Ossetia'?"


def test_a_town_is_not_a_zone():
    with pytest.raises(ZoneError, match="unknown zone 'Gori'"):
        build_zones(["Gori+10km"], REGIONS)


def test_gibberish_gets_no_suggestion():
    with pytest.raises(ZoneError) as err:
        build_zones(["Qqqqqq"], REGIONS)
    assert str(err.value) == "unknown zone 'Qqqqqq'"


# --- build_zones: files ----------------------------------------------------------------------


def test_zone_file_in_web_mercator_is_reprojected(tmp_path):
    brk = gpd.read_file(DATA / "ne_10m_breakaway_caucasus.geojson")
    path = tmp_path / "breakaway.geojson"
    brk[["BRK_NAME", "geometry"]].rename(columns={"BRK_NAME": "name"}).to_crs(3857).to_file(path)
    assert gpd.read_file(path).crs.to_epsg() == 3857

    zones = build_zones([str(path), f"{path}+5km"], REGIONS)
    assert zones["name"].tolist() == ["Abkhazia", "South Ossetia", "Abkhazia+5km", "South Ossetia+5km"]
    assert set(zones["base_id"]) == {str(path)}
    assert zones.crs.to_epsg() == 4326
    for got, want in zip(zones.geometry[:2], brk.geometry, strict=True):
        assert shapely.hausdorff_distance(got, want) < 1e-6  # degrees: the same polygon back
    assert zones.geometry[3].contains(TOWNS.geometry["Tskhinvali"])
    assert zones.geometry[3].area > zones.geometry[1].area


def test_zone_file_without_names_uses_the_stem(tmp_path):
    path = tmp_path / "areas.gpkg"
    gpd.read_file(DATA / "ne_10m_breakaway_caucasus.geojson")[["geometry"]].to_file(path)
    assert build_zones([str(path)], REGIONS)["name"].tolist() == ["areas-1", "areas-2"]


def test_zone_file_problems(tmp_path):
    points = tmp_path / "towns.geojson"
    TOWNS[["name", "geometry"]].reset_index(drop=True).to_file(points)
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}')
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    cases = {
        str(points): "has Point geometry; zones must be polygons",
        str(empty): "has no geometry",
        str(broken): "cannot read zone file",
        str(tmp_path / "missing.gpkg"): "not found",
    }
    for spec, message in cases.items():
        with pytest.raises(ZoneError, match=message) as err:
            build_zones([spec], REGIONS)
        assert "\n" not in str(err.value)
