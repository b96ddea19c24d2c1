"""A map as an HTML fragment to paste into another page (or show in a notebook).

The fragment has no ``<html>``/``<head>``/``<body>``, no style that reaches outside its own
map (folium's page-wide ``html, body`` and ``.leaflet-container`` rules are dropped or
scoped to the map's id), fresh element ids on every call (two fragments never collide),
and its libraries load once per page however many fragments the page holds.
"""

from __future__ import annotations

import copy
import re
import uuid

import folium

from ._offline import inline_assets
from .errors import MapsError

_PART = {
    "head": re.compile(r"<head>(?P<body>.*?)</head>", re.S),
    "body": re.compile(r"<body>(?P<body>.*?)</body>", re.S),
    "script": re.compile(r"</body>\s*(?P<body><script>.*</script>)\s*</html>", re.S),
}
_META_TITLE = re.compile(r"<meta\b[^>]*>|<title>.*?</title>", re.S | re.I)
_PAGE_STYLES = re.compile(r"<style>\s*(?:html,\s*body|#map)\s*\{[^}]*\}\s*</style>", re.S)
_FONT_SIZE = re.compile(r"\.leaflet-container\s*\{\s*font-size:\s*1rem;\s*\}")
_ASSET = re.compile(r'<script data-cablemap-asset="(?P<name>[^"]+)">(?P<code>.*?)</script>', re.S)
_HEIGHT = re.compile(r"\d+(\.\d+)?(px|vh|em|rem)")


def _fresh_ids(m: folium.Map) -> None:
    """Give every element of *m* a new random id, so each fragment's JavaScript names are its own."""
    stack: list[folium.Element] = [m]
    while stack:
        element = stack.pop()
        element._id = uuid.uuid4().hex
        stack.extend(element._children.values())


def _load_once(match: re.Match[str]) -> str:
    """A library script that runs only if no earlier fragment on the page ran it."""
    key = match["name"]
    return (
        f'<script data-cablemap-asset="{key}">'
        f'if(!(window.cablemapAssets=window.cablemapAssets||{{}})["{key}"]){{'
        f'window.cablemapAssets["{key}"]=1;\n{match["code"]}\n}}</script>'
    )


def _part(document: str, name: str) -> str:
    found = _PART[name].search(document)
    if not found:
        msg = f"cannot cut the map into a fragment: no {name} in folium's document"
        raise MapsError(msg)
    return found["body"]


def to_fragment(m: folium.Map, *, height: str = "560px") -> str:
    """The map as a self-contained, offline HTML fragment *height* tall (and as wide as its container).

    *m* is not changed. Raises MapsError for a bad *height* and
    :class:`~maps.OfflineAssetMissing` like :func:`maps.to_html`.
    """
    if not _HEIGHT.fullmatch(height):
        msg = f"height must be a CSS length such as 560px or 70vh, not {height!r}"
        raise MapsError(msg)
    m = copy.deepcopy(m)
    _fresh_ids(m)
    name = m.get_name()
    document = inline_assets(m.get_root().render())
    head = _PAGE_STYLES.sub("", _META_TITLE.sub("", _part(document, "head")))
    head = _FONT_SIZE.sub(f"#{name}.leaflet-container{{font-size:1rem}}", head)
    head = _ASSET.sub(_load_once, head)
    body = _part(document, "body").replace(
        f'id="{name}"', f'id="{name}" style="position:relative;width:100%;height:{height}"', 1
    )
    return f'<div class="cablemap-embed">\n{head.strip()}\n{body.strip()}\n{_part(document, "script")}\n</div>\n'
