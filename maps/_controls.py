"""Map controls briefing readers expect: search, overview map, classification banners, clustering.

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
