"""Small folium elements of our own: a styled GeoJSON layer, HTML controls, attribution, CSS.

folium's ``Popup``/``Tooltip`` put their HTML into JavaScript template literals and
need jQuery; these elements instead hand Leaflet already-escaped HTML as JSON
string literals (see :mod:`maps._js`), so no text can break out of the script.
"""

from __future__ import annotations

from branca.element import Element, Figure
from folium.elements import MacroElement
from folium.template import Template

from ._escape import escape
from ._js import literal

class _Rendered(Element):
    """Markup that is already rendered: returned as it is, never compiled again."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self._markup = markup

    def render(self, **kwargs: object) -> str:
        return self._markup


class InertMacroElement(MacroElement):
    """A MacroElement whose rendered header, html and script are placed in the page as text.

    branca's own ``MacroElement.render`` wraps each rendered part in ``Element(text)``, which
    compiles *text* as a Jinja2 template a second time: text from a cable inside it would run
    (``{{ cycler.__init__.__globals__.os.getpid() }}``). Here the constant ``_template`` is the
    only template; what it renders is data.
    """

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            msg = f"{self._name} must be added to a map before it is rendered"
            raise TypeError(msg)
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if part in macros:
                getattr(figure, part).add_child(_Rendered(macros[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


#: Scoped to our own classes. Zoomed out to 50 % or less, text and symbols grow so they stay legible.
CSS = """
.cablemap-control{background:rgba(255,255,255,.94);padding:6px 9px;border-radius:5px;
  box-shadow:0 1px 4px rgba(0,0,0,.35);font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:#212529;max-width:380px}
.cablemap-title-ref{font-weight:700;font-size:14px}
.cablemap-title-subject{margin:2px 0;font-weight:600}
.cablemap-title-meta{color:#495057}
.cablemap-classification{font-weight:700;color:#c92a2a}
.cablemap-legend{overflow:auto}
.cablemap-legend-title{font-weight:700;cursor:pointer}
.cablemap-legend-section{margin-top:5px;font-weight:600;color:#495057}
.cablemap-legend-row{display:flex;align-items:center;gap:6px;margin:2px 0}
.cablemap-legend-row svg{flex:none}
.cablemap-icon{background:none;border:none}
.cablemap-icon svg{display:block;filter:drop-shadow(0 0 1px rgba(0,0,0,.5))}
.cablemap-popup{font:12px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-height:320px;overflow:auto}
.cablemap-popup-name{font-weight:700;font-size:14px}
.cablemap-popup-meta{color:#495057;margin:2px 0 4px}
.cablemap-popup-reason{color:#343a40;font-style:italic;margin-bottom:4px}
.cablemap-popup-note{color:#495057;margin-bottom:4px}
.cablemap-popup-section{font-weight:600;margin-top:4px}
.cablemap-cites,.cablemap-exposure{margin:2px 0;padding-left:18px}
.cablemap-cites li{margin-bottom:3px}
.cablemap-para{font-weight:600;color:#5f3dc4;white-space:nowrap}
.cablemap-cites mark{background:#ffec99;padding:0 1px}
.cablemap-more{color:#495057;font-style:italic}
.cablemap-badge{display:inline-block;margin-left:4px;padding:0 6px;border-radius:8px;background:#0072b2;color:#fff;
  font-size:11px;font-weight:600;vertical-align:middle}
.cablemap-banner{position:absolute;left:0;right:0;z-index:1001;height:20px;overflow:hidden;white-space:nowrap;
  font:700 12px/20px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;letter-spacing:.12em;text-align:center;
  pointer-events:none}
.cablemap-banner-top{top:0}
.cablemap-banner-bottom{bottom:0}
@media (max-resolution:0.75dppx){
  .cablemap-control,.cablemap-popup{font-size:17px}
  .cablemap-title-ref,.cablemap-popup-name{font-size:19px}
  .cablemap-legend-row svg{transform:scale(1.4)}
  .cablemap-icon svg{transform:scale(1.6)}
}
"""


class GeoJsonLayer(InertMacroElement):
    """Features drawn into the parent layer with per-feature style keys, popups and tooltips.

    Parameters
    ----------
    data
        A FeatureCollection literal from :func:`maps._geojson.feature_collection`, whose
        properties may hold ``style`` (a key of *styles*), ``icon`` (a key of *icons*:
        points become ``L.marker`` with that ``L.divIcon``, others ``L.circleMarker``),
        ``popup`` and ``tooltip`` (escaped HTML).
    styles, icons
        Leaflet path styles and ``L.divIcon`` options by key.
    pane, point_pane
        Leaflet panes for shapes and for point markers.
    interactive
        False for layers that must never catch the mouse (the basemap).
    search_index
        A :class:`~maps._controls.SearchControl`: features with a ``search`` property are
        registered in its index under that title.
    cluster
        Gather point markers into clusters (needs :class:`Plugins` with ``"cluster"``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var styles = {{ this.styles }}, icons = {{ this.icons }};
            var index = {{ this.search_index.get_name() if this.search_index else "null" }};
            var layer = L.geoJSON({{ this.data }}, {
                pane: {{ this.pane }},
                interactive: {{ this.interactive }},
                style: function (f) { return styles[f.properties.style]; },
                pointToLayer: function (f, latlng) {
                    var icon = icons[f.properties.icon];
                    if (icon) {
                        return L.marker(latlng, {icon: L.divIcon(icon), pane: {{ this.point_pane }}, keyboard: false});
                    }
                    return L.circleMarker(latlng, {pane: {{ this.point_pane }}});
                },
                onEachFeature: function (f, layer) {
                    if (f.properties.popup) { layer.bindPopup(f.properties.popup, {maxWidth: 380}); }
                    if (f.properties.tooltip) { layer.bindTooltip(f.properties.tooltip, {sticky: true}); }
                    if (index && f.properties.search) { index[f.properties.search] = layer; }
                }
            });
            {% if this.cluster %}
            layer = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40}).addLayer(layer);
            {% endif %}
            layer.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: str,
        *,
        styles: dict[str, dict],
        icons: dict[str, dict] | None = None,
        pane: str,
        point_pane: str | None = None,
        interactive: bool = True,
        search_index: MacroElement | None = None,
        cluster: bool = False,
    ) -> None:
        super().__init__()
        self._name = "GeoJsonLayer"
        self.search_index = search_index
        self.cluster = cluster
        self.data = data
        self.styles = literal(styles)
        self.icons = literal(icons or {})
        self.pane = literal(pane)
        self.point_pane = literal(point_pane or pane)
        self.interactive = literal(interactive)


class HtmlControl(InertMacroElement):
    """A Leaflet control holding ready (escaped) HTML, e.g. the title block or the legend."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class }});
                div.innerHTML = {{ this.html }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = literal(html)
        self.position = literal(position)
        self.css_class = literal(f"cablemap-control {css_class}")


class Attribution(InertMacroElement):
    """Adds escaped HTML to the map's attribution control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html = literal(html)


class FitView(InertMacroElement):
    """Fit the map to *bounds* ``[[south, west], [north, east]]`` at once (no zoom animation on load)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds }}, {maxZoom: {{ this.max_zoom }}, animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], *, max_zoom: int) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = literal(bounds)
        self.max_zoom = int(max_zoom)


class Stylesheet(InertMacroElement):
    """The map's own CSS: :data:`CSS`, the sea colour as the map background, controls clear of the banners."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>#{{ this._parent.get_name() }}.leaflet-container,
#{{ this._parent.get_name() }} .leaflet-control-minimap{background:{{ this.sea }}}
#{{ this._parent.get_name() }} .leaflet-top{top:20px}#{{ this._parent.get_name() }} .leaflet-bottom{bottom:20px}
#{{ this._parent.get_name() }} .leaflet-control-layers{font-size:13px}{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, sea: str) -> None:
        super().__init__()
        self._name = "Stylesheet"
        self.sea = sea
        self.css = CSS


class DocumentTitle(InertMacroElement):
    """The page's ``<title>``: *text* is escaped and inserted as data, never compiled as a template."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <title>{{ this.text }}</title>
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "DocumentTitle"
        self.text = escape(text)
