"""Assets worldwide for the store (dev-time only; called by :func:`gazetteer.build.build`).

Reads ``<shared>/data`` ``gem_assets/`` (Global Energy Monitor pipelines and point
assets), ``bases_ports/`` (OurAirports, World Port Index) and ``plants_dams/`` (WRI
Global Power Plant Database, GeoNuclearData) and returns one record per real asset:

* only what a cable could name: military airfields, airports with an IATA code
  (large or medium), every WPI port, every nuclear plant, hydro plants of 100 MW or
  more, other plants of 1,000 MW or more, the larger fields, mines and steel plants,
  every LNG terminal and every named pipeline (GEM's segments of one pipeline joined);
* one record for one asset found in several sources (same core name and close, or for
  nuclear plants and dams simply very close), carrying every source id
  (``source_ids``, ``|``-separated: ``gnd:GNDP-IR-Bushehr|gppd:WRI1023916|gem:L100...``);
* ``status``, ``owner``, ``capacity`` and ``fuel`` where a source gives them, the
  positional accuracy from the source's own precision, and ``cores``: the names a head
  may follow ("Manas" for "Manas Air Base"; see :mod:`gazetteer._assets`).

A bare core is a matchable name only where a text could mean the asset by it alone
(bases, nuclear sites, fields, pipelines, dams, LNG terminals) and it is no ordinary
word nor the name of a country, region or a town of 50,000 or more.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._assets import core_names, head_covers
from ._normalize import name_key
from .atomic import replacing
from .build import _GEM, DATA, _country_at, _dictionary_entries, _frame, _is_latin, _merge_names, _tidy

_GEM_SRC = "Global Energy Monitor {} (CC BY 4.0)"
_OURAIRPORTS = "OurAirports airports.csv 2026-08-07 (public domain)"
_WPI = "NGA World Port Index, Pub. 150 (public domain)"
_GPPD = "WRI Global Power Plant Database v1.2.0/1.3.0 (CC BY 4.0)"
_GND = "GeoNuclearData 0.17.17 (ODbL 1.0)"
ASSET_COLUMNS = ["status", "owner", "capacity", "fuel", "source_ids", "cores"]

#: Families whose bare core may name the asset alone ("Bagram", "Shah Deniz", "Druzhba").
#: Dams and plants are not among them: their cores are mostly the names of towns, rivers and people
#: ("Burton", "Oliver"); hand-written aliases name the few that cables write bare ("Kajaki").
_BARE_SUBKINDS = ("air-base", "naval-base", "army-base", "nuclear-plant", "nuclear-facility", "field", "pipeline-oil",
                  "pipeline-gas", "lng-terminal", "oil-terminal", "refinery")
#: Fields producing at least this much (million boe/y) may be named bare: the giants cables name.
_BARE_FIELD_MIN = 20.0
_STATUS_ORDER = ("operating", "operational", "construction", "under construction", "mothballed", "idle", "shelved",
                 "proposed", "planned", "pre-construction", "announced", "retired", "shut down", "shutdown",
                 "cancelled", "suspended")
_GEM_TRACKERS = {
    "oil_gas_field": ("field", "Global Oil and Gas Extraction Tracker", 20000.0),
    "lng_import_terminal": ("lng-terminal", "Global Gas Infrastructure Tracker, LNG Terminals", 3000.0),
    "lng_export_terminal": ("lng-terminal", "Global Gas Infrastructure Tracker, LNG Terminals", 3000.0),
    "lng_import_terminal; lng_export_terminal": ("lng-terminal", "Global Gas Infrastructure Tracker, LNG Terminals",
                                                 3000.0),
    "gas_plant": ("power-plant", "Global Oil and Gas Plant Tracker", 3000.0),
    "coal_plant": ("power-plant", "Global Coal Plant Tracker", 3000.0),
    "nuclear_plant": ("nuclear-plant", "Global Nuclear Power Tracker", 2000.0),
    "hydro_plant": ("dam", "Global Hydropower Tracker", 3000.0),
    "steel_plant": ("steel-plant", "Global Iron and Steel Tracker", 3000.0),
    "coal_mine": ("mine", "Global Coal Mine Tracker", 10000.0),
    "coal_terminal": ("coal-terminal", "Global Coal Terminals Tracker", 3000.0),
}
#: Smallest capacity kept, in the tracker's unit (GEM: MW, million boe/y, kt/y, Mt/y).
_GEM_MIN = {"oil_gas_field": 3.0, "gas_plant": 1000.0, "coal_plant": 1000.0, "hydro_plant": 100.0,
            "steel_plant": 1000.0, "coal_mine": 10.0, "coal_terminal": 10.0}
#: Pipelines at least this long (GEM length, km) may be named by their bare core.
_TRUNK_KM = 300.0
_FUEL = {"gas_plant": "gas/oil", "coal_plant": "coal", "nuclear_plant": "nuclear", "hydro_plant": "hydro"}


def _amount(value: float) -> str:
    """``22,500`` or ``3.85``: thousands separated, small amounts to three figures."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _status(values) -> str:
    """Distinct statuses, best first, lower case."""
    seen = {s.strip().lower() for v in values if isinstance(v, str) for s in v.split(";") if s.strip()}
    rank = {s: i for i, s in enumerate(_STATUS_ORDER)}
    return "; ".join(sorted(seen, key=lambda s: (rank.get(s, 99), s)))


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _alternates(raw: str, sep: str = r"[;|,]") -> list[str]:
    return [a.strip() for a in re.split(sep, raw) if len(a.strip()) > 2] if isinstance(raw, str) else []


_HAS_HEAD = re.compile(
    r"(?i)\b(?:air ?base|air force base|airport|airfield|aerodrome|air station|naval|field|oilfield|gasfield|pipelines?"
    r"|terminal|refinery|port|harbou?r|dam|reservoir|hydro\w*|power|plant|station|NPP|HPP|mine|colliery|works|camp"
    r"|base|reactor|LNG)\b")


def _matchable(name: str) -> str:
    """*name* in the characters a store name may hold: "Rotenburg/Taaken" -> "Rotenburg-Taaken", full-width
    brackets as ASCII ones."""
    name = name.replace("/", "-").replace("（", "(").replace("）", ")").replace("`", "'").replace('"', "")
    name = re.sub(r"(?<=\w)\?(?=\w)", "-", name)  # a dash garbled to "?" in the source (Austria?Slovenia)
    return " ".join(name.split()).replace(" - ", "-")


def _named_alternates(names: list[str]) -> list[str]:
    """Alternate names worth matching: those with an asset head ("Manas Air Force Base"); without
    one an alternate may name something else ("North Sea" among an airport's keywords, "Gazprom")."""
    return [n for n in names if _HAS_HEAD.search(n) and len(re.sub(r"\W", "", _HAS_HEAD.sub("", n))) >= 3
            and not re.fullmatch(r"[A-Z0-9 -]{2,8}", n) and _is_latin(n)]


def _paren_parts(name: str) -> list[str]:
    """``Inguri (Enguri) Dam`` -> ``["Inguri Dam", "Enguri"]``: the name without brackets, and their contents."""
    inner = re.findall(r"\(([^()]+)\)", name)
    return [re.sub(r"\s*\([^()]*\)", "", name).strip(), *[i for i in inner if len(i) > 2]]


def _row(**kw) -> dict[str, object]:
    kw.setdefault("status", "")
    kw.setdefault("owner", "")
    kw.setdefault("capacity", "")
    kw.setdefault("fuel", "")
    kw.setdefault("note", "")
    return kw


# ---------------------------------------------------------------------- sources


#: "Amsterdam Airport Schiphol": the airport's own name after the head.
_AIRPORT_THEN_NAME = re.compile(r".+? (?:International )?Airport ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)")


def _without_city(cores: list[str], city: str) -> list[str]:
    """Cores that start with the city the airport serves, without it: "London Heathrow" -> "Heathrow" (not
    "Frankfurt am Main" -> "am Main", nor "Honolulu International" -> "International")."""
    rests = [c[len(city) + 1:] for c in cores if city and c.lower().startswith(city.lower() + " ")]
    return [r for r in rests if _an_airports_own_name(r)]


def _an_airports_own_name(name: str) -> bool:
    """Whether *name* can name an airport by itself: one to three capitalised words, not all of them English
    words ("Executive", "Naval Air"), no code ("LRRS"), no decoration ("International Sunport", "Intl")."""
    words = name.split()
    return bool(_OWN_NAME.fullmatch(name)) and not name.isupper() and not _DECORATION & set(words) \
        and not all(w.lower() in _english_words() for w in words) \
        and core_names(name) == core_names(name + " Airport") == [name]


_DECORATION = {"Airport", "International", "Intl", "Regional", "Municipal", "Muni"}
_OWN_NAME = re.compile(r"[A-Z][\w'’]+(?: [A-Z][\w'’]+){0,2}")


@functools.cache
def _english_words() -> frozenset[str]:
    """The lower-case entries of the system word lists."""
    return frozenset(w for w in _dictionary_entries() if w.islower())


def _airports(data: Path) -> list[dict[str, object]]:
    a = pd.read_csv(data / "bases_ports/airports.csv.gz", dtype=str, keep_default_na=False)
    mil = a["military"] == "True"
    civil = a["type"].isin(["large_airport", "medium_airport"]) & (a["iata_code"] != "")
    a = a[(mil | civil) & (a["lat"] != "") & (a["lon"] != "")]
    rows = []
    for r in a.itertuples():
        military = r.military == "True"
        naval = military and re.search(r"\bnaval|\bnavy\b|\bNAS\b|\bNAVSTA\b|\bNSF\b", r.name, re.I)
        subkind = "naval-base" if naval else "air-base" if military else "airport"
        raw = [k for k in _alternates(r.keywords, r",") if not re.fullmatch(r"[A-Z0-9-]{2,6}", k)]
        keywords = _named_alternates(raw)
        parts = [p.strip() for p in r.name.split(" / ")]
        cores = [c for n in [*parts, *raw] for c in core_names(n)]  # with a head, any of them names it
        if r.type in ("large_airport", "medium_airport") and r.municipality:
            city = r.municipality.split("(")[0].split(",")[0].strip()
            cores += [*_without_city(cores, city), city]
        cores += [m[1] for p in parts if (m := _AIRPORT_THEN_NAME.fullmatch(p)) and _an_airports_own_name(m[1])]
        rows.append(_row(
            id=f"ourairports:{r.ident}", name=r.name, names=[*parts, *keywords], cores=cores, subkind=subkind,
            country=r.iso_country, source=_OURAIRPORTS + f", ident {r.ident}",
            accuracy_m=2000.0 if r.type in ("large_airport", "medium_airport") else 1500.0,
            note=f"{r.type.replace('_', ' ')}" + (f"; IATA {r.iata_code}" if r.iata_code else "")
            + (f"; military ({r.military_match})" if military else ""),
            status="closed" if r.type == "closed" else "", lon=float(r.lon), lat=float(r.lat), group="air",
            quality=_AIRPORT_TYPES.index(r.type) if r.type in _AIRPORT_TYPES else len(_AIRPORT_TYPES),
        ))
    return rows


def _ports(data: Path) -> list[dict[str, object]]:
    p = pd.read_csv(data / "bases_ports/ports.csv.gz", dtype=str, keep_default_na=False)
    rows = []
    for r in p.itertuples():
        main = " ".join(w if not r.main_name.isupper() else w.capitalize() for w in r.main_name.split())
        raw = _alternates(r.alternate_names, r";")
        alts = _named_alternates(raw)
        military = r.harbor_use == "Military"
        rows.append(_row(
            id=f"wpi:{r.wpi_number}", name=main if re.search(r"(?i)\b(port|terminal|harbou?r)\b", main)
            else f"Port of {main}", names=alts, cores=[c for n in [main, *raw] for c in core_names(n)],
            subkind="naval-base" if military else "oil-terminal" if re.search(r"(?i)oil terminal", main) else "port",
            country=r.iso2, source=_WPI + f", World Port Index Number {r.wpi_number}", accuracy_m=2000.0,
            note="; ".join(x for x in (f"harbor size {r.harbor_size}" if r.harbor_size else "",
                                        f"use {r.harbor_use}" if r.harbor_use and r.harbor_use != "Unknown" else "")
                           if x),
            lon=float(r.lon), lat=float(r.lat), group="port",
        ))
    return rows


def _gppd(data: Path, country_names: list[str]) -> list[dict[str, object]]:
    g = pd.read_csv(data / "plants_dams/power_plants.csv.gz", dtype=str, keep_default_na=False)
    cap = pd.to_numeric(g["capacity_mw"], errors="coerce")
    fuel = g["primary_fuel"]
    dam = (fuel == "Hydro") & ((cap >= 100) | g["name"].str.contains(r"\bDam\b", case=False))
    keep = ((fuel == "Nuclear") | dam | (cap >= 1000)) & (g["lat"] != "")
    g, cap = g[keep & (g["name_garbled"] != "True")], cap[keep & (g["name_garbled"] != "True")]
    rows = []
    for r, mw in zip(g.itertuples(), cap):
        rid = r.gppd_idnr or f"{r.country}-{name_key(r.name)}"
        parts = _paren_parts(r.name)
        subkind = "nuclear-plant" if r.primary_fuel == "Nuclear" else "dam" if r.primary_fuel == "Hydro" else "power-plant"
        rows.append(_row(
            id=f"gppd:{rid}", name=parts[0], names=[parts[0]], cores=[c for n in parts for c in core_names(n, country_names)],
            subkind=subkind, fuel=r.primary_fuel.lower(), capacity=f"{mw:,.0f} MW" if mw == mw else "",
            owner=r.owner, source=_GPPD + f", gppd_idnr {rid}", accuracy_m=3000.0,
            note=f"commissioned {r.commissioning_year}" if r.commissioning_year else "",
            lon=float(r.lon), lat=float(r.lat), group={"dam": "dam", "nuclear-plant": "nuclear"}.get(subkind, "plant"),
        ))
    return rows


def _nuclear(data: Path) -> list[dict[str, object]]:
    n = pd.read_csv(data / "plants_dams/nuclear.csv.gz", dtype=str, keep_default_na=False)
    sites = n[(n["facility_type"] == "power_plant_site") & (n["lat"] != "") & (n["lon"] != "")]
    rows = []
    for r in sites.itertuples():
        alts = _alternates(r.alternate_names, r"\|")
        mw = pd.to_numeric(r.capacity_mwe, errors="coerce")
        rows.append(_row(
            id=f"gnd:{r.id}", name=f"{r.name} Nuclear Power Plant", names=[r.name, *alts],
            cores=[c for x in [r.name, *alts] for c in core_names(x)], subkind="nuclear-plant", fuel="nuclear",
            status=_status([r.status]), capacity=f"{mw:,.0f} MWe" if mw == mw else "",
            source=_GND + f", id {r.id}", accuracy_m=2000.0,
            note=f"{r.n_units} reactor unit(s); {r.reactor_type}".strip("; "),
            lon=float(r.lon), lat=float(r.lat), group="nuclear",
        ))
    return rows


def _gem_points(data: Path, country_names: list[str]) -> list[dict[str, object]]:
    f = pd.read_csv(data / "gem_assets/facilities.csv.gz", dtype=str, keep_default_na=False)
    cap = pd.to_numeric(f["capacity"], errors="coerce")
    least = f["asset_type"].map(_GEM_MIN).fillna(0.0)
    keep = ((cap >= least) | (least == 0)) & (f["lat"] != "") & (f["lon"] != "")
    keep &= ~f["name"].str.contains("not stated", case=False)  # "[Field not stated] - <operator>": no name
    f, cap = f[keep], cap[keep]
    rows = []
    for r, amount in zip(f.itertuples(), cap):
        subkind, tracker, accuracy = _GEM_TRACKERS[r.asset_type]
        gid = r.gem_id or "gogpt-" + hashlib.sha1(f"{r.name}|{r.country}|{r.lat}|{r.lon}".encode()).hexdigest()[:10]
        approximate = r.location_accuracy.lower().startswith("approx") or not r.location_accuracy
        variants = [v.strip() for v in r.name.split(";") if v.strip()]  # "Sabine Pass LNG Import Terminal; ..."
        names = [*(_paren_parts(v)[0] for v in variants), *_named_alternates(_alternates(r.other_names, r"[;,]"))]
        rows.append(_row(
            id=f"gem:{gid}", name=re.sub(r"\s*\([^()]*\)\s*$", "", variants[-1]), names=names,
            cores=[c for n in names for c in core_names(n, country_names)], subkind=subkind, fuel=_FUEL.get(r.asset_type, ""),
            status=_status([r.status]), owner=r.owner or r.operator or r.parent,
            capacity=f"{_amount(amount)} {r.capacity_unit}".strip() if amount == amount else "",
            source=_GEM_SRC.format(tracker) + f", {r.gem_id or 'name ' + r.name}",
            accuracy_m=accuracy * (3 if approximate and subkind != "field" else 1),
            note=f"GEM location accuracy: {r.location_accuracy}" if r.location_accuracy else "",
            lon=float(r.lon), lat=float(r.lat),
            bare=False if subkind == "field" and not amount >= _BARE_FIELD_MIN else None,
            group={"nuclear-plant": "nuclear", "dam": "dam", "power-plant": "plant"}.get(subkind, subkind),
        ))
    return rows


def _gem_pipelines(data: Path, built_ids: set[str]) -> tuple[list[dict[str, object]], list[tuple[str, str]]]:
    """One record per named GEM pipeline (segments joined); groups holding a record already built merge into it."""
    pl = gpd.read_file(data / "gem_assets/pipelines.gpkg")
    pl = pl[pl["name"].notna() & (pl["name"].str.strip() != "")]
    rows, merges = [], []
    for name, grp in pl.groupby(pl["name"].str.strip()):
        ids = [f"gem:{p}" for p in grp["project_id"]]
        existing = sorted(set(ids) & built_ids)
        live = grp[~grp["status"].fillna("").str.contains("cancel|shelved|proposed|retired", case=False)]
        drawn = live if len(live) else grp
        drawn = drawn[~drawn["project_id"].map(lambda p: f"gem:{p}" in built_ids)]
        geoms = [g for g in drawn.geometry if g is not None and not g.is_empty]
        parts = [p for g in geoms for p in getattr(g, "geoms", [g])]
        others = _named_alternates(_alternates("; ".join(grp["other_names"].dropna()), r"[;,]"))
        fuel = grp["fuel"].dropna().iloc[0] if grp["fuel"].notna().any() else ""
        first = grp.iloc[0]
        placeholder = bool(len(drawn)) and (drawn["n_vertices"] <= 3).all()
        # a trunk line is named bare ("Druzhba", "Nord Stream"); a short one's core is usually a place's name
        trunk = pd.to_numeric(grp["length_km"], errors="coerce").max() >= _TRUNK_KM
        record_id = ids[0] if not existing else f"{existing[0]}~world"
        row = _row(
            id=record_id, name=name, names=[name, *others],
            cores=[c for n in [name, *others] for c in core_names(n)],
            subkind="pipeline-oil" if fuel in ("oil", "ngl") or fuel.startswith("liquid") else "pipeline-gas",
            fuel=fuel, status=_status(grp["status"]), owner=_text(first["owner"]) or _text(first["parent"]),
            capacity=f"{first['capacity']} {_text(first['capacity_units'])}".strip() if _text(str(first["capacity"]))
            and str(first["capacity"]) != "nan" else "",
            source=_GEM_SRC.format("Global Oil/Gas Infrastructure Tracker routes") + ", ProjectID "
            + ", ".join(grp["project_id"]),
            accuracy_m=50000.0 if placeholder else 10000.0,
            note=f"{len(grp)} GEM segment(s)" + ("; straight-line placeholder route" if placeholder else "")
            + (f"; route drawn from the {len(drawn)} segment(s) not cancelled, shelved or only proposed"
               if len(drawn) < len(grp) else ""),
            geometry=shapely.multilinestrings(parts) if parts else None, source_ids=ids, group="pipeline",
            bare=None if trunk else False,
        )
        if existing:
            merges.append((record_id, existing[0]))
        elif row["geometry"] is None:
            continue
        rows.append(row)
    return rows, merges


# ------------------------------------------------------------------ duplicates


_DEDUP_KM = {"air": 3.0, "port": 25.0, "plant": 8.0, "dam": 10.0, "nuclear": 10.0, "field": 15.0}
#: Within this distance two records of the group are one asset whatever their names.
_SAME_SITE_KM = {"nuclear": 8.0, "dam": 2.0, "air": 1.5, "port": 1.0}
_PRIORITY = ("curated", "gnd", "gem", "gppd", "ourairports", "wpi", "ne")
#: Of two airfields at one site the bigger one stands for both (an airport, not its heliport).
_AIRPORT_TYPES = ("large_airport", "medium_airport", "small_airport", "seaplane_base", "heliport", "closed")


def _haversine_km(lon1, lat1, lon2, lat2):
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _duplicates(points: pd.DataFrame) -> list[tuple[str, str]]:
    """(drop id, keep id) pairs: records of one group that are one asset (see ``_DEDUP_KM``)."""
    order = points["id"].str.split(":").str[0].map({p: i for i, p in enumerate(_PRIORITY)}).fillna(9)
    quality = points["quality"].fillna(0) if "quality" in points else 0
    points = points.assign(rank=order, quality=quality).sort_values(["rank", "quality", "id"]).reset_index(drop=True)
    tree = shapely.STRtree(shapely.points(points["lon"], points["lat"]))
    keys = [set(c) for c in points["core_keys"]]
    owner = list(range(len(points)))
    pairs = []
    for i, r in enumerate(points.itertuples()):
        if owner[i] != i or r.group not in _DEDUP_KM:
            continue
        near = tree.query(shapely.Point(r.lon, r.lat), predicate="dwithin", distance=_DEDUP_KM[r.group] / 80)
        for j in sorted(int(j) for j in near if j > i and owner[j] == j):
            other = points.iloc[j]
            if other["group"] != r.group:
                continue
            d = float(_haversine_km(r.lon, r.lat, other["lon"], other["lat"]))
            same_name = bool(keys[i] & keys[j])
            if (same_name and d <= _DEDUP_KM[r.group]) or d <= _SAME_SITE_KM.get(r.group, 0.0):
                owner[j] = i
                pairs.append((other["id"], r.id))
    return pairs


# ------------------------------------------------------------------------ public


def world_assets(data: Path, built: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The worldwide asset records, and the (drop id, keep id) pairs that are one asset.

    *built* are the records built so far (Natural Earth ports and airports, the
    Caucasus pipeline routes): pairs may name them, on either side.
    """
    countries = built[built["kind"] == "country"]
    country_names = sorted({n for names in countries["names"] for n in names} | {"Turkey", "Türkiye"}, key=len,
                           reverse=True)
    points = _airports(data) + _ports(data) + _gppd(data, country_names) + _nuclear(data) + _gem_points(
        data, country_names)
    lines, merges = _gem_pipelines(data, set(built["id"]))
    frame = pd.DataFrame(points + lines)
    frame["id"] = frame["id"].where(~frame["id"].duplicated(), frame["id"] + "#" + frame.groupby("id").cumcount()
                                    .astype(str))
    is_point = frame["geometry"].isna() & frame["lon"].notna()
    frame.loc[is_point, "geometry"] = list(shapely.points(frame.loc[is_point, "lon"], frame.loc[is_point, "lat"]))
    frame["cores"] = [[c for c in dict.fromkeys(cs) if c] for cs in frame["cores"]]
    frame["core_keys"] = [[name_key(c) for c in cs] for cs in frame["cores"]]
    # the store's own Natural Earth ports and airports take part in deduplication
    ne = built[built["id"].str.startswith(("ne:ports:", "ne:airports:"))]
    ne_pts = pd.DataFrame({
        "id": ne["id"], "lon": shapely.get_x(ne.geometry.to_numpy()), "lat": shapely.get_y(ne.geometry.to_numpy()),
        "group": np.where(ne["subkind"] == "port", "port", "air"),
        "core_keys": [[name_key(c) for n in names for c in core_names(n)] for names in ne["names"]],
    })
    pts = pd.concat([frame.loc[is_point, ["id", "lon", "lat", "group", "core_keys", "quality"]], ne_pts],
                    ignore_index=True)
    merges += _duplicates(pts)
    missing = frame["country"].isna() | (frame["country"] == "")
    if missing.any():
        reps = shapely.point_on_surface(frame.loc[missing, "geometry"].to_numpy())
        frame.loc[missing, "country"] = _country_at(reps, countries)
    out = _frame(
        id=frame["id"], name=frame["name"], names=[_merge_names(map(_matchable, [n, *ns]))
                                                   for n, ns in zip(frame["name"], frame["names"])],
        kind="asset", subkind=frame["subkind"], country=frame["country"].fillna(""), source=frame["source"],
        accuracy_m=frame["accuracy_m"].astype(float), note=frame["note"].fillna(""),
        geometry=_tidy(frame["geometry"].to_numpy()),
    )
    for col in ("status", "owner", "capacity", "fuel"):
        out[col] = frame[col].fillna("").astype(str).to_numpy()
    out["source_ids"] = ["|".join(s) if isinstance(s, list) else rid for s, rid in zip(frame["source_ids"],
                                                                                      frame["id"])]
    out["cores"] = ["|".join(c) for c in frame["cores"]]
    out["bare"] = frame["bare"].to_numpy() if "bare" in frame else None
    return out, merges


def _join(a: str, b: str, sep: str) -> str:
    items = [x for x in (a.split(sep) if a else []) + (b.split(sep) if b else []) if x]
    return sep.join(dict.fromkeys(items))


def merge_duplicates(records: pd.DataFrame, merges: list[tuple[str, str]]) -> pd.DataFrame:
    """Fold each dropped record into the one kept; give every asset its columns and matchable bare cores.

    A bare core never takes a name key that is an ordinary word or names a country,
    admin-1 unit, wide region or town of 50,000 or more (see :func:`_unsafe_bare_keys`).
    """
    unsafe_bare = _unsafe_bare_keys(records)
    for col in ASSET_COLUMNS:
        if col not in records:
            records[col] = ""
        records[col] = records[col].fillna("").astype(str)
    if "bare" not in records:
        records["bare"] = None
    asset = (records["kind"] == "asset").to_numpy()
    ids = records["id"].to_numpy()
    records.loc[asset & (records["source_ids"] == ""), "source_ids"] = ids[asset & (records["source_ids"] == "")]
    fresh = asset & (records["cores"] == "")
    records.loc[fresh, "cores"] = ["|".join(dict.fromkeys(c for n in names for c in core_names(n)))
                                   for names in records.loc[fresh, "names"]]
    row_of = {rid: i for i, rid in enumerate(ids)}
    final: dict[str, str] = {}

    def target(rid: str) -> str:
        while rid in final:
            rid = final[rid]
        return rid

    dropped = set()
    for drop, keep in merges:
        drop, keep = target(drop), target(keep)
        if drop == keep or drop not in row_of or keep not in row_of:
            continue
        i, j = row_of[drop], row_of[keep]
        records.at[j, "names"] = _merge_names([*records.at[j, "names"], *records.at[i, "names"]])
        if str(records.at[j, "name"]).startswith("GEM pipeline P"):
            records.at[j, "name"] = records.at[i, "name"]  # the regional route had no name; the world table has
        for col, sep in (("source_ids", "|"), ("cores", "|")):
            records.at[j, col] = _join(records.at[j, col], records.at[i, col], sep)
        for col in ("status", "owner", "capacity", "fuel"):
            if not records.at[j, col]:
                records.at[j, col] = records.at[i, col]
        gi, gj = records.at[i, "geometry"], records.at[j, "geometry"]
        if gi is not None and shapely.get_type_id(gi) in (1, 5) and shapely.get_type_id(gj) in (1, 5):
            lines = [p for g in (gj, gi) for p in getattr(g, "geoms", [g])]
            records.at[j, "geometry"] = shapely.multilinestrings(lines)
        if not drop.endswith("~world"):
            records.at[j, "source"] = _join(records.at[j, "source"], records.at[i, "source"], "; ")
        final[drop] = keep
        dropped.add(drop)
    records = records[~records["id"].isin(dropped)].reset_index(drop=True)
    # The bare core of its own name joins the matchable names of an asset that may be named by it alone
    # (not that of an alternate name: "Shah Deniz pipeline" lends "Shah Deniz" to the field only).
    bare = (records["kind"] == "asset") & records["subkind"].isin(_BARE_SUBKINDS) & (records["bare"] != False)  # noqa: E712
    records.loc[bare, "names"] = pd.Series([
        _merge_names([*names, *[c for c in reversed(core_names(name)) if _bare_ok(c, unsafe_bare)][:1]])
        if len(names) else names  # an unnamed route stays unnamed
        for names, name in zip(records.loc[bare, "names"], records.loc[bare, "name"])
    ], index=records.index[bare], dtype=object)
    return records


def _bare_ok(core: str, unsafe: tuple[set[str], set[str], set[str]]) -> bool:
    """A core that may stand alone: four letters or more, not unsafe; several words only when they
    name nothing else and do not end with a country's or region's name ("North Queensland")."""
    key = name_key(core)
    if len(key.replace(" ", "")) < 4 or key in unsafe[0] or re.fullmatch(r"[\d ]+", key):
        return False
    return " " not in key or (key not in unsafe[1] and key.split(" ")[-1] not in unsafe[2])


def _unsafe_bare_keys(records: pd.DataFrame) -> tuple[set[str], set[str], set[str]]:
    """(keys a bare asset core must not take, keys of every record that is no asset, keys of the wide
    records and demonyms: no name of several words may end with one).

    Not to take: countries, admin-1 units, wide regions, capitals and admin-1 seats, towns of 50,000+,
    month and day names, demonyms, the ordinary words of the store's word lists (``ordinary_words.txt``,
    ``common_words.txt`` as last built) and the capitalised words of the system word lists (Debian
    ``wamerican``/``wbritish``, as the common-word list uses them)."""
    wide = (records["kind"] == "country") | records["subkind"].isin(
        ["admin1", "breakaway", "macro-region", "continent", "supranational", "former-state", "ocean", "sea"]) | (
        (records["kind"] == "place") & ((records["population"].fillna(0).astype("int64") >= 50_000)
                                        | records["subkind"].isin(["PPLC", "PPLA"])))
    keys = {name_key(n) for names in records.loc[wide, "names"] for n in names}
    demonyms = {name_key(d) for d in pd.read_csv(DATA / "demonyms.tsv", sep="\t", dtype=str)["demonym"]}
    ends = keys | demonyms
    for words in ("ordinary_words.txt", "common_words.txt"):
        keys |= set((DATA / words).read_text(encoding="utf-8").split())
    keys |= set("january february march april may june july august september october november december monday"
                " tuesday wednesday thursday friday saturday sunday".split())
    # capitalised entries of the system word lists are mostly people's names (Bruce, Campbell, Caroline)
    for dictionary in (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english")):
        if dictionary.exists():
            keys |= {name_key(w) for w in dictionary.read_text(encoding="utf-8").split() if w[:1].isupper()}
    keys |= demonyms
    other = {name_key(n) for names in records.loc[records["kind"] != "asset", "names"] for n in names}
    return keys, other, ends


def _read_aliases() -> list[str]:
    return pd.read_csv(DATA / "asset_aliases.tsv", sep="\t", dtype=str)["alias"].tolist()


def write_asset_table(records: pd.DataFrame, out: Path) -> pd.DataFrame:
    """Write the asset columns to ``assets.parquet`` (asset rows only) and return *records* without them.

    Every name of an asset (hand-written aliases included) lends its cores ("Kajaki Dam" -> "Kajaki"),
    stored as name keys (``gazetteer._normalize.name_key``) so that loading them costs nothing.

    The name index and the resolver never read them, so every cable run stays as lean as before.
    """
    asset = records[records["kind"] == "asset"].copy()
    asset["cores"] = ["|".join(dict.fromkeys(name_key(c) for c in [*cores.split("|"), *(c for n in names
                                                                                       for c in core_names(n))]
                                             if c and _is_latin(c)))
                      for cores, names in zip(asset["cores"], asset["names"])]
    # A name the core-and-head reading finds by itself needs no key in the name index (a smaller index,
    # less memory per run); hand-written aliases and the names of the regional records stay.
    kept = set(_read_aliases())
    world = asset["id"].str.startswith(("ourairports:", "wpi:", "gppd:", "gnd:", "gem:")) & ~asset[
        "source"].str.startswith(_GEM)  # not the regional Caucasus routes
    asset.loc[world, "names"] = pd.Series([
        [n for n in names if n in kept or not head_covers(n, sub, set(cores.split("|")), name_key)]
        for names, sub, cores in zip(asset.loc[world, "names"], asset.loc[world, "subkind"], asset.loc[world, "cores"])
    ], index=asset.index[world], dtype=object)
    records.loc[asset.index, "names"] = asset["names"]
    table = pd.DataFrame({"id": asset["id"].to_numpy(), **{c: asset[c].to_numpy() for c in ASSET_COLUMNS}})
    with replacing(out / "assets.parquet") as tmp:
        table.to_parquet(tmp, compression="zstd", compression_level=19, index=False)
    return records.drop(columns=[*ASSET_COLUMNS, "bare"])
