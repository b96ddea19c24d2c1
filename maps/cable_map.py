"""One cable's places, assets and zones on an interactive folium map that needs no network."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from . import _basemap, _geojson, _style
from ._elements import Attribution, FitView, GeoJsonLayer, HtmlControl, Stylesheet
from ._escape import escape
from ._extent import Extent, map_extent
from ._popups import Citation, asset_popup, place_popup, tooltip
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
TILES = ("osm",)

#: Layer names, in the order they are added (and listed in the layer control).
BASEMAP, ZONES, REGIONS, PLACES, ASSETS = "Basemap", "Zones", "Regions & countries", "Mentioned places", "Assets"
_AREA_KINDS = ("country", "region")
_OUTLINE_SUBKINDS = ("macro-region", "continent")
#: Leaflet panes (name, z-index, catches the mouse): the basemap sits under tiles, markers above shapes.
_PANES = (
    ("cablemap-basemap", 150, False),
    ("cablemap-zones", 350, True),
    ("cablemap-areas", 370, True),
    ("cablemap-halos", 390, True),
    ("cablemap-lines", 410, True),
    ("cablemap-asset-icons", 600, True),
    ("cablemap-place-points", 620, True),
)
_MAX_ZOOM_ON_FIT = 12


def _text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else str(v)


def _checked(frame: gpd.GeoDataFrame, columns: Sequence[str], what: str) -> gpd.GeoDataFrame:
    """*frame* with the contract's columns, or MapsError; an empty frame may lack them."""
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
    return frame.reset_index(drop=True)


def _placed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows that have something to draw."""
    return frame[~(frame.geometry.isna() | frame.geometry.is_empty)]


def _title(title: Mapping[str, str | None]) -> tuple[str, str]:
    """The title block's HTML and the document's ``<title>`` text (both escaped, empty without a title)."""
    unknown = sorted(set(title) - set(TITLE_KEYS))
    if unknown:
        msg = f"title has unknown key(s) {', '.join(unknown)}; expected {', '.join(TITLE_KEYS)}"
        raise MapsError(msg)
    t = {k: _text(title.get(k)).strip() for k in TITLE_KEYS}
    meta = [
        escape(t["date"]),
        f'<span class="cablemap-classification">{escape(t["classification"])}</span>' if t["classification"] else "",
        escape(t["origin"]),
    ]
    parts = [
        f'<div class="cablemap-title-ref">{escape(t["refid"])}</div>' if t["refid"] else "",
        f'<div class="cablemap-title-subject">{escape(t["subject"])}</div>' if t["subject"] else "",
        f'<div class="cablemap-title-meta">{" · ".join(p for p in meta if p)}</div>' if any(meta) else "",
    ]
    return "".join(parts), escape(" — ".join(x for x in (t["refid"], t["subject"]) if x))


def _attribution_html(entries: Sequence[Mapping[str, str]]) -> str:
    """``name (licence)`` per entry, linked when it has an http(s) ``url``; Natural Earth for the basemap."""
    items = []
    for entry in [*entries, {"name": "Natural Earth", "licence": "public domain"}]:
        name, licence, url = (_text(entry.get(k)).strip() for k in ("name", "licence", "url"))
        if not name:
            msg = f"attribution entry without a name: {dict(entry)!r}"
            raise MapsError(msg)
        label = escape(name)
        if url.startswith(("https://", "http://")):
            label = f'<a href="{escape(url)}">{label}</a>'
        items.append(f"{label} ({escape(licence)})" if licence else label)
    return " | ".join(dict.fromkeys(items))


def _citations(rows: pd.DataFrame) -> list[Citation]:
    order = rows.assign(_pos=pd.to_numeric(rows["start"], errors="coerce")).sort_values("_pos", kind="stable")
    grouped: dict[tuple[str, str], list[str]] = {}
    for r in order.itertuples(index=False):
        grouped.setdefault((_text(r.paragraph), _text(r.sentence)), []).append(_text(r.mention))
    return [Citation(p, s, tuple(m)) for (p, s), m in grouped.items()]


def _records(places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per cited record (grouped by ``source``), with its popup, tooltip and layer."""
    if places["source"].isna().any() or (places["source"].astype(str).str.strip() == "").any():
        msg = "every place row needs a source record id"
        raise MapsError(msg)
    out = []
    for source, rows in places.groupby("source", sort=False):
        confidence = pd.to_numeric(rows["confidence"], errors="coerce").fillna(0.0)
        best = rows.loc[confidence.idxmax()]
        kind = _text(best["kind"])
        demonym_only = bool(rows["demonym"].fillna(False).astype(bool).all())
        name = _text(best["name"])
        popup = place_popup(
            name=name,
            source=str(source),
            kind=kind,
            confidence=float(confidence.max()),
            reason=_text(best["reason"]),
            accuracy_m=best["accuracy_m"],
            demonym_only=demonym_only,
            citations=_citations(rows),
        )
        mentions = list(dict.fromkeys(_text(m) for m in rows["mention"]))
        as_written = [m for m in mentions if m.casefold() != name.casefold()][:1]
        out.append(
            {
                "kind": kind,
                "confidence": float(confidence.max()),
                "popup": popup,
                "tooltip": tooltip(name, *(f"“{m}”" for m in as_written)),
                "layer": REGIONS if kind in _AREA_KINDS else PLACES,
                # Countries and macro-regions as outlines only: filled, they would cover the map.
                "outline": kind == "country" or _text(best.get("subkind")) in _OUTLINE_SUBKINDS,
                "geometry": best.geometry,
            }
        )
    columns = ["kind", "confidence", "popup", "tooltip", "layer", "outline", "geometry"]
    return gpd.GeoDataFrame(pd.DataFrame(out, columns=columns), geometry="geometry", crs="EPSG:4326")


def _place_layers(records: gpd.GeoDataFrame, extent: Extent, legend: _style.Legend) -> dict[str, GeoJsonLayer]:
    geoms = _geojson.shrink(
        records.geometry.to_numpy(),
        extent.window_box,
        extent.tolerance,
        outline=records["outline"].to_numpy(bool),
    )
    families = _geojson.family(records.geometry.to_numpy())
    layers = {}
    for layer in (REGIONS, PLACES):
        pick = (records["layer"] == layer).to_numpy()
        styles: dict[str, dict] = {}
        props = []
        for r, fam in zip(records[pick].itertuples(index=False), families[pick], strict=True):
            key, style, label = _style.place_style(r.kind, fam, r.confidence)
            styles[key] = style
            legend.add("Cited in the cable", label, _style.swatch(style))
            props.append({"style": key, "popup": r.popup, "tooltip": r.tooltip})
        if props:
            pane = "cablemap-areas" if layer == REGIONS else "cablemap-halos"
            data = _geojson.feature_collection(geoms[pick], props)
            layers[layer] = GeoJsonLayer(data, styles=styles, pane=pane, point_pane="cablemap-place-points")
    return layers


def _asset_layer(assets: gpd.GeoDataFrame, extent: Extent, legend: _style.Legend) -> GeoJsonLayer | None:
    if assets.empty:
        return None
    geoms = _geojson.shrink(assets.geometry.to_numpy(), extent.window_box, 0.0)
    families = _geojson.family(assets.geometry.to_numpy())
    styles: dict[str, dict] = {}
    icons: dict[str, dict] = {}
    props = []
    for r, fam in zip(assets.itertuples(index=False), families, strict=True):
        subkind, mentioned = _text(r.subkind), bool(r.mentioned)
        if fam == "point":
            key, options, label = _style.point_asset_icon(subkind, mentioned)
            icons[key] = options
            legend.add("Assets", label, _style.icon_swatch(options))
            prop = {"icon": key}
        else:
            key, style, label = _style.line_asset_style(subkind, mentioned)
            styles[key] = style
            legend.add("Assets", label, _style.swatch(style))
            prop = {"style": key}
        prop["popup"] = asset_popup(
            name=_text(r.name),
            subkind=subkind,
            source=_text(r.source),
            accuracy_m=r.accuracy_m,
            note=_text(r.note),
            mentioned=mentioned,
            exposure=_text(r.exposure),
        )
        prop["tooltip"] = tooltip(_text(r.name), subkind)
        props.append(prop)
    data = _geojson.feature_collection(geoms, props)
    return GeoJsonLayer(data, styles=styles, icons=icons, pane="cablemap-lines", point_pane="cablemap-asset-icons")


def _zone_layer(zones: gpd.GeoDataFrame, extent: Extent, legend: _style.Legend) -> GeoJsonLayer | None:
    if zones.empty:
        return None
    geoms = _geojson.shrink(zones.geometry.to_numpy(), extent.window_box, extent.tolerance / 4)
    legend.add("Zones", "Zone", _style.swatch(_style.ZONE))
    props = [
        {"style": "zone", "tooltip": tooltip(_text(r.name), _text(r.label))} for r in zones.itertuples(index=False)
    ]
    data = _geojson.feature_collection(geoms, props)
    return GeoJsonLayer(data, styles={"zone": _style.ZONE}, pane="cablemap-zones")


def _basemap_layer(extent: Extent, legend: _style.Legend) -> GeoJsonLayer:
    land = _basemap.land(extent)
    legend.add("Basemap", "Land (Natural Earth)", _style.swatch(_style.LAND))
    data = _geojson.feature_collection(land, [{"style": "land"}] * len(land))
    return GeoJsonLayer(data, styles={"land": _style.LAND}, pane="cablemap-basemap", interactive=False)


def cable_map(
    *,
    title: Mapping[str, str | None],
    places: gpd.GeoDataFrame,
    assets: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    attribution: Sequence[Mapping[str, str]] = (),
    tiles: str | None = None,
) -> folium.Map:
    """An interactive map of one cable: cited places, catalogued assets and zones on an offline basemap.

    Parameters
    ----------
    title
        ``refid``, ``date``, ``subject``, ``classification``, ``origin`` (each may be None).
    places
        One row per mention (columns in :data:`PLACE_COLUMNS`); rows are grouped by
        ``source`` into one feature per record whose popup cites the cable.
    assets
        Catalogued assets (:data:`ASSET_COLUMNS`); ``mentioned`` ones are emphasised.
    zones
        Buffer zones (:data:`ZONE_COLUMNS`).
    attribution
        Data credits, each with ``name`` and optional ``licence`` and http(s) ``url``;
        Natural Earth (the basemap) is always credited.
    tiles
        None (default): no tiles, only the bundled basemap. ``"osm"``: OpenStreetMap
        tiles on top, fetched online.

    Returns
    -------
    folium.Map
        Write it with :func:`maps.to_html`. All frames are EPSG:4326 and may be empty.

    Raises
    ------
    MapsError
        A frame lacks a column or is not EPSG:4326, a place has no source, the title
        has an unknown key, an attribution entry has no name, or *tiles* is unknown.
    """
    if tiles is not None and tiles not in TILES:
        msg = f"unknown tiles {tiles!r}; use None (offline basemap) or 'osm'"
        raise MapsError(msg)
    places = _placed(_checked(places, PLACE_COLUMNS, "places"))
    assets = _placed(_checked(assets, ASSET_COLUMNS, "assets"))
    assets = assets.assign(mentioned=assets["mentioned"].fillna(False).astype(bool))
    zones = _placed(_checked(zones, ZONE_COLUMNS, "zones"))
    title_html, document_title = _title(title)
    extent = map_extent(places, assets, zones)
    minx, miny, maxx, maxy = extent.view

    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=5, tiles=None, control_scale=True)
    m.default_js = [js for js in m.default_js if js[0] == "leaflet"]
    m.default_css = [css for css in m.default_css if css[0] == "leaflet_css"]
    Stylesheet(_style.SEA).add_to(m)
    for name, z_index, catches_mouse in _PANES:
        folium.map.CustomPane(name, z_index=z_index, pointer_events=catches_mouse).add_to(m)

    legend = _style.Legend()  # filled in the order its sections should read
    layers: dict[str, GeoJsonLayer | None] = _place_layers(_records(places), extent, legend)
    layers[ASSETS] = _asset_layer(assets, extent, legend)
    layers[ZONES] = _zone_layer(zones, extent, legend)
    layers[BASEMAP] = _basemap_layer(extent, legend)
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=True).add_to(m)
    for name in (BASEMAP, ZONES, REGIONS, PLACES, ASSETS):
        if layers.get(name) is not None:
            group = folium.FeatureGroup(name=name).add_to(m)
            layers[name].add_to(group)
    folium.LayerControl(collapsed=False).add_to(m)

    if title_html:
        HtmlControl(title_html, position="topleft", css_class="cablemap-title").add_to(m)
    if document_title:
        m.get_root().header.add_child(folium.Element(f"<title>{document_title}</title>"), name="cablemap_title")
    HtmlControl(legend.html(), position="bottomright", css_class="cablemap-legend").add_to(m)
    Attribution(_attribution_html(attribution)).add_to(m)
    FitView([[miny, minx], [maxy, maxx]], max_zoom=_MAX_ZOOM_ON_FIT).add_to(m)
    return m
