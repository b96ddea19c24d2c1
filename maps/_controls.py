"""Map controls briefing readers expect: search, overview map, classification banners, clustering,
full screen and measuring.

Every plugin's JavaScript and CSS comes from the ``folium-offline`` manifest (inlined by
:func:`maps.to_html`); titles and labels reach the page as JSON literals (the templates'
``js`` filter) and are shown with ``textContent``, never parsed as HTML.
"""

from __future__ import annotations

from folium.elements import JSCSSMixin, MacroElement
from folium.template import Template
from markupsafe import Markup

from ._elements import InertMacroElement
from ._templates import template

#: Plugin name -> (scripts, stylesheets) as (folium asset name, CDN URL of the manifest copy).
PLUGINS = {
    "search": (
        [("leaflet_search_js", "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.js")],
        [("leaflet_search_css", "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.css")],
    ),
    "minimap": (
        [("minimap_js", "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js")],
        [("minimap_css", "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.css")],
    ),
    "fullscreen": (
        [("Control.Fullscreen.js", "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js")],
        [("Control.FullScreen.css", "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css")],
    ),
    "measure": (
        [("leaflet_measure_js", "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js")],
        [("leaflet_measure_css", "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css")],
    ),
    "cluster": (
        [("markercluster_js", "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js")],
        [
            ("markercluster_css", "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css"),
            (
                "markercluster_default_css",
                "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css",
            ),
        ],
    ),
}


class Plugin(JSCSSMixin, MacroElement):
    """Loads one plugin of :data:`PLUGINS` into the document (once, however often it is added)."""

    _template = Template("")

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = f"Plugin_{name}"
        self.default_js, self.default_css = PLUGINS[name]


class FullscreenButton(JSCSSMixin, InertMacroElement):
    """A button that shows the map full screen (leaflet.fullscreen), titled *title* and, when full, *title_cancel*."""

    _template = template("fullscreen_button.js")
    default_js, default_css = PLUGINS["fullscreen"]

    def __init__(self, *, title: str, title_cancel: str, position: str = "topleft") -> None:
        super().__init__()
        self._name = "Fullscreen"
        self.options = {"position": position, "title": title, "titleCancel": title_cancel, "forceSeparateButton": False}


class MeasureControl(JSCSSMixin, InertMacroElement):
    """A tool to measure distances and areas (leaflet-measure), each in a primary and a secondary unit.

    Units are leaflet-measure's names: ``kilometers``, ``miles``, ``sqkilometers``, ``sqmiles``...
    """

    _template = template("measure_control.js")
    default_js, default_css = PLUGINS["measure"]

    def __init__(self, *, length_units: tuple[str, str], area_units: tuple[str, str], position: str = "topleft") -> None:
        super().__init__()
        self._name = "MeasureControl"
        self.options = {
            "position": position,
            "primaryLengthUnit": length_units[0],
            "secondaryLengthUnit": length_units[1],
            "primaryAreaUnit": area_units[0],
            "secondaryAreaUnit": area_units[1],
        }


class SearchControl(InertMacroElement):
    """A search box over the features registered in its index (see ``GeoJsonLayer(search_index=...)``).

    Choosing a result fits the map to the feature and opens its popup.
    """

    _template = template("search_control.js")

    def __init__(self, placeholder: str = "Find a place the cable names…") -> None:
        super().__init__()
        self._name = "search_index"
        self.placeholder = placeholder


class OverviewMap(InertMacroElement):
    """A small world map (coarse land polygons, no tiles) showing where the main view is.

    *land* is a FeatureCollection literal from :func:`maps._geojson.feature_collection` (script-safe).
    """

    _template = template("overview_map.js")

    def __init__(self, land: str, style: dict) -> None:
        super().__init__()
        self._name = "OverviewMap"
        self.land = Markup(land)
        self.style = style


class Banners(InertMacroElement):
    """The classification marking in a coloured band across the top and the bottom of the map."""

    _template = template("banners.js")

    def __init__(self, text: str, background: str, colour: str) -> None:
        super().__init__()
        self._name = "Banners"
        self.text = text
        self.background = background
        self.colour = colour


class CompactWhenSmall(InertMacroElement):
    """Fit the legend to the map, not the window: at most 40 % of the map's height (it scrolls),
    and folded on a map narrower than *width* px (a pasted or half-size map)."""

    _template = template("compact_when_small.js")

    def __init__(self, width: int = 700) -> None:
        super().__init__()
        self._name = "CompactWhenSmall"
        self.width = int(width)
