"""The gazetteer store: records, demonyms, common words and attribution.

Everything is read from ``gazetteer/data`` (built by :mod:`gazetteer.build` and
shipped as package data), or, for the files it holds, from a store folder that
``cablemap gazetteer build`` wrote and ``$CABLEMAP_STORE`` names. Nothing here
touches the network or the shared reference folder. Each loader reads its file
once and caches the result.
"""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import GazetteerError

#: Environment variable naming a store folder built by ``cablemap gazetteer build``.
STORE_ENV = "CABLEMAP_STORE"


def store_dir() -> Path | None:
    """The user's store folder (``$CABLEMAP_STORE``), or ``None`` for the bundled one."""
    user = os.environ.get(STORE_ENV, "").strip()
    if not user:
        return None
    folder = Path(user).expanduser()
    if not (folder / "records.parquet").is_file():
        raise GazetteerError(
            f"{STORE_ENV}={user}: no records.parquet there (build one with `cablemap gazetteer build --geonames FILE`)"
        )
    return folder


def data_file(name: str) -> Traversable:
    """*name* from the user's store folder when it has it, else the bundled file."""
    folder = store_dir()
    if folder is not None and (folder / name).is_file():
        return folder / name
    return resources.files("gazetteer") / "data" / name


_data = data_file


@cache
def records() -> gpd.GeoDataFrame:
    """Every named thing: one row per record, EPSG:4326.

    Columns: ``id, name, names, kind, subkind, country, admin1, population,
    source, accuracy_m, note, geometry`` (see ``gazetteer/data/PROVENANCE.md``).
    ``names`` holds one array of strings per row (empty for unnamed routes).
    """
    with resources.as_file(_data("records.parquet")) as path:
        return gpd.read_parquet(path)


def records_table() -> pa.Table:
    """The store's records as an Arrow table (geometry as WKB in column ``geometry``)."""
    with resources.as_file(_data("records.parquet")) as path:
        return pq.read_table(path)


@cache
def assets() -> pd.DataFrame:
    """What the store knows of each asset besides its record: columns ``id, status, owner,
    capacity, fuel, source_ids, cores`` (empty strings where unknown; see PROVENANCE.md).

    A store built from a GeoNames dump without bundled records has no such file: then empty.
    """
    columns = ["id", "status", "owner", "capacity", "fuel", "source_ids", "cores"]
    table = _data("assets.parquet")
    if not table.is_file():
        return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    with resources.as_file(table) as path:
        return pd.read_parquet(path)


@cache
def demonyms() -> pd.DataFrame:
    """Demonyms and the record each stands for: columns ``demonym, record_id, note``."""
    with _data("demonyms.tsv").open(encoding="utf-8") as f:
        return pd.read_csv(f, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)


@cache
def unplaced_names() -> list[dict[str, str]]:
    """Names known but without a point (``unplaced_names.tsv``): ``name, kind, genre, note``."""
    with _data("unplaced_names.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def common_words() -> frozenset[str]:
    """Lower-case single-word name keys that are also ordinary English words."""
    return frozenset(_data("common_words.txt").read_text(encoding="utf-8").split())


@cache
def ordinary_words() -> frozenset[str]:
    """Lower-case words the cable corpus writes in lower case (in 20 or more cables)."""
    return frozenset(_data("ordinary_words.txt").read_text(encoding="utf-8").split())


def attribution() -> list[dict[str, str]]:
    """Data credits for maps: dicts with ``name``, ``licence`` and ``url-text``."""
    return [dict(item) for item in _attribution()]


@cache
def _attribution() -> tuple[tuple[tuple[str, str], ...], ...]:
    items = json.loads(_data("attribution.json").read_text(encoding="utf-8"))
    return tuple(tuple(item.items()) for item in items)
