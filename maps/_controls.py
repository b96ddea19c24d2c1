"""Map controls briefing readers expect: search, overview map, classification banners, clustering.

Every plugin's JavaScript and CSS comes from the ``folium-offline`` manifest (inlined by
:func:`maps.to_html`); titles and labels reach the page as JSON literals and are shown with
``textContent``, never parsed as HTML.
"""

from __future__ import annotations

from folium.elements import JSCSSMixin, MacroElement
from folium.template import Template

from ._elements import InertMacroElement
from ._js import literal

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

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {};
        (function () {
            var map = {{ this._parent.get_name() }}, index = {{ this.get_name() }};
            new L.Control.Search({
                position: "topleft",
                textPlaceholder: {{ this.placeholder }},
                marker: false,
                initial: false,
                autoCollapse: true,
                sourceData: function (text, callback) {
                    var records = {};
                    Object.keys(index).forEach(function (title) {
                        var layer = index[title];
                        var at = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
                        at.layer = layer;
                        records[title] = at;
                    });
                    callback(records);
                    return {abort: function () {}};
                },
                formatData: function (records) { return records; },
                buildTip: function (text) {
                    var tip = L.DomUtil.create("a");
                    tip.textContent = text;
                    return tip;
                },
                moveToLocation: function (latlng, title, m) {
                    var layer = latlng.layer;
                    if (layer.getBounds) { m.fitBounds(layer.getBounds(), {maxZoom: 10, animate: false}); }
                    else { m.setView(latlng, Math.max(m.getZoom(), 9), {animate: false}); }
                    if (layer.openPopup) { layer.openPopup(); }
                }
            }).addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, placeholder: str = "Find a place the cable names…") -> None:
        super().__init__()
        self._name = "search_index"
        self.placeholder = literal(placeholder)


class OverviewMap(InertMacroElement):
    """A small world map (coarse land polygons, no tiles) showing where the main view is."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var land = L.geoJSON({{ this.land }}, {style: {{ this.style }}, interactive: false});
            new L.Control.MiniMap(land, {
                position: "bottomleft", width: 140, height: 110, zoomLevelOffset: -5,
                toggleDisplay: true, aimingRectOptions: {color: "#d55e00", weight: 2, interactive: false},
                shadowRectOptions: {color: "#000000", weight: 1, opacity: 0, fillOpacity: 0, interactive: false}
            }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, land: str, style: dict) -> None:
        super().__init__()
        self._name = "OverviewMap"
        self.land = land
        self.style = literal(style)


class Banners(InertMacroElement):
    """The classification marking in a coloured band across the top and the bottom of the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var container = {{ this._parent.get_name() }}.getContainer();
            ["top", "bottom"].forEach(function (where) {
                var band = L.DomUtil.create("div", "cablemap-banner cablemap-banner-" + where, container);
                band.textContent = {{ this.text }};
                band.style.background = {{ this.background }};
                band.style.color = {{ this.colour }};
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str, background: str, colour: str) -> None:
        super().__init__()
        self._name = "Banners"
        self.text = literal(text)
        self.background = literal(background)
        self.colour = literal(colour)


class CompactWhenSmall(InertMacroElement):
    """Fit the legend to the map, not the window: at most 40 % of the map's height (it scrolls),
    and folded on a map narrower than *width* px (a pasted or half-size map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().querySelectorAll(".cablemap-legend").forEach(function (legend) {
                legend.style.maxHeight = Math.round(map.getSize().y * 0.4) + "px";
                if (map.getSize().x < {{ this.width }}) { legend.querySelector("details").open = false; }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, width: int = 700) -> None:
        super().__init__()
        self._name = "CompactWhenSmall"
        self.width = int(width)
