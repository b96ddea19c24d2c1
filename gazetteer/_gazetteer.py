"""The :class:`Gazetteer`: the bundled store, its name index, and one call to geoparse."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from . import _store
from ._assets import CoreIndex, asset_heads
from ._automaton import KeyAutomaton
from ._conventions import AreaPoints
from ._fuzzy import FuzzyNames
from ._image import Coded, StoreImage, build_image, cache_dir, cached_image
from ._lexicon import Lexicon
from ._mentions import find_mentions
from ._normalize import name_key
from ._resolve import Context, Resolution, resolve
from ._spans import route_names, street_names, widen
from ._unknown import unknown_names
from ._unplaced import UnplacedName, UnplacedNames
from ._weights import Weights, bundled_weights

#: Capitalised in English yet ordinary words: "Toronto Saturday" names no person.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july"
    " august september october november december".split()
)


def _names_people(mention: str) -> bool:
    """A plural demonym ("Russians", "AMERICANS") names people, not a place ("Swiss" does both)."""
    low = mention.lower()
    return low.endswith("s") and not low.endswith("ss")


class Spanned(Protocol):
    """Anything that covers a span of a text: a :class:`Resolution`, an :class:`UnplacedName`, a caller's own."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


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
    ordinary_words
        Lower-case English words (a capitalised one next to a name is no first name).
    assets
        What the store knows of each asset besides its record (see :func:`gazetteer._store.assets`).
    weights
        What the resolver weighs evidence with (default: the bundled ``weights.json``).
    """

    def __init__(
        self,
        records: gpd.GeoDataFrame,
        demonyms: pd.DataFrame,
        common_words: frozenset[str],
        ordinary_words: frozenset[str] = frozenset(),
        assets: pd.DataFrame | None = None,
        weights: Weights | None = None,
    ) -> None:
        table = pa.Table.from_pandas(records.to_wkb(), preserve_index=False)
        assets = assets if assets is not None else pd.DataFrame(columns=["id", "cores"])
        image = build_image(table, demonyms, dict(zip(assets["id"], assets["cores"])))
        self._setup(image, demonyms, common_words, ordinary_words, lambda: assets, weights or bundled_weights())

    def _setup(self, image: StoreImage, demonyms: pd.DataFrame, common_words: frozenset[str],
               ordinary_words: frozenset[str], assets, weights: Weights, folder: Path | None = None) -> None:
        self.weights = weights  #: what the resolver weighs evidence with
        self._folder = folder
        self._image = image
        self._demonyms = demonyms
        self._assets = assets
        self.index = image.index
        self.common_words = common_words
        self._everyday = ordinary_words | _CALENDAR
        self._ordinary = self._everyday | common_words
        self._arrays = image.arrays
        self._geonameid = image.extra["geonameid"]
        self._is_local = image.extra["is_local"]
        self._lexicon = Lexicon(self.index, image.facts, image.arrays.is_place, self._is_local, common_words,
                                self._ordinary, self._everyday)

    @classmethod
    def bundled(cls) -> Gazetteer:
        """The gazetteer shipped with cablemap (its image cached in :func:`~gazetteer.cache_dir`)."""
        return cls.from_store()

    @classmethod
    def from_store(cls, path: str | os.PathLike | None = None, *, cache: str | os.PathLike | None = None) -> Gazetteer:
        """The gazetteer of the store folder *path* (``None``: the bundled store), once per process.

        A store folder is what ``cablemap gazetteer build`` writes; files it lacks are taken
        from the bundled store. The store's image is built once (about 20 s) into *cache*
        (default :func:`~gazetteer.cache_dir`) and memory-mapped from there afterwards.

        >>> Gazetteer.from_store() is Gazetteer.bundled()
        True
        """
        folder = None if path is None else _store.check_store(Path(path).expanduser())
        return _from_store(folder, Path(cache).expanduser() if cache is not None else cache_dir())

    def attribution(self) -> list[dict[str, str]]:
        """Data credits of this gazetteer's store: dicts with ``name``, ``licence`` and ``url-text``."""
        return _store.attribution(self._folder)

    @functools.cached_property
    def records(self) -> gpd.GeoDataFrame:
        """Every record as a GeoDataFrame (EPSG:4326; decoding all of it takes a second: prefer :meth:`take`)."""
        return self._image.frame()

    def take(self, rows) -> gpd.GeoDataFrame:
        """The records at *rows* (record row numbers), in that order, as a GeoDataFrame (EPSG:4326)."""
        return self._image.frame(np.asarray(rows, dtype=np.int64))

    def rows_of_kind(self, *kinds: str) -> np.ndarray:
        """Rows of the records of *kinds* (``place``, ``region``, ``country``, ``asset``, ``feature``)."""
        coded = self._arrays.kinds
        assert isinstance(coded, Coded)  # as in every image (see gazetteer._image)
        return np.flatnonzero(np.isin(coded.values, kinds)[coded.codes])

    @functools.cached_property
    def regions(self) -> gpd.GeoDataFrame:
        """The region and country records (what a zone may be named after)."""
        return self.take(self.rows_of_kind("region", "country"))

    def assets_touching(self, area: shapely.Geometry) -> gpd.GeoDataFrame:
        """The asset records whose geometry intersects *area* (EPSG:4326), in store order.

        Their bounding boxes (in the image) narrow the search: only candidates are decoded.
        """
        rows = self.rows_of_kind("asset")
        if area.is_empty or not len(rows):
            return self.take(rows[:0])
        minx, miny, maxx, maxy = area.bounds
        box = self._image.extra["bounds"][rows]
        rows = rows[(box[:, 0] <= maxx) & (box[:, 2] >= minx) & (box[:, 1] <= maxy) & (box[:, 3] >= miny)]
        found = self.take(rows)
        shapely.prepare(area)
        return found[shapely.intersects(area, found.geometry.to_numpy())]

    @functools.cached_property
    def assets(self) -> pd.DataFrame:
        """What the store knows of each asset besides its record (see :func:`gazetteer._store.assets`)."""
        return self._assets()

    def column(self, name: str, rows=None) -> np.ndarray:
        """``country``, ``subkind``, ``kind``, ``accuracy_m`` or ``geom_type`` (shapely type id) of the
        records at *rows* (every record when None)."""
        a = self._arrays
        column = {"country": a.countries, "subkind": a.subkinds, "kind": a.kinds}.get(name, self._image.extra.get(name))
        if column is None:
            raise KeyError(name)
        return np.asarray(column[np.arange(len(column)) if rows is None else np.asarray(rows, dtype=np.int64)])

    def prepare_for_many_texts(self) -> None:
        """Match names with an Aho–Corasick automaton from now on (see :mod:`gazetteer._automaton`).

        Building it takes about 0.8 s and 120 MB; each text is then read about 1 ms faster. A
        corpus worker does it; the results are the same either way.
        """
        if self._lexicon.automaton is None:
            self._lexicon = dataclasses.replace(self._lexicon, automaton=KeyAutomaton(self.index))

    @functools.cached_property
    def _fuzzy(self) -> FuzzyNames:
        return FuzzyNames(self.index, self._image.extra["prominent"], self.common_words, self._image.fuzzy)

    @functools.cached_property
    def _cores(self) -> CoreIndex:
        return CoreIndex(self._image.cores, self._arrays.subkinds, name_key)

    def find(self, text: str, context: Context | None = None) -> list[Resolution]:
        """Find and resolve every mention of a named thing in *text*."""
        context = context or Context()
        mentions = find_mentions(text, self._lexicon, telegraphic=context.genre == "cable")
        misspelt = self._fuzzy.mentions(text, mentions, self._ordinary)
        if misspelt:
            mentions = sorted([*mentions, *misspelt], key=lambda m: m.start)
        mentions = asset_heads(text, mentions, self._cores.find(text), self._arrays.kinds, self._is_local)
        found = widen(resolve(mentions, self._arrays, context, text, self.weights), text)
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
        return AreaPoints(self._arrays.kinds, self._arrays.countries, self._image.geometry, self._arrays.lon,
                          self._arrays.lat)

    def unknown_names(self, text: str, found: Sequence[Spanned], *, plainly: bool = False
                      ) -> list[tuple[int, int, str]]:
        """Locative names in *text* that none of *found* covers (see :mod:`gazetteer._unknown`).

        *plainly*: only after prepositions that leave no doubt ("in", "near", "village of"). Names made of
        English words and demonyms are no unknown places ("in English", "in Spanish").
        """
        return unknown_names(text, [(r.start, r.end) for r in found], self._english, plainly=plainly)

    @functools.cached_property
    def _english(self) -> frozenset[str]:
        """Lower-case English words and demonyms: in capitals no part of a street's name ("CANADIAN WAY"), and
        no unknown place name ("in Spanish")."""
        return self._ordinary | frozenset(d.lower() for d in self._demonyms["demonym"])

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
        return UnplacedNames(_store.unplaced_names(self._folder))

    def geonameid(self, row: int) -> int | None:
        """The GeoNames id of record *row* (its own, or the one its source cites), if any."""
        gid = int(self._geonameid[row])
        return gid or None

    def lookup(self, name: str, kinds: tuple[str, ...] | None = None) -> gpd.GeoDataFrame:
        """Records whose name or alternate name is exactly *name* (case and accents folded)."""
        rows, _ = self.index.lookup(name)
        found = self.take(np.unique(rows))
        if kinds is not None:
            found = found[found["kind"].isin(kinds)]
        return found

    def row_of(self, record_id: str) -> int | None:
        """The row of record *record_id*, or ``None`` when the store has no such record."""
        row = self._image.row_of(record_id)
        return None if row < 0 else row

    def rows_of(self, record_ids) -> np.ndarray:
        """The row of each of *record_ids* (-1 where the store has no such record)."""
        return np.array([self._image.row_of(i) for i in record_ids], dtype=np.int64)

    def record(self, record_id: str) -> pd.Series:
        """One record by id (``KeyError`` if there is none)."""
        row = self._image.row_of(record_id)
        if row < 0:
            raise KeyError(record_id)
        return self.take([row]).iloc[0]

    def country_of(self, place: str) -> str | None:
        """ISO code of the most populous place called *place*, or ``None``."""
        rows = np.unique(self.index.lookup(place)[0])
        rows = rows[self.column("kind", rows) == "place"]  # read from the arrays: no records decoded
        if not len(rows):
            return None
        # pandas' sort, as on the frame of lookup(): places of equal population tie-break the same way
        by_population = pd.Series(self._arrays.population[rows]).sort_values(ascending=False)
        return str(self._arrays.countries[rows[by_population.index[0]]]) or None


@functools.cache
def _from_store(folder: Path | None, cache: Path) -> Gazetteer:
    files = [_store.data_file(name, folder) for name in ("records.parquet", "demonyms.tsv")]
    if _store.data_file("assets.parquet", folder).is_file():
        files.append(_store.data_file("assets.parquet", folder))

    def build() -> StoreImage:
        assets = _store.assets(folder)
        return build_image(_store.records_table(folder), _store.demonyms(folder), dict(zip(assets["id"], assets["cores"])))

    def announce():
        from rich.console import Console

        return Console(stderr=True).status("Building the gazetteer's image (once)…")

    gaz = Gazetteer.__new__(Gazetteer)
    gaz._setup(cached_image(cache, files, build, announce), _store.demonyms(folder), _store.common_words(folder),
               _store.ordinary_words(folder), functools.partial(_store.assets, folder), bundled_weights(), folder)
    return gaz
