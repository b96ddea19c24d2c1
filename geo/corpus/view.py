"""Questions to a corpus run's mentions: where the cables report (for the map), and what lies in zones.

The mention file can hold millions of rows, so only the columns a question needs are read,
repeated values (refid, subject, source, point …) as categoricals, and points are decoded
once per place, not once per mention.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely

from ..errors import CablemapError

if TYPE_CHECKING:
    from gazetteer import Gazetteer

_COLUMNS = ["refid", "created", "origin", "tags", "subject", "name", "kind", "source", "geometry"]
#: Columns read dictionary-encoded (pandas categoricals): a corpus repeats each value many times.
_REPEATED = ("refid", "origin", "classification", "subject", "name", "kind", "source", "country", "geometry")
#: Kinds and subkinds too large to say anything about a zone (as in :mod:`geo.layers`).
_NOT_EXPOSED = ("country",)
_TOO_WIDE = ("macro-region", "continent")


class CorpusViewError(CablemapError):
    """The mention file cannot be read, or a filter is malformed."""


@dataclass(frozen=True)
class CorpusPlaces:
    """Every place the (filtered) cables mention, for :func:`maps.corpus_map.corpus_map_html`.

    Attributes
    ----------
    places : one row per place: ``source, name, kind, lon, lat, mentions, cables, first,
        last`` and ``top`` (list of ``(refid, YYYY-MM-DD, subject)``, most mentions first).
    months : ``YYYY-MM`` labels, in order.
    monthly : rows ``(place index, month index, mentions)``.
    cables : how many cables the places come from.
    """

    places: pd.DataFrame
    months: list[str]
    monthly: np.ndarray
    cables: int


def _day(value: str | None, flag: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(value.strip()), datetime.min.time())
    except ValueError:
        raise CorpusViewError(f"{flag} must be a date YYYY-MM-DD, not {value!r}") from None


def read_mentions(
    path: str | os.PathLike,
    *,
    since: str | None = None,
    until: str | None = None,
    tags: Sequence[str] = (),
    origins: Sequence[str] = (),
    columns: Sequence[str] = _COLUMNS,
) -> pd.DataFrame:
    """The mentions of a corpus run, filtered by cable date (inclusive), TAGS (any of) and origin (any of).

    ``geometry`` stays WKB bytes (decode with :func:`shapely.from_wkb` where needed).
    """
    lo, hi = _day(since, "--since"), _day(until, "--until")
    _check_mention_file(path, columns)
    try:
        table = pq.read_table(path, columns=list(columns), read_dictionary=[c for c in columns if c in _REPEATED])
    except (OSError, pa.ArrowException) as e:
        raise CorpusViewError(f"{path}: not a readable corpus mention file ({_first_line(e)})") from None
    created = table["created"]
    masks = []
    if lo is not None:
        masks.append(pc.greater_equal(created, pa.scalar(lo, created.type)))
    if hi is not None:
        masks.append(pc.less(created, pa.scalar(hi + timedelta(days=1), created.type)))
    if origins:
        masks.append(pc.is_in(table["origin"], pa.array(list(origins))))
    if tags:
        hits = pc.is_in(pc.list_flatten(table["tags"]), pa.array([t.upper() for t in tags]))
        has = np.zeros(len(table), dtype=bool)
        has[pc.list_parent_indices(table["tags"]).to_numpy()[hits.to_numpy(zero_copy_only=False)]] = True
        masks.append(pa.array(has))
    if masks:
        keep = masks[0]
        for m in masks[1:]:
            keep = pc.and_kleene(keep, m)
        table = table.filter(pc.fill_null(keep, False))
    return table.to_pandas()


def _check_mention_file(path: str | os.PathLike, columns: Sequence[str]) -> None:
    """:class:`CorpusViewError` in one line unless *path* is a Parquet file with *columns*."""
    if os.path.isdir(path):
        raise CorpusViewError(f"{path}: is a directory, not the mention file `cablemap corpus -o` wrote")
    try:
        names = set(pq.read_schema(path).names)
    except (OSError, pa.ArrowException) as e:
        raise CorpusViewError(f"{path}: not a readable corpus mention file ({_first_line(e)})") from None
    missing = [c for c in columns if c not in names]
    if missing:
        raise CorpusViewError(
            f"{path}: not a corpus mention file: no column {', '.join(missing)} (write one with `cablemap corpus`)")


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _points(wkb: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    pts = shapely.from_wkb(wkb.to_numpy())
    return shapely.get_x(pts), shapely.get_y(pts)


def corpus_places(frame: pd.DataFrame, top: int = 10) -> CorpusPlaces:
    """Aggregate mentions per place: counts, date range, top cables and mentions per month."""
    if frame.empty:
        cols = ["source", "name", "kind", "lon", "lat", "mentions", "cables", "first", "last", "top"]
        empty = pd.DataFrame(columns=cols)
        return CorpusPlaces(empty, [], np.zeros((0, 3), dtype=np.int64), 0)
    grouped = frame.groupby("source", sort=True, observed=True)
    places = grouped.agg(
        name=("name", "first"), kind=("kind", "first"), geometry=("geometry", "first"),
        mentions=("refid", "size"), cables=("refid", "nunique"), first=("created", "min"), last=("created", "max"),
    ).reset_index()
    places["lon"], places["lat"] = _points(places["geometry"].astype(object))
    places = places.drop(columns="geometry").astype({"source": str, "name": str, "kind": str})
    per_cable = (
        frame.groupby(["source", "refid"], sort=False, observed=True)
        .agg(n=("name", "size"), created=("created", "first"), subject=("subject", "first"))
        .reset_index()
        .sort_values(["source", "n", "created", "refid"], ascending=[True, False, False, True], kind="stable")
    )
    best = per_cable.groupby("source", sort=False, observed=True).head(top)
    day = best["created"].dt.strftime("%Y-%m-%d").fillna("")
    subject = best["subject"].astype(object).fillna("")
    entries = list(zip(best["refid"].astype(str), day, subject, strict=True))
    tops: dict[str, list] = {}
    for source, entry in zip(best["source"].astype(str), entries, strict=True):
        tops.setdefault(source, []).append(entry)
    places["top"] = [tops.get(s, []) for s in places["source"]]
    months, monthly = _monthly(frame, places["source"])
    return CorpusPlaces(places, months, monthly, int(frame["refid"].nunique()))


def _monthly(frame: pd.DataFrame, sources: pd.Series) -> tuple[list[str], np.ndarray]:
    """Month labels and ``(place, month, mentions)`` rows for the mentions with a date."""
    dated = frame[frame["created"].notna()]
    if dated.empty:
        return [], np.zeros((0, 3), dtype=np.int64)
    period = dated["created"].dt.to_period("M")
    first, last = period.min(), period.max()
    months = pd.period_range(first, last, freq="M")
    month_idx = (period - first).map(lambda d: d.n).to_numpy(np.int64)
    place_idx = pd.Index(sources).get_indexer(dated["source"])
    counts = pd.DataFrame({"p": place_idx, "m": month_idx}).value_counts().reset_index()
    rows = counts[["p", "m", "count"]].sort_values(["m", "p"]).to_numpy(np.int64)
    return [str(m) for m in months], rows


def corpus_exposure(
    frame: pd.DataFrame, zone_specs: Sequence[str], within_km: float = 100.0, gazetteer: Gazetteer | None = None
) -> gpd.GeoDataFrame:
    """Assets and mentioned places within *within_km* of each zone, with the cables that mention them.

    Columns: ``zone, name, kind, status, km_inside, distance_km, cables, mentions, first,
    last, source, geometry``. Geometry is the gazetteer record's own shape (the mention file
    holds only a point per mention). Catalogued assets the corpus never mentions are listed
    with 0 cables. *gazetteer* defaults to the environment's (:class:`~geo.settings.Settings`).
    """
    from ..exposure import exposure
    from ..settings import Settings
    from ..zones import build_zones

    gaz = gazetteer or Settings.from_env().gazetteer()
    zones = build_zones(zone_specs, gaz.regions)
    stats = frame.groupby("source", observed=True).agg(
        cables=("refid", "nunique"), mentions=("refid", "size"), first=("created", "min"), last=("created", "max")
    )
    stats.index = stats.index.astype(str)
    rec = gaz.records
    mentioned = rec["id"].isin(stats.index)
    local = ~rec["kind"].isin(_NOT_EXPOSED) & ~rec["subkind"].isin(_TOO_WIDE)
    chosen = rec[(mentioned & local) | (rec["kind"] == "asset")]
    features = gpd.GeoDataFrame(
        {
            "name": chosen["name"].to_numpy(), "kind": chosen["kind"].to_numpy(),
            "source": chosen["id"].to_numpy(), "mentioned": chosen["id"].isin(stats.index).to_numpy(),
        },
        geometry=chosen.geometry.to_numpy(), crs="EPSG:4326",
    )
    exposed = exposure(zones, features, within_km=within_km)
    joined = exposed.join(stats, on="source")
    joined["cables"] = joined["cables"].fillna(0).astype(int)
    joined["mentions"] = joined["mentions"].fillna(0).astype(int)
    for col in ("first", "last"):
        joined[col] = pd.to_datetime(joined[col]).dt.strftime("%Y-%m-%d").fillna("")
    cols = [
        "zone", "name", "kind", "status", "km_inside", "distance_km", "cables", "mentions", "first", "last",
        "source", "geometry",
    ]
    return gpd.GeoDataFrame(joined[cols], geometry="geometry", crs="EPSG:4326")
