"""One cable's places, assets and zones on an interactive folium map that needs no network."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import folium
import geopandas as gpd
import numpy as np
from folium.plugins import Fullscreen, MeasureControl
from markupsafe import Markup

from . import _basemap, _geojson, _style
from ._controls import Banners, CompactWhenSmall, OverviewMap, Plugin, SearchControl
from ._elements import Attribution, DocumentTitle, FitView, GeoJsonLayer, HtmlControl, Stylesheet
from ._extent import Extent, map_extent
from ._frames import (
    ASSET_COLUMNS,
    ASSETS,
    BASEMAP,
    PLACE_COLUMNS,
    PLACES,
    REGIONS,
    TITLE_KEYS,
    ZONE_COLUMNS,
    ZONES,
    MapInputs,
    Record,
    map_inputs,
    records,
    text,
)
from ._popups import asset_popup, place_popup, tooltip
from ._templates import macro
from .classification import banner_colours, banner_text
from .errors import MapsError

__all__ = ["ASSET_COLUMNS", "PLACE_COLUMNS", "TILES", "TITLE_KEYS", "ZONE_COLUMNS", "cable_map"]

TILES = ("osm",)
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
_MAX_ZOOM_ON_FIT, _MAX_ZOOM = 12, 18
#: A layer with more point markers than this gathers them into clusters.
CLUSTER_ABOVE = 60


def _title(t: Mapping[str, str]) -> tuple[Markup, str]:
    """The title block's HTML and the document's ``<title>`` text (plain; empty without a title)."""
    block = macro("title_block", "blocks.html")(**t)
    return block, " — ".join(x for x in (t["refid"], t["subject"]) if x)


def _attribution_html(credits: Sequence[tuple[str, str, str]]) -> Markup:
    """``name (licence)`` per source, linked when it has an http(s) url."""
    linked = [(name, licence, url if url.startswith(("https://", "http://")) else "") for name, licence, url in credits]
    return macro("attribution", "blocks.html")(credits=linked)


def _search_titles(names: Sequence[str], sources: Sequence[str]) -> list[str]:
    """A unique search title per feature: its name, with the source id where names repeat."""
    counts = Counter(names)
    return [n if counts[n] == 1 else f"{n} ({s})" for n, s in zip(names, sources, strict=True)]


def _place_props(r: Record, search: str) -> dict:
    popup = place_popup(
        name=r.name,
        source=r.source,
        kind=r.kind,
        confidence=r.confidence,
        reason=r.reason,
        accuracy_m=r.accuracy_m,
        demonym_only=r.demonym_only,
        citations=r.citations,
        reviewed=r.reviewed,
        review_note=r.review_note,
    )
    as_written = [m for m in r.mentions if m.casefold() != r.name.casefold()][:1]
    return {"popup": popup, "tooltip": tooltip(r.name, *(f"“{m}”" for m in as_written)), "search": search}


def _place_layers(
    records: list[Record], extent: Extent, legend: _style.Legend, index: SearchControl
) -> dict[str, GeoJsonLayer]:
    raw = np.array([r.geometry for r in records], dtype=object)
    outline = np.array([r.outline for r in records], bool)
    geoms = _geojson.shrink(raw, extent.window_box, extent.tolerance, outline=outline)
    families = _geojson.family(raw)
    titles = _search_titles([r.name for r in records], [r.source for r in records])
    layers = {}
    for layer in (REGIONS, PLACES):
        pick = np.array([r.layer == layer for r in records], bool)
        styles: dict[str, dict] = {}
        props = []
        for i in np.flatnonzero(pick):
            r = records[i]
            key, style, label = _style.place_style(r.kind, families[i], r.confidence)
            styles[key] = style
            legend.add("Cited in the cable", label, _style.swatch(style))
            props.append({"style": key, **_place_props(r, titles[i])})
        if props:
            pane = "cablemap-areas" if layer == REGIONS else "cablemap-halos"
            data = _geojson.feature_collection(geoms[pick], props)
            cluster = int((families[pick] == "point").sum()) > CLUSTER_ABOVE
            layers[layer] = GeoJsonLayer(
                data, styles=styles, pane=pane, point_pane="cablemap-place-points", search_index=index, cluster=cluster
            )
    return layers


def _asset_layer(
    assets: gpd.GeoDataFrame, extent: Extent, legend: _style.Legend, index: SearchControl
) -> GeoJsonLayer | None:
    if assets.empty:
        return None
    geoms = _geojson.shrink(assets.geometry.to_numpy(), extent.window_box, 0.0)
    families = _geojson.family(assets.geometry.to_numpy())
    styles: dict[str, dict] = {}
    icons: dict[str, dict] = {}
    props = []
    titles = _search_titles([text(n) for n in assets["name"]], [text(s) for s in assets["source"]])
    for r, fam, title in zip(assets.itertuples(index=False), families, titles, strict=True):
        subkind, mentioned = text(r.subkind), bool(r.mentioned)
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
            name=text(r.name),
            subkind=subkind,
            source=text(r.source),
            accuracy_m=r.accuracy_m,
            note=text(r.note),
            mentioned=mentioned,
            exposure=text(r.exposure),
            status=text(getattr(r, "asset_status", "")),
            owner=text(getattr(r, "owner", "")),
            capacity=text(getattr(r, "capacity", "")),
            source_ids=text(getattr(r, "source_ids", "")),
        )
        prop["tooltip"] = tooltip(text(r.name), subkind)
        if mentioned:
            prop["search"] = title
        props.append(prop)
    data = _geojson.feature_collection(geoms, props)
    cluster = int((families == "point").sum()) > CLUSTER_ABOVE
    return GeoJsonLayer(
        data,
        styles=styles,
        icons=icons,
        pane="cablemap-lines",
        point_pane="cablemap-asset-icons",
        search_index=index,
        cluster=cluster,
    )


def _zone_layer(zones: gpd.GeoDataFrame, extent: Extent, legend: _style.Legend) -> GeoJsonLayer | None:
    if zones.empty:
        return None
    geoms = _geojson.shrink(zones.geometry.to_numpy(), extent.window_box, extent.tolerance / 4)
    legend.add("Zones", "Zone", _style.swatch(_style.ZONE))
    props = [
        {"style": "zone", "tooltip": tooltip(text(r.name), text(r.label))} for r in zones.itertuples(index=False)
    ]
    data = _geojson.feature_collection(geoms, props)
    return GeoJsonLayer(data, styles={"zone": _style.ZONE}, pane="cablemap-zones")


def _basemap_layer(extent: Extent, legend: _style.Legend) -> GeoJsonLayer:
    land = _basemap.land(extent)
    legend.add("Basemap", "Land (Natural Earth)", _style.swatch(_style.LAND))
    data = _geojson.feature_collection(land, [{"style": "land"}] * len(land))
    return GeoJsonLayer(data, styles={"land": _style.LAND}, pane="cablemap-basemap", interactive=False)


def _overview() -> OverviewMap:
    land = _basemap.world_land()
    return OverviewMap(_geojson.feature_collection(land, [{}] * len(land)), _style.LAND)


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

    Besides the layers it has a title block, a legend, data attribution, the
    classification banner at top and bottom, a scale bar, an overview map, a full
    screen button, a distance and area measure tool and a search box over the
    mentioned places; layers with many points cluster them.

    Parameters
    ----------
    title
        ``refid``, ``date``, ``subject``, ``classification``, ``origin`` (each may be None).
    places
        One row per mention (columns in :data:`PLACE_COLUMNS`, optionally ``reviewed``
        and ``review_note``); rows are grouped by ``source`` into one feature per
        record whose popup cites the cable.
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
        Write it with :func:`maps.to_html` or :func:`maps.to_fragment`. All frames are
        EPSG:4326 and may be empty.

    Raises
    ------
    MapsError
        A frame lacks a column or is not EPSG:4326, a place has no source, the title
        has an unknown key, an attribution entry has no name, or *tiles* is unknown.
    """
    if tiles is not None and tiles not in TILES:
        msg = f"unknown tiles {tiles!r}; use None (offline basemap) or 'osm'"
        raise MapsError(msg)
    return _build(map_inputs(title=title, places=places, assets=assets, zones=zones, attribution=attribution), tiles)


def _build(inputs: MapInputs, tiles: str | None) -> folium.Map:
    title_html, document_title = _title(inputs.title)
    extent = map_extent(inputs.places, inputs.assets, inputs.zones)
    minx, miny, maxx, maxy = extent.view

    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=5, tiles=None, control_scale=True
    )
    m.options["maxZoom"] = _MAX_ZOOM  # without tiles Leaflet has no zoom limit, and clustering needs one
    m.default_js = [js for js in m.default_js if js[0] == "leaflet"]
    m.default_css = [css for css in m.default_css if css[0] == "leaflet_css"]
    Stylesheet(_style.SEA).add_to(m)
    for name, z_index, catches_mouse in _PANES:
        folium.map.CustomPane(name, z_index=z_index, pointer_events=catches_mouse).add_to(m)
    for plugin in ("search", "minimap"):
        Plugin(plugin).add_to(m)
    search = SearchControl()
    search.add_to(m)
    Fullscreen(title="Full screen", title_cancel="Leave full screen").add_to(m)
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="sqkilometers",
        secondary_area_unit="sqmiles",
    ).add_to(m)

    legend = _style.Legend()  # filled in the order its sections should read
    layers: dict[str, GeoJsonLayer | None] = _place_layers(records(inputs.places), extent, legend, search)
    layers[ASSETS] = _asset_layer(inputs.assets, extent, legend, search)
    layers[ZONES] = _zone_layer(inputs.zones, extent, legend)
    layers[BASEMAP] = _basemap_layer(extent, legend)
    if any(layer is not None and layer.cluster for layer in layers.values()):
        Plugin("cluster").add_to(m)
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=True).add_to(m)
    for name in (BASEMAP, ZONES, REGIONS, PLACES, ASSETS):
        if layers.get(name) is not None:
            group = folium.FeatureGroup(name=name).add_to(m)
            layers[name].add_to(group)
    if title_html:
        HtmlControl(title_html, position="topright", css_class="cablemap-title").add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    if document_title:
        DocumentTitle(document_title).add_to(m)
    HtmlControl(legend.html(), position="bottomright", css_class="cablemap-legend").add_to(m)
    _overview().add_to(m)
    Attribution(_attribution_html(inputs.credits)).add_to(m)
    Banners(banner_text(inputs.title["classification"]), *banner_colours(inputs.title["classification"])).add_to(m)
    FitView([[miny, minx], [maxy, maxx]], max_zoom=_MAX_ZOOM_ON_FIT).add_to(m)
    CompactWhenSmall().add_to(m)
    return m
