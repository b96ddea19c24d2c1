"""Small folium elements of our own: a styled GeoJSON layer, HTML controls, attribution, CSS.

folium's ``Popup``/``Tooltip`` put their HTML into JavaScript template literals and
need jQuery; these elements instead hand Leaflet already-escaped HTML as JSON
string literals (the ``js`` filter, :mod:`maps._js`), so no text can break out of the
script. Their templates are files in ``maps/templates`` (see :mod:`maps._templates`).
"""

from __future__ import annotations

from branca.element import Element, Figure
from folium.elements import MacroElement
from markupsafe import Markup

from ._templates import template


class Rendered(Element):
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
                getattr(figure, part).add_child(Rendered(macros[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class GeoJsonLayer(InertMacroElement):
    """Features drawn into the parent layer with per-feature style keys, popups and tooltips.

    Parameters
    ----------
    data
        A FeatureCollection literal from :func:`maps._geojson.feature_collection` (script-safe), whose
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

    _template = template("geojson_layer.js")

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
        self.data = Markup(data)
        self.styles = styles
        self.icons = icons or {}
        self.pane = pane
        self.point_pane = point_pane or pane
        self.interactive = interactive


class HtmlControl(InertMacroElement):
    """A Leaflet control holding ready (escaped) HTML, e.g. the title block or the legend."""

    _template = template("html_control.js")

    def __init__(self, html: str, *, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = f"cablemap-control {css_class}"


class Attribution(InertMacroElement):
    """Adds escaped HTML to the map's attribution control."""

    _template = template("attribution.js")

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html = html


class FitView(InertMacroElement):
    """Fit the map to *bounds* ``[[south, west], [north, east]]`` at once (no zoom animation on load)."""

    _template = template("fit_view.js")

    def __init__(self, bounds: list[list[float]], *, max_zoom: int) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = bounds
        self.max_zoom = int(max_zoom)


class Stylesheet(InertMacroElement):
    """The map's own CSS (``cablemap.css``), the sea colour as the map background, controls clear of the banners.

    Its rules are scoped to our own classes; zoomed out to 50 % or less, text and symbols grow so they stay legible.
    """

    _template = template("stylesheet.html")

    def __init__(self, sea: str) -> None:
        super().__init__()
        self._name = "Stylesheet"
        self.sea = sea


class DocumentTitle(InertMacroElement):
    """The page's ``<title>``: *text* is inserted as data (autoescaped), never compiled as a template."""

    _template = template("document_title.html")

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "DocumentTitle"
        self.text = text
