"""Build a gazetteer store from a GeoNames dump the user downloaded.

Reads ``allCountries.zip``, a country file (``GE.zip``), ``cities500.zip`` or the
bare ``.txt`` (or ``.txt.gz``) in the GeoNames 19-column format, streaming in
blocks, and writes ``records.parquet`` (the schema of ``gazetteer/data``) plus
``common_words.txt`` into a store folder. By default the bundled records stay
and the dump adds what they lack: rows whose geonameid a bundled record
already stands for (``geonames:<id>``, or ``geonameid=<id>`` in its note) are
skipped, and so are countries, admin-1 units and continents whose name the
bundled record of that kind and country already has. A bundled country,
admin-1 unit or continent whose geonameid the dump holds takes the dump's point
(GeoNames' own, where benchmarks annotated with GeoNames expect it); its
polygon stays.

Rules for dump rows:

- ``id`` ``geonames:<geonameid>``; ``source`` ``GeoNames <file> (CC BY 4.0)``.
- ``name`` and ``names`` as for the bundled cities500 places (PROVENANCE.md):
  an English-friendly display name, ``name``, ``asciiname`` and the alternate
  names, Latin script only. With ``alternate_names`` (``alternateNamesV2.txt``
  or the older 8-column ``alternateNames.txt``, bare or zipped) only English,
  unlabelled and ``abbr`` names are taken from that file, never links,
  postal, IATA/ICAO or other-language names.
- ``kind``/``subkind`` from the feature code (:data:`CODES`), else from the
  feature class (:data:`CLASSES`, subkind = the GeoNames feature code).
- ``accuracy_m``: places the town radius of the bundled build (at least 2 km);
  other features a rough half-extent of that feature type (:data:`CODES`).
- ``admin1`` is left empty (the dump holds codes, not names).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import shapely
from pyproj import CRS
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from ._normalize import name_key
from .atomic import replacing
from .build import (
    _CODE,
    _GN_COLS,
    COLUMNS,
    DATA,
    _display_name,
    _frame,
    _is_latin,
    _merge_names,
    _source_alternates,
    _town_accuracy,
)
from .errors import GazetteerError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

#: Feature code -> (kind, subkind, accuracy_m) where the store has a word for it.
CODES: dict[str, tuple[str, str, float]] = {
    **{c: ("country", "admin0", 100_000.0) for c in ("PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX")},
    "ADM1": ("region", "admin1", 25_000.0),
    "ADM2": ("region", "admin2", 10_000.0),
    **{c: ("region", "admin" + c[-1], 5_000.0) for c in ("ADM3", "ADM4", "ADM5")},
    "TERR": ("region", "territory", 50_000.0),
    "CONT": ("region", "continent", 100_000.0),
    "RGN": ("feature", "physical-region", 25_000.0),
    "OCN": ("feature", "ocean", 100_000.0),
    "SEA": ("feature", "sea", 50_000.0),
    "GULF": ("feature", "gulf", 20_000.0),
    "BAY": ("feature", "bay", 5_000.0),
    "STRT": ("feature", "strait", 10_000.0),
    "LK": ("feature", "lake", 2_000.0),
    "RSV": ("feature", "reservoir", 2_000.0),
    "STM": ("feature", "river", 10_000.0),
    "MTS": ("feature", "range", 25_000.0),
    "MT": ("feature", "mountain", 1_000.0),
    "PK": ("feature", "mountain", 1_000.0),
    "PLAT": ("feature", "plateau", 10_000.0),
    "CAPE": ("feature", "cape", 1_000.0),
    "LGN": ("feature", "lagoon", 2_000.0),
    "SD": ("feature", "sound", 5_000.0),
    "CHNM": ("feature", "channel", 10_000.0),
    "PASS": ("feature", "pass", 1_000.0),
    "ISL": ("feature", "island", 2_000.0),
    "PEN": ("feature", "peninsula", 10_000.0),
    "DSRT": ("feature", "desert", 50_000.0),
    "VAL": ("feature", "valley", 5_000.0),
    "AIRP": ("asset", "airport", 2_000.0),
    "AIRF": ("asset", "airport", 2_000.0),
    "AIRB": ("asset", "base", 2_000.0),
    "MILB": ("asset", "base", 2_000.0),
    "INSM": ("asset", "base", 2_000.0),
    "PRT": ("asset", "port", 2_000.0),
}
#: Feature class -> (kind, accuracy_m) for the other codes (places: town radius).
CLASSES: dict[str, tuple[str, float]] = {
    "A": ("region", 10_000.0), "P": ("place", 2_000.0), "H": ("feature", 5_000.0),
    "L": ("feature", 10_000.0), "R": ("feature", 2_000.0), "S": ("feature", 1_000.0),
    "T": ("feature", 2_000.0), "U": ("feature", 10_000.0), "V": ("feature", 5_000.0),
}
_ALT_COLS = ["altid", "geonameid", "lang", "name", "preferred", "short", "colloquial", "historic", "from", "to"]
_ALT_LANGS = ("", "en", "abbr")
_DEDUP_SUBKINDS = ("admin0", "admin1", "continent")
_BLOCK = 1 << 24  # bytes per parsed block: whole lines of allCountries fit many times over
_DICTIONARY = Path("/usr/share/dict/words")

_KIND = {c: v[0] for c, v in CODES.items()}
_SUBKIND = {c: v[1] for c, v in CODES.items()}
_ACCURACY = {c: v[2] for c, v in CODES.items()}
_CLASS_KIND = {c: v[0] for c, v in CLASSES.items()}
_CLASS_ACCURACY = {c: v[1] for c, v in CLASSES.items()}


def _schema() -> pa.Schema:
    """The bundled store's column types (geometry as plain WKB) with GeoParquet metadata."""
    bundled = pq.read_schema(DATA / "records.parquet")
    fields = [pa.field(c, pa.binary() if c == "geometry" else bundled.field(c).type) for c in COLUMNS]
    geo = {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": {
        "encoding": "WKB", "geometry_types": [], "crs": CRS.from_epsg(4326).to_json_dict()}}}
    return pa.schema(fields, metadata={"geo": json.dumps(geo)})


class GeonamesDumpError(GazetteerError, ValueError):
    """A file that is not a readable GeoNames dump or alternate-names file."""


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_store` wrote."""

    store: Path  #: the store folder
    records: int  #: rows in ``records.parquet``
    added: int  #: rows taken from the dump
    skipped: int  #: dump rows the bundled records already stand for
    common_words: str  #: where the common-word list came from


def build_store(
    dump: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    alternate_names: str | os.PathLike | None = None,
    with_bundled: bool = True,
    feature_classes: str | None = None,
    progress: bool = True,
) -> BuildResult:
    """Build a store folder from the GeoNames *dump* (see the module docstring).

    *feature_classes* keeps only rows of those GeoNames classes (``"PAHLT"``: no
    roads, spots, undersea or vegetation features); ``None`` keeps every row.

    Raises
    ------
    GeonamesDumpError
        When a file is not a zip/text GeoNames file or a line has the wrong columns.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # The packaged files, not $CABLEMAP_STORE: a new store never builds on an older one.
    base = gpd.read_parquet(DATA / "records.parquet") if with_bundled else None
    schema = _schema()
    skip_ids, skip_keys = _covered(base) if base is not None else (set(), set())
    words = _dictionary()
    keys: set[str] = set()
    with ExitStack() as stack:
        bar = stack.enter_context(_progress(progress))
        alts = _read_alternates(Path(alternate_names), bar) if alternate_names else None
        tmp = stack.enter_context(replacing(out / "records.parquet"))
        writer = stack.enter_context(pq.ParquetWriter(tmp, schema, compression="zstd", compression_level=9))
        total = added = skipped = 0
        seen: list[np.ndarray] = []
        units = _unit_rows(base) if base is not None else {}
        points: dict[int, tuple[float, float]] = {}
        source = f"GeoNames {Path(dump).name} (CC BY 4.0)"
        for chunk in _read_dump(Path(dump), bar):
            seen.append(chunk["geonameid"].to_numpy())
            if feature_classes is not None:
                chunk = chunk[chunk["fclass"].isin(list(feature_classes.upper()))]
            recs = _records(chunk, alts, source)
            keep = ~_skip(recs, chunk["geonameid"], skip_ids, skip_keys)
            mine = recs[~keep & recs["geonameid"].isin(units).to_numpy()]
            points.update(zip(mine["geonameid"].tolist(), zip(mine["lon"].tolist(), mine["lat"].tolist())))
            recs = recs[keep]
            skipped += int((~keep).sum())
            if len(recs):
                writer.write_table(_to_arrow(recs, schema))
            added += len(recs)
            keys.update(k for ns in recs["names"] for n in ns if " " not in n and (k := name_key(n)) in words)
        _check_unique(seen, Path(dump).name)
        if base is not None:
            _adopt_points(base, units, points, Path(dump).name)
            writer.write_table(_to_arrow(pd.DataFrame(base.to_wkb()), schema))
            total = len(base)
    if base is not None:
        keys |= set((DATA / "common_words.txt").read_text(encoding="utf-8").split())
    common = sorted(keys)
    with replacing(out / "common_words.txt") as tmp:
        Path(tmp).write_text("".join(w + "\n" for w in common), encoding="utf-8")
    used = str(_DICTIONARY) if words else "none (no word list on this system)"
    return BuildResult(out, total + added, added, skipped, used)


# ------------------------------------------------------------------------- reading


def _progress(show: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        TimeRemainingColumn(), console=Console(stderr=True), disable=not show,
    )


class _Counting(io.RawIOBase):
    """A binary stream that advances a progress task by the bytes read."""

    def __init__(self, raw: io.BufferedIOBase, bar: Progress, task: TaskID) -> None:
        self._raw, self._bar, self._task = raw, bar, task

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        n = self._raw.readinto(buffer)
        self._bar.advance(self._task, n)
        return n


@contextmanager
def _open(path: Path, bar: Progress, what: str) -> Iterator[tuple[io.BufferedReader | gzip.GzipFile, str]]:
    """*path* (zip, gzip or plain text) as a counted byte stream, plus the member's name."""
    with ExitStack() as stack:
        raw: io.BufferedIOBase
        if zipfile.is_zipfile(path):
            archive = stack.enter_context(zipfile.ZipFile(path))
            member = _member(archive, path)
            # (cast: typeshed types ZipFile.open as IO[bytes]; opened for reading, a member is a ZipExtFile)
            raw = stack.enter_context(cast(zipfile.ZipExtFile, archive.open(member)))
            size, name = member.file_size, member.filename
        elif path.suffix.lower() == ".zip":
            raise GeonamesDumpError(f"{path.name}: not a zip archive")
        else:
            raw, size, name = stack.enter_context(path.open("rb")), path.stat().st_size, path.name
        task = bar.add_task(f"{what} {name}", total=size)
        counted: io.BufferedReader | gzip.GzipFile = io.BufferedReader(_Counting(raw, bar, task), buffer_size=1 << 20)
        if name.lower().endswith(".gz"):
            counted = stack.enter_context(gzip.open(counted))
            name = name[:-3]
        yield counted, name


def _member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    """The data file inside a GeoNames zip: ``<stem>.txt``, else its only data ``.txt``."""
    infos = [i for i in archive.infolist() if i.filename.lower().endswith(".txt")]
    exact = [i for i in infos if Path(i.filename).stem == path.stem]
    data = exact or [i for i in infos if not re.match(r"(readme|iso-languagecodes)", Path(i.filename).name, re.IGNORECASE)]
    if len(data) != 1:
        raise GeonamesDumpError(f"{path.name}: expected one GeoNames .txt file inside, found {len(data)}")
    return data[0]


def _csv_batches(stream: io.BufferedIOBase, name: str, columns: list[str], keep: list[str]) -> Iterator[pa.RecordBatch]:
    """Tab-separated lines (no quoting) as record batches of strings, parsed a block of whole lines at a time.

    The stream is read here, in the calling thread, and Arrow parses bytes already in
    memory: Arrow's streaming reader would read ahead from its own I/O thread, calling
    into Python, and a thread still doing that when the interpreter exits after an error
    aborts it ("terminate called without an active exception").
    """
    options = {
        "read_options": pcsv.ReadOptions(column_names=columns, block_size=_BLOCK),
        "parse_options": pcsv.ParseOptions(delimiter="\t", quote_char=False),
        "convert_options": pcsv.ConvertOptions(
            column_types=dict.fromkeys(columns, pa.string()), include_columns=keep, strings_can_be_null=False,
        ),
    }
    try:
        rest, empty = b"", True
        while block := stream.read(_BLOCK):
            empty = False
            data = rest + block
            cut = data.rfind(b"\n") + 1
            if cut == 0 and len(data) >= _BLOCK:
                raise GeonamesDumpError(f"{name}: not a GeoNames file: a line is longer than {_BLOCK >> 20} MB")
            rest = data[cut:]
            if cut:
                yield from pcsv.read_csv(pa.BufferReader(data[:cut]), **options).to_batches()
        if empty:
            raise GeonamesDumpError(f"{name}: not a GeoNames file: it is empty")
        if rest.strip():
            yield from pcsv.read_csv(pa.BufferReader(rest + b"\n"), **options).to_batches()
    except (pa.ArrowInvalid, UnicodeDecodeError, EOFError, zipfile.BadZipFile, gzip.BadGzipFile, zlib.error) as e:
        found = re.search(r"Expected (\d+) columns, got (\d+)", str(e))
        detail = (f"a line has {found[2]} tab-separated columns, not {found[1]}" if found
                  else str(e).splitlines()[0] if str(e) else type(e).__name__)
        raise GeonamesDumpError(f"{name}: not a GeoNames file: {detail}") from None


def _read_dump(path: Path, bar: Progress) -> Iterator[pd.DataFrame]:
    """The dump's rows, a block at a time."""
    keep = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
            "fclass", "fcode", "country", "population"]
    with _open(path, bar, "GeoNames") as (stream, name):
        for batch in _csv_batches(stream, name, _GN_COLS, keep):
            df = batch.to_pandas()
            numbers = df[["geonameid", "latitude", "longitude"]].apply(pd.to_numeric, errors="coerce")
            bad = numbers.isna().any(axis=1) | ~numbers["latitude"].between(-90, 90) \
                | ~numbers["longitude"].between(-180, 180)
            if bad.any():
                raise GeonamesDumpError(
                    f"{name}: not a GeoNames dump: bad geonameid or coordinates in the row starting "
                    f"{df.loc[bad.idxmax(), 'geonameid'][:20]!r}")
            df[["latitude", "longitude"]] = numbers[["latitude", "longitude"]]
            df["geonameid"] = numbers["geonameid"].astype("int64")
            yield df


@dataclass(frozen=True)
class _Alternates:
    """Alternate names sorted by geonameid, for slicing by id."""

    ids: np.ndarray
    langs: pa.Array
    names: pa.Array

    def of(self, gid: int) -> list[str]:
        lo, hi = np.searchsorted(self.ids, [gid, gid + 1])
        return [n for lang, n in zip(self.langs[lo:hi].to_pylist(), self.names[lo:hi].to_pylist())
                if _alternate_ok(lang, n)]


def _alternate_ok(lang: str, name: str) -> bool:
    """Abbreviations keep short forms (``UK``, ``D.C.``); other names the cities500 rules."""
    if lang == "abbr":
        return len(name) >= 2 and _is_latin(name)
    return len(name) > 2 and not name.islower() and _is_latin(name) and not _CODE.fullmatch(name)


def _read_alternates(path: Path, bar: Progress) -> _Alternates:
    """English, unlabelled and abbreviation names of ``alternateNames[V2].txt``."""
    parts = []
    with _open(path, bar, "alternate names") as (stream, name):
        head = stream.peek(1 << 16).split(b"\n", 1)[0]
        columns = head.count(b"\t") + 1
        if columns not in (8, 10):
            raise GeonamesDumpError(f"{name}: not a GeoNames alternate-names file: {columns} columns, not 10 (or 8)")
        for batch in _csv_batches(stream, name, _ALT_COLS[:columns], ["geonameid", "lang", "name"]):
            table = pa.Table.from_batches([batch])
            parts.append(table.filter(pc.is_in(table["lang"], pa.array(_ALT_LANGS))))
    table = pa.concat_tables(parts) if parts else pa.table({c: pa.array([], pa.string()) for c in ("geonameid", "lang", "name")})
    try:
        ids = pc.cast(table["geonameid"], pa.int64())
    except pa.ArrowInvalid:
        raise GeonamesDumpError(f"{path.name}: not a GeoNames alternate-names file: a geonameid is not a number") from None
    order = pc.sort_indices(ids)
    return _Alternates(ids.take(order).to_numpy(), table["lang"].take(order).combine_chunks(),
                       table["name"].take(order).combine_chunks())


# ------------------------------------------------------------------------ records


def _records(df: pd.DataFrame, alts: _Alternates | None, source: str) -> pd.DataFrame:
    """Store rows for one block of the dump."""
    displays, names = [], []
    columns = (df[c].tolist() for c in ("geonameid", "name", "asciiname", "alternatenames"))
    for gid, name, ascii_, col in zip(*columns):
        display = _display_name(name, ascii_, {a.casefold() for a in col.split(",")} if col else set())
        displays.append(display)
        extra = alts.of(gid) if alts is not None else _source_alternates(col)
        names.append(_merge_names([display, name, ascii_, *extra]))
    fcode, fclass = df["fcode"], df["fclass"]
    kind = fcode.map(_KIND).fillna(fclass.map(_CLASS_KIND)).fillna("feature")
    subkind = fcode.map(_SUBKIND).fillna(fcode.where(fcode != "", np.where(fclass == "P", "PPL", "")))
    population = pd.to_numeric(df["population"], errors="coerce").fillna(0).astype("int64")
    accuracy = fcode.map(_ACCURACY).fillna(fclass.map(_CLASS_ACCURACY)).fillna(10_000.0)
    accuracy = accuracy.astype(float).where(kind != "place", _town_accuracy(population.to_numpy()))
    return _frame(
        id="geonames:" + df["geonameid"].astype(str), name=displays, names=names, kind=kind, subkind=subkind,
        country=df["country"], population=population, source=source, accuracy_m=accuracy,
        note=np.where(df["fclass"] == "", "feature class missing in the source", ""),
        geonameid=df["geonameid"], lon=df["longitude"], lat=df["latitude"],
        geometry=shapely.points(df["longitude"].to_numpy(), df["latitude"].to_numpy()),
    )


def _unit_rows(base: gpd.GeoDataFrame) -> dict[int, int]:
    """geonameid -> row of the bundled countries, admin-1 units and continents that carry one."""
    big = np.flatnonzero(base["subkind"].isin(_DEDUP_SUBKINDS).to_numpy() & (base["geonameid"] > 0).to_numpy())
    return dict(zip(base["geonameid"].to_numpy()[big].tolist(), big.tolist()))


def _adopt_points(base: gpd.GeoDataFrame, units: dict[int, int], points: dict[int, tuple[float, float]],
                  dump: str) -> None:
    """Give bundled units the dump's own point for them (Canada at GeoNames' 60.1 N 113.6 W, in place).

    The polygon stays what maps draw; only the single point a unit stands at changes.
    """
    for gid, (lon, lat) in points.items():
        i = units[gid]
        base.iat[i, base.columns.get_loc("lon")] = round(float(lon), 5)
        base.iat[i, base.columns.get_loc("lat")] = round(float(lat), 5)
        col = base.columns.get_loc("source")
        base.iat[i, col] = base.iat[i, col].split("; point:")[0] + f"; point: GeoNames {gid} from {dump}"


def _covered(base: gpd.GeoDataFrame) -> tuple[set[int], set[tuple[str, str, str]]]:
    """GeoNames ids the bundled records stand for, and (subkind, country, name key) of big units."""
    ids = {int(m) for m in base["id"].str.extract(r"^geonames:(\d+)$")[0].dropna()}
    if "geonameid" in base:
        ids |= set(base["geonameid"].to_numpy().tolist()) - {0}
    big = base[base["subkind"].isin(_DEDUP_SUBKINDS)]
    keys = {(s, c, name_key(n)) for s, c, ns in zip(big["subkind"], big["country"], big["names"]) for n in ns}
    return ids, keys


def _skip(recs: pd.DataFrame, gids: pd.Series, ids: set[int], keys: set[tuple[str, str, str]]) -> np.ndarray:
    """Rows the bundled records already stand for."""
    skip = gids.isin(ids).to_numpy().copy()
    big = np.flatnonzero(recs["subkind"].isin(_DEDUP_SUBKINDS).to_numpy())
    for i in big:
        skip[i] |= (recs["subkind"].iat[i], recs["country"].iat[i], name_key(recs["name"].iat[i])) in keys
    return skip


def _check_unique(gids: list[np.ndarray], name: str) -> None:
    """Refuse a dump whose geonameids repeat (two files joined, say): store ids must be unique."""
    ids = np.sort(np.concatenate(gids)) if gids else np.empty(0, np.int64)
    repeated = ids[1:][ids[1:] == ids[:-1]]
    if len(repeated):
        raise GeonamesDumpError(f"{name}: geonameid {repeated[0]} occurs more than once; give one GeoNames dump")


def _to_arrow(recs: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """Store rows (geometry as WKB or shapely) in the parquet schema."""
    recs = recs[COLUMNS].copy()
    recs["names"] = [list(n) for n in recs["names"]]
    geoms = recs["geometry"].to_numpy()
    if len(geoms) and not isinstance(geoms[0], bytes):
        recs["geometry"] = shapely.to_wkb(geoms)
    return pa.Table.from_pandas(recs, schema=schema, preserve_index=False)


def _dictionary() -> set[str]:
    """Lower-case English words of the system word list (empty when there is none)."""
    if not _DICTIONARY.exists():
        return set()
    return {w for w in _DICTIONARY.read_text(encoding="utf-8").split() if re.fullmatch(r"[a-z]+", w)}


