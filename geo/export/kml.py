"""KML and KMZ for Google Earth: a folder per layer, a style per kind, cited descriptions.

The document is built with :mod:`xml.etree.ElementTree`, so every string is escaped by the
serializer; descriptions are HTML (Google Earth renders them), so each value from a cable or
a data file is HTML-escaped first and shows as literal text.
"""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
import zipfile

import geopandas as gpd
import pandas as pd
import shapely

from maps._escape import escape

from .styles import Symbol, kml_colour, symbols

_KML = "http://www.opengis.net/kml/2.2"
#: Fields shown first in a description (the citation), then every other column.
_FIRST = ("sentence", "paragraph", "mention", "name", "source", "confidence", "reason", "zone", "status",
          "km_inside", "distance_km")
#: Columns too bulky or technical for a balloon.
_SKIP = ("geometry", "runners_up")


def _sub(parent: ET.Element, tag: str, text: object = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{_KML}}}{tag}", attrs)
    if text is not None:
        el.text = str(text)
    return el


def _value(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".")
    return str(v)


def _fields(frame: pd.DataFrame) -> list[str]:
    cols = [c for c in frame.columns if c not in _SKIP]
    return [c for c in _FIRST if c in cols] + [c for c in cols if c not in _FIRST]


def _description(row: pd.Series, fields: list[str]) -> str:
    """The balloon's HTML: one escaped ``field: value`` line each."""
    return "<br/>".join(f"<b>{escape(f)}</b>: {escape(_value(row[f]))}" for f in fields if _value(row[f]))


def _style(doc: ET.Element, layer: str, s: Symbol) -> None:
    style = _sub(doc, "Style", id=f"{layer}-{s.key}")
    if s.family == "point":
        icon = _sub(style, "IconStyle")
        _sub(icon, "color", kml_colour(s.fill or s.colour))
        _sub(icon, "scale", f"{s.size / 16:.2f}")  # the viewer's own icon: no external request
    line = _sub(style, "LineStyle")
    _sub(line, "color", kml_colour(s.colour, s.opacity))
    _sub(line, "width", f"{s.width:g}")
    poly = _sub(style, "PolyStyle")
    _sub(poly, "color", kml_colour(s.fill or s.colour, s.fill_opacity))
    _sub(poly, "fill", "1" if s.fill else "0")


def _coords(parent: ET.Element, coords) -> None:
    _sub(parent, "coordinates", " ".join(f"{x:.6f},{y:.6f}" for x, y in coords))


def _ring(parent: ET.Element, tag: str, ring: shapely.LinearRing) -> None:
    _coords(_sub(_sub(parent, tag), "LinearRing"), ring.coords)


def _geometry(parent: ET.Element, geom: shapely.Geometry) -> None:
    """Points, lines (pipelines) and polygons (zones, regions) as KML; parts in a MultiGeometry."""
    if isinstance(geom, shapely.Point):
        _coords(_sub(parent, "Point"), [(geom.x, geom.y)])
    elif isinstance(geom, shapely.LineString | shapely.LinearRing):
        line = _sub(parent, "LineString")
        _sub(line, "tessellate", "1")
        _coords(line, geom.coords)
    elif isinstance(geom, shapely.Polygon):
        poly = _sub(parent, "Polygon")
        _sub(poly, "tessellate", "1")
        _ring(poly, "outerBoundaryIs", geom.exterior)
        for hole in geom.interiors:
            _ring(poly, "innerBoundaryIs", hole)
    else:
        multi = _sub(parent, "MultiGeometry")
        for part in getattr(geom, "geoms", ()):
            _geometry(multi, part)


def _title(layer: str, row: pd.Series) -> str:
    for col in ("mention", "name"):
        if col in row and _value(row[col]):
            return _value(row[col])
    return layer


def kml_document(layers: dict[str, gpd.GeoDataFrame], title: str) -> bytes:
    """One KML document: a ``<Folder>`` per layer, a ``<Style>`` per kind, a ``<Placemark>`` per row."""
    ET.register_namespace("", _KML)
    root = ET.Element(ET.QName(_KML, "kml").text)
    doc = _sub(root, "Document")
    _sub(doc, "name", title)
    for layer, frame in layers.items():
        frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty].to_crs(4326)
        keys, used = symbols(layer, frame)
        for s in used:
            _style(doc, layer, s)
        folder = _sub(doc, "Folder")
        _sub(folder, "name", layer)
        fields = _fields(frame)
        for (_, row), key in zip(frame.iterrows(), keys, strict=True):
            mark = _sub(folder, "Placemark")
            _sub(mark, "name", _title(layer, row))
            _sub(mark, "description", _description(row, fields))
            _sub(mark, "styleUrl", f"#{layer}-{key}")
            data = _sub(mark, "ExtendedData")
            for f in fields:
                _sub(_sub(data, "Data", name=f), "value", _value(row[f]))
            _geometry(mark, row.geometry)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def kmz_bytes(kml: bytes) -> bytes:
    """A KMZ: the KML zipped as ``doc.kml``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", kml)
    return buf.getvalue()
