"""The ``cablemap`` command on the real seed cable: places, exposure, map, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from pyproj import Geod

DATA = Path(__file__).parents[1] / "data"
SEED = DATA / "cables" / "08BAKU812.txt"
BREAKAWAY = DATA / "geo" / "ne_10m_breakaway_caucasus.geojson"
GEOD = Geod(ellps="WGS84")

# GeoNames cities500 points (lat, lon) of the towns the seed names.
GEONAMES = {
    "geonames:612366": (42.14272, 41.67384),  # Poti
    "geonames:614455": (41.98422, 44.11578),  # Gori
    "geonames:614104": (41.9252, 44.42568),  # Kaspi
    "geonames:616635": (40.7942, 43.84528),  # Gyumri
    "geonames:518255": (44.72439, 37.76752),  # Novorossiysk
}
# Kulevi oil terminal: the Kulevi end vertex of GEM route P0735 (shared/data/gem_pipelines).
KULEVI = (42.277, 41.655)




def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[1], a[0], b[1], b[0])[2] / 1000


@pytest.fixture(scope="module")
def seed_places() -> gpd.GeoDataFrame:
    proc = subprocess.run(
        [sys.executable, "-c", "from geo.cli.main import main; main()", "places", str(SEED), "--format", "geojson"],
        capture_output=True, text=True, check=True,
    )
    return gpd.GeoDataFrame.from_features(json.loads(proc.stdout)["features"], crs="EPSG:4326")


def test_places_geojson_resolves_what_the_seed_names(seed_places):
    by_source = seed_places.groupby("source")
    countries = set(seed_places.loc[seed_places["kind"] == "country", "name"])
    assert {"Georgia", "Russia", "Azerbaijan", "Armenia", "Kosovo"} <= countries
    for region in ("South Ossetia", "Abkhazia", "Nagorno-Karabakh"):
        rows = seed_places[seed_places["source"] == f"ne:breakaway:{region}"]
        assert not rows.empty, region
        assert set(rows.geom_type) <= {"Polygon", "MultiPolygon"}
    for source, (lat, lon) in GEONAMES.items():
        pt = by_source.get_group(source).geometry.iloc[0]
        assert km((pt.y, pt.x), (lat, lon)) <= 10, source
    pipeline = by_source.get_group("gem:P0643")
    assert pipeline["mention"].iloc[0] == "Baku-Supsa pipeline"
    assert set(pipeline.geom_type) <= {"LineString", "MultiLineString"}
    kulevi = seed_places[seed_places["mention"] == "Kulevi oil terminal"].geometry.iloc[0]
    assert km((kulevi.y, kulevi.x), KULEVI) <= 5
    required = {"mention", "start", "end", "name", "kind", "source", "confidence", "reason", "paragraph"}
    assert required <= set(seed_places.columns)
    assert seed_places["confidence"].between(0, 1).all()
    assert (seed_places["reason"].str.len() > 0).all()


def test_places_offsets_point_into_the_decoded_file_and_skip_non_prose(seed_places):
    text = SEED.read_text(encoding="utf-8")
    first_banner = text.index("C O N F I D E N T I A L")
    for row in seed_places.itertuples():
        assert text[row.start : row.end] == row.mention
        assert row.start >= first_banner  # nothing from metadata or routing lines
    assert not (seed_places["mention"].str.upper() == "HELSINKI").any()
    assert not seed_places["mention"].str.upper().isin(["ANKARA", "WASHDC", "WASHINGTON", "DERSE"]).any()
    signature = text.rindex("DERSE")
    assert (seed_places["start"] < signature).all()


def test_places_cite_paragraph_and_portion_mark(seed_places):
    poti = seed_places[seed_places["mention"] == "Poti"].iloc[0]
    assert poti["paragraph"] == "¶4 (C)"


def test_exposure_agrees_with_an_independent_geopandas_computation(tmp_path, run_cli):
    out = tmp_path / "exposure.geojson"
    code, _, err = run_cli(
        ["exposure", SEED, "--zone", "South Ossetia+20km", "--zone", "Abkhazia+20km", "--format", "geojson", "-o", out]
    )
    assert code == 0, err
    exp = gpd.read_file(out)
    assert set(exp["zone"]) == {"South Ossetia+20km", "Abkhazia+20km"}
    regions = gpd.read_file(BREAKAWAY).set_index("BRK_NAME")
    checked = 0
    for zone_name, region in (("South Ossetia+20km", "South Ossetia"), ("Abkhazia+20km", "Abkhazia")):
        rows = exp[exp["zone"] == zone_name]
        utm = gpd.GeoSeries([regions.loc[region, "geometry"]], crs="EPSG:4326").estimate_utm_crs()
        zone = gpd.GeoSeries([regions.loc[region, "geometry"]], crs="EPSG:4326").to_crs(utm).buffer(20_000).iloc[0]
        # GeoJSON edges are straight in lon/lat: densify before projecting, as cablemap
        # does, or a two-vertex placeholder route bends differently in each projection.
        feats = gpd.GeoSeries(shapely.segmentize(rows.geometry.values, 0.05), crs=4326).to_crs(utm)
        feats.index = rows.index
        independent = feats.distance(zone) / 1000
        assert (abs(rows["distance_km"] - independent) < 1.0).all()
        inside = feats.within(zone)
        assert (rows.loc[inside[inside].index, "status"] == "inside").all()
        lines = rows["status"] == "crosses"
        km_inside = feats[lines].intersection(zone).length / 1000
        km_inside = km_inside[rows.loc[lines].geom_type.str.contains("LineString")]
        assert (abs(rows.loc[km_inside.index, "km_inside"] - km_inside) < 1.0).all()
        checked += len(rows)
    assert checked >= 10
    poti = exp[(exp["name"] == "Poti") & (exp["zone"] == "Abkhazia+20km")].iloc[0]
    assert poti["status"] == "outside" and 5 < poti["distance_km"] < 20
    supsa = exp[(exp["source"] == "gem:P0643") & (exp["zone"] == "South Ossetia+20km")].iloc[0]
    assert supsa["status"] == "crosses" and supsa["km_inside"] > 50
    assert bool(supsa["mentioned"])


def test_map_writes_a_self_contained_file_named_after_the_cable(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["map", SEED, "--zone", "South Ossetia+20km", "--zone", "Abkhazia+20km"])
    assert code == 0, err
    html = (tmp_path / "08BAKU812.html").read_text(encoding="utf-8")
    assert len(html.encode()) < 1.5 * 1024 * 1024
    assert "https://cdn" not in html and 'src="http' not in html
    assert "Kulevi oil terminal" in html and "08BAKU812" in html


CABLE_FILES = sorted(p for p in (DATA / "cables").rglob("*") if p.suffix in {".txt", ".html", ".csv"})


@pytest.mark.parametrize("cable", CABLE_FILES, ids=lambda p: p.name)
def test_map_runs_on_every_test_cable(cable, tmp_path, run_cli):
    refid = ["--refid", "72TEHRAN1164"] if cable.suffix == ".csv" else []
    code, _, err = run_cli(["map", cable, *refid, "--zone", "South Ossetia+20km", "-o", tmp_path / "m.html"])
    assert code == 0, err
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<title>" in html and len(html) > 100_000


def test_map_of_a_cable_near_no_asset_and_without_zones(tmp_path, run_cli):
    """An empty asset layer keeps its columns' types (it was once all floats, and the map failed)."""
    cable = tmp_path / "c.txt"
    cable.write_text("UNCLAS CARACAS 000751\n\nSUBJECT: BUDGET\n\n1. The ministry did not publish its budget.\n")
    code, _, err = run_cli(["map", cable, "-o", tmp_path / "m.html"])
    assert code == 0, err
    assert "<title>" in (tmp_path / "m.html").read_text(encoding="utf-8")


def _bad_inputs(tmp: Path) -> dict[str, list]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp / "utf16.txt").write_bytes("TAGS: PREL GG\nSUBJECT: x".encode("utf-16"))
    (tmp / "notes.txt").write_text("Shopping list: eggs, milk, bread.\n")
    return {
        "missing": ["places", tmp / "nope.txt"],
        "empty": ["places", tmp / "empty.txt"],
        "binary": ["map", tmp / "binary.txt"],
        "utf16": ["places", tmp / "utf16.txt"],
        "not a cable": ["places", tmp / "notes.txt"],
        "unknown zone": ["exposure", SEED, "--zone", "South Osetia+20km"],
        "bad width": ["exposure", SEED, "--zone", "South Ossetia+abc km"],
        "negative width": ["exposure", SEED, "--zone", "South Ossetia+-5km"],
        "bad within": ["map", SEED, "--within", "-3"],
        "within not a number": ["map", SEED, "--within", "lots"],
    }


@pytest.mark.parametrize(
    "case",
    ["missing", "empty", "binary", "utf16", "not a cable", "unknown zone", "bad width",
     "negative width", "bad within", "within not a number"],
)
def test_bad_input_is_one_line_and_exit_2(case, tmp_path, run_cli):
    args = _bad_inputs(tmp_path)[case]
    code, out, err = run_cli(args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("cablemap: ")
    assert "Traceback" not in err


def test_unknown_zone_suggests_the_right_name(run_cli):
    _, _, err = run_cli(["exposure", SEED, "--zone", "South Osetia+20km"])
    assert "South Ossetia" in err


def test_failed_run_leaves_the_existing_output_untouched(tmp_path, run_cli):
    out = tmp_path / "brief.html"
    out.write_text("previous map")
    code, _, _ = run_cli(["map", SEED, "--zone", "Atlantis+5km", "-o", out])
    assert code == 2
    assert out.read_text() == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.html"]  # no temp files left


def test_installed_entry_point_prints_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", "from geo.cli.main import main; main()", "map", str(tmp_path / "missing.txt")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_exposure_filters_catalogued_assets_by_kind_and_status(run_cli, tmp_path):
    out = tmp_path / "kirkuk.csv"
    code, _, err = run_cli(["exposure", "--zone", "Kirkuk+50km", "--within", "0", "--asset-kind", "pipeline,field",
                            "--status", "operating", "--format", "csv", "-o", out])
    assert code == 0, err
    table = pd.read_csv(out)
    assert set(table["subkind"]) <= {"pipeline-oil", "pipeline-gas", "field"} and len(table)
    assert table["asset_status"].str.contains("operating").all()
    assert "gem:P0547" in set(table["source"]) and "gem:OG0011985" in set(table["source"])
    code, _, err = run_cli(["exposure", "--zone", "Kirkuk+50km", "--asset-kind", ""])
    assert code == 2 and err.count("\n") == 1
