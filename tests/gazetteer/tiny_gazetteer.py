"""A gazetteer of a handful of records, made in a test (no bundled store needed)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from gazetteer import Gazetteer
from gazetteer._weights import Weights

_DEFAULTS = {"kind": "place", "subkind": "PPL", "country": "", "admin1": "", "population": 0, "source": "test",
             "accuracy_m": 1000.0, "note": "", "geonameid": 0}


def record(rid: str, name: str, lon: float, lat: float, *aliases: str, **fields) -> dict:
    """One store record: a point named *name* (and *aliases*); *fields* override the defaults (a village)."""
    return {"id": rid, "name": name, "names": [name, *aliases], **_DEFAULTS, **fields, "lon": lon, "lat": lat,
            "geometry": Point(lon, lat)}


def tiny_gazetteer(records: list[dict], demonyms: dict[str, str] | None = None,
                   common_words: frozenset[str] = frozenset(), ordinary_words: frozenset[str] = frozenset(),
                   weights: Weights | None = None) -> Gazetteer:
    """A :class:`Gazetteer` of *records* (see :func:`record`), *demonyms* demonym -> record id."""
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    dem = pd.DataFrame({"demonym": list(demonyms or {}), "record_id": list((demonyms or {}).values())})
    return Gazetteer(frame, dem, common_words, ordinary_words, weights=weights)
