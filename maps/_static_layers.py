"""The data layers of a static map, drawn with the interactive map's symbols, and their labels."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes

from . import _basemap, _geojson, _style
from ._extent import Extent
from ._frames import Record, text
from ._mpl_symbols import PT, circle_kwargs, fill_kwargs, line_kwargs, point_asset_kwargs
from ._projection import Frame

#: Legend collector: ``add(section, label, kind, spec)``; *kind* is ``"line"``, ``"fill"``, ``"circle"``
#: (spec: a Leaflet style) or ``"asset"`` (spec: ``(subkind, mentioned)``).
AddToLegend = Callable[[str, str, str, object], None]
#: A pale box behind each label keeps it readable on any background (a stroked halo would turn
#: the text into paths in PDF and SVG, and it could no longer be searched or copied).
_HALO = {"boxstyle": "round,pad=0.12", "facecolor": (1, 1, 1, 0.72), "edgecolor": "none"}
_LABEL_PT = 9
#: The zone colour, darkened enough to letter with.
_ZONE_TEXT = "#a64600"


def _draw(ax: Axes, geoms: np.ndarray, style: dict, zorder: float) -> None:
    """Polygons as patches (outlines when *style* has no fill), lines as lines, in map coordinates."""
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(geoms) == 0:
        return
    fam = _geojson.family(geoms)
    series = gpd.GeoSeries(geoms[fam == "polygon"])
    if len(series):
        series.plot(ax=ax, zorder=zorder, **fill_kwargs(style))
    lines = gpd.GeoSeries(geoms[fam == "line"])
    if len(lines):
        lines.plot(ax=ax, zorder=zorder, **line_kwargs(style))


class _Batch:
    """Shapes collected per style and drawn once per style (one collection each, not one per feature)."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, float], tuple[dict, list]] = {}

    def add(self, key: str, style: dict, geom: object, zorder: float) -> None:
        self.groups.setdefault((key, zorder), (style, []))[1].append(geom)

    def draw(self, ax: Axes) -> None:
        for (_, zorder), (style, geoms) in self.groups.items():
            _draw(ax, np.array(geoms, dtype=object), style, zorder)


def land(ax: Axes, frame: Frame, legend: AddToLegend) -> None:
    """The Natural Earth land polygons and the sea around them."""
    ax.set_facecolor(_style.SEA)
    window = Extent(view=frame.window, window=frame.window)
    _draw(ax, frame.project(_basemap.land(window)), _style.LAND, 1)
    legend("Basemap", "Land (Natural Earth)", "fill", _style.LAND)


def zones(ax: Axes, frame: Frame, frame_zones: gpd.GeoDataFrame, legend: AddToLegend) -> list[tuple]:
    """Zones as dashed translucent areas; returns label candidates ``(x, y, text, priority, options)``."""
    if frame_zones.empty:
        return []
    geoms = frame.project(frame_zones.geometry.to_numpy())
    _draw(ax, geoms, _style.ZONE, 2)
    legend("Zones", "Zone", "fill", _style.ZONE)
    out = []
    for geom, name in zip(geoms, frame_zones["name"], strict=True):
        if not shapely.is_empty(geom):
            _, _, _, ymax = geom.bounds
            x = shapely.centroid(geom).x
            out.append((x, ymax, text(name), 3, {"color": _ZONE_TEXT, "va": "bottom", "style": "italic"}))
    return out


def cited(ax: Axes, frame: Frame, records: list[Record], legend: AddToLegend) -> list[tuple]:
    """Cited records: countries as outlines, regions as areas, lines as halos, places as dots."""
    if not records:
        return []
    raw = np.array([r.geometry for r in records], dtype=object)
    fams = _geojson.family(raw)
    outline = np.array([r.outline for r in records], bool)
    shown = raw.copy()
    shown[outline & (fams == "polygon")] = shapely.boundary(raw[outline & (fams == "polygon")])
    geoms = frame.project(shown)
    labels = []
    batch = _Batch()
    order = np.argsort([0 if f == "polygon" else 1 if f == "line" else 2 for f in fams], kind="stable")
    for i in order:
        r, fam, geom = records[i], fams[i], geoms[i]
        key, style, label = _style.place_style(r.kind, fam, r.confidence)
        legend("Cited in the cable", label, "circle" if fam == "point" else "line" if fam == "line" else "fill", style)
        if shapely.is_empty(geom):
            continue
        if fam == "point":
            ax.scatter([geom.x], [geom.y], zorder=7, **circle_kwargs(style))
            labels.append((geom.x, geom.y, r.name, 0, {"offset": style.get("radius", 7) * PT + 3}))
        else:
            batch.add(key, style, geom, 3 if fam == "polygon" else 4)
            if r.kind != "country":
                at = shapely.point_on_surface(geom)
                # dark text: the symbol colours are too pale for lettering, above all in greyscale print
                opts = {"color": "#333333", "style": "italic"} if fam == "polygon" else {"color": "#111111"}
                labels.append((at.x, at.y, r.name, 2 if fam == "polygon" else 1, opts))
            else:
                at = shapely.point_on_surface(frame.project(np.array([r.geometry], dtype=object))[0])
                if not shapely.is_empty(at):
                    labels.append((at.x, at.y, r.name.upper(), 4, {"color": "#5a5a5a", "size": 8}))
    batch.draw(ax)
    return labels


def assets(ax: Axes, frame: Frame, frame_assets: gpd.GeoDataFrame, legend: AddToLegend) -> list[tuple]:
    """Catalogued assets: lines by colour and dash, points by shape; mentioned ones heavier and labelled."""
    if frame_assets.empty:
        return []
    raw = frame_assets.geometry.to_numpy()
    fams = _geojson.family(raw)
    geoms = frame.project(raw)
    labels = []
    batch = _Batch()
    order = np.argsort(frame_assets["mentioned"].to_numpy(bool), kind="stable")  # mentioned on top
    for i in order:
        subkind, mentioned = text(frame_assets["subkind"].iloc[i]), bool(frame_assets["mentioned"].iloc[i])
        name, geom = text(frame_assets["name"].iloc[i]), geoms[i]
        if fams[i] == "point":
            _, _, label = _style.point_asset_icon(subkind, mentioned)
            legend("Assets", label, "asset", (subkind, mentioned))
            if not shapely.is_empty(geom):
                kwargs = point_asset_kwargs(subkind, mentioned)
                ax.scatter([geom.x], [geom.y], zorder=6 + mentioned * 0.5, **kwargs)
                if mentioned:
                    labels.append((geom.x, geom.y, name, 1, {"offset": kwargs["s"] ** 0.5 / 2 + 3}))
        else:
            key, style, label = _style.line_asset_style(subkind, mentioned)
            legend("Assets", label, "line", style)
            batch.add(key, style, geom, 5 + mentioned * 0.5)
            if mentioned and not shapely.is_empty(geom):
                at = shapely.line_interpolate_point(shapely.line_merge(geom), 0.5, normalized=True)
                if not shapely.is_empty(at):
                    labels.append((at.x, at.y, name, 1, {"color": style["color"]}))
    batch.draw(ax)
    return labels


def place_labels(ax: Axes, candidates: list[tuple]) -> None:
    """Write labels by priority (0 first), skipping any that would overlap one already written."""
    renderer = ax.figure.canvas.get_renderer()
    taken: list = []
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    for x, y, label, _, opts in sorted(candidates, key=lambda c: c[3]):
        if not (xmin <= x <= xmax and ymin <= y <= ymax) or not label:
            continue
        offset = opts.get("offset")
        t = ax.annotate(
            label,
            (x, y),
            xytext=(offset, 0) if offset else (0, 0),
            textcoords="offset points",
            ha="left" if offset else "center",
            va=opts.get("va", "center"),
            fontsize=opts.get("size", _LABEL_PT),
            fontstyle=opts.get("style", "normal"),
            fontweight="bold" if offset else "normal",
            color=opts.get("color", "#111111"),
            bbox=_HALO,
            zorder=9,
            annotation_clip=True,
        )
        box = t.get_window_extent(renderer).expanded(1.05, 1.15)
        if any(box.overlaps(other) for other in taken):
            t.remove()
        else:
            taken.append(box)
