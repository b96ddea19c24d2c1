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
from markupsafe import Markup

from ._elements import DocumentTitle, Rendered
from ._offline import assert_self_contained, rendered_offline
from ._templates import template
from .errors import MapsError

#: The page-wide parts of folium's map header (one piece of text): its viewport ``<meta>``
#: and the ``html, body`` and ``#map`` rules.
_PAGE_WIDE = re.compile(
    r"<meta\b[^>]*>|<style>\s*(?:html,\s*body|#map)\s*\{[^}]*\}\s*</style>", re.DOTALL | re.IGNORECASE
)
_FONT_SIZE = re.compile(r"\.leaflet-container\s*\{\s*font-size:\s*1rem;\s*\}")
_HEIGHT = re.compile(r"\d+(\.\d+)?(px|vh|em|rem)")


def _fresh_ids(m: folium.Map) -> None:
    """Give every element of *m* a new random id, so each fragment's JavaScript names are its own."""
    stack: list[folium.Element] = [m]
    while stack:
        element = stack.pop()
        element._id = uuid.uuid4().hex
        stack.extend(element._children.values())


def _drop_document_titles(m: folium.Map) -> None:
    """Remove every :class:`DocumentTitle` of *m*: the host page has its own ``<title>``."""
    stack: list[folium.Element] = [m]
    while stack:
        element = stack.pop()
        for name, child in list(element._children.items()):
            if isinstance(child, DocumentTitle):
                del element._children[name]
            else:
                stack.append(child)


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
    _drop_document_titles(m)
    name = m.get_name()
    m.get_root().header._children.pop("meta_http", None)  # the page's charset
    figure = rendered_offline(m, once=True)
    own = figure.header._children[name]  # folium's header of the map itself
    figure.header._children[name] = Rendered(
        _FONT_SIZE.sub(f"#{name}.leaflet-container{{font-size:1rem}}", _PAGE_WIDE.sub("", own.render()))
    )
    body = figure.html.render().strip().replace(
        f'id="{name}"', f'id="{name}" style="position:relative;width:100%;height:{height}"', 1
    )
    fragment = template("embed.html").render(
        head=Markup(figure.header.render().strip()), body=Markup(body), script=Markup(figure.script.render())
    )
    assert_self_contained(fragment)
    return fragment
