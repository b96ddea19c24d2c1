"""The inputs of a map, checked and grouped: shared by the interactive, static and embedded maps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from ._popups import Citation
from .errors import MapsError

PLACE_COLUMNS = (
    "mention",
    "name",
    "kind",
    "demonym",
    "source",
    "confidence",
    "reason",
    "paragraph",
    "sentence",
    "start",
    "end",
    "accuracy_m",
    "geometry",
)
ASSET_COLUMNS = ("name", "subkind", "source", "accuracy_m", "note", "mentioned", "exposure", "geometry")
ZONE_COLUMNS = ("name", "label", "geometry")
TITLE_KEYS = ("refid", "date", "subject", "classification", "origin")
#: Layer names, in the order they are added (and listed in the layer control and the legend).
BASEMAP, ZONES, REGIONS, PLACES, ASSETS = "Basemap", "Zones", "Regions & countries", "Mentioned places", "Assets"
_AREA_KINDS = ("country", "region")
_OUTLINE_SUBKINDS = ("macro-region", "continent")
#: The basemap's source, credited on every map.
NATURAL_EARTH = {"name": "Natural Earth", "licence": "public domain"}


def text(v: object) -> str:
    """*v* as a string; None, NaN and NA become ``""``."""
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else str(v)


def checked(frame: gpd.GeoDataFrame, columns: Sequence[str], what: str) -> gpd.GeoDataFrame:
    """*frame* with the contract's columns and only rows that have geometry, or MapsError.

    An empty frame may lack the columns.
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = f"{what} must be a GeoDataFrame, not {type(frame).__name__}"
        raise MapsError(msg)
    if frame.empty:
        return gpd.GeoDataFrame({c: [] for c in columns if c != "geometry"}, geometry=[], crs="EPSG:4326")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        msg = f"{what} lacks column(s) {', '.join(missing)}"
        raise MapsError(msg)
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        msg = f"{what} must be in EPSG:4326, not {frame.crs.to_string()}"
        raise MapsError(msg)
    frame = frame.reset_index(drop=True)
    return frame[~(frame.geometry.isna() | frame.geometry.is_empty)]


def title_fields(title: Mapping[str, str | None]) -> dict[str, str]:
    """Every key of :data:`TITLE_KEYS` as stripped text; MapsError for an unknown key."""
    unknown = sorted(set(title) - set(TITLE_KEYS))
    if unknown:
        msg = f"title has unknown key(s) {', '.join(unknown)}; expected {', '.join(TITLE_KEYS)}"
        raise MapsError(msg)
    return {k: text(title.get(k)).strip() for k in TITLE_KEYS}


def credits(entries: Sequence[Mapping[str, str]]) -> list[tuple[str, str, str]]:
    """``(name, licence, url)`` per data source, Natural Earth included, each name once."""
    out: dict[str, tuple[str, str, str]] = {}
    for entry in [*entries, NATURAL_EARTH]:
        name, licence, url = (text(entry.get(k)).strip() for k in ("name", "licence", "url"))
        if not name:
            msg = f"attribution entry without a name: {dict(entry)!r}"
            raise MapsError(msg)
        out.setdefault(name, (name, licence, url))
    return list(out.values())


def _citations(rows: pd.DataFrame) -> list[Citation]:
    order = rows.assign(_pos=pd.to_numeric(rows["start"], errors="coerce")).sort_values("_pos", kind="stable")
    grouped: dict[tuple[str, str], list[str]] = {}
    for r in order.itertuples(index=False):
        grouped.setdefault((text(r.paragraph), text(r.sentence)), []).append(text(r.mention))
    return [Citation(p, s, tuple(m)) for (p, s), m in grouped.items()]


@dataclass(frozen=True)
class Record:
    """One cited gazetteer record: every mention of it in the cable, and how to draw it."""

    source: str
    name: str
    kind: str
    confidence: float
    reason: str
    accuracy_m: object
    demonym_only: bool
    citations: list[Citation]
    mentions: list[str]
    layer: str  #: :data:`REGIONS` or :data:`PLACES`
    outline: bool  #: drawn as an outline (countries, macro-regions): filled, it would cover the map
    reviewed: bool  #: an analyst decided this record (issue 6's ``reviewed`` column)
    review_note: str
    geometry: object


def records(places: gpd.GeoDataFrame) -> list[Record]:
    """One :class:`Record` per cited ``source`` (checked *places*), in first-mention order."""
    if places["source"].isna().any() or (places["source"].astype(str).str.strip() == "").any():
        msg = "every place row needs a source record id"
        raise MapsError(msg)
    out = []
    for source, rows in places.groupby("source", sort=False):
        confidence = pd.to_numeric(rows["confidence"], errors="coerce").fillna(0.0)
        best = rows.loc[confidence.idxmax()]
        kind = text(best["kind"])
        reviewed = rows["reviewed"].fillna(False).astype(bool) if "reviewed" in rows else pd.Series(False)
        notes = [text(n).strip() for n in rows["review_note"]] if "review_note" in rows else []
        out.append(
            Record(
                source=str(source),
                name=text(best["name"]),
                kind=kind,
                confidence=float(confidence.max()),
                reason=text(best["reason"]),
                accuracy_m=best["accuracy_m"],
                demonym_only=bool(rows["demonym"].fillna(False).astype(bool).all()),
                citations=_citations(rows),
                mentions=list(dict.fromkeys(text(m) for m in rows["mention"])),
                layer=REGIONS if kind in _AREA_KINDS else PLACES,
                outline=kind == "country" or text(best.get("subkind")) in _OUTLINE_SUBKINDS,
                reviewed=bool(reviewed.any()),
                review_note=next((n for n in notes if n), ""),
                geometry=best.geometry,
            )
        )
    return out


@dataclass(frozen=True)
class MapInputs:
    """Checked frames, title fields and credits of one map."""

    title: dict[str, str]
    places: gpd.GeoDataFrame
    assets: gpd.GeoDataFrame
    zones: gpd.GeoDataFrame
    credits: list[tuple[str, str, str]]


def map_inputs(
    *,
    title: Mapping[str, str | None],
    places: gpd.GeoDataFrame,
    assets: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    attribution: Sequence[Mapping[str, str]] = (),
) -> MapInputs:
    """Check every input of a map (MapsError with a one-line message on bad input)."""
    assets = checked(assets, ASSET_COLUMNS, "assets")
    return MapInputs(
        title=title_fields(title),
        places=checked(places, PLACE_COLUMNS, "places"),
        assets=assets.assign(mentioned=assets["mentioned"].fillna(False).astype(bool)),
        zones=checked(zones, ZONE_COLUMNS, "zones"),
        credits=credits(attribution),
    )
