"""Render a folium map as one self-contained HTML document (no request leaves the page)."""

from __future__ import annotations

import copy
import re
from html import escape as _attribute

import folium
from offlinefolium.elements import (
    _res as _MANIFEST,  # CDN URL -> file content, from folium-offline
)

from .errors import MapsError, OfflineAssetMissing

_SCRIPT = re.compile(r"<script\b[^>]*?\ssrc\s*=\s*([\"'])(?P<url>[^\"']+)\1[^>]*>\s*</script>", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"\s(?P<key>[\w:-]+)\s*=\s*([\"'])(?P<value>[^\"']*)\2")
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


def _content(url: str) -> str:
    """The manifest's copy of *url*, without source-map comments (devtools would fetch those)."""
    content = _MANIFEST.get("https:" + url if url.startswith("//") else url)
    if content is None:
        raise OfflineAssetMissing(url)
    return _SOURCE_MAP.sub("", content)


def _inline_script(match: re.Match[str]) -> str:
    code = re.sub(r"</(script)", r"<\\/\1", _content(match["url"]), flags=re.IGNORECASE)
    name = match["url"].split("//", 1)[-1].split("/", 1)[-1]  # e.g. npm/leaflet@1.9.3/dist/leaflet.js
    return f'<script data-cablemap-asset="{_attribute(name)}">{code}</script>'


def _inline_link(match: re.Match[str]) -> str:
    attrs = {m["key"].lower(): m["value"] for m in _ATTR.finditer(match[0])}
    if "stylesheet" not in attrs.get("rel", "").lower().split() or "href" not in attrs:
        return match[0]
    css = _RELATIVE_URL.sub(lambda u: _STAND_INS.get(u["path"].strip(), "none"), _content(attrs["href"]))
    if re.search(r"</style", css, re.IGNORECASE):
        msg = f"stylesheet {attrs['href']} cannot be inlined: it contains </style"
        raise MapsError(msg)
    return f"<style>{css}</style>"


def _assert_self_contained(html: str) -> None:
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


def inline_assets(html: str) -> str:
    """Replace every external ``<script src>`` and stylesheet ``<link>`` in *html* by its inline content.

    Raises
    ------
    OfflineAssetMissing
        An asset's URL is not in the ``folium-offline`` manifest.
    MapsError
        Something external is still referenced afterwards (``src``/``href`` other
        than a plain ``<a href>`` link, CSS ``url()`` or ``@import``).
    """
    html = _LINK.sub(_inline_link, _SCRIPT.sub(_inline_script, html))
    _assert_self_contained(html)
    return html


def to_html(m: folium.Map, *, offline: bool = True) -> str:
    """The map as one HTML document.

    With *offline* (the default) Leaflet's JavaScript and CSS are inlined from the
    ``folium-offline`` package, so the page opens from disk with no network. Tiles
    chosen with ``cable_map(tiles="osm")`` are still fetched when online. *m* is
    not changed, so calling this twice gives the same document.
    """
    html = copy.deepcopy(m).get_root().render()  # folium's render mutates the tree; keep *m* as it was
    return inline_assets(html) if offline else html
