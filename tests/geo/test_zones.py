"""Zone specs, zone building and the local CRS, on real Natural Earth and GeoNames data."""

from __future__ import annotations

import json
import re
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


# --- zone files: hostile and awkward geometry ------------------------------------------------

STORE = Path(__file__).resolve().parents[2] / "gazetteer" / "data" / "records.parquet"


def _feature_file(path: Path, rings: list, name: str = "zone") -> Path:
    feature = {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Polygon", "coordinates": rings}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def _south_ossetia_ring() -> list[list[float]]:
    poly = REGIONS.set_index("name").geometry["South Ossetia"]
    poly = max(shapely.get_parts(poly), key=lambda p: p.area)
    return shapely.get_coordinates(poly.exterior).tolist()


def test_zone_file_with_an_unclosed_ring_or_latitude_95_is_one_line_exit_2(tmp_path, run_cli):
    ring = _south_ossetia_ring()
    unclosed = _feature_file(tmp_path / "unclosed.geojson", [ring[:-1]])
    beyond = [list(p) for p in ring]
    beyond[3][1] = 95.0
    beyond[-1] = beyond[0]
    north = _feature_file(tmp_path / "lat95.geojson", [beyond])
    for path, message in ((unclosed, "not form a closed"), (north, "outside longitude -180..180, latitude -90..90")):
        with pytest.raises(ZoneError, match=message):
            build_zones([f"{path}+5km"], REGIONS)
        code, out, err = run_cli(["exposure", "--zone", f"{path}+5km"])
        assert code == 2
        assert err.count("\n") == 1 and str(path) in err and message in err  # no GDAL/pyogrio warning
        assert out == ""


def test_self_intersecting_zone_is_made_valid(tmp_path):
    xmin, ymin, xmax, ymax = REGIONS.set_index("name").geometry["South Ossetia"].bounds
    bowtie = [[xmin, ymin], [xmax, ymax], [xmax, ymin], [xmin, ymax], [xmin, ymin]]
    path = _feature_file(tmp_path / "bowtie.geojson", [bowtie])
    zone = build_zones([str(path)], REGIONS).geometry.iloc[0]
    assert zone.is_valid and zone.geom_type == "MultiPolygon"
    assert zone.area == pytest.approx((xmax - xmin) * (ymax - ymin) / 2)


def _fiji_across_180() -> shapely.Geometry:
    """Natural Earth's Fiji (cut at 180 in the store) as one shape in 176..182 E, joined across 180."""
    fiji = gpd.read_parquet(STORE).set_index("id").geometry["ne:admin0:FJI"]
    parts = [shapely.transform(p, lambda xy: xy + [360, 0]) if p.bounds[0] < 0 else p for p in shapely.get_parts(fiji)]
    return shapely.union_all([shapely.set_precision(p, 1e-7) for p in parts])


def _naive(geom: shapely.Geometry) -> shapely.Geometry:
    """*geom* with every longitude folded into -180..180 vertex by vertex: edges jump from 179.9 to -179.9."""
    return shapely.transform(geom, lambda xy: np.column_stack([(xy[:, 0] + 180) % 360 - 180, xy[:, 1]]))


def test_zone_across_the_antimeridian_buffers_by_the_right_area(tmp_path):
    fiji = _fiji_across_180()
    assert fiji.bounds[0] < 180 < fiji.bounds[2]  # Vanua Levu and Taveuni straddle 180
    path = tmp_path / "fiji.geojson"
    gpd.GeoDataFrame({"name": ["Fiji"]}, geometry=[_naive(fiji)], crs=4326).to_file(path)
    zone = build_zones([f"{path}+20km"], REGIONS).geometry.iloc[0]

    # Independently: Fiji buffered in an azimuthal equidistant projection centred on it.
    aeqd = pyproj.CRS.from_proj4("+proj=aeqd +lat_0=-17.5 +lon_0=179 +datum=WGS84 +units=m")
    projected = gpd.GeoSeries([fiji], crs=4326).to_crs(aeqd).buffer(20_000, quad_segs=64).iloc[0]
    want_km2 = projected.area / 1e6
    got_km2 = abs(GEOD.geometry_area_perimeter(zone)[0]) / 1e6
    assert got_km2 == pytest.approx(want_km2, rel=0.005)  # not the 358-degree band the naive polygon is

    parts = shapely.get_parts(zone)
    assert max(p.bounds[2] - p.bounds[0] for p in parts) < 10
    assert zone.bounds[0] >= -180 and zone.bounds[2] <= 180
    taveuni, suva, greenwich = shapely.points([(-179.97, -16.85), (178.44, -18.14), (0.0, -17.0)])
    assert zone.contains(taveuni) and zone.contains(suva) and not zone.contains(greenwich)


def test_box_across_the_antimeridian_matches_steiner_and_draws_locally(tmp_path, run_cli):
    """A lon/lat box 177E..-179W + 20 km: area A + P d + pi d^2 of the box, drawn in two small parts."""
    box = [[177.0, -19.0], [-179.0, -19.0], [-179.0, -15.5], [177.0, -15.5], [177.0, -19.0]]
    path = _feature_file(tmp_path / "fiji-box.geojson", [box], name="Fiji box")
    zone = build_zones([f"{path}+20km"], REGIONS).geometry.iloc[0]
    unwrapped = shapely.segmentize(shapely.box(177, -19, 181, -15.5), 0.01)
    area, perimeter = (abs(v) for v in GEOD.geometry_area_perimeter(unwrapped))
    d = 20_000
    assert abs(GEOD.geometry_area_perimeter(zone)[0]) == pytest.approx(area + perimeter * d + np.pi * d**2, rel=0.005)

    html = tmp_path / "map.html"
    code, _, err = run_cli(["map", "--zone", f"{path}+20km", "-o", html])
    assert code == 0, err
    layers = dict((pane, data) for data, pane in re.findall(
        r'L\.geoJSON\((\{.*?\}), \{\s*pane: "([^"]+)"', html.read_text(encoding="utf-8"), re.S))
    drawn = shapely.from_geojson(layers["cablemap-zones"])
    assert not drawn.is_empty
    for part in shapely.get_parts(shapely.get_parts(drawn)):
        assert part.bounds[2] - part.bounds[0] < 10  # no band round the globe
