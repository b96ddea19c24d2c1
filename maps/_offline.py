"""Render a folium map as one self-contained HTML document (no request leaves the page).

Library code comes from the ``folium-offline`` package through its public element
:class:`offlinefolium.elements.JSCSSMixin`, which puts its copy of each CDN URL it carries
into a page (copies kept in a cache folder spare later runs the import, see
:mod:`maps._asset_copies`). folium's ``<script src>`` and stylesheet ``<link>`` elements are
replaced by those copies in the rendered element tree (``templates/assets.html``), not cut
out of text.
"""

from __future__ import annotations

import copy
import functools
import re

import folium
from branca.element import CssLink, Figure, JavascriptLink
from markupsafe import Markup

from ._asset_copies import kept_copy
from ._elements import Rendered
from ._templates import macro
from .errors import MapsError, OfflineAssetMissing

#: src/href-like attributes that make the browser fetch, pointing off the page.
_FETCHING = re.compile(
    r"<(?P<tag>[a-z][\w:-]*)\b[^<>]*?\s(?:src|srcset|href|poster|data|action|formaction|background|xlink:href)"
    r"\s*=\s*\\?[\"']?\s*(?P<url>(?:https?:)?//[^\s\"'\\>]*)",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"url\(\s*[\"']?\s*(?P<url>(?:https?:)?//[^\s\"')]*)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\b", re.IGNORECASE)
#: A stylesheet's ``url()`` relative to its CDN folder (it would be looked up next to the HTML file).
_RELATIVE_URL = re.compile(r"url\(\s*([\"']?)(?!data:|#|https?:|//)(?P<path>[^\"')]+)\1\s*\)", re.IGNORECASE)
#: Offline stand-ins for the images plugin stylesheets reference that way; the rest become ``none``.
_STAND_INS = {
    "images/toggle.svg": "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='18' height='18'%3E"
    "%3Cpath d='M4 14 14 4M7 4h7v7' stroke='%23333' stroke-width='2' fill='none'/%3E%3C/svg%3E\")",
}
_SOURCE_MAP = re.compile(r"^\s*(?://[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$", re.MULTILINE)
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</style", re.IGNORECASE)
#: How folium-offline's JSCSSMixin wraps the copy of a script it inlines.
_WRAPPER = ("<script>", "</script>")


@functools.cache
def _manifest_copy(url: str) -> str:
    """folium-offline's copy of *url*: a kept one, else taken from the library."""
    return kept_copy(url, _library_copy)


def _library_copy(url: str) -> str:
    """folium-offline's copy of *url*, taken from the element its JSCSSMixin adds to a page."""
    from offlinefolium.elements import JSCSSMixin  # a tenth of a second: only when no copy is kept

    carrier = JSCSSMixin()
    carrier.default_js, carrier.default_css = [("copy", "https:" + url if url.startswith("//") else url)], []
    figure = Figure()
    figure.add_child(carrier)
    try:
        carrier.render()
    except KeyError:
        raise OfflineAssetMissing(url) from None
    tag = figure.header._children["copy"].render()
    start, end = _WRAPPER
    if not (tag.startswith(start) and tag.endswith(end)):
        msg = f"folium-offline no longer inlines {url} as {start}…{end}"
        raise MapsError(msg)
    return tag[len(start) : -len(end)]


def _content(url: str) -> str:
    """The manifest's copy of *url*, without source-map comments (devtools would fetch those)."""
    return _SOURCE_MAP.sub("", _manifest_copy(url))


def inline_script(url: str, *, once: bool = False) -> Markup:
    """The script at *url* as an inline ``<script>``; with *once* it runs once however often the page holds it."""
    code = Markup(_SCRIPT_END.sub(r"<\\/\1", _content(url)))
    name = url.split("//", 1)[-1].split("/", 1)[-1]  # e.g. npm/leaflet@1.9.3/dist/leaflet.js
    return macro("script_once" if once else "script", "assets.html")(name=name, code=code)


def inline_style(url: str) -> Markup:
    """The stylesheet at *url* as an inline ``<style>`` (relative ``url()`` replaced by stand-ins)."""
    css = _RELATIVE_URL.sub(lambda u: _STAND_INS.get(u["path"].strip(), "none"), _content(url))
    if _STYLE_END.search(css):
        msg = f"stylesheet {url} cannot be inlined: it contains </style"
        raise MapsError(msg)
    return macro("style", "assets.html")(css=Markup(css))


def assert_self_contained(html: str) -> None:
    """Raise MapsError if anything in *html* would still be fetched from the network."""
    for m in _FETCHING.finditer(html):
        if m["tag"].lower() != "a":
            msg = f"offline HTML still fetches {m['url']} (<{m['tag']}>)"
            raise MapsError(msg)
    if found := _CSS_URL.search(html):
        msg = f"offline HTML still fetches {found['url']} (CSS url())"
        raise MapsError(msg)
    if _CSS_IMPORT.search(html):
        msg = "offline HTML still contains a CSS @import"
        raise MapsError(msg)


def rendered_offline(m: folium.Map, *, once: bool = False) -> Figure:
    """*m*'s figure with every element rendered into its header, html and script parts, and each
    ``<script src>`` and stylesheet ``<link>`` replaced by its inline copy (see :func:`inline_script`).

    *m* is changed (folium's render adds to the tree): pass a copy.

    Raises
    ------
    OfflineAssetMissing
        An asset's URL is not in the ``folium-offline`` manifest.
    """
    figure = m.get_root()
    for child in figure._children.values():
        child.render()
    header = figure.header._children
    for name, element in list(header.items()):
        if isinstance(element, JavascriptLink):
            header[name] = Rendered(inline_script(element.url, once=once))
        elif isinstance(element, CssLink):
            header[name] = Rendered(inline_style(element.url))
    return figure


def to_html(m: folium.Map, *, offline: bool = True) -> str:
    """The map as one HTML document.

    With *offline* (the default) Leaflet's JavaScript and CSS are inlined from the
    ``folium-offline`` package, so the page opens from disk with no network. Tiles
    chosen with ``cable_map(tiles="osm")`` are still fetched when online. *m* is
    not changed, so calling this twice gives the same document.

    Raises
    ------
    OfflineAssetMissing
        An asset's URL is not in the ``folium-offline`` manifest.
    MapsError
        Something external is still referenced (``src``/``href`` other than a plain
        ``<a href>`` link, CSS ``url()`` or ``@import``).
    """
    m = copy.deepcopy(m)  # folium's render mutates the tree; keep *m* as it was
    if not offline:
        return m.get_root().render()
    figure = rendered_offline(m)
    html = figure._template.render(this=figure, kwargs={})  # what Figure.render writes once its parts are rendered
    assert_self_contained(html)
    return html
