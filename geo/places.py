"""The places a cable names: its mentions resolved by the gazetteer, as a GeoDataFrame."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from gazetteer import Context, Gazetteer, Resolution

from .cable.reader import Cable

if TYPE_CHECKING:
    from .overrides import Overrides

#: Columns of :func:`cable_places`, in order (geometry last).
PLACE_COLUMNS = [
    "mention", "start", "end", "name", "kind", "subkind", "demonym", "source", "confidence",
    "reason", "paragraph", "sentence", "country", "accuracy_m", "runners_up",
]
#: Columns :func:`cable_places` adds when given overrides.
REVIEW_COLUMNS = ["reviewed", "review_note"]


def cable_context(cable: Cable, gazetteer: Gazetteer) -> Context:
    """What the cable says about where it is: TAGS countries and its post's country."""
    post_country = gazetteer.country_of(cable.post) if cable.post else None
    return Context(countries=tuple(cable.countries), post_country=post_country, topics=tuple(cable.subject_tags))


def resolve_cable(cable: Cable, gazetteer: Gazetteer) -> list[Resolution]:
    """Every mention the gazetteer finds in the cable's readable text, resolved."""
    return gazetteer.find(cable.searchable_text(), cable_context(cable, gazetteer))


def places_frame(cable: Cable, gazetteer: Gazetteer, found: list[Resolution]) -> gpd.GeoDataFrame:
    """The places frame (:data:`PLACE_COLUMNS` + geometry) of resolutions *found* in *cable*."""
    rows = np.array([r.row for r in found], dtype=np.int64)
    rec = gazetteer.take(rows)
    paras = [cable.paragraph_at(r.start) for r in found]
    frame = pd.DataFrame(
        {
            **_mention_columns(cable, found),
            "subkind": rec["subkind"].to_numpy(),
            **_resolution_columns(found),
            "paragraph": [p.label if p else "" for p in paras],
            "sentence": [cable.sentence_at(r.start, r.end) for r in found],
            "country": rec["country"].to_numpy(),
            "accuracy_m": rec["accuracy_m"].to_numpy(float),
            "runners_up": ["; ".join(f"{c.record_id} {c.name} ({c.score})" for c in r.runners_up) for r in found],
        },
        columns=PLACE_COLUMNS,
    )
    return gpd.GeoDataFrame(frame, geometry=rec.geometry.to_numpy(), crs="EPSG:4326")


def _mention_columns(cable: Cable, found: list[Resolution]) -> dict[str, Any]:
    """The ``mention``, ``start``, ``end``, ``name`` and ``kind`` columns of *found*."""
    return {
        "mention": [cable.text[r.start : r.end] for r in found],
        "start": np.array([r.start for r in found], dtype=np.int64),
        "end": np.array([r.end for r in found], dtype=np.int64),
        "name": [r.name for r in found],
        "kind": [r.kind for r in found],
    }


def _resolution_columns(found: list[Resolution]) -> dict[str, Any]:
    """The ``demonym``, ``source``, ``confidence`` and ``reason`` columns of *found*."""
    return {
        "demonym": np.array([r.demonym for r in found], dtype=bool),
        "source": [r.record_id for r in found],
        "confidence": np.array([r.confidence for r in found], dtype=float),
        "reason": [r.reason for r in found],
    }


def cable_places(cable: Cable, gazetteer: Gazetteer, overrides: Overrides | None = None) -> gpd.GeoDataFrame:
    """One row per place, region, asset or demonym mention in *cable* (EPSG:4326).

    ``start``/``end`` are offsets into ``cable.text``; ``source`` is the chosen
    record's id (``geonames:612366``, ``gem:P0643``...); ``runners_up`` lists the
    next candidates as ``id (score)``. With *overrides* the analyst's fixes are
    applied and the columns ``reviewed`` and ``review_note`` added.
    """
    frame = places_frame(cable, gazetteer, resolve_cable(cable, gazetteer))
    if overrides is None:
        return frame
    return overrides.apply(
        frame, refid=cable.refid, text=cable.text, countries=tuple(cable.countries),
        gazetteer=gazetteer, cable=cable,
    )
