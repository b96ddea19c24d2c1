"""The store image: the store as flat arrays, a name trie and an Arrow table, loaded memory-mapped.

Reading ``records.parquet`` into pandas takes a second and some 500 MB per process,
and a one-cable run reads a few hundred of its 300,000 records. The image holds what
matching and resolving read (per-record codes, flags and numbers; per-key facts; the
name trie) as ``.npy`` files and a MARISA trie, the records themselves (geometry as WKB)
as an uncompressed Arrow file for reading many at once, and as JSON lines for reading a
few. Loading it maps the files: a process pays for the pages it touches, and corpus
workers share them. It is built once per store (a few seconds) and
cached in the folder the caller names (by default ``~/.cache/cablemap``), under a hash of the store files it was built from.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import mmap
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import marisa_trie
import numpy as np
import pandas as pd
import platformdirs
import pyarrow as pa
import shapely

from ._fuzzy import KeyBuckets
from ._index import NameIndex, build_index
from ._lexicon import KeyFacts
from ._normalize import name_key
from ._resolve import RecordArrays
from .atomic import replacing

#: Bump when the image layout or anything derived into it changes, so stale caches are rebuilt.
IMAGE_VERSION = 3

#: Records whose names count even when they are also common English words.
STRONG = ("country", "breakaway", "macro-region", "continent", "supranational", "former-state", "ocean")
#: Asset subkinds whose names a misspelling may be read as.
_FUZZY_ASSETS = ("port", "airport", "pipeline-oil", "pipeline-gas", "terminal", "base", "railway")
_FUZZY_REGIONS = ("admin1", "breakaway", "macro-region", "supranational", "continent")


class Coded:
    """A string column as integer codes into its distinct values: numpy indexing gives the strings."""

    def __init__(self, codes: np.ndarray, values: np.ndarray) -> None:
        self.codes, self.values = codes, values

    @classmethod
    def of(cls, column: np.ndarray) -> Coded:
        values, codes = np.unique(column, return_inverse=True)
        return cls(codes.astype(np.int32), values)

    def __getitem__(self, i):
        return self.values[self.codes[i]]

    def __len__(self) -> int:
        return len(self.codes)


class TextColumn:
    """A column of strings as one UTF-8 blob and the byte offset of each value: numpy-style indexing
    by row reads just those values (from memory, or from a memory-mapped file)."""

    def __init__(self, offsets: np.ndarray, read: Callable[[int, int], bytes]) -> None:
        self.offsets, self._read = offsets, read
        self._at = np.ascontiguousarray(offsets, dtype=np.int64).data  # Python ints per read

    @classmethod
    def of(cls, values: list[str]) -> TextColumn:
        """The column of *values*, in memory."""
        encoded = [v.encode() for v in values]
        blob = b"".join(encoded)
        offsets = np.concatenate(([0], np.cumsum([len(v) for v in encoded]))).astype(np.int64)
        return cls(offsets, lambda start, end: blob[start:end])

    @classmethod
    def open(cls, path: Path, offsets: np.ndarray) -> TextColumn:
        """The column whose blob is file *path*, memory-mapped: a value read is a slice, no system call."""
        with open(path, "rb") as f:
            if not os.fstat(f.fileno()).st_size:
                return cls(offsets, lambda start, end: b"")
            blob = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return cls(offsets, lambda start, end: blob[start:end])

    def write(self, path: Path) -> None:
        """Write the blob to *path* (the offsets go elsewhere)."""
        path.write_bytes(self._read(0, int(self.offsets[-1])))

    def __getitem__(self, i):
        if isinstance(i, (int, np.integer)):
            i = int(i)
            return self._read(self._at[i], self._at[i + 1]).decode()
        return np.array([self[r] for r in np.asarray(i).tolist()], dtype=object)

    def __len__(self) -> int:
        return len(self.offsets) - 1


class RowStore:
    """The records one JSON array each (geometry as hex WKB), read by row.

    Reading a few hundred scattered records this way reads a few hundred lines, where
    reading them from the memory-mapped Arrow file would map tens of MB around them.
    """

    def __init__(self, columns: list[str], lines: TextColumn) -> None:
        self.columns, self.lines = columns, lines
        # names recur across texts: a corpus run reads the same few thousand records again and again
        self.row = functools.lru_cache(maxsize=16384)(self._row)

    @classmethod
    def of(cls, table: pa.Table) -> RowStore:
        """The row store of *table*, in memory."""
        values = [table.column(c).to_pylist() for c in table.column_names]
        geometry = table.column_names.index("geometry")
        values[geometry] = [None if v is None else v.hex() for v in values[geometry]]
        return cls(table.column_names, TextColumn.of(
            [json.dumps(row, ensure_ascii=False) + "\n" for row in zip(*values)]))

    def _row(self, row: int) -> list:
        """The values of record *row*, in column order (do not change them: they are cached)."""
        return json.loads(self.lines[row])

    def value(self, row: int, column: str):
        """One value of record *row*."""
        return self.row(row)[self.columns.index(column)]


class Areas:
    """Admin-1 polygons by record row (None for every other row), decoded and prepared when first read.

    The same row always gives the same geometry object (callers group by identity).
    """

    def __init__(self, store: RowStore, polygon: np.ndarray) -> None:
        self._store, self._polygon = store, polygon
        self._decoded: dict[int, shapely.Geometry] = {}

    def _one(self, row: int) -> shapely.Geometry | None:
        if not self._polygon[row]:
            return None
        if row not in self._decoded:
            geom = shapely.from_wkb(self._store.value(row, "geometry"))
            shapely.prepare(geom)
            self._decoded[row] = geom
        return self._decoded[row]

    def __getitem__(self, i):
        if isinstance(i, (int, np.integer)):
            return self._one(int(i))
        out = np.full(len(i), None, dtype=object)
        for k, row in enumerate(np.asarray(i).tolist()):
            out[k] = self._one(row)
        return out

    def __len__(self) -> int:
        return len(self._polygon)


@dataclass(frozen=True)
class StoreImage:
    """What a :class:`~gazetteer.Gazetteer` reads: records, their arrays, the name index and its facts."""

    table: pa.Table  #: the records, geometry as WKB (column ``geometry``), for reading many at once
    rows: RowStore  #: the same, for reading a few
    arrays: RecordArrays
    index: NameIndex
    facts: KeyFacts
    #: per record row: ``is_local``, ``prominent`` (fuzzy targets), ``geonameid``, ``accuracy_m``, ``geom_type``,
    #: ``admin1_polygon``, ``bounds`` (n x 4)
    extra: dict[str, np.ndarray]
    cores: tuple[tuple[int, str], ...]  #: (asset row, its ``|``-joined core names) of every asset with cores
    fuzzy: KeyBuckets  #: the keys a misspelling may be read as
    ids: marisa_trie.Trie  #: record ids; ``id_rows[ids[id]]`` is the record's row
    id_rows: np.ndarray

    def row_of(self, record_id: str) -> int:
        """The row of record *record_id*, or -1."""
        key = self.ids.get(record_id, -1)
        return -1 if key < 0 else int(self.id_rows[key])

    def frame(self, rows: np.ndarray | None = None):
        """The records at *rows* (all when None), in that order, as a GeoDataFrame (EPSG:4326).

        Rows are read value by value: Arrow's ``take`` would read whole string columns.
        """
        import geopandas as gpd

        runs = [] if rows is None else _runs(np.asarray(rows, dtype=np.int64))
        if rows is None or not runs or len(rows) >= 1000 and len(runs) <= len(rows) // 1000:  # (a few rows: one by one)
            # all the records, none (the store's column types kept), or long runs of them (the regions,
            # the assets): column by column
            table = self.table if rows is None else pa.concat_tables(
                [self.table.slice(start, end - start) for start, end in runs or [(0, 0)]]).combine_chunks()
            frame = table.drop_columns(["geometry"]).replace_schema_metadata(None).to_pandas()
            if rows is not None:
                frame.index = pd.Index(np.asarray(rows, dtype=np.int64))  # indexed like ``records.iloc[rows]``
            wkb = table.column("geometry").to_numpy(zero_copy_only=False)
        else:
            rows = np.asarray(rows, dtype=np.int64)
            values = [self.rows.row(r) for r in rows.tolist()]
            columns = dict(zip(self.rows.columns, map(list, zip(*values)))) if values else {
                c: [] for c in self.rows.columns}
            wkb = np.array([None if v is None else bytes.fromhex(v) for v in columns.pop("geometry")], dtype=object)
            if "names" in columns:
                columns["names"] = [None if v is None else np.array(v, dtype=object) for v in columns["names"]]
            frame = pd.DataFrame(columns, index=pd.Index(rows))  # indexed like ``records.iloc[rows]``
            for field in self.table.schema:  # numbers keep the store's types
                if field.name in frame and (pa.types.is_integer(field.type) or pa.types.is_floating(field.type)):
                    frame[field.name] = frame[field.name].astype(field.type.to_pandas_dtype())
        return gpd.GeoDataFrame(frame, geometry=shapely.from_wkb(wkb), crs="EPSG:4326")

    def geometry(self, row: int) -> shapely.Geometry:
        """The geometry of record *row*."""
        return shapely.from_wkb(self.rows.value(row, "geometry"))


def _runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """*rows* as ``(start, end)`` runs of consecutive row numbers, in order."""
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    return [(int(run[0]), int(run[-1]) + 1) for run in np.split(rows, breaks)]


def build_image(table: pa.Table, demonyms: pd.DataFrame, cores: dict[str, str]) -> StoreImage:
    """The image of a store: *table* as read from ``records.parquet``, *cores* asset id -> core names."""
    table = table.combine_chunks()
    col = {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.column_names if name != "geometry"}
    geoms = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    kinds, subkinds = col["kind"].astype(str), col["subkind"].astype(str)
    population = col["population"].astype(np.int64)
    lat = col["lat"].astype(float)
    type_id = shapely.get_type_id(geoms)
    index = build_index(pd.Series(col["names"]), pd.Series(col["name"]), pd.Series(col["id"]), demonyms, cores)
    arrays = RecordArrays.derive(
        ids=col["id"], names=col["name"], kinds=kinds, subkinds=subkinds, countries=col["country"].astype(str),
        population=population, lon=col["lon"].astype(float), lat=lat,
        admin1=_keys(col["admin1"]), name_keys=_keys(np.where(subkinds == "admin1", col["name"], "").astype(object)),
        radius_km=_radius_km(geoms, lat),
        names_own_unit=_names_own_unit(kinds, population, col["name"], col["admin1"]),
    )
    is_place = kinds == "place"
    strong = np.isin(kinds, STRONG) | np.isin(subkinds, STRONG)
    is_local = is_place | (kinds == "feature") | np.isin(subkinds, ("admin1", "admin2"))
    prominent = (kinds == "country") | np.isin(subkinds, _FUZZY_ASSETS) | np.isin(subkinds, _FUZZY_REGIONS) | (
        is_place & ((population >= 15_000) | np.char.startswith(subkinds, "PPLA") | (subkinds == "PPLC")))
    facts = KeyFacts.of(index, is_place, is_place & (population >= 100_000), strong, is_local)
    row_of = {rid: i for i, rid in enumerate(col["id"].tolist())}
    extra = {
        "is_local": is_local, "prominent": prominent, "geonameid": col["geonameid"].astype(np.int64),
        "accuracy_m": col["accuracy_m"].astype(float), "geom_type": type_id.astype(np.int8),
        "admin1_polygon": (subkinds == "admin1") & np.isin(type_id, (3, 6)),
        "bounds": shapely.bounds(geoms),  # minx, miny, maxx, maxy (NaN for an empty geometry)
    }
    # (Any: mypy cannot tell which field a key names; the dataclass takes them by name)
    coded: dict[str, Any] = {f.name: Coded.of(getattr(arrays, f.name)) for f in dataclasses.fields(RecordArrays)
                             if f.name in _CODED}
    store = RowStore.of(table)
    arrays = dataclasses.replace(arrays, ids=TextColumn.of(col["id"].tolist()), names=TextColumn.of(col["name"].tolist()),
                                 **coded,
                                 areas=Areas(store, extra["admin1_polygon"]))
    found = tuple((row_of[i], c) for i, c in cores.items() if i in row_of and c)
    ids = marisa_trie.Trie(col["id"].tolist())
    id_rows = np.empty(len(ids), dtype=np.int64)
    id_rows[[ids[i] for i in col["id"].tolist()]] = np.arange(len(col["id"]))
    return StoreImage(table, store, arrays, index, facts, extra, tuple(sorted(found)),
                      KeyBuckets.of(index, prominent), ids, id_rows)


#: RecordArrays string fields kept as codes into their distinct values.
_CODED = ("kinds", "subkinds", "countries", "admin1", "name_keys", "area")
#: RecordArrays fields not saved as arrays (read from the Arrow table).
_FROM_TABLE = ("ids", "names", "areas")


def _keys(values: np.ndarray) -> np.ndarray:
    """``name_key`` of each value (computed once per distinct value), as an object array."""
    keys = {v: name_key(v) for v in set(values.tolist())}
    return np.array([keys[v] for v in values.tolist()], dtype=object)


def _radius_km(geoms: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Radius of the circle as large as each record's area (0 for points and lines), roughly.

    Square degrees scaled by the cosine of the record's latitude: a confidence
    factor needs the size class, not survey accuracy.
    """
    km2 = shapely.area(geoms) * 111.32**2 * np.cos(np.radians(np.nan_to_num(lat)))
    return np.sqrt(np.abs(km2) / np.pi)


def _names_own_unit(kinds: np.ndarray, population: np.ndarray, names: np.ndarray, admin1: np.ndarray) -> np.ndarray:
    """Cities of a million or more whose name is that of the admin-1 unit they lie in (São Paulo)."""
    big = np.flatnonzero((kinds == "place") & (population >= 1_000_000))
    out = np.zeros(len(kinds), dtype=bool)
    out[big] = [bool(u) and name_key(n) == name_key(u) for n, u in zip(names[big], admin1[big])]
    return out


def cache_dir() -> Path:
    """Where store images are cached unless told otherwise: the user's cache folder (``~/.cache/cablemap``)."""
    return platformdirs.user_cache_path("cablemap")


def fingerprint(*files: Traversable) -> str:
    """A short hash of the image version and the files it is built from."""
    h = hashlib.sha256(f"image {IMAGE_VERSION}".encode())
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


#: Fingerprints remembered in the cache folder (reading and hashing the store took a tenth of a one-cable command).
_KNOWN_FINGERPRINTS = "fingerprints.json"
#: How many (stamp, fingerprint) pairs that file keeps.
_KEEP_FINGERPRINTS = 8


def _stamp(files: Iterable[Traversable]) -> str | None:
    """The image version and each file's path, size and modification time; None when one is no file on disk."""
    lines = [f"image {IMAGE_VERSION}"]
    for f in files:
        if not isinstance(f, Path):
            return None
        st = f.stat()
        lines.append(f"{f.resolve()}\t{st.st_size}\t{st.st_mtime_ns}")
    return "\n".join(lines)


def remembered_fingerprint(cache: Path, files: list[Traversable]) -> str:
    """:func:`fingerprint` of *files*, remembered in *cache* by their paths, sizes and modification times."""
    stamp = _stamp(files)
    memo = cache / _KNOWN_FINGERPRINTS
    known: dict[str, str] = {}
    if stamp is not None:
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(memo.read_text(encoding="utf-8"))
            known = {k: v for k, v in loaded.items() if isinstance(v, str)} if isinstance(loaded, dict) else {}
        if stamp in known:
            return known[stamp]
    value = fingerprint(*files)
    if stamp is not None:
        known = {**dict(list(known.items())[-(_KEEP_FINGERPRINTS - 1) :]), stamp: value}  # the newest few
        with contextlib.suppress(OSError):
            cache.mkdir(parents=True, exist_ok=True)
            with replacing(memo) as tmp:
                tmp.write_text(json.dumps(known), encoding="utf-8")
    return value


def save_image(image: StoreImage, folder: Path) -> None:
    """Write *image* to *folder* (built in a temp folder beside it, then renamed into place)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    try:
        with pa.OSFile(str(tmp / "records.arrow"), "wb") as sink, pa.ipc.new_file(sink, image.table.schema) as w:
            w.write_table(image.table)
        image.index.trie.save(str(tmp / "names.marisa"))
        image.ids.save(str(tmp / "ids.marisa"))
        image.rows.lines.write(tmp / "records.jsonl")
        ids, names = image.arrays.ids, image.arrays.names
        assert isinstance(ids, TextColumn) and isinstance(names, TextColumn)  # as in every image (build_image)
        ids.write(tmp / "ids.txt")
        names.write(tmp / "names.txt")
        arrays: dict[str, np.ndarray] = {
            "index.ptr": image.index.ptr, "index.rec": image.index.rec, "index.flags": image.index.flags,
            **{f"facts.{f.name}": getattr(image.facts, f.name) for f in dataclasses.fields(KeyFacts)},
            **{f"extra.{k}": v for k, v in image.extra.items()},
            "cores.rows": np.array([r for r, _ in image.cores], dtype=np.int64),
            "rows.offsets": image.rows.lines.offsets, "id_rows": image.id_rows,
            "ids.offsets": ids.offsets, "names.offsets": names.offsets,
        }
        for f in dataclasses.fields(RecordArrays):
            value = getattr(image.arrays, f.name)
            if f.name in _CODED:
                arrays[f"rec.{f.name}.codes"] = value.codes
                arrays[f"rec.{f.name}.values"] = value.values.astype(str)
            elif f.name not in _FROM_TABLE:
                arrays[f"rec.{f.name}"] = value
        for name, value in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(value), allow_pickle=False)
        (tmp / "fuzzy.txt").write_bytes(image.fuzzy.text.encode("utf-8"))
        (tmp / "cores.txt").write_bytes("".join(f"{c}\n" for _, c in image.cores).encode("utf-8"))
        (tmp / "image.json").write_text(json.dumps({
            "version": IMAGE_VERSION, "longest": image.index.longest, "fuzzy": image.fuzzy.spans,
            "columns": image.rows.columns,
            "object": [f.name for f in dataclasses.fields(RecordArrays)
                       if f.name in _CODED and getattr(image.arrays, f.name).values.dtype == object],
        }), encoding="utf-8")
        try:
            os.replace(tmp, folder)
        except OSError:
            if not (folder / "image.json").is_file():  # not another process's image: a real failure
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_image(folder: Path) -> StoreImage | None:
    """The image in *folder*, memory-mapped, or ``None`` when there is none (or it is unreadable)."""
    try:
        meta = json.loads((folder / "image.json").read_text(encoding="utf-8"))
        if meta.get("version") != IMAGE_VERSION:
            return None
        table = pa.ipc.open_file(pa.memory_map(str(folder / "records.arrow"))).read_all()

        def arr(name: str) -> np.ndarray:
            # a plain view: np.memmap's own indexing goes through Python on every read
            return np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)

        trie = marisa_trie.Trie()
        trie.mmap(str(folder / "names.marisa"))
        index = NameIndex(trie, arr("index.ptr"), arr("index.rec"), arr("index.flags"), int(meta["longest"]))
        facts = KeyFacts(**{f.name: arr(f"facts.{f.name}") for f in dataclasses.fields(KeyFacts)})
        extra = {name: arr(f"extra.{name}") for name in
                 ("is_local", "prominent", "geonameid", "accuracy_m", "geom_type", "admin1_polygon", "bounds")}
        # (Any: Coded or array by field, which mypy cannot tell from a key; the dataclass takes them by name)
        fields: dict[str, Any] = {}
        for f in dataclasses.fields(RecordArrays):
            if f.name in _CODED:
                values = np.load(folder / f"rec.{f.name}.values.npy", allow_pickle=False)
                fields[f.name] = Coded(arr(f"rec.{f.name}.codes"),
                                       values.astype(object) if f.name in meta["object"] else values)
            elif f.name not in _FROM_TABLE:
                fields[f.name] = arr(f"rec.{f.name}")
        store = RowStore(meta["columns"], TextColumn.open(folder / "records.jsonl", arr("rows.offsets")))
        arrays = RecordArrays(ids=TextColumn.open(folder / "ids.txt", arr("ids.offsets")),
                              names=TextColumn.open(folder / "names.txt", arr("names.offsets")),
                              areas=Areas(store, extra["admin1_polygon"]), **fields)
        # bytes decoded at once: read_text's newline translation makes it three times slower on these megabytes
        names = (folder / "cores.txt").read_bytes().decode("utf-8").split("\n")[:-1]
        cores = tuple(zip(arr("cores.rows").tolist(), names))
        fuzzy = KeyBuckets((folder / "fuzzy.txt").read_bytes().decode("utf-8"),
                           {k: tuple(v) for k, v in meta["fuzzy"].items()})
        ids = marisa_trie.Trie()
        ids.mmap(str(folder / "ids.marisa"))
        return StoreImage(table, store, arrays, index, facts, extra, cores, fuzzy, ids, arr("id_rows"))
    except (OSError, ValueError, KeyError, pa.ArrowInvalid):
        return None


def cached_image(cache: Path, files: Iterable[Traversable], build: Callable[[], StoreImage], announce) -> StoreImage:
    """The image of the store made of *files*: from the *cache* folder, else *build* (inside *announce*) and cache it."""
    folder = cache / f"image-{remembered_fingerprint(cache, list(files))}"
    image = load_image(folder)
    if image is not None:
        return image
    with announce():
        image = build()
    try:
        shutil.rmtree(folder, ignore_errors=True)  # an unreadable (partial, foreign) image
        save_image(image, folder)
    except OSError:
        return image  # a read-only home still works, only slower next time
    return load_image(folder) or image
