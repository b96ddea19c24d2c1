"""Layers for exposure and maps: catalogued assets near the story, features to test."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer import Gazetteer

from .crs import local_crs

#: Kinds whose geometry is too large to say anything about a zone (whole countries).
_NOT_EXPOSED = ("country",)
#: Subkinds too large to frame a map with.
_TOO_WIDE = ("macro-region", "continent")


def area_of_interest(places: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, margin_km: float) -> shapely.Geometry:
    """The mentioned local geometries and the zones, grown by *margin_km* (EPSG:4326).

    Countries and macro-regions are left out: a mention of Russia should not pull
    every asset between Kaliningrad and Vladivostok onto a map of Georgia.
    """
    local = places[~places["kind"].isin(_NOT_EXPOSED) & ~places["subkind"].isin(_TOO_WIDE)]
    geoms = pd.concat([local.geometry, zones.geometry], ignore_index=True)
    geoms = gpd.GeoSeries(geoms[~geoms.is_empty & geoms.notna()], crs="EPSG:4326")
    if geoms.empty:
        return shapely.Polygon()
    crs = local_crs(geoms)
    grown = geoms.to_crs(crs).buffer(margin_km * 1000).union_all()
    return gpd.GeoSeries([grown], crs=crs).to_crs("EPSG:4326").iloc[0]


def nearby_assets(gazetteer: Gazetteer, area: shapely.Geometry, mentioned: set[str]) -> gpd.GeoDataFrame:
    """Catalogued assets that touch *area*, with a ``mentioned`` flag."""
    if area.is_empty:
        rows = gazetteer.rows_of(sorted(mentioned))
        assets = gazetteer.take(np.sort(rows[(rows >= 0) & (gazetteer.column("kind", rows) == "asset")]))
    else:
        assets = gazetteer.assets_touching(area)
    out = assets[["id", "name", "kind", "subkind", "source", "accuracy_m", "note", "geometry"]].rename(
        columns={"id": "record_id"}
    )
    out = out.assign(mentioned=out["record_id"].isin(mentioned))
    details = asset_details(gazetteer, out["record_id"])
    out = out.assign(**{c: details[c] for c in ("asset_status", "owner", "capacity", "source_ids")})
    return out.reset_index(drop=True)


def exposure_features(places: gpd.GeoDataFrame, assets: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """What exposure is computed for: catalogued assets plus mentioned non-country places."""
    local = ~places["kind"].isin(_NOT_EXPOSED) & ~places["subkind"].isin(_TOO_WIDE) & ~places["demonym"]
    mentioned = places[local].drop_duplicates("source")
    from_places = mentioned.assign(mentioned=True)[["name", "kind", "source", "mentioned", "geometry"]]
    from_assets = assets.assign(source=assets["record_id"])[["name", "kind", "source", "mentioned", "geometry"]]
    both = pd.concat([from_assets, from_places[~from_places["source"].isin(from_assets["source"])]])
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326").reset_index(drop=True)


#: ``--asset-kind`` words that stand for several subkinds.
_ASSET_KIND_WORDS = {
    "base": ("air-base", "naval-base", "army-base", "base"),
    "pipeline": ("pipeline-oil", "pipeline-gas"),
    "terminal": ("oil-terminal", "lng-terminal", "coal-terminal", "terminal"),
    "plant": ("power-plant", "nuclear-plant", "dam", "steel-plant"),
    "nuclear": ("nuclear-plant", "nuclear-facility"),
}


def asset_subkinds(words: str) -> set[str]:
    """Subkinds meant by a comma-separated ``--asset-kind`` value ("base,pipeline")."""
    out: set[str] = set()
    for word in (w.strip().lower() for w in words.split(",") if w.strip()):
        out |= set(_ASSET_KIND_WORDS.get(word, (word,)))
    return out


def asset_details(gazetteer: Gazetteer, ids: pd.Series) -> pd.DataFrame:
    """Per record id: ``subkind, asset_status, owner, capacity, source_ids`` ("" where not an asset or unknown)."""
    table = gazetteer.assets.set_index("id")
    rows = gazetteer.rows_of(ids)
    subkind = np.where(rows >= 0, gazetteer.column("subkind", rows), "")
    out = pd.DataFrame({"subkind": subkind.astype(object)}, index=ids.index)
    for col, name in (("status", "asset_status"), ("owner", "owner"), ("capacity", "capacity"),
                      ("source_ids", "source_ids")):
        values = table[col] if col in table else pd.Series(dtype=str)
        out[name] = values.reindex(ids.to_numpy()).fillna("").to_numpy()
    return out


def filter_assets(rows: pd.DataFrame, kinds: set[str] | None, statuses: set[str] | None) -> pd.DataFrame:
    """Rows of *rows* (with :func:`asset_details` columns) that are assets of *kinds* and *statuses*.

    A status matches when it is one of the asset's statuses ("operating; proposed" is operating).
    """
    keep = rows["kind"] == "asset"
    if kinds:
        keep &= rows["subkind"].isin(kinds)
    if statuses:
        keep &= rows["asset_status"].map(lambda s: bool({x.strip() for x in s.split(";")} & statuses))
    return rows[keep]
