"""The :class:`Gazetteer`: the bundled store, its name index, and one call to geoparse."""

from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from rich.console import Console

from . import _store
from ._assets import CoreIndex, asset_heads
from ._conventions import AreaPoints
from ._fuzzy import FuzzyNames
from ._index import NameIndex, build_index, cache_dir, fingerprint, load_index, save_index
from ._mentions import KeyFacts, find_mentions
from ._normalize import name_key
from ._resolve import Context, RecordArrays, Resolution, resolve
from ._spans import route_names, street_names, widen
from ._unknown import unknown_names
from ._unplaced import UnplacedName, UnplacedNames

#: Records whose names count even when they are also common English words.
_STRONG = ("country", "breakaway", "macro-region", "continent", "supranational", "former-state", "ocean")


#: Asset subkinds whose names a misspelling may be read as.
_FUZZY_ASSETS = ("port", "airport", "pipeline-oil", "pipeline-gas", "terminal", "base", "railway")

#: Capitalised in English yet ordinary words: "Toronto Saturday" names no person.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july"
    " august september october november december".split()
)


def _keys(values: pd.Series) -> np.ndarray:
    """``name_key`` of each value (computed once per distinct value)."""
    keys = {v: name_key(v) for v in values.unique()}
    return values.map(keys).to_numpy(object)


def _radius_km(geoms: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Radius of the circle as large as each record's area (0 for points and lines), roughly.

    Square degrees scaled by the cosine of the record's latitude: a confidence
    factor needs the size class, not survey accuracy, and this costs milliseconds.
    """
    deg2 = shapely.area(geoms)
    km2 = deg2 * 111.32**2 * np.cos(np.radians(np.nan_to_num(lat)))
    return np.sqrt(np.abs(km2) / np.pi)


def _names_own_unit(records: gpd.GeoDataFrame) -> np.ndarray:
    """Cities of a million or more whose name is that of the admin-1 unit they lie in (São Paulo)."""
    big = np.flatnonzero(((records["kind"] == "place") & (records["population"] >= 1_000_000)).to_numpy())
    out = np.zeros(len(records), dtype=bool)
    names, units = records["name"].to_numpy()[big], records["admin1"].to_numpy()[big]
    out[big] = [bool(u) and name_key(n) == name_key(u) for n, u in zip(names, units)]
    return out


def _admin1_areas(records: gpd.GeoDataFrame) -> np.ndarray:
    """Admin-1 polygons, prepared for point-in-polygon tests; None for every other record."""
    geoms = records.geometry.to_numpy()
    polygon = (records["subkind"] == "admin1").to_numpy() & np.isin(shapely.get_type_id(geoms), (3, 6))
    out = np.full(len(geoms), None, dtype=object)
    out[polygon] = geoms[polygon]
    shapely.prepare(out[polygon])
    return out


def _names_people(mention: str) -> bool:
    """A plural demonym ("Russians", "AMERICANS") names people, not a place ("Swiss" does both)."""
    low = mention.lower()
    return low.endswith("s") and not low.endswith("ss")


class Gazetteer:
    """Named places, regions, features and assets, and the means to find them in text.

    Parameters
    ----------
    records
        The store (see ``gazetteer/data/PROVENANCE.md`` for its columns).
    demonyms
        Columns ``demonym`` and ``record_id``.
    common_words
        Name keys that are also ordinary English words.
    index
        A prebuilt name index; built from *records* when omitted.
    ordinary_words
        Lower-case English words (a capitalised one next to a name is no first name).
    """

    def __init__(
        self,
        records: gpd.GeoDataFrame,
        demonyms: pd.DataFrame,
        common_words: frozenset[str],
        index: NameIndex | None = None,
        ordinary_words: frozenset[str] = frozenset(),
        assets: pd.DataFrame | None = None,
    ) -> None:
        self.records = records.reset_index(drop=True)
        self.assets = assets if assets is not None else pd.DataFrame(columns=["id", "cores"])
        self.common_words = common_words
        self._everyday = ordinary_words | _CALENDAR
        self._ordinary = self._everyday | common_words
        self.index = index or build_index(
            self.records["names"], self.records["name"], self.records["id"], demonyms,
            dict(zip(self.assets["id"], self.assets["cores"])),
        )
        lon, lat = self.records["lon"].to_numpy(float), self.records["lat"].to_numpy(float)
        self._geonameid = self.records["geonameid"].to_numpy(np.int64)
        self._arrays = RecordArrays(
            ids=self.records["id"].to_numpy(object),  # object, not fixed-width: 150 MB less per process
            names=self.records["name"].to_numpy(object),
            kinds=self.records["kind"].to_numpy(str),
            subkinds=self.records["subkind"].to_numpy(str),
            countries=self.records["country"].to_numpy(str),
            population=self.records["population"].to_numpy(np.int64),
            lon=lon,
            lat=lat,
            admin1=_keys(self.records["admin1"]),
            name_keys=_keys(self.records["name"].where(self.records["subkind"] == "admin1", "")),
            radius_km=_radius_km(self.records.geometry.to_numpy(), lat),
            areas=_admin1_areas(self.records),
            names_own_unit=_names_own_unit(self.records),
        )
        self._strong = np.isin(self._arrays.kinds, _STRONG) | np.isin(self._arrays.subkinds, _STRONG)
        self._is_place = self._arrays.kinds == "place"
        self._is_local = self._is_place | (self._arrays.kinds == "feature") | np.isin(
            self._arrays.subkinds, ("admin1", "admin2"))
        self._facts = KeyFacts.of(
            self.index, self._is_place, self._is_place & (self._arrays.population >= 100_000), self._strong,
            self._is_local,
        )

    @classmethod
    @functools.cache
    def bundled(cls) -> Gazetteer:
        """The gazetteer shipped with cablemap (index cached on disk after first use)."""
        files = [_store.data_file("records.parquet"), _store.data_file("demonyms.tsv")]
        if _store.data_file("assets.parquet").is_file():
            files.append(_store.data_file("assets.parquet"))
        stem = cache_dir() / f"index-{fingerprint(*files)}"
        records = _store.records()
        assets = _store.assets()
        index = load_index(stem)
        if index is None:
            with Console(stderr=True).status("Building the gazetteer name index (once)…"):
                index = build_index(records["names"], records["name"], records["id"], _store.demonyms(),
                                    dict(zip(assets["id"], assets["cores"])))
            try:
                save_index(index, stem)
            except OSError:
                pass  # a read-only home still works, only slower next time
        return cls(records, _store.demonyms(), _store.common_words(), index, _store.ordinary_words(), assets)

    @functools.cached_property
    def _fuzzy(self) -> FuzzyNames:
        a = self._arrays
        # assets: the kinds of the regional catalogue only (a world of plant and field names is too dense)
        prominent = (a.kinds == "country") | np.isin(a.subkinds, _FUZZY_ASSETS) | np.isin(
            a.subkinds, ("admin1", "breakaway", "macro-region", "supranational", "continent")
        ) | (self._is_place & ((a.population >= 15_000) | np.char.startswith(a.subkinds, "PPLA")
                               | (a.subkinds == "PPLC")))
        return FuzzyNames(self.index, prominent, self.common_words)

    @functools.cached_property
    def _cores(self) -> CoreIndex:
        asset_rows = np.flatnonzero(self._arrays.kinds == "asset")
        row_of = dict(zip(self._arrays.ids[asset_rows].tolist(), asset_rows.tolist()))
        return CoreIndex([(row_of[i], c) for i, c in zip(self.assets["id"], self.assets["cores"]) if i in row_of and c],
                         self._arrays.subkinds, name_key)

    @functools.cached_property
    def _id_index(self) -> pd.Index:
        return pd.Index(self._arrays.ids)

    def find(self, text: str, context: Context | None = None) -> list[Resolution]:
        """Find and resolve every mention of a named thing in *text*."""
        context = context or Context()
        mentions = find_mentions(
            text, self.index, self._facts, self._is_place, self.common_words, self._ordinary, self._is_local,
            self._everyday, telegraphic=context.genre == "cable",
        )
        misspelt = self._fuzzy.mentions(text, mentions, self._ordinary)
        if misspelt:
            mentions = sorted([*mentions, *misspelt], key=lambda m: m.start)
        mentions = asset_heads(text, mentions, self._cores.find(text), self._arrays.kinds, self._is_local)
        found = widen(resolve(mentions, self._arrays, context, text), text)
        # "Hertford Road" names a street, not Hertford
        streets = street_names(text, self._english)
        if streets:
            found = [r for r in found if not any(s <= r.start and r.end <= e and (s, e) != (r.start, r.end)
                                                 for s, e in streets)]
        if context.genre == "cable":
            return [r for r in found if self._arrays.subkinds[r.row] != "supranational"]
        return [r for r in found if not (r.demonym and _names_people(r.mention))]

    def point(self, row: int, convention: str = "geonames") -> tuple[float, float]:
        """The representative point (lon, lat) of record *row*: itself, mid-line, or an area's point.

        An area's point follows *convention* (:data:`gazetteer.CONVENTIONS`): GeoNames' own
        (the default), Wikipedia's (the Factbook's coordinates of a country) or the centroid
        of its polygon's main part.
        """
        return self._area_points.point(row, convention)

    @functools.cached_property
    def _area_points(self) -> AreaPoints:
        return AreaPoints(self.records, self._arrays.lon, self._arrays.lat)

    def unknown_names(self, text: str, found: list[Resolution | UnplacedName], *, plainly: bool = False
                      ) -> list[tuple[int, int, str]]:
        """Locative names in *text* that none of *found* covers (see :mod:`gazetteer._unknown`).

        *plainly*: only after prepositions that leave no doubt ("in", "near", "village of").
        """
        return unknown_names(text, [(r.start, r.end) for r in found], self._ordinary, plainly=plainly)

    @functools.cached_property
    def _english(self) -> frozenset[str]:
        """Lower-case English words and demonyms: in capitals no part of a street's name ("CANADIAN WAY")."""
        return self._ordinary | frozenset(d.lower() for d in _store.demonyms()["demonym"])

    def street_names(self, text: str) -> list[tuple[int, int]]:
        """Spans of street and square names ("Hertford Road"): no mention of the town in them."""
        return street_names(text, self._english)

    def route_names(self, text: str, found: list[Resolution]) -> list[tuple[int, int]]:
        """Spans of hyphenated route names the store lacks ("Russia-Georgia-Armenia gas pipeline")."""
        # "BACK-TO-BACK" in capitals is no chain of names: everyday words do not count.
        return route_names(text, found, lambda word: word.lower() not in self._everyday and self.index.key_id(word) >= 0)

    def unplaced_names(self, text: str, found: list[Resolution], genre: str = "cable") -> list[UnplacedName]:
        """Known names without a point ("the West", "Shah Deniz") that none of *found* covers."""
        return self._unplaced.find(text, [(r.start, r.end) for r in found], genre)

    @functools.cached_property
    def _unplaced(self) -> UnplacedNames:
        return UnplacedNames(_store.unplaced_names())

    def geonameid(self, row: int) -> int | None:
        """The GeoNames id of record *row* (its own, or the one its source cites), if any."""
        gid = int(self._geonameid[row])
        return gid or None

    def lookup(self, name: str, kinds: tuple[str, ...] | None = None) -> gpd.GeoDataFrame:
        """Records whose name or alternate name is exactly *name* (case and accents folded)."""
        rows, _ = self.index.lookup(name)
        found = self.records.iloc[np.unique(rows)]
        if kinds is not None:
            found = found[found["kind"].isin(kinds)]
        return found

    def row_of(self, record_id: str) -> int | None:
        """The row of record *record_id*, or ``None`` when the store has no such record."""
        try:
            return int(self._id_index.get_loc(record_id))
        except KeyError:
            return None

    def record(self, record_id: str) -> pd.Series:
        """One record by id (``KeyError`` if there is none)."""
        return self.records.iloc[self._id_index.get_loc(record_id)]

    def country_of(self, place: str) -> str | None:
        """ISO code of the most populous place called *place*, or ``None``."""
        found = self.lookup(place, kinds=("place",))
        if found.empty:
            return None
        return str(found.sort_values("population", ascending=False)["country"].iloc[0]) or None
