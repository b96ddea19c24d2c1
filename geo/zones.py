"""Buffer zones from specs such as ``"South Ossetia+20km"`` or ``"areas.geojson+5km"``."""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.errors
from rapidfuzz import fuzz, process

from gazetteer import name_key

from .crs import local_crs
from .errors import ZoneError

#: Largest buffer accepted, km.
MAX_BUFFER_KM = 2000.0
#: File suffixes read as zone files.
ZONE_FILE_SUFFIXES = (".geojson", ".json", ".gpkg")
ZONE_COLUMNS = ["name", "label", "base_id", "buffer_km", "geometry"]

_BUFFER = re.compile(r"(?P<num>\S+?)\s*km", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", re.IGNORECASE)
#: Which polygon record wins a shared name: lower first.
_RANK = {"breakaway": 0, "country": 1, "admin1": 2}
_OTHER_RANK = 3
#: Least rapidfuzz WRatio (0-100) for a name to be suggested.
_SUGGEST_SCORE = 70
#: Longest edge (degrees) kept before projecting, so straight lon/lat edges stay put.
_DENSIFY_DEG = 0.05
_QUAD_SEGS = 16
_GEOS_PREFIX = re.compile(r"^\w+Exception: ")


def parse_zone_spec(spec: str) -> tuple[str, float]:
    """Split a zone spec into its base name (or file path) and buffer in km.

    ``"South Ossetia+20km"`` gives ``("South Ossetia", 20.0)``, ``"Abkhazia + 20 km"``
    ``("Abkhazia", 20.0)`` and a bare name a 0 km buffer. The buffer must be a
    plain non-negative number followed by ``km``, at most :data:`MAX_BUFFER_KM`.

    Raises
    ------
    ZoneError
        For an empty name or a buffer that is not such a number.
    """
    text = " ".join(spec.split())
    base, plus, tail = text.rpartition("+")
    if not plus or Path(text).suffix.lower() in ZONE_FILE_SUFFIXES:  # "a+b.geojson" is a path
        base, km = text, 0.0
    else:
        km = _parse_buffer(tail.strip(), spec)
    base = base.strip()
    if not base:
        raise ZoneError(f"zone spec {spec!r} names no zone")
    return base, km


def _parse_buffer(tail: str, spec: str) -> float:
    m = _BUFFER.fullmatch(tail)
    if m is None or not _NUMBER.fullmatch(m["num"]):
        raise ZoneError(
            f"bad buffer in zone spec {spec!r}: expected a non-negative number of km, e.g. '+20km'"
        )
    km = float(m["num"])
    if not math.isfinite(km) or km > MAX_BUFFER_KM:
        raise ZoneError(f"buffer in zone spec {spec!r} exceeds the {MAX_BUFFER_KM:g} km limit")
    return km


def _key(name: str) -> str:
    """Match key: the gazetteer's name key with dashes as spaces and no apostrophes."""
    return " ".join(name_key(name).replace("-", " ").replace("'", "").split())


def _spec_name(base: str, km: float) -> str:
    return f"{base}+{km:g}km" if km else base


def _spec_label(base: str, km: float) -> str:
    return f"{base} + {km:g} km" if km else base


def _polygon_records(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Region and country records with (multi)polygon geometry, best-ranked first."""
    polys = regions[
        regions["kind"].isin(("region", "country"))
        & regions.geom_type.isin(("Polygon", "MultiPolygon"))
    ]
    rank = polys["subkind"].map(_RANK).fillna(_OTHER_RANK)
    rank = rank.where(polys["kind"] != "country", _RANK["country"])
    return polys.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


def _name_table(polys: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per (record, name key), in record rank order."""
    names = pd.concat([polys["name"], polys["names"].explode()]).dropna().sort_index(kind="stable")
    table = pd.DataFrame({"row": names.index, "key": names.astype(str).map(_key).to_numpy()})
    return table.drop_duplicates()


def _resolve(base: str, polys: gpd.GeoDataFrame, table: pd.DataFrame) -> pd.Series:
    """The best polygon record called *base*, or :class:`ZoneError` with suggestions."""
    hits = table.loc[table["key"] == _key(base), "row"]
    if not hits.empty:
        return polys.loc[hits.iloc[0]]  # rows are in rank order
    choices = table.drop_duplicates("key")
    found = process.extract(
        _key(base), choices["key"].tolist(), scorer=fuzz.WRatio, limit=20, score_cutoff=_SUGGEST_SCORE
    )
    canonical = polys.loc[choices["row"].to_numpy()[[i for _, _, i in found]], "name"]
    suggestions = list(dict.fromkeys(canonical))[:3]
    hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise ZoneError(f"unknown zone {base!r}{hint}")


_UNIT_WORD = re.compile(r"\s+(?:district|governorate|province|region|county|oblast|rayon|municipality)$", re.I)


def _point_record(base: str, regions: gpd.GeoDataFrame) -> pd.Series | None:
    """A unit known only by its point, called *base* (with or without its "District", "Governorate"...):
    an admin-1 unit (label point), else an admin-2 unit (its most central place). "Kirkuk+50km" is then a
    circle around Kirkuk District; a town is never a zone."""
    key = _key(base)
    named = regions[regions["subkind"].isin(("admin1", "admin2")) & regions.geom_type.eq("Point")]
    hits = named[named["name"].map(lambda n: _key(_UNIT_WORD.sub("", n))) == key]
    if hits.empty:
        hits = named[named["names"].map(lambda ns: ns is not None and any(_key(n) == key for n in ns))]
    if hits.empty:
        return None
    return hits.iloc[int(np.argmin((hits["subkind"] != "admin1").to_numpy()))]


def _read_zone_file(path: Path) -> gpd.GeoDataFrame:
    """Polygon features of a zone file as ``zone_name, geometry`` in EPSG:4326.

    Coordinates must be finite and within -180..180 / -90..90; a feature's rings
    are read the short way round the globe (an edge from 179 to -179 crosses the
    antimeridian); invalid polygons are made valid, keeping their polygonal parts.
    """
    if not path.is_file():
        raise ZoneError(f"zone file '{path}' not found")
    try:
        with warnings.catch_warnings():  # GDAL's warnings would reach stderr
            warnings.simplefilter("ignore")
            frame = gpd.read_file(path)
    except (OSError, RuntimeError, ValueError, shapely.errors.ShapelyError) as e:  # pyogrio's are RuntimeErrors
        reason = (str(e).splitlines() or [type(e).__name__])[0].split(";")[0]
        reason = _GEOS_PREFIX.sub("invalid geometry: ", reason)
        raise ZoneError(f"cannot read zone file '{path}': {reason}") from e
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        raise ZoneError(f"zone file '{path}' has no geometry")
    bad = sorted(set(frame.geom_type) - {"Polygon", "MultiPolygon"})
    if bad:
        raise ZoneError(f"zone file '{path}' has {', '.join(bad)} geometry; zones must be polygons")
    if frame.crs is None:
        _check_degrees(frame.geometry, path, "has no CRS and is not in lon/lat degrees")
        frame = frame.set_crs(4326)
    frame = frame.to_crs(4326)
    _check_degrees(frame.geometry, path, "has coordinates outside longitude -180..180, latitude -90..90")
    geoms = [_valid_polygons(_short_way_round(g, path), path, i) for i, g in enumerate(frame.geometry, 1)]
    name_col = next((c for c in frame.columns if c.lower() == "name"), None)
    fallback = pd.Series([f"{path.stem}-{i}" for i in range(1, len(frame) + 1)], index=frame.index)
    names = fallback if name_col is None else frame[name_col].astype("string").str.strip().replace("", pd.NA)
    return gpd.GeoDataFrame({"zone_name": names.fillna(fallback).astype(str)}, geometry=geoms, crs=4326)


def _check_degrees(geoms: gpd.GeoSeries, path: Path, problem: str) -> None:
    """:class:`ZoneError` naming *path* unless every coordinate is finite lon/lat."""
    xy = shapely.get_coordinates(geoms.values)
    ok = np.isfinite(xy).all(axis=1) & (np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90)
    if not ok.all():
        x, y = xy[~ok][0]
        raise ZoneError(f"zone file '{path}' {problem} (e.g. {x:g}, {y:g})")


def _short_way_round(geom: shapely.Geometry, path: Path) -> shapely.Geometry:
    """*geom* with each polygon's longitudes unwrapped, so no edge spans more than 180 degrees.

    A polygon drawn across the antimeridian then lies beyond 180 (or -180), which
    :func:`_buffer` folds back into -180..180.
    """
    polys = []
    for poly in shapely.get_parts(geom):
        rings = [_unwrapped(r, path) for r in [poly.exterior, *poly.interiors]]
        ref = rings[0][:, 0].mean()
        rings = [r + [360 * round((ref - r[:, 0].mean()) / 360), 0] for r in rings]  # holes beside their shell
        polys.append(shapely.Polygon(rings[0], rings[1:]))
    return polys[0] if len(polys) == 1 and geom.geom_type == "Polygon" else shapely.MultiPolygon(polys)


def _unwrapped(ring: shapely.LinearRing, path: Path) -> np.ndarray:
    xy = shapely.get_coordinates(ring)
    xy[:, 0] = np.unwrap(xy[:, 0], period=360)
    if len(xy) and xy[0, 0] != xy[-1, 0]:
        raise ZoneError(f"zone file '{path}' has a ring around a pole; split it into polygons that do not enclose one")
    return xy


def _valid_polygons(geom: shapely.Geometry, path: Path, number: int) -> shapely.Geometry:
    """*geom* made valid (its polygonal parts), or :class:`ZoneError` when no area is left."""
    if geom.is_valid:
        return geom
    fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    if fixed.is_empty or fixed.area == 0:
        raise ZoneError(f"zone file '{path}': feature {number} has no area")
    return fixed


def _buffer(geom: shapely.Geometry, km: float) -> shapely.Geometry:
    """*geom* (EPSG:4326) grown by *km* in its own local CRS, back in EPSG:4326.

    Arcs are drawn with 16 segments a quarter circle, so the edge may fall up to
    0.12 % short of *km* between vertices; checked against the WGS84 geodesic, the
    outline of South Ossetia or Abkhazia + 20 to 2000 km stays within 0.15 % of *km*.
    A zone across the antimeridian comes back cut in two there (RFC 7946).
    """
    geom = shapely.make_valid(geom)
    if km == 0:
        return _cut_at_antimeridian(geom)
    dense = gpd.GeoSeries([shapely.segmentize(geom, _DENSIFY_DEG)], crs=4326)
    crs = local_crs(dense)
    grown = dense.to_crs(crs).buffer(km * 1000, quad_segs=_QUAD_SEGS).to_crs(4326).iloc[0]
    operation = crs.coordinate_operation
    assert operation is not None  # local_crs is always a projected (azimuthal equidistant) CRS
    lon0 = next(float(p.value) for p in operation.params if p.name == "Longitude of natural origin")
    return _cut_at_antimeridian(shapely.transform(grown, lambda xy: _beside(xy, lon0)))


def _beside(xy: np.ndarray, lon0: float) -> np.ndarray:
    """Lon/lat pairs with each longitude moved by whole turns to within 180 degrees of *lon0*."""
    out = xy.copy()
    out[:, 0] -= 360 * np.round((xy[:, 0] - lon0) / 360)
    return out


def _cut_at_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    """*geom*, whose longitudes may run past +-180, cut there and folded into -180..180."""
    xmin, _, xmax, _ = geom.bounds
    if xmin >= -180 and xmax <= 180:
        return geom
    pieces = [
        shapely.transform(shapely.intersection(geom, shapely.box(turn - 180, -90, turn + 180, 90)),
                          lambda xy, turn=turn: xy - [turn, 0])
        for turn in (-360, 0, 360)
    ]
    return shapely.union_all([p for p in pieces if not p.is_empty])


def build_zones(
    specs: Sequence[str], regions: gpd.GeoDataFrame | Callable[[], gpd.GeoDataFrame]
) -> gpd.GeoDataFrame:
    """Resolve and buffer zone specs.

    Parameters
    ----------
    specs
        Zone specs (see :func:`parse_zone_spec`). A base ending in ``.geojson``,
        ``.json`` or ``.gpkg`` is a file giving one zone per polygon feature, named
        by its ``name`` property or ``<stem>-<n>``; any other base is the name (or
        an alternate name) of a region or country polygon in *regions*, matched
        ignoring case, accents, dashes and apostrophes. When several polygons share
        the name, a breakaway region wins over a country, a country over an admin-1
        region, and that over other regions.
    regions
        Gazetteer records (EPSG:4326) with columns ``id, name, names, kind, subkind, geometry``, or a
        function giving them: it is called only when a spec names a region (decoding every region
        polygon of the store takes a few tenths of a second).

    Returns
    -------
    GeoDataFrame
        EPSG:4326, columns ``name`` (``"South Ossetia+20km"``), ``label``
        (``"South Ossetia + 20 km"``), ``base_id`` (record id or file path),
        ``buffer_km`` and ``geometry``; one row per zone, the first kept when two
        give the same name.

    Raises
    ------
    ZoneError
        For a bad spec, an unknown name (with suggestions) or an unusable file.
    """
    bases: dict[str, tuple[str, float, str, shapely.Geometry]] = {}
    records = polys = table = None
    for spec in dict.fromkeys(parse_zone_spec(s) for s in specs):
        base, km = spec
        if Path(base).suffix.lower() in ZONE_FILE_SUFFIXES:
            for zone_name, geom in _read_zone_file(Path(base)).itertuples(index=False):
                bases.setdefault(_spec_name(zone_name, km), (zone_name, km, base, geom))
            continue
        if polys is None:
            records = regions() if callable(regions) else regions
            polys = _polygon_records(records)
            table = _name_table(polys)
        try:
            rec = _resolve(base, polys, table)
        except ZoneError:
            rec = _point_record(base, records) if km > 0 else None
            if rec is None:
                raise
        bases.setdefault(_spec_name(rec["name"], km), (rec["name"], km, rec["id"], rec[polys.geometry.name]))
    zones = pd.DataFrame(
        [
            {
                "name": name,
                "label": _spec_label(base, km),
                "base_id": base_id,
                "buffer_km": float(km),
                "geometry": _buffer(geom, km),
            }
            for name, (base, km, base_id, geom) in bases.items()
        ],
        columns=ZONE_COLUMNS,
    )
    return gpd.GeoDataFrame(zones, geometry="geometry", crs=4326)
