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


def _citations(rows: list[int], paragraph: list[str], sentence: list[str], mention: list[str]) -> list[Citation]:
    """The citations of *rows* (positions, in text order): one per (paragraph, sentence), with its mentions."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for i in rows:
        grouped.setdefault((paragraph[i], sentence[i]), []).append(mention[i])
    return [Citation(p, s, tuple(m)) for (p, s), m in grouped.items()]


def _in_text_order(rows: list[int], start: np.ndarray) -> list[int]:
    """*rows* by their ``start``, rows without one last (a stable sort, as pandas' ``sort_values``)."""
    return sorted(rows, key=lambda i: (bool(np.isnan(start[i])), 0.0 if np.isnan(start[i]) else float(start[i])))


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
    """One :class:`Record` per cited ``source`` (checked *places*), in first-mention order.

    Each column is read once; a record takes its rows by position.
    """
    if places["source"].isna().any() or (places["source"].astype(str).str.strip() == "").any():
        msg = "every place row needs a source record id"
        raise MapsError(msg)
    value = {c: places[c].to_numpy() for c in ("name", "kind", "reason", "accuracy_m", "geometry")}
    subkind = places["subkind"].to_numpy() if "subkind" in places else np.full(len(places), None)
    confidence = pd.to_numeric(places["confidence"], errors="coerce").fillna(0.0).to_numpy()
    start = pd.to_numeric(places["start"], errors="coerce").to_numpy(dtype=float)
    demonym = places["demonym"].fillna(False).astype(bool).to_numpy()
    no_review = np.zeros(len(places), bool)
    reviewed = places["reviewed"].fillna(False).astype(bool).to_numpy() if "reviewed" in places else no_review
    note = [text(n).strip() for n in places["review_note"]] if "review_note" in places else [""] * len(places)
    mention, paragraph, sentence = ([text(v) for v in places[c]] for c in ("mention", "paragraph", "sentence"))
    rows_of: dict[object, list[int]] = {}
    for i, source in enumerate(places["source"].tolist()):
        rows_of.setdefault(source, []).append(i)
    out = []
    for source, rows in rows_of.items():
        best = rows[int(np.argmax(confidence[rows]))]  # the first of the most confident
        kind = text(value["kind"][best])
        out.append(
            Record(
                source=str(source),
                name=text(value["name"][best]),
                kind=kind,
                confidence=float(confidence[rows].max()),
                reason=text(value["reason"][best]),
                accuracy_m=value["accuracy_m"][best],
                demonym_only=bool(demonym[rows].all()),
                citations=_citations(_in_text_order(rows, start), paragraph, sentence, mention),
                mentions=list(dict.fromkeys(mention[i] for i in rows)),
                layer=REGIONS if kind in _AREA_KINDS else PLACES,
                outline=kind == "country" or text(subkind[best]) in _OUTLINE_SUBKINDS,
                reviewed=bool(reviewed[rows].any()),
                review_note=next((note[i] for i in rows if note[i]), ""),
                geometry=value["geometry"][best],
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
