"""Inputs for a seed-like map of 08BAKU812, built from real geometry in tests/data/maps (see its PROVENANCE.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

DATA = Path(__file__).resolve().parents[1] / "data" / "maps"
#: Hostile text: closes a script, runs an onerror handler, breaks out of a JS template literal.
PAYLOAD = '</script><img src=x onerror="window.__xss=1">${window.__xss=2}` \\ end'
POTI = (42.14272, 41.67384)  # GeoNames 612366 (lat, lon)
GORI = (41.98422, 44.11578)  # GeoNames 614455 (lat, lon)
GEONAMES_COLUMNS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude"]


@dataclass
class Inputs:
    """Keyword arguments of :func:`maps.cable_map`."""

    title: dict
    places: gpd.GeoDataFrame
    assets: gpd.GeoDataFrame
    zones: gpd.GeoDataFrame
    attribution: list

    def kwargs(self) -> dict:
        return dict(vars(self))


def _geonames() -> gpd.GeoDataFrame:
    raw = pd.read_csv(DATA / "geonames_cities500_caucasus.txt", sep="\t", header=None, dtype=str, usecols=range(6))
    raw.columns = GEONAMES_COLUMNS
    pts = gpd.points_from_xy(raw["longitude"].astype(float), raw["latitude"].astype(float))
    return gpd.GeoDataFrame(raw, geometry=pts, crs="EPSG:4326")


def _frames() -> dict[str, gpd.GeoDataFrame]:
    return {
        "ne_countries_caucasus.geojson": gpd.read_file(DATA / "ne_countries_caucasus.geojson"),
        "ne_10m_breakaway_caucasus.geojson": gpd.read_file(DATA / "ne_10m_breakaway_caucasus.geojson"),
        "gem_pipelines_caucasus.geojson": gpd.read_file(DATA / "gem_pipelines_caucasus.geojson"),
        "geonames_cities500_caucasus.txt": _geonames(),
    }


def _lookup(frames: dict[str, gpd.GeoDataFrame], file: str, column: str, value: str) -> shapely.Geometry:
    frame = frames[file]
    (geom,) = frame.loc[frame[column] == value, "geometry"]
    return geom


def _places(spec: dict, frames: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    rows = []
    for m in spec["mentions"]:
        rec = spec["records"][m["source"]]
        rows.append(
            {
                **m,
                "name": rec["name"],
                "kind": rec["kind"],
                "confidence": rec["confidence"],
                "reason": rec["reason"],
                "accuracy_m": float(rec["accuracy_m"]),
                "geometry": _lookup(frames, *rec["geometry"]),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _zones(frames: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """South Ossetia and Abkhazia grown by 20 km, each in its own UTM zone."""
    rows = []
    for name in ("South Ossetia", "Abkhazia"):
        area = gpd.GeoSeries([_lookup(frames, "ne_10m_breakaway_caucasus.geojson", "BRK_NAME", name)], crs=4326)
        utm = area.estimate_utm_crs()
        grown = area.to_crs(utm).buffer(20_000).to_crs(4326).iloc[0]
        rows.append({"name": f"{name}+20km", "label": f"{name} grown by 20 km", "geometry": grown})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _assets(frames: dict[str, gpd.GeoDataFrame], zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    pipes = frames["gem_pipelines_caucasus.geojson"]
    rows = [
        {
            "name": r.name if isinstance(r.name, str) else f"GEM {r.project_id}",
            "subkind": "pipeline-oil" if r.fuel_folder == "liquid" else "pipeline-gas",
            "source": f"gem:{r.project_id}",
            "accuracy_m": 500.0 if r.route_accuracy == "high" else 5000.0,
            "note": f"GEM status: {r.status}" if isinstance(r.status, str) else "",
            "mentioned": r.project_id in ("P0643", "P0645"),
            "geometry": r.geometry,
        }
        for r in pipes.itertuples()
    ]
    ne = gpd.read_file(DATA / "ne_10m_ports_airports_caucasus.geojson")
    for r in ne.itertuples():
        subkind = "port" if r.featurecla == "Port" else "airport"
        rows.append(
            {
                "name": f"{r.name} ({subkind})",
                "subkind": subkind,
                "source": f"ne:{subkind}:{r.name}",
                "accuracy_m": 1000.0,
                "note": "",
                "mentioned": r.name == "Poti",
                "geometry": r.geometry,
            }
        )
    gyumri = _lookup(frames, "geonames_cities500_caucasus.txt", "geonameid", "616635")
    rows.append(
        {
            "name": "Russian 102nd military base",
            "subkind": "base",
            "source": "geonames:616635",
            "accuracy_m": 5000.0,
            "note": "Placed at the GeoNames point of Gyumri; the base lies within the city.",
            "mentioned": True,
            "geometry": gyumri,
        }
    )
    btc = _lookup(frames, "gem_pipelines_caucasus.geojson", "project_id", "P0644")
    rows.append(
        {
            "name": "Sangachal Terminal",
            "subkind": "terminal",
            "source": "gem:P0644 start",
            "accuracy_m": 2000.0,
            "note": "First vertex of the GEM BTC route.",
            "mentioned": False,
            "geometry": shapely.Point(shapely.get_coordinates(btc)[0]),
        }
    )
    assets = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return assets.assign(exposure=_exposure(assets, zones))


def _exposure(assets: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> list[str]:
    """``"<zone>: inside"`` or ``"<zone>: 35.2 km"`` per zone, measured in a metric CRS."""
    utm = zones.estimate_utm_crs()
    a, z = assets.to_crs(utm), zones.to_crs(utm)
    out = []
    for geom in a.geometry:
        parts = []
        for name, zone in zip(z["name"], z.geometry, strict=True):
            d = geom.distance(zone) / 1000
            parts.append(f"{name}: inside" if d == 0 else f"{name}: {d:.1f} km")
        out.append("; ".join(parts))
    return out


def seed_inputs() -> Inputs:
    """Title, places (46 mentions of 15 records), 14 assets and 2 zones of 08BAKU812."""
    spec = json.loads((DATA / "08BAKU812_mentions.json").read_text(encoding="utf-8"))
    frames = _frames()
    zones = _zones(frames)
    return Inputs(
        title=spec["cable"],
        places=_places(spec, frames),
        assets=_assets(frames, zones),
        zones=zones,
        attribution=[
            {"name": "GeoNames", "licence": "CC BY 4.0", "url": "https://www.geonames.org/"},
            {"name": "Global Energy Monitor", "licence": "CC BY 4.0"},
        ],
    )


def hostile_inputs(seed: Inputs) -> dict:
    """A small real map whose every string is the payload."""
    sentence = f"Ships at {PAYLOAD} were shelled."
    places = gpd.GeoDataFrame(
        [
            {
                "mention": PAYLOAD,
                "name": f"Poti {PAYLOAD}",
                "kind": "place",
                "demonym": False,
                "source": f"geonames:612366{PAYLOAD}",
                "confidence": 0.9,
                "reason": PAYLOAD,
                "paragraph": f"¶4 {PAYLOAD}",
                "sentence": sentence,
                "start": 10,
                "end": 20,
                "accuracy_m": 3000.0,
                "geometry": shapely.Point(POTI[1], POTI[0]),
            },
            {
                "mention": "Gori",
                "name": "Gori",
                "kind": "place",
                "demonym": False,
                "source": "geonames:614455",
                "confidence": 0.9,
                "reason": "unique",
                "paragraph": "¶5 (C)",
                "sentence": "near Gori",
                "start": 5,
                "end": 9,
                "accuracy_m": 3000.0,
                "geometry": shapely.Point(GORI[1], GORI[0]),
            },
        ],
        geometry="geometry",
        crs="EPSG:4326",
    )
    assets = seed.assets.head(3).assign(name=PAYLOAD, note=PAYLOAD, exposure=PAYLOAD, subkind=PAYLOAD)
    zones = seed.zones.assign(name=PAYLOAD, label=PAYLOAD)
    title = dict.fromkeys(("refid", "date", "subject", "classification", "origin"), PAYLOAD)
    attribution = [{"name": PAYLOAD, "licence": PAYLOAD, "url": f"https://example.org/{PAYLOAD}"}]
    return {"title": title, "places": places, "assets": assets, "zones": zones, "attribution": attribution}
