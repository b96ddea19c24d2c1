"""GeoPackage, KML/KMZ and GeoParquet outputs, and ``cablemap zones``, on the real seed cable."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import pytest
import shapely

from geo.cli.main import main
from maps._style import KINDS, LINE_ASSETS, ZONE

DATA = Path(__file__).parents[1] / "data"
SEED = DATA / "cables" / "08BAKU812.txt"
OTHER = DATA / "cables" / "08TBILISI1336.txt"
BREAKAWAY = DATA / "geo" / "ne_10m_breakaway_caucasus.geojson"
ZONE_SPEC = "South Ossetia+20km"
LAYERS = ["places", "assets", "zones", "exposure"]
KML = "{http://www.opengis.net/kml/2.2}"
PAYLOADS = ("<script>alert(1)</script>", "{{7*7}}", "]]>")
GEOD = pyproj.Geod(ellps="WGS84")


def cli(*args: object) -> tuple[int, str]:
    """Run ``cablemap ARGS`` here; (exit status, stdout) — stderr is left to pytest."""
    import contextlib
    import io

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            main([str(a) for a in args])
        code = 0
    except SystemExit as e:
        code = e.code or 0
    return code, out.getvalue()


def geojson(*args: object) -> gpd.GeoDataFrame:
    code, out = cli(*args, "--format", "geojson")
    assert code == 0
    return gpd.GeoDataFrame.from_features(json.loads(out)["features"], crs="EPSG:4326")


def rows(frame: pd.DataFrame) -> list[tuple]:
    """Rows as comparable tuples: properties as text, geometry as WKT at 1e-9 degrees."""
    plain = pd.DataFrame(frame.drop(columns="geometry")).astype(object).where(frame.notna(), None)
    wkt = shapely.to_wkt(frame.geometry.values, rounding_precision=9)
    return sorted(tuple(map(str, r)) + (w,) for r, w in zip(plain.itertuples(index=False), wkt, strict=True))


@pytest.fixture(scope="module")
def exposure_gpkg(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gpkg") / "seed.gpkg"
    assert cli("exposure", SEED, "--zone", ZONE_SPEC, "-o", path)[0] == 0
    return path


@pytest.fixture(scope="module")
def exposure_geojson() -> gpd.GeoDataFrame:
    return geojson("exposure", SEED, "--zone", ZONE_SPEC)


@pytest.fixture(scope="module")
def places_geojson() -> gpd.GeoDataFrame:
    return geojson("places", SEED)


def test_geopackage_has_one_layer_per_kind_in_wgs84(exposure_gpkg, exposure_geojson, places_geojson):
    layers = dict(pyogrio.list_layers(exposure_gpkg))
    assert list(layers) == [*LAYERS, "layer_styles"]
    for name in LAYERS:
        info = pyogrio.read_info(exposure_gpkg, layer=name)
        assert info["crs"] == "EPSG:4326", name
    zones = gpd.read_file(exposure_gpkg, layer="zones")
    assert layers["zones"] in ("Polygon", "MultiPolygon")
    assert zones["name"].tolist() == [ZONE_SPEC] and set(zones.geom_type) <= {"Polygon", "MultiPolygon"}
    places = gpd.read_file(exposure_gpkg, layer="places")
    assert len(places) == len(places_geojson)
    assert {"Point", "LineString"} <= set(places.geom_type) and set(places.geom_type) & {"Polygon", "MultiPolygon"}
    assets = gpd.read_file(exposure_gpkg, layer="assets")
    pipelines = assets[assets["subkind"].str.startswith("pipeline")]
    assert not pipelines.empty and set(pipelines.geom_type) <= {"LineString", "MultiLineString"}
    assert len(gpd.read_file(exposure_gpkg, layer="exposure")) == len(exposure_geojson)
    for name in LAYERS:
        assert set(gpd.read_file(exposure_gpkg, layer=name)["refid"]) == {"08BAKU812"}


def test_geopackage_opens_with_ogrinfo(exposure_gpkg, exposure_geojson):
    if shutil.which("ogrinfo") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ogrinfo is missing in CI (apt-get install gdal-bin)")
        pytest.skip("ogrinfo is not installed (apt-get install gdal-bin)")
    listing = subprocess.run(["ogrinfo", "-q", exposure_gpkg], capture_output=True, text=True, check=True)
    assert "Warning" not in listing.stderr and "ERROR" not in listing.stderr
    for name in LAYERS:
        assert f": {name}" in listing.stdout
    summary = subprocess.run(["ogrinfo", "-so", exposure_gpkg, "exposure"], capture_output=True, text=True, check=True)
    assert f"Feature Count: {len(exposure_geojson)}" in summary.stdout
    assert 'ID["EPSG",4326]' in summary.stdout


#: Run by Debian's python3 with QGIS (python3-qgis): open every sublayer as QGIS does, render the view.
_QGIS_SCRIPT = """
import os
import sys
from qgis.core import (Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsMapRendererSequentialJob,
                       QgsMapSettings, QgsProviderRegistry, QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
app = QgsApplication([], False)
app.initQgis()
meta = QgsProviderRegistry.instance().providerMetadata("ogr")
layers = []
for sub in meta.querySublayers(sys.argv[1], Qgis.SublayerQueryFlag.ResolveGeometryType):
    layer = QgsVectorLayer(sub.uri(), sub.name(), "ogr")
    if sub.name() != "layer_styles":
        print(sub.name(), layer.renderer().type(), len(layer.renderer().rootRule().children()) if layer.renderer().type() == "RuleRenderer" else 0)
        layers.append(layer)
settings = QgsMapSettings()
settings.setLayers(layers[::-1])
settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
settings.setExtent(QgsRectangle(43.0, 41.6, 45.0, 43.0))
settings.setOutputSize(QSize(400, 280))
settings.setBackgroundColor(QColor("white"))
job = QgsMapRendererSequentialJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
zone = QColor(sys.argv[2])
near = sum(1 for x in range(image.width()) for y in range(image.height())
           if all(abs(a - b) < 40 for a, b in zip(QColor(image.pixel(x, y)).getRgb()[:3], zone.getRgb()[:3])))
print("zone-pixels", near, flush=True)
os._exit(0)  # QGIS 3.22 may crash tearing its layers down at exit
"""


def test_geopackage_opens_styled_in_qgis(exposure_gpkg, tmp_path):
    """Where QGIS is installed (not in CI: too big), its own loader applies the stored styles."""
    python = shutil.which("python3", path="/usr/bin")
    if not python or subprocess.run([python, "-c", "import qgis.core"], capture_output=True).returncode:
        pytest.skip("QGIS's Python bindings are not installed (apt-get install python3-qgis)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([python, "-c", _QGIS_SCRIPT, str(exposure_gpkg), ZONE["color"]], capture_output=True,
                          text=True, env=env, timeout=300, check=True)
    lines = [line.split() for line in proc.stdout.splitlines()]
    loaded = {(name, kind) for name, kind, _ in lines[:-1]}
    assert {name for name, _ in loaded} == set(LAYERS)
    assert {kind for _, kind in loaded} == {"RuleRenderer"}  # QGIS's own default would be singleSymbol
    assert all(int(rules) >= 1 for _, _, rules in lines[:-1])
    assert lines[-1][0] == "zone-pixels" and int(lines[-1][1]) > 100  # the zone's orange outline is drawn


def _qml_root(text: str) -> ET.Element:
    return ET.fromstring(text.split("\n", 1)[1])  # past the DOCTYPE line


def test_every_layer_has_its_qgis_style_from_the_map_palette(exposure_gpkg):
    with sqlite3.connect(exposure_gpkg) as db:
        styles = db.execute(
            "SELECT f_table_name, f_geometry_column, styleQML, styleSLD, useAsDefault FROM layer_styles"
        ).fetchall()
        registered = db.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchone()
    assert registered == ("attributes",)
    assert sorted(s[0] for s in styles) == sorted(LAYERS)
    by_layer = {name: (column, _qml_root(q), ET.fromstring(s), default) for name, column, q, s, default in styles}
    for column, qml_root, sld_root, default in by_layer.values():
        assert column == "geom" and default == 1
        assert qml_root.find("renderer-v2").get("type") == "RuleRenderer"
        assert len(qml_root.findall(".//rule")) == len(qml_root.findall("renderer-v2/symbols/symbol")) >= 1
        assert sld_root.tag.endswith("StyledLayerDescriptor")

    def colours(name: str) -> set[str]:
        return {p.get("v") for p in by_layer[name][1].iter("prop") if p.get("k").endswith("color")}

    def rgb(hex_colour: str) -> str:
        return ",".join(str(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))

    assert any(c.startswith(rgb(ZONE["color"])) for c in colours("zones"))
    assert any(c.startswith(rgb(LINE_ASSETS["pipeline-oil"][0])) for c in colours("assets"))
    assert any(c.startswith(rgb(KINDS["country"][0])) for c in colours("places"))
    # every row of a layer is selected by one rule: the filters name each (subkind, mentioned) pair used
    assets = gpd.read_file(exposure_gpkg, layer="assets")
    filters = [r.get("filter") for r in by_layer["assets"][1].iter("rule")]
    for subkind, mentioned in assets[["subkind", "mentioned"]].drop_duplicates().itertuples(index=False):
        want = f"\"subkind\" = '{subkind}' AND \"mentioned\" = {str(bool(mentioned)).lower()}"
        assert any(want in f for f in filters), want


def test_geopackage_round_trips_to_the_geojson_rows(exposure_gpkg, exposure_geojson, places_geojson):
    exposure = gpd.read_file(exposure_gpkg, layer="exposure").drop(columns="refid")
    assert set(exposure.columns) == set(exposure_geojson.columns)
    assert rows(exposure) == rows(exposure_geojson[exposure.columns])
    places = gpd.read_file(exposure_gpkg, layer="places").drop(columns="refid")
    assert set(places.columns) == set(places_geojson.columns)
    assert rows(places) == rows(places_geojson[places.columns])


def test_append_replaces_a_cables_rows_and_keeps_the_others(tmp_path, places_geojson):
    path = tmp_path / "all.gpkg"
    assert cli("places", SEED, "-o", path)[0] == 0
    assert cli("places", OTHER, "-o", path, "--append")[0] == 0
    assert cli("places", SEED, "-o", path, "--append")[0] == 0
    places = gpd.read_file(path, layer="places")
    counts = places["refid"].value_counts()
    assert counts["08BAKU812"] == len(places_geojson)
    assert counts["08TBILISI1336"] == len(geojson("places", OTHER))
    assert not places.drop(columns="geometry").assign(wkt=places.geometry.to_wkt()).duplicated().any()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT f_table_name FROM layer_styles").fetchall() == [("places",)]
    # another command's layers join the same file
    assert cli("exposure", SEED, "--zone", ZONE_SPEC, "-o", path, "--append")[0] == 0
    assert [n for n, _ in pyogrio.list_layers(path)][:4] == LAYERS
    assert len(gpd.read_file(path, layer="places")) == len(places)


def hostile_cable(path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    marked = "The Foreign Minister told the Ambassador"
    assert marked in text
    text = text.replace(marked, f"The Foreign Minister, in Poti, {' '.join(PAYLOADS)} told the Ambassador")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".kml", ".kmz"])
def test_kml_has_folders_styles_and_literal_payloads(tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    cable = hostile_cable(tmp_path / "hostile.txt")
    assert cli("exposure", cable, "--zone", ZONE_SPEC, "-o", out)[0] == 0
    raw = zipfile.ZipFile(out).read("doc.kml") if suffix == ".kmz" else out.read_bytes()
    doc = ET.fromstring(raw).find(f"{KML}Document")
    folders = {f.findtext(f"{KML}name"): f for f in doc.iter(f"{KML}Folder")}
    assert list(folders) == LAYERS
    style_ids = {s.get("id") for s in doc.findall(f"{KML}Style")}
    assert "zones-zone" in style_ids and len(style_ids) > 5
    for mark in doc.iter(f"{KML}Placemark"):
        assert mark.findtext(f"{KML}styleUrl")[1:] in style_ids
    assert folders["zones"].find(f".//{KML}Polygon") is not None
    assert folders["zones"].find(f".//{KML}Point") is None
    assets = list(folders["assets"].iter(f"{KML}Placemark"))
    pipelines = [m for m in assets if "pipeline" in m.findtext(f"{KML}name").lower()]
    assert pipelines and all(m.find(f".//{KML}LineString") is not None for m in pipelines)
    poti = [m for m in folders["places"].iter(f"{KML}Placemark") if m.findtext(f"{KML}name") == "Poti"]
    cited = [m for m in poti if "alert(1)" in m.findtext(f"{KML}description")]
    assert cited, "the hostile sentence is cited"
    description = cited[0].findtext(f"{KML}description")
    for field in ("sentence", "paragraph", "source", "confidence", "reason"):
        assert f"<b>{field}</b>: " in description
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in description and "{{7*7}}" in description
    assert "]]&gt;" in description and "49" not in description.split("{{7*7}}")[0][-5:]
    for m in doc.iter(f"{KML}Placemark"):
        assert "<script" not in m.findtext(f"{KML}description")
    data = {d.get("name"): d.findtext(f"{KML}value") for d in cited[0].iter(f"{KML}Data")}
    assert all(p in data["sentence"] for p in PAYLOADS)  # the data itself, verbatim
    assert b"<script" not in raw
    # GDAL's KML reader sees the same four layers, the rows carrying their fields
    assert [name for name, _ in pyogrio.list_layers(out)] == LAYERS
    zones = gpd.read_file(out, layer="zones")
    assert zones["label"].tolist() == ["South Ossetia + 20 km"] and set(zones.geom_type) <= {"Polygon", "MultiPolygon"}


def test_geoparquet_has_the_geojson_columns_and_rows(tmp_path, exposure_geojson):
    out = tmp_path / "exposure.parquet"
    assert cli("exposure", SEED, "--zone", ZONE_SPEC, "-o", out)[0] == 0
    frame = gpd.read_parquet(out)
    assert frame.crs.to_epsg() == 4326
    assert set(frame.columns) == set(exposure_geojson.columns)
    assert rows(frame) == rows(exposure_geojson[frame.columns])


def test_format_follows_the_extension_and_binary_needs_a_file(tmp_path, capsys):
    csv = tmp_path / "places.csv"
    assert cli("places", SEED, "-o", csv)[0] == 0
    assert csv.read_text().startswith("mention,start,end,name")
    assert cli("places", SEED, "-o", tmp_path / "places.txt", "--format", "geojson")[0] == 0
    assert json.loads((tmp_path / "places.txt").read_text())["type"] == "FeatureCollection"
    capsys.readouterr()
    for fmt in ("gpkg", "kmz", "parquet"):
        assert cli("places", SEED, "--format", fmt)[0] == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"give -o FILE.{fmt}" in err
    assert cli("places", SEED, "-o", tmp_path / "p.csv", "--append")[0] == 2
    assert "--append adds to a GeoPackage" in capsys.readouterr().err
    assert not (tmp_path / "p.csv").exists()
    notes = tmp_path / "notes.gpkg"
    notes.write_text("not a GeoPackage\n")
    assert cli("places", SEED, "-o", notes, "--append")[0] == 2
    assert capsys.readouterr().err == f"cablemap: cannot append to {notes}: not a GeoPackage\n"
    assert notes.read_text() == "not a GeoPackage\n"


def _independent_buffer_area_km2(polygon: shapely.Geometry, km: float) -> float:
    """Buffer in an azimuthal equidistant CRS centred on the polygon's centroid; geodesic area."""
    c = polygon.centroid
    aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m")
    fwd = pyproj.Transformer.from_crs(4326, aeqd, always_xy=True).transform
    back = pyproj.Transformer.from_crs(aeqd, 4326, always_xy=True).transform
    local = shapely.transform(shapely.segmentize(polygon, 0.01), lambda x, y: fwd(x, y), interleaved=False)
    grown = shapely.transform(local.buffer(km * 1000, quad_segs=64), lambda x, y: back(x, y), interleaved=False)
    return abs(GEOD.geometry_area_perimeter(grown)[0]) / 1e6


def test_zones_command_writes_polygons_of_the_right_area(tmp_path):
    regions = gpd.read_file(BREAKAWAY)
    south_ossetia = regions.set_index("BRK_NAME").geometry["South Ossetia"]
    drawn = tmp_path / "drawn.geojson"
    gpd.GeoDataFrame({"name": ["Drawn SO"]}, geometry=[south_ossetia], crs=4326).to_file(drawn)
    out = tmp_path / "zones.gpkg"
    assert cli("zones", ZONE_SPEC, f"{drawn}+5km", "-o", out)[0] == 0
    zones = gpd.read_file(out, layer="zones").set_index("name")
    assert list(zones.index) == [ZONE_SPEC, "Drawn SO+5km"]
    assert set(zones.geom_type) <= {"Polygon", "MultiPolygon"}
    for name, km in ((ZONE_SPEC, 20), ("Drawn SO+5km", 5)):
        got = abs(GEOD.geometry_area_perimeter(zones.geometry[name])[0]) / 1e6
        want = _independent_buffer_area_km2(south_ossetia, km)
        assert got == pytest.approx(want, rel=0.005), name
    base = abs(GEOD.geometry_area_perimeter(south_ossetia)[0]) / 1e6
    assert _independent_buffer_area_km2(south_ossetia, 20) > base + 5000  # a 20 km ring is no rounding error
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT f_table_name FROM layer_styles").fetchall() == [("zones",)]
    assert cli("zones", "Abkhazia+20km", ZONE_SPEC, "-o", out, "--append")[0] == 0
    appended = gpd.read_file(out, layer="zones")
    assert sorted(appended["name"]) == sorted([ZONE_SPEC, "Drawn SO+5km", "Abkhazia+20km"])
    code, text = cli("zones", ZONE_SPEC)
    assert code == 0 and "South Ossetia + 20 km" in text


def test_corpus_exposure_writes_zones_and_exposure_layers(tmp_path):
    from geo.corpus.run import run_corpus

    cables = tmp_path / "cables"
    cables.mkdir()
    for path in (SEED, OTHER):
        shutil.copy(path, cables / path.name)
    mentions = tmp_path / "mentions.parquet"
    run_corpus(cables, mentions, scheduler="synchronous", progress=False)
    out = tmp_path / "corpus.kml"
    assert cli("corpus-exposure", mentions, "--zone", ZONE_SPEC, "--within", 0, "-o", out)[0] == 0
    doc = ET.parse(out).getroot()
    assert [f.findtext(f"{KML}name") for f in doc.iter(f"{KML}Folder")] == ["zones", "exposure"]
    gpkg = tmp_path / "corpus.gpkg"
    assert cli("corpus-exposure", mentions, "--zone", ZONE_SPEC, "--within", 0, "-o", gpkg)[0] == 0
    exposure = gpd.read_file(gpkg, layer="exposure")
    gori = exposure[exposure["source"] == "geonames:614455"].iloc[0]
    assert gori["status"] == "inside" and gori["cables"] >= 1


def test_append_keeps_an_analysts_own_layers_and_styles(tmp_path):
    path = tmp_path / "project.gpkg"
    road = shapely.LineString([(44.0, 41.7), (44.8, 41.7)])
    gpd.GeoDataFrame({"road": ["E60"]}, geometry=[road], crs=4326).to_file(path, layer="roads")
    assert cli("places", SEED, "-o", path, "--append")[0] == 0  # a file without layer_styles yet
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO layer_styles (f_table_name, styleQML) VALUES ('roads', '<qgis/>')")
    assert cli("places", SEED, "-o", path, "--append")[0] == 0
    roads = gpd.read_file(path, layer="roads")
    assert roads["road"].tolist() == ["E60"] and roads.geometry[0].equals(road)
    with sqlite3.connect(path) as db:
        styles = dict(db.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall())
    assert styles.keys() == {"roads", "places"} and styles["roads"] == "<qgis/>"
