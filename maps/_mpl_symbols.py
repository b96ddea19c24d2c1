"""The styles of :mod:`maps._style` (Leaflet options, in CSS pixels) as matplotlib arguments.

Figures are laid out at 100 dots per inch, so one CSS pixel is 0.72 point.
"""

from __future__ import annotations

from . import _style

#: Points per CSS pixel at the figure's 100 dpi.
PT = 0.72


def _dashes(style: dict) -> str | tuple[float, tuple[float, ...]]:
    dash = style.get("dashArray")
    if not dash:
        return "solid"
    return (0.0, tuple(float(d) * PT for d in dash.replace(",", " ").split()))


def line_kwargs(style: dict) -> dict:
    """Keyword arguments of a ``LineCollection`` drawn like the Leaflet path *style*."""
    return {
        "color": style.get("color", "#000000"),
        "linewidth": style.get("weight", 3) * PT,
        "alpha": style.get("opacity", 1.0),
        "linestyle": _dashes(style),
        "capstyle": "round" if style.get("lineCap") == "round" else "butt",
    }


def fill_kwargs(style: dict) -> dict:
    """Keyword arguments of a polygon patch drawn like the Leaflet path *style*."""
    filled = style.get("fill", True) and "fillColor" in style
    return {
        "facecolor": (style["fillColor"], style.get("fillOpacity", 0.2)) if filled else "none",
        "edgecolor": (style.get("color", "#000000"), style.get("opacity", 1.0)),
        "linewidth": style.get("weight", 3) * PT,
        "linestyle": _dashes(style),
    }


def circle_kwargs(style: dict) -> dict:
    """Keyword arguments of ``Axes.scatter`` for a Leaflet circle-marker *style*."""
    size = 2 * style.get("radius", 7) * PT
    return {
        "marker": "o",
        "s": size**2,
        "facecolors": [(style.get("fillColor", "#000000"), style.get("fillOpacity", 1.0))],
        "edgecolors": [style.get("color", "#ffffff")],
        "linewidths": style.get("weight", 2) * PT,
    }


def point_asset_kwargs(subkind: str, mentioned: bool) -> dict:
    """Keyword arguments of ``Axes.scatter`` for a point asset: the shape and colour of its map icon."""
    colour, marker = _style.point_asset_marker(subkind)
    _, options, _ = _style.point_asset_icon(subkind, mentioned)
    size = options["iconSize"][0] * PT * (0.8 if marker in ("s", "D") else 1.0)  # squares look bigger than triangles
    return {
        "marker": marker,
        "s": size**2,
        "facecolors": [colour],
        "edgecolors": ["#000000" if mentioned else "#ffffff"],
        "linewidths": (2.5 if mentioned else 1.2) * PT,
    }
