"""Colours and symbols: Leaflet path styles, inline-SVG icons, and the legend that lists those used."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ._templates import macro

SEA = "#d4e6f1"
LAND = {"color": "#b9b2a3", "weight": 0.8, "fillColor": "#f4f1ea", "fillOpacity": 1.0, "opacity": 1.0}
# The palette is Okabe & Ito's (safe for every common colour-vision deficiency); every symbol also
# differs by shape or dash, so the map still reads in greyscale print.
ZONE = {"color": "#d55e00", "weight": 2.5, "dashArray": "8 5", "fillColor": "#d55e00", "fillOpacity": 0.14}

#: Colour and legend label of a cited record, by its kind.
KINDS = {
    "country": ("#0072b2", "Country"),
    "region": ("#cc79a7", "Region"),
    "place": ("#000000", "Place"),
    "feature": ("#009e73", "Feature"),
    "asset": ("#f0e442", "Asset (cited)"),
}
_OTHER_KIND = ("#555555", "Other cited record")
#: Below this confidence a cited record is drawn dashed / hollow.
LOW_CONFIDENCE = 0.5

#: Line assets: colour, dash pattern (None = solid) and legend label.
LINE_ASSETS = {
    "pipeline-oil": ("#8c510a", None, "Oil pipeline"),
    "pipeline-gas": ("#56b4e9", "10 6", "Gas pipeline"),
    "railway": ("#212529", "4 4", "Railway"),
}
_OTHER_LINE = ("#999999", "2 4", "Other line asset")

#: Shapes of point-asset icons, in a 20x20 box.
_SQUARE = '<rect x="3" y="3" width="14" height="14" rx="2"/>'
_DIAMOND = '<path d="M10 1 19 10 10 19 1 10Z"/>'
_TRIANGLE = '<path d="M10 2 19 18H1Z"/>'
_TRIANGLE_DOWN = '<path d="M1 2H19L10 18Z"/>'
_TRIANGLE_LEFT = '<path d="M2 10 18 2V18Z"/>'
_TRIANGLE_RIGHT = '<path d="M18 10 2 2V18Z"/>'
_CROSS = '<path d="M7 1h6v6h6v6h-6v6H7v-6H1V7h6Z"/>'
_HEXAGON = '<path d="M5 2h10l5 8-5 8H5L0 10Z"/>'
_OCTAGON = '<path d="M13.6 1.2 18.8 6.4 18.8 13.6 13.6 18.8 6.4 18.8 1.2 13.6 1.2 6.4 6.4 1.2Z"/>'
_PENTAGON = '<path d="M10 1 19 8 16 19H4L1 8Z"/>'
_STAR = '<path d="M10 1l2.6 6.2 6.7.5-5.1 4.4 1.6 6.5L10 15.1 4.2 18.6l1.6-6.5L.7 7.7l6.7-.5Z"/>'
_STAR3 = '<path d="M10 .5 13 8.2 18.2 14.8 10 13.5 1.8 14.8 7 8.2Z"/>'
_STAR4 = '<path d="M10 .5 12.5 7.5 19.5 10 12.5 12.5 10 19.5 7.5 12.5 .5 10 7.5 7.5Z"/>'
_STAR6 = ('<path d="M10 .5 12 6.5 18.2 5.3 14 10 18.2 14.8 12 13.5 10 19.5 8 13.5 1.8 14.8 6 10 1.8 5.2 8 6.5Z"/>')
_STAR8 = ('<path d="M10 .5 11.9 5.4 16.7 3.3 14.6 8.1 19.5 10 14.6 11.9 16.7 16.7 11.9 14.6 10 19.5 8.1 14.6 3.3 16.7'
          ' 5.4 11.9 .5 10 5.4 8.1 3.3 3.3 8.1 5.4Z"/>')
_X = '<path d="M4 1 10 7 16 1 19 4 13 10 19 16 16 19 10 13 4 19 1 16 7 10 1 4Z"/>'
_THIN_DIAMOND = '<path d="M10 1 16 10 10 19 4 10Z"/>'
#: Point assets, one symbol per subkind: SVG shape (in a 20x20 box), fill colour, legend label and
#: the matplotlib marker of the same shape (for static maps; a tuple is matplotlib's n-pointed star).
POINT_ASSETS = {
    "terminal": (_SQUARE, "#e69f00", "Terminal", "s"),
    "oil-terminal": (_TRIANGLE_RIGHT, "#8c510a", "Oil terminal", ">"),
    "lng-terminal": (_TRIANGLE_LEFT, "#56b4e9", "LNG terminal", "<"),
    "coal-terminal": (_STAR3, "#555555", "Coal terminal", (3, 1, 0)),
    "port": (_DIAMOND, "#0072b2", "Port", "D"),
    "base": (_TRIANGLE, "#009e73", "Military base", "^"),
    "naval-base": (_TRIANGLE_DOWN, "#0072b2", "Naval base", "v"),
    "air-base": (_STAR4, "#009e73", "Air base", (4, 1, 0)),
    "airport": (_CROSS, "#555555", "Airport", "P"),
    "refinery": (_HEXAGON, "#d55e00", "Refinery / processing plant", "H"),
    "field": (_THIN_DIAMOND, "#8c510a", "Oil / gas field", "d"),
    "power-plant": (_PENTAGON, "#e69f00", "Power plant", "p"),
    "dam": (_STAR6, "#56b4e9", "Dam / hydro plant", (6, 1, 0)),
    "nuclear-plant": (_STAR8, "#cc79a7", "Nuclear power plant", (8, 1, 0)),
    "nuclear-facility": (_STAR, "#cc79a7", "Nuclear facility", "*"),
    "mine": (_X, "#555555", "Mine", "X"),
    "steel-plant": (_OCTAGON, "#999999", "Steel plant", "8"),
}
_OTHER_POINT = ('<circle cx="10" cy="10" r="8"/>', "#999999", "Other point asset", "o")
_MENTIONED_RING = "#000000"


def place_style(kind: str, family: str, confidence: float) -> tuple[str, dict, str]:
    """Style key, Leaflet style and legend label of a cited record.

    *family* is ``"point"``, ``"line"`` or ``"polygon"``. Countries are outlines
    without fill; records below :data:`LOW_CONFIDENCE` are dashed (points hollow).
    """
    colour, label = KINDS.get(kind, _OTHER_KIND)
    low = confidence < LOW_CONFIDENCE
    if family == "point":
        ring = "#000000" if kind == "asset" else "#ffffff"  # a white ring vanishes around yellow
        style = {"radius": 7, "color": ring, "weight": 2, "fillColor": colour, "fillOpacity": 0.95}
        if low:
            style.update(color=colour, fillOpacity=0.2)
    elif family == "line":
        style = {"color": colour, "weight": 12, "opacity": 0.6, "lineCap": "round"}  # a highlighter under the line
    elif kind == "country":
        style = {"color": colour, "weight": 2, "opacity": 0.8, "fill": False}
        label = "Country outline"
    else:
        style = {"color": colour, "weight": 1.5, "opacity": 0.9, "fillColor": colour, "fillOpacity": 0.12}
    if low:
        style["dashArray"] = "3 4"
        label += ", low confidence"
    return f"place-{kind if kind in KINDS else 'other'}-{family}{'-low' if low else ''}", style, label


def line_asset_style(subkind: str, mentioned: bool) -> tuple[str, dict, str]:
    """Style key, Leaflet style and legend label of a line asset."""
    colour, dash, label = LINE_ASSETS.get(subkind, _OTHER_LINE)
    style = {"color": colour, "weight": 5 if mentioned else 2.5, "opacity": 1.0 if mentioned else 0.75}
    if dash:
        style["dashArray"] = dash
    key = f"asset-{subkind if subkind in LINE_ASSETS else 'line'}{'-m' if mentioned else ''}"
    return key, style, label + (" — mentioned" if mentioned else "")


def point_asset_icon(subkind: str, mentioned: bool) -> tuple[str, dict, str]:
    """Icon key, ``L.divIcon`` options (inline SVG) and legend label of a point asset."""
    shape, colour, label, _ = POINT_ASSETS.get(subkind, _OTHER_POINT)
    size = 24 if mentioned else 14
    stroke = (_MENTIONED_RING, 2.5) if mentioned else ("#ffffff", 1.5)
    # a catalogued asset the cable does not name stays secondary: smaller and translucent
    opacity = "" if mentioned else ' fill-opacity="0.55" stroke-opacity="0.8"'
    svg = _svg(shape, size, f'fill="{colour}" stroke="{stroke[0]}" stroke-width="{stroke[1]}"{opacity}')
    options = {"html": svg, "className": "cablemap-icon", "iconSize": [size] * 2, "iconAnchor": [size // 2] * 2}
    key = f"asset-{subkind if subkind in POINT_ASSETS else 'point'}{'-m' if mentioned else ''}"
    return key, options, label + (" — mentioned" if mentioned else "")


def point_asset_marker(subkind: str) -> tuple[str, str | tuple[int, int, int]]:
    """Fill colour and matplotlib marker of a point asset (the shape of its map icon)."""
    _, colour, _, marker = POINT_ASSETS.get(subkind, _OTHER_POINT)
    return colour, marker


def _svg(body: str, size: int, paint: str) -> str:
    return f'<svg width="{size}" height="{size}" viewBox="-1 -1 22 22"><g {paint}>{body}</g></svg>'


def swatch(style: dict) -> str:
    """A small inline SVG that looks like *style* (a Leaflet path or circle-marker style)."""
    if "radius" in style:
        shape, width = '<circle cx="10" cy="10" r="7"', 2
    elif "fillColor" in style or style.get("fill") is False:
        shape, width = '<rect x="2" y="4" width="16" height="12"', 2
    else:
        shape, width = '<path d="M1 10H19"', min(style.get("weight", 2), 8)
    stroke = "#adb5bd" if style.get("color") == "#ffffff" else style.get("color", "#000")
    fill = style.get("fillColor", "none") if style.get("fill", True) else "none"
    dash = f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""
    paint = (
        f'fill="{fill}" fill-opacity="{style.get("fillOpacity", 0)}" stroke="{stroke}" '
        f'stroke-opacity="{style.get("opacity", 1)}" stroke-width="{width}"{dash}'
    )
    return f'<svg width="20" height="20" viewBox="0 0 20 20">{shape} {paint}/></svg>'


@dataclass
class Legend:
    """The symbols a map actually uses, in first-use order, grouped under headings."""

    sections: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, section: str, label: str, symbol_svg: str) -> None:
        """Record that *label* (drawn as *symbol_svg*) appears on the map."""
        self.sections.setdefault(section, {}).setdefault(label, symbol_svg)

    def html(self) -> Markup:
        """The legend's inner HTML (labels escaped; symbols are our own SVG)."""
        sections = {s: {label: Markup(svg) for label, svg in entries.items()} for s, entries in self.sections.items()}
        return macro("legend", "blocks.html")(sections=sections)


def icon_swatch(options: dict) -> str:
    """The legend symbol of a DivIcon made by :func:`point_asset_icon` (shown at 20 px)."""
    size = options["iconSize"][0]
    return options["html"].replace(f'width="{size}" height="{size}"', 'width="20" height="20"', 1)
