"""What surrounds a static map: classification banners, title, legend, scale bar, north arrow, credits."""

from __future__ import annotations

import math

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle

from ._mpl_symbols import circle_kwargs, fill_kwargs, line_kwargs, point_asset_kwargs
from ._projection import Frame
from .classification import banner_colours, banner_text

FONT = "DejaVu Sans"
#: Graticule spacings (degrees); the smallest giving at most about eight lines across is used.
_GRATICULE_STEPS = (0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0)


def banners(fig: Figure, marking: str | None, height_px: float) -> None:
    """The classification marking in a coloured band across the top and the bottom of the figure."""
    background, colour = banner_colours(marking)
    h = height_px / (fig.get_figheight() * fig.dpi)
    for y in (0.0, 1.0 - h):
        fig.add_artist(Rectangle((0, y), 1, h, transform=fig.transFigure, facecolor=background, edgecolor="none"))
        fig.text(
            0.5, y + h / 2, banner_text(marking), ha="center", va="center", color=colour,
            fontsize=11, fontweight="bold", family=FONT,
        )


def _width_px(fig: Figure, text: str, size: float, weight: str = "normal") -> float:
    """How wide *text* is drawn (pixels at the figure's dpi)."""
    renderer = fig.canvas.get_renderer()
    w, _, _ = renderer.get_text_width_height_descent(text, FontProperties(family=FONT, size=size, weight=weight), False)
    return w


def _wrap(fig: Figure, text: str, width_px: float, size: float, weight: str, max_lines: int) -> list[str]:
    """*text* in at most *max_lines* lines no wider than *width_px*; the last ends in "…" if cut."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        n = 1
        while n < len(words) and _width_px(fig, " ".join(words[: n + 1]), size, weight) <= width_px:
            n += 1
        lines.append(" ".join(words[:n]))
        words = words[n:]
    if words:
        last = lines[-1]
        while last and _width_px(fig, last + " …", size, weight) > width_px:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return lines


def title(fig: Figure, fields: dict[str, str], top_px: float, left_px: float, width_px: float) -> float:
    """Reference id and subject (at most two lines), then date · classification · origin; the height used (px)."""
    W, H = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    head = " — ".join(x for x in (fields["refid"], fields["subject"]) if x) or "Untitled map"
    lines = _wrap(fig, head, width_px, 14, "bold", 2)
    fig.text(
        left_px / W, 1 - top_px / H, "\n".join(lines), ha="left", va="top", fontsize=14,
        fontweight="bold", family=FONT, color="#111111", linespacing=1.2,
    )
    meta = " · ".join(x for x in (fields["date"], fields["classification"], fields["origin"]) if x)
    if meta:
        fig.text(
            left_px / W, 1 - (top_px + 23 * len(lines) + 6) / H, " ".join(_wrap(fig, meta, width_px, 10, "normal", 1)),
            ha="left", va="top", fontsize=10, family=FONT, color="#444444",
        )
    return 23 * len(lines) + (22 if meta else 0) + 10


def legend(ax: Axes, sections: dict[str, dict[str, tuple[str, object]]]) -> None:
    """The symbols in use, under section headings, drawn top-down in an axes measured in pixels."""
    bbox = ax.get_window_extent()
    w, h = bbox.width * 100 / ax.figure.dpi, bbox.height * 100 / ax.figure.dpi
    ax.set_xlim(0, w)
    ax.set_ylim(0, h)
    ax.set_axis_off()
    ax.add_patch(Rectangle((1, 1), w - 2, h - 2, facecolor="#ffffff", edgecolor="#bbbbbb", linewidth=0.8))
    rows = sum(len(s) + 1.7 for s in sections.values()) + 1.4
    step = min(21.0, (h - 12) / max(rows, 1))
    size = 9.5 if step >= 18 and w >= 280 else 8.5 if step >= 16 else 7.5
    y = h - 10
    ax.text(10, y, "Legend", fontsize=11, fontweight="bold", va="top", family=FONT)
    y -= step * 1.4
    for section, entries in sections.items():
        ax.text(10, y, section, fontsize=size, fontweight="bold", color="#444444", va="top", family=FONT)
        y -= step * 1.3
        for label, (kind, spec) in entries.items():
            cy = y - step * 0.45
            _symbol(ax, kind, spec, 24, cy)
            ax.text(44, cy, label, fontsize=size, va="center", family=FONT, color="#111111", clip_on=True)
            y -= step
        y -= step * 0.4


def _symbol(ax: Axes, kind: str, spec: object, x: float, y: float) -> None:
    if kind == "line":
        ax.add_collection(LineCollection([[(x - 14, y), (x + 14, y)]], **line_kwargs(spec)))
    elif kind == "fill":
        ax.add_patch(Rectangle((x - 13, y - 7), 26, 14, **fill_kwargs(spec)))
    else:
        ax.scatter([x], [y], **(circle_kwargs(spec) if kind == "circle" else point_asset_kwargs(*spec)))


def _nice(length: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above *length*."""
    power = 10 ** math.floor(math.log10(length))
    return max(m * power for m in (1, 2, 5) if m * power <= length)


def scale_bar(ax: Axes, frame: Frame) -> None:
    """A two-part scale bar in km, lower left (true at the centre of the azimuthal equidistant map)."""
    xmin, ymin, xmax, ymax = frame.bounds
    km = _nice((xmax - xmin) / 1000 / 5)
    x0, y0 = xmin + (xmax - xmin) * 0.03, ymin + (ymax - ymin) * 0.04
    bar_h = (ymax - ymin) * 0.008
    ax.add_patch(
        Rectangle((x0 - (xmax - xmin) * 0.01, y0 - bar_h * 2.5), km * 1000 + (xmax - xmin) * 0.02, bar_h * 7.5,
                  facecolor=(1, 1, 1, 0.85), edgecolor="none", zorder=10)
    )
    for i, fill in enumerate(("#111111", "#ffffff")):
        ax.add_patch(
            Rectangle((x0 + i * km * 500, y0), km * 500, bar_h, facecolor=fill, edgecolor="#111111",
                      linewidth=0.8, zorder=11)
        )
    for at, label in ((0, "0"), (km / 2, f"{km / 2:g}"), (km, f"{km:g} km")):
        ax.text(x0 + at * 1000, y0 + bar_h * 1.6, label, ha="center", va="bottom", fontsize=8.5, zorder=11,
                family=FONT)


def north_arrow(ax: Axes, frame: Frame) -> None:
    """An arrow to true north where it stands (upper right); meridians converge on this projection."""
    xmin, ymin, xmax, ymax = frame.bounds
    x, y = xmax - (xmax - xmin) * 0.04, ymax - (ymax - ymin) * 0.12
    lon, lat = frame.to_lonlat(x, y)
    nx, ny = frame.to_map(lon, min(lat + 0.05, 89.9))
    angle = math.atan2(nx - x, ny - y)
    length = (ymax - ymin) * 0.07
    dx, dy = math.sin(angle) * length, math.cos(angle) * length
    ax.annotate(
        "", xy=(x + dx / 2, y + dy / 2), xytext=(x - dx / 2, y - dy / 2),
        arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=0.9", "color": "#111111", "linewidth": 1.8},
        zorder=11,
    )
    ax.text(x + dx * 0.75, y + dy * 0.75, "N", ha="center", va="center", fontsize=11, fontweight="bold",
            zorder=11, family=FONT)


def graticule(ax: Axes, frame: Frame) -> None:
    """Thin meridians and parallels (they show north everywhere on the map)."""
    west, south, east, north = frame.window
    span = max(east - west, north - south) / 8
    step = next((s for s in _GRATICULE_STEPS if s >= span), _GRATICULE_STEPS[-1])
    xs = np.arange(math.ceil(west / step) * step, east, step)
    ys = np.arange(math.ceil(south / step) * step, north, step)
    lines = [shapely.LineString([(x, south), (x, north)]) for x in xs]
    lines += [shapely.LineString([(west, y), (east, y)]) for y in ys]
    for geom in frame.project(np.array(lines, dtype=object)):
        if not shapely.is_empty(geom):
            for part in shapely.get_parts(geom):
                xy = shapely.get_coordinates(part)
                ax.add_collection(LineCollection([xy], colors="#8a8a8a", linewidths=0.4, alpha=0.6, zorder=1.5))


def credits(fig: Figure, credit_text: str, bottom_px: float) -> float:
    """Data credits and the projection above the bottom banner (smaller type, then two lines, if long).

    Returns the height used (px).
    """
    W, H = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    room = W - 28
    size = 8.5
    while size > 7 and _width_px(fig, credit_text, size) > room:
        size -= 0.5
    lines = _wrap(fig, credit_text, room, size, "normal", 2)
    fig.text(14 / W, bottom_px / H, "\n".join(lines), ha="left", va="bottom", fontsize=size, color="#333333",
             family=FONT, linespacing=1.15)
    return len(lines) * size * 1.15 / 0.72 + 8
