"""Symbols of exported layers, from the HTML map's style table (:mod:`maps._style`).

Each layer's rows get a :class:`Symbol` (what the interactive map draws for them); the
GeoPackage stores them as QGIS styles (QML and SLD in ``layer_styles``), KML as ``<Style>``s.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from maps._style import LOW_CONFIDENCE, ZONE, line_asset_style, place_style, point_asset_icon, point_asset_marker

#: matplotlib marker of :data:`maps._style.POINT_ASSETS` -> QGIS simple-marker name.
_QGIS_MARKERS = {"s": "square", "D": "diamond", "^": "triangle", "P": "cross_fill", "o": "circle"}
_FAMILY = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
           "LinearRing": "line", "Polygon": "polygon", "MultiPolygon": "polygon"}
#: What QGIS's ``geometry_type()`` says for each family.
_QGIS_FAMILY = {"point": "Point", "line": "Line", "polygon": "Polygon"}
_SLD_FAMILY = {"point": ("Point", "MultiPoint"), "line": ("LineString", "MultiLineString"),
               "polygon": ("Polygon", "MultiPolygon")}
_QML_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
_SLD = "http://www.opengis.net/sld"
_OGC = "http://www.opengis.net/ogc"
_SE = "http://www.opengis.net/se"


@dataclass(frozen=True)
class Symbol:
    """How one group of features is drawn: a point, line or polygon symbol (sizes in pixels)."""

    key: str
    label: str
    family: str
    colour: str
    width: float = 2.0
    dash: str | None = None
    fill: str | None = None
    fill_opacity: float = 0.0
    opacity: float = 1.0
    marker: str = "circle"
    size: float = 14.0
    match: tuple[tuple[str, object], ...] = ()  #: (column, value) pairs the group shares
    low_confidence: bool | None = None  #: places: below/at-or-above maps._style.LOW_CONFIDENCE


def _from_leaflet(
    key: str, label: str, family: str, style: dict, *,
    match: tuple[tuple[str, object], ...] = (), low_confidence: bool | None = None,
) -> Symbol:
    fill = style.get("fillColor") if style.get("fill", True) else None
    return Symbol(
        key=key, label=label, family=family, colour=style.get("color", "#000000"),
        width=float(style.get("weight", 2)), dash=style.get("dashArray"), fill=fill,
        fill_opacity=float(style.get("fillOpacity", 0.0)) if fill else 0.0,
        opacity=float(style.get("opacity", 1.0)), size=2.0 * style.get("radius", 7), match=match,
        low_confidence=low_confidence,
    )


def families(frame: gpd.GeoDataFrame) -> pd.Series:
    """``point``, ``line`` or ``polygon`` per row (``point`` for anything else)."""
    return frame.geom_type.map(_FAMILY).fillna("point")


def _place_symbol(kind: str, family: str, confidence: float) -> Symbol:
    key, style, label = place_style(kind, family, confidence)
    low = confidence < LOW_CONFIDENCE
    return _from_leaflet(key, label, family, style, match=(("kind", kind),), low_confidence=low)


def _asset_symbol(subkind: str, family: str, mentioned: bool) -> Symbol:
    match = (("subkind", subkind), ("mentioned", bool(mentioned)))
    if family == "line":
        key, style, label = line_asset_style(subkind, mentioned)
        return _from_leaflet(key, label, family, style, match=match)
    colour, marker = point_asset_marker(subkind)
    # matplotlib's (sides, style, angle) star markers have no QGIS name: a circle, like other unnamed ones
    shape = _QGIS_MARKERS.get(marker, "circle") if isinstance(marker, str) else "circle"
    label = point_asset_icon(subkind, mentioned)[2]
    return Symbol(
        key=f"asset-{subkind}-{family}{'-m' if mentioned else ''}", label=label, family=family,
        colour="#000000" if mentioned else "#ffffff", width=2.5 if mentioned else 1.5, fill=colour,
        fill_opacity=1.0, marker=shape, size=24 if mentioned else 16, match=match,
    )


def _zone_symbol(family: str) -> Symbol:
    return _from_leaflet("zone", "Zone", family, ZONE)


def symbols(layer: str, frame: gpd.GeoDataFrame) -> tuple[pd.Series, list[Symbol]]:
    """The symbol key of every row of *layer* and the symbols used, in first-use order.

    ``places`` and ``exposure`` are drawn by kind (places dashed below the map's low
    confidence), ``assets`` by subkind (bolder when mentioned), ``zones`` as the map's zones.
    """
    fam = families(frame).to_numpy()
    if layer == "assets":
        pairs = zip(frame["subkind"], fam, frame["mentioned"], strict=True)
        made = [_asset_symbol(str(s), f, bool(m)) for s, f, m in pairs]
    elif layer == "zones":
        made = [_zone_symbol(f) for f in fam]
    else:
        conf = frame["confidence"].to_numpy(float) if layer == "places" else np.ones(len(frame))
        made = [_place_symbol(str(k), f, c) for k, f, c in zip(frame["kind"], fam, conf, strict=True)]
    used = list({s.key: s for s in made}.values())
    return pd.Series([s.key for s in made], index=frame.index, dtype=object), used


def _rgba(colour: str, alpha: float = 1.0) -> str:
    h = colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{round(alpha * 255)}"


def _quote(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "'" + str(value).replace("'", "''") + "'"


def qgis_filter(symbol: Symbol) -> str:
    """The QGIS expression selecting the features drawn with *symbol*."""
    parts = [f"geometry_type($geometry) = '{_QGIS_FAMILY[symbol.family]}'"]
    parts += [f'"{col}" = {_quote(val)}' for col, val in symbol.match]
    if symbol.low_confidence is not None:
        parts.append(f'"confidence" {"<" if symbol.low_confidence else ">="} {LOW_CONFIDENCE}')
    return " AND ".join(parts)


def _props(layer: ET.Element, props: dict[str, object]) -> None:
    for k, v in props.items():
        ET.SubElement(layer, "prop", k=k, v=str(v))


def _dash(dash: str | None) -> dict[str, str]:
    if not dash:
        return {"use_custom_dash": "0"}
    return {"use_custom_dash": "1", "customdash": ";".join(dash.split()), "customdash_unit": "Pixel"}


def _qml_symbol(parent: ET.Element, name: str, s: Symbol) -> None:
    kind = {"point": "marker", "line": "line", "polygon": "fill"}[s.family]
    sym = ET.SubElement(parent, "symbol", type=kind, name=name, alpha=f"{s.opacity:g}", clip_to_extent="1",
                        force_rhr="0")
    if s.family == "point":
        layer = ET.SubElement(sym, "layer", {"class": "SimpleMarker", "enabled": "1", "pass": "0", "locked": "0"})
        _props(layer, {"name": s.marker, "color": _rgba(s.fill or s.colour, s.fill_opacity or 1.0),
                       "outline_color": _rgba(s.colour), "outline_style": "solid", "outline_width": s.width,
                       "outline_width_unit": "Pixel", "size": s.size, "size_unit": "Pixel"})
    elif s.family == "line":
        layer = ET.SubElement(sym, "layer", {"class": "SimpleLine", "enabled": "1", "pass": "0", "locked": "0"})
        _props(layer, {"line_color": _rgba(s.colour), "line_width": s.width, "line_width_unit": "Pixel",
                       "line_style": "solid", "capstyle": "round", "joinstyle": "round", **_dash(s.dash)})
    else:
        layer = ET.SubElement(sym, "layer", {"class": "SimpleFill", "enabled": "1", "pass": "0", "locked": "0"})
        _props(layer, {"color": _rgba(s.fill or s.colour, s.fill_opacity), "style": "solid" if s.fill else "no",
                       "outline_color": _rgba(s.colour), "outline_width": s.width,
                       "outline_width_unit": "Pixel", "outline_style": "dash" if s.dash else "solid"})


def qml(used: list[Symbol]) -> str:
    """A QGIS style (QML): a rule-based renderer with one rule per symbol."""
    root = ET.Element("qgis", version="3.28.0", styleCategories="Symbology")
    renderer = ET.SubElement(root, "renderer-v2", type="RuleRenderer", symbollevels="0", enableorderby="0",
                             forceraster="0")
    rules = ET.SubElement(renderer, "rules", key="root")
    syms = ET.SubElement(renderer, "symbols")
    for i, s in enumerate(used):
        ET.SubElement(rules, "rule", key=f"rule-{i}", label=s.label, filter=qgis_filter(s), symbol=str(i))
        _qml_symbol(syms, str(i), s)
    return _QML_DOCTYPE + ET.tostring(root, encoding="unicode")


def _sld_filter(parent: ET.Element, s: Symbol) -> None:
    flt = ET.SubElement(parent, f"{{{_OGC}}}Filter")
    both = ET.SubElement(flt, f"{{{_OGC}}}And")
    fam = ET.SubElement(both, f"{{{_OGC}}}Or")
    for name in _SLD_FAMILY[s.family]:
        eq = ET.SubElement(fam, f"{{{_OGC}}}PropertyIsEqualTo")
        fn = ET.SubElement(eq, f"{{{_OGC}}}Function", name="geometryType")
        ET.SubElement(fn, f"{{{_OGC}}}PropertyName").text = "geom"
        ET.SubElement(eq, f"{{{_OGC}}}Literal").text = name
    for col, val in s.match:
        eq = ET.SubElement(both, f"{{{_OGC}}}PropertyIsEqualTo")
        ET.SubElement(eq, f"{{{_OGC}}}PropertyName").text = col
        ET.SubElement(eq, f"{{{_OGC}}}Literal").text = str(val).lower() if isinstance(val, bool) else str(val)


def _css(parent: ET.Element, tag: str, params: dict[str, object]) -> None:
    el = ET.SubElement(parent, f"{{{_SE}}}{tag}")
    for name, value in params.items():
        ET.SubElement(el, f"{{{_SE}}}SvgParameter", name=name).text = str(value)


def _sld_symbolizer(rule: ET.Element, s: Symbol) -> None:
    stroke = {"stroke": s.colour, "stroke-width": s.width, "stroke-opacity": s.opacity}
    if s.dash:
        stroke["stroke-dasharray"] = s.dash
    if s.family == "point":
        g = ET.SubElement(ET.SubElement(rule, f"{{{_SE}}}PointSymbolizer"), f"{{{_SE}}}Graphic")
        mark = ET.SubElement(g, f"{{{_SE}}}Mark")
        ET.SubElement(mark, f"{{{_SE}}}WellKnownName").text = s.marker
        _css(mark, "Fill", {"fill": s.fill or s.colour})
        _css(mark, "Stroke", stroke)
        ET.SubElement(g, f"{{{_SE}}}Size").text = f"{s.size:g}"
    elif s.family == "line":
        _css(ET.SubElement(rule, f"{{{_SE}}}LineSymbolizer"), "Stroke", stroke)
    else:
        poly = ET.SubElement(rule, f"{{{_SE}}}PolygonSymbolizer")
        if s.fill:
            _css(poly, "Fill", {"fill": s.fill, "fill-opacity": s.fill_opacity})
        _css(poly, "Stroke", stroke)


def sld(layer: str, used: list[Symbol]) -> str:
    """The same style as SLD 1.1 (what QGIS stores beside the QML)."""
    ET.register_namespace("sld", _SLD)
    ET.register_namespace("ogc", _OGC)
    ET.register_namespace("se", _SE)
    root = ET.Element(ET.QName(_SLD, "StyledLayerDescriptor").text, version="1.1.0")
    named = ET.SubElement(root, f"{{{_SLD}}}NamedLayer")
    ET.SubElement(named, f"{{{_SE}}}Name").text = layer
    fts = ET.SubElement(ET.SubElement(named, f"{{{_SLD}}}UserStyle"), f"{{{_SE}}}FeatureTypeStyle")
    for s in used:
        rule = ET.SubElement(fts, f"{{{_SE}}}Rule")
        ET.SubElement(rule, f"{{{_SE}}}Name").text = s.label
        _sld_filter(rule, s)
        _sld_symbolizer(rule, s)
    return ET.tostring(root, encoding="unicode", xml_declaration=False)


def kml_colour(colour: str, alpha: float = 1.0) -> str:
    """``#rrggbb`` and an opacity as KML's ``aabbggrr``."""
    h = colour.lstrip("#")
    return f"{round(alpha * 255):02x}{h[4:6]}{h[2:4]}{h[0:2]}"
