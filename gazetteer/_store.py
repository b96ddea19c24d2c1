"""The gazetteer store: records, demonyms, common words and attribution.

Everything is read from ``gazetteer/data`` (built by :mod:`gazetteer.build` and
shipped as package data), or, for the files it holds, from a store folder that
``cablemap gazetteer build`` wrote (every loader takes that *folder*; ``None`` is the
bundled store). Nothing here reads the environment, touches the network or the shared
reference folder. Each loader reads its file once per folder and caches the result.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import GazetteerError


def check_store(folder: Path) -> Path:
    """*folder* if it holds a store (``records.parquet``), else a one-line :class:`GazetteerError`."""
    if not (folder / "records.parquet").is_file():
        msg = f"{folder}: no records.parquet there (build one with `cablemap gazetteer build --geonames FILE`)"
        raise GazetteerError(msg)
    return folder


def data_file(name: str, folder: Path | None = None) -> Traversable:
    """*name* from the store *folder* when it has it, else the bundled file."""
    if folder is not None and (check_store(folder) / name).is_file():
        return folder / name
    return resources.files("gazetteer") / "data" / name


@cache
def records(folder: Path | None = None) -> gpd.GeoDataFrame:
    """Every named thing: one row per record, EPSG:4326.

    Columns: ``id, name, names, kind, subkind, country, admin1, population,
    source, accuracy_m, note, geometry`` (see ``gazetteer/data/PROVENANCE.md``).
    ``names`` holds one array of strings per row (empty for unnamed routes).
    """
    with resources.as_file(data_file("records.parquet", folder)) as path:
        return gpd.read_parquet(path)


def records_table(folder: Path | None = None) -> pa.Table:
    """The store's records as an Arrow table (geometry as WKB in column ``geometry``)."""
    with resources.as_file(data_file("records.parquet", folder)) as path:
        return pq.read_table(path)


@cache
def assets(folder: Path | None = None) -> pd.DataFrame:
    """What the store knows of each asset besides its record: columns ``id, status, owner,
    capacity, fuel, source_ids, cores`` (empty strings where unknown; see PROVENANCE.md).

    A store built from a GeoNames dump without bundled records has no such file: then empty.
    """
    columns = ["id", "status", "owner", "capacity", "fuel", "source_ids", "cores"]
    table = data_file("assets.parquet", folder)
    if not table.is_file():
        return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    with resources.as_file(table) as path:
        return pd.read_parquet(path)


@cache
def demonyms(folder: Path | None = None) -> pd.DataFrame:
    """Demonyms and the record each stands for: columns ``demonym, record_id, note``."""
    with data_file("demonyms.tsv", folder).open(encoding="utf-8") as f:
        return pd.read_csv(f, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)


@cache
def unplaced_names(folder: Path | None = None) -> list[dict[str, str]]:
    """Names known but without a point (``unplaced_names.tsv``): ``name, kind, genre, note``."""
    with data_file("unplaced_names.tsv", folder).open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def common_words(folder: Path | None = None) -> frozenset[str]:
    """Lower-case single-word name keys that are also ordinary English words."""
    return frozenset(data_file("common_words.txt", folder).read_text(encoding="utf-8").split())


@cache
def ordinary_words(folder: Path | None = None) -> frozenset[str]:
    """Lower-case words the cable corpus writes in lower case (in 20 or more cables)."""
    return frozenset(data_file("ordinary_words.txt", folder).read_bytes().decode("utf-8").split())  # no newline pass


def attribution(folder: Path | None = None) -> list[dict[str, str]]:
    """Data credits for maps: dicts with ``name``, ``licence`` and ``url-text``."""
    return [dict(item) for item in _attribution(folder)]


@cache
def _attribution(folder: Path | None = None) -> tuple[tuple[tuple[str, str], ...], ...]:
    items = json.loads(data_file("attribution.json", folder).read_text(encoding="utf-8"))
    return tuple(tuple(item.items()) for item in items)
