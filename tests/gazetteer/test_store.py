"""The bundled gazetteer store: contents checked against the real built data."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from gazetteer import _store

GEOD = Geod(ellps="WGS84")
NON_LATIN = re.compile(r"[\u0370-\u03FF\u0400-\u052F\u0530-\u058F\u0590-\u06FF\u10A0-\u10FF\u3040-\u9FFF\uAC00-\uD7AF]")


def metres(a: shapely.Point, lon: float, lat: float) -> float:
    """Geodesic distance in metres from point *a* to (lon, lat)."""
    return GEOD.inv(a.x, a.y, lon, lat)[2]


@pytest.fixture(scope="module")
def rec() -> gpd.GeoDataFrame:
    return _store.records().set_index("id", drop=False)


def area_km2(geom: shapely.Geometry) -> float:
    """Area in km² in an equal-area projection (EPSG:6933)."""
    return float(gpd.GeoSeries([geom], crs=4326).to_crs(6933).area.iloc[0]) / 1e6


def test_schema_and_ids(rec):
    assert list(rec.columns) == [
        "id", "name", "names", "kind", "subkind", "country", "admin1",
        "population", "source", "accuracy_m", "note", "geonameid", "lon", "lat", "geometry",
    ]
    assert rec.crs.to_epsg() == 4326
    assert rec["id"].is_unique
    assert set(rec["kind"]) == {"country", "region", "place", "feature", "asset"}
    assert str(rec["population"].dtype) == "int64" and str(rec["accuracy_m"].dtype) == "float64"
    # Every record has a representative point inside (or on) its own geometry's extent.
    assert rec[["lon", "lat"]].notna().all().all()
    x0, y0, x1, y1 = rec.geometry.bounds.T.to_numpy()
    inside = (rec["lon"] >= x0 - 0.1) & (rec["lon"] <= x1 + 0.1) & (rec["lat"] >= y0 - 0.1) & (rec["lat"] <= y1 + 0.1)
    assert inside.mean() > 0.999
    places = rec[rec["id"].str.startswith("geonames:")]
    assert (places["geonameid"] == places["id"].str.removeprefix("geonames:").astype("int64")).all()


def test_every_record_has_source_accuracy_and_geometry(rec):
    assert (rec["source"].str.strip() != "").all()
    assert (rec["accuracy_m"] > 0).all()
    assert not rec.geometry.is_empty.any()
    assert set(rec.loc[rec["kind"] == "place"].geom_type) == {"Point"}
    assert set(rec.loc[rec["kind"] == "country"].geom_type) <= {"Polygon", "MultiPolygon"}


def test_names_are_latin_script_only(rec):
    everything = "\n".join(n for names in rec["names"] for n in names)
    assert not NON_LATIN.search(everything)
    assert "Tbilisi" in everything  # the check above ran over real names


def test_poti_display_name_and_point(rec):
    poti = rec.loc["geonames:612366"]
    assert poti["name"] == "Poti" and "Poti" in list(poti["names"])
    assert poti["country"] == "GE" and poti["admin1"] == "Samegrelo and Zemo Svaneti"
    assert metres(poti.geometry, 41.67384, 42.14272) < 1000


def test_georgia_contains_tbilisi_and_city_and_region_both_exist(rec):
    tbilisi = rec.loc["geonames:611717"]
    assert tbilisi["subkind"] == "PPLC"
    assert rec.loc["ne:admin0:GEO"].geometry.contains(tbilisi.geometry)
    assert "Tbilisi" in list(rec.loc["ne:admin1:GEO:Tbilisi"]["names"])
    assert not rec.loc["ne:admin0:ARM"].geometry.contains(tbilisi.geometry)


def test_country_aliases_and_kosovo(rec):
    usa = list(rec.loc["ne:admin0:USA"]["names"])
    assert {"U.S.", "US", "USA", "United States of America", "America"} <= set(usa)
    assert {"UK", "Britain", "Great Britain"} <= set(rec.loc["ne:admin0:GBR"]["names"])
    kosovo = rec.loc["ne:admin0:KOS"]
    assert kosovo["kind"] == "country" and kosovo["country"] == "XK"
    assert rec.loc["ne:admin0:GEO"]["note"].startswith("geonameid=")


@pytest.mark.parametrize(
    ("rid", "low", "high"),
    [("ne:breakaway:South Ossetia", 4000, 5000), ("ne:breakaway:Abkhazia", 8200, 9100)],
)
def test_breakaway_areas(rec, rid, low, high):
    row = rec.loc[rid]
    assert row["subkind"] == "breakaway" and row["country"] == "GE"
    assert low < area_km2(row.geometry) < high
    assert rec.loc["ne:admin0:GEO"].geometry.buffer(0.01).contains(row.geometry)


def test_breakaway_aliases(rec):
    assert {"NK", "Karabakh", "Nagorno Karabakh"} <= set(rec.loc["ne:breakaway:Nagorno-Karabakh"]["names"])
    assert {"Tskhinvali region", "Samachablo"} <= set(rec.loc["ne:breakaway:South Ossetia"]["names"])


def test_south_caucasus_macro_region(rec):
    south = rec.loc["curated:south-caucasus"]
    assert south["subkind"] == "macro-region"
    for city in ("geonames:611717", "geonames:616052", "geonames:587084"):  # Tbilisi, Yerevan, Baku
        assert south.geometry.contains(rec.loc[city].geometry)
    assert not south.geometry.contains(rec.loc["geonames:524901"].geometry)  # Moscow
    assert rec.loc["curated:caucasus"].geometry.contains(south.geometry.representative_point())


def test_baku_supsa_pipeline(rec):
    bs = rec.loc["gem:P0643"]
    assert bs["subkind"] == "pipeline-oil" and bs.geometry.geom_type in {"LineString", "MultiLineString"}
    assert {"Baku-Supsa pipeline", "Western Route", "WREP"} <= set(bs["names"])
    last = shapely.get_coordinates(bs.geometry)[-1]
    assert metres(shapely.Point(last), 41.7439, 42.0526) < 1000
    assert bs["accuracy_m"] == 1000


def test_kulevi_terminal_at_agri_end(rec):
    end = shapely.get_coordinates(rec.loc["gem:P0735"].geometry)[-1]
    kulevi = rec.loc["curated:kulevi-terminal"]
    assert metres(kulevi.geometry, *end) < 5000
    assert "Kulevi" in list(kulevi["names"]) and kulevi["source"].startswith("Global Energy Monitor")


def test_curated_rows_cite_their_sources(rec):
    curated = rec[rec["id"].str.startswith("curated:")]
    assert {"curated:sangachal-terminal", "curated:supsa-terminal", "curated:ceyhan-terminal",
            "curated:gyumri-base", "curated:georgian-railway-main-line"} <= set(curated["id"])
    assert (curated["source"].str.len() > 20).all()
    gyumri = rec.loc["curated:gyumri-base"]
    assert gyumri.geometry.equals(rec.loc["geonames:616635"].geometry)
    assert gyumri["note"].startswith("town-level point")
    railway = rec.loc["curated:georgian-railway-main-line"].geometry
    assert railway.geom_type == "MultiLineString"
    assert railway.distance(rec.loc["geonames:614455"].geometry) < 1e-6  # passes through Gori


def test_unnamed_routes_never_match(rec):
    gem = rec[rec["id"].str.startswith("gem:")]
    unnamed = gem[gem["name"].str.startswith("GEM pipeline P")]
    assert len(unnamed) > 10
    assert unnamed["names"].map(len).eq(0).all()
    named = gem.drop(unnamed.index)
    # a named asset either has names of its own or is found by its core and a head ("Zydeco pipeline")
    cores = _store.assets().set_index("id")["cores"]
    headed_only = named[named["names"].map(len).eq(0)]
    assert cores.reindex(headed_only["id"]).str.len().gt(0).all()
    assert not set(unnamed["id"]) & set(cores[cores != ""].index)


def test_inferred_names_are_flagged(rec):
    for rid in ("gem:P0645", "gem:P0646"):
        assert rec.loc[rid]["note"].count("[inferred]") == 1
        assert "[inferred]" not in rec.loc[rid]["name"]


def test_demonym_targets_exist(rec):
    dem = _store.demonyms()
    assert list(dem.columns) == ["demonym", "record_id", "note"]
    assert len(dem) > 300
    assert set(dem["record_id"]) <= set(rec["id"])
    target = dict(zip(dem["demonym"], dem["record_id"]))
    assert target["Georgians"] == "ne:admin0:GEO" and target["Azeri"] == "ne:admin0:AZE"
    assert target["Abkhaz"] == "ne:breakaway:Abkhazia" and target["European"] == "ne:region:Europe"


def test_common_words_are_name_keys(rec):
    words = _store.common_words()
    assert {"turkey", "mobile", "reading"} <= words
    assert "tbilisi" not in words and "georgia" not in words
    assert all(w.isalpha() and w.islower() for w in words)


def test_attribution():
    credits = _store.attribution()
    assert {c["name"].split(",")[0].split(" (")[0] for c in credits} == {
        "GeoNames", "Natural Earth", "Global Energy Monitor", "CIA World Factbook", "OurAirports",
        "NGA World Port Index", "WRI Global Power Plant Database", "GeoNuclearData"}
    nuclear = next(c for c in credits if c["name"].startswith("GeoNuclearData"))
    assert nuclear["licence"] == "ODbL 1.0" and "share-alike" in nuclear["name"]
    assert all(set(c) == {"name", "licence", "url-text"} for c in credits)
