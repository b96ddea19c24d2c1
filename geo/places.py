"""The places a cable names: its mentions resolved by the gazetteer, as a GeoDataFrame."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from gazetteer import Context, Gazetteer

from .cable import Cable

#: Columns of :func:`cable_places`, in order (geometry last).
PLACE_COLUMNS = [
    "mention", "start", "end", "name", "kind", "subkind", "demonym", "source", "confidence",
    "reason", "paragraph", "sentence", "country", "accuracy_m", "runners_up",
]


def cable_context(cable: Cable, gazetteer: Gazetteer) -> Context:
    """What the cable says about where it is: TAGS countries and its post's country."""
    post_country = gazetteer.country_of(cable.post) if cable.post else None
    return Context(countries=tuple(cable.countries), post_country=post_country)


def cable_places(cable: Cable, gazetteer: Gazetteer) -> gpd.GeoDataFrame:
    """One row per place, region, asset or demonym mention in *cable* (EPSG:4326).

    ``start``/``end`` are offsets into ``cable.text``; ``source`` is the chosen
    record's id (``geonames:612366``, ``gem:P0643``...); ``runners_up`` lists the
    next candidates as ``id (score)``.
    """
    found = gazetteer.find(cable.searchable_text(), cable_context(cable, gazetteer))
    rows = []
    for r in found:
        rec = gazetteer.records.iloc[r.row]
        para = cable.paragraph_at(r.start)
        rows.append(
            {
                "mention": cable.text[r.start : r.end],
                "start": r.start,
                "end": r.end,
                "name": r.name,
                "kind": r.kind,
                "subkind": rec["subkind"],
                "demonym": r.demonym,
                "source": r.record_id,
                "confidence": r.confidence,
                "reason": r.reason,
                "paragraph": para.label if para else "",
                "sentence": cable.sentence_at(r.start, r.end),
                "country": rec["country"],
                "accuracy_m": float(rec["accuracy_m"]),
                "runners_up": "; ".join(f"{c.record_id} {c.name} ({c.score})" for c in r.runners_up),
                "geometry": rec.geometry,
            }
        )
    frame = pd.DataFrame(rows, columns=[*PLACE_COLUMNS, "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
