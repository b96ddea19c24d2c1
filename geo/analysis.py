"""One cable, analysed: its places, the zones asked for, nearby assets and their exposure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from gazetteer import Gazetteer

from .cable.reader import Cable
from .exposure import exposure
from .layers import area_of_interest, exposure_features, nearby_assets
from .places import cable_places
from .settings import Settings
from .zones import build_zones

if TYPE_CHECKING:
    from .overrides import Overrides


@dataclass(frozen=True)
class Analysis:
    """Everything the commands and the map need about one cable."""

    cable: Cable
    places: gpd.GeoDataFrame  #: one row per mention (see :data:`geo.places.PLACE_COLUMNS`)
    zones: gpd.GeoDataFrame  #: name, label, base_id, buffer_km, geometry
    assets: gpd.GeoDataFrame  #: catalogued assets near the story, with ``mentioned``
    exposure: gpd.GeoDataFrame  #: one row per (zone, feature within reach)
    credits: list[dict[str, str]]  #: the data credits of the gazetteer's store (name, licence, url-text)


def analyse(
    cable: Cable,
    zone_specs: Sequence[str] = (),
    within_km: float = 100.0,
    gazetteer: Gazetteer | None = None,
    overrides: Overrides | None = None,
) -> Analysis:
    """Resolve the cable's places, build the zones and compute exposure.

    Assets are taken from the catalogue when they lie within *within_km* of a
    zone or of a mentioned (non-country) place, and always when mentioned. With
    *overrides* the analyst's fixes are applied to the places first. The *gazetteer* defaults to
    the environment's (:meth:`geo.settings.Settings.gazetteer`).

    >>> import geo
    >>> a = geo.analyse(geo.read_cable(geo.SAMPLE_CABLE), ["South Ossetia+20km"])
    >>> sorted({"Gori", "Kaspi", "Poti"} & set(a.exposure["name"]))  # Poti lies outside that zone's reach
    ['Gori', 'Kaspi']
    """
    gaz = gazetteer or Settings.from_env().gazetteer()
    places = cable_places(cable, gaz, overrides)
    zones = build_zones(zone_specs, lambda: gaz.regions)
    area = area_of_interest(places, zones, within_km)
    assets = nearby_assets(gaz, area, set(places["source"]))
    exposed = exposure(zones, exposure_features(places, assets), within_km=within_km)
    return Analysis(cable, places, zones, assets, exposed, gaz.attribution())


def exposure_summary(exposed: gpd.GeoDataFrame) -> pd.Series:
    """Per feature source, one line such as ``South Ossetia+20km: inside; Abkhazia+20km: 35.2 km``."""
    if exposed.empty:
        return pd.Series(dtype=str)
    text = exposed.apply(
        lambda r: f"{r['zone']}: {r['status']}"
        + (f", {r['km_inside']:.1f} km inside" if r["status"] == "crosses" and pd.notna(r["km_inside"]) else "")
        + (f", {r['distance_km']:.1f} km away" if r["status"] == "outside" else ""),
        axis=1,
    )
    return text.groupby(exposed["source"]).agg("; ".join)
