"""A cable's map as a static image (PNG for slides, vector PDF and SVG for print) with matplotlib.

It draws the same layers with the same symbols as the interactive map (both read
:mod:`maps._style`), plus the title, legend, scale bar, north arrow, data credits and the
classification banner at top and bottom. Text stays text in PDF and SVG (searchable,
selectable), and nothing from a cable is ever parsed as markup or math.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import geopandas as gpd
import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import _static_furniture as furniture
from . import _static_layers as layers
from ._extent import map_extent
from ._frames import map_inputs, records
from ._projection import fit_frame, projection_for
from .errors import MapsError

FORMATS = ("png", "pdf", "svg")
_RC = {
    "text.parse_math": False,  # "$" in a cable is a dollar sign
    "text.usetex": False,
    "svg.fonttype": "none",  # SVG text stays text
    "pdf.fonttype": 42,  # TrueType, so pdftotext and screen readers get the words
    "svg.hashsalt": "cablemap",  # the same map gives the same SVG
    "lines.scale_dashes": False,
    "font.family": furniture.FONT,
    "path.simplify": True,
}
_BANNER, _MARGIN = 26.0, 14.0
#: The smallest figure that still has room for title, map and legend (CSS pixels).
MIN_SIZE = (480, 320)
MAX_SIZE = (10000, 10000)


def _projection_note(view: tuple[float, float, float, float]) -> str:
    crs = projection_for(view)
    if not crs.regional:
        return "Equal Earth projection"
    lon, lat = crs.centre
    return (
        f"Azimuthal equidistant projection centred on {abs(lat):.2f}°{'N' if lat >= 0 else 'S'} "
        f"{abs(lon):.2f}°{'E' if lon >= 0 else 'W'}; scale true at the centre"
    )


def _credit_line(credits: Sequence[tuple[str, str, str]], projection: str) -> str:
    data = " · ".join(f"{name} ({licence})" if licence else name for name, licence, _ in credits)
    return f"Data: {data}. {projection}. Made with cablemap."


def static_map(
    *,
    title: Mapping[str, str | None],
    places: gpd.GeoDataFrame,
    assets: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    attribution: Sequence[Mapping[str, str]] = (),
    width: int = 1600,
    height: int = 1000,
) -> Figure:
    """The cable's map as a matplotlib figure *width* x *height* CSS pixels (at 100 dpi).

    Takes the same frames as :func:`maps.cable_map`. Regional views use an azimuthal
    equidistant projection centred on the view (scale bar and north arrow drawn);
    views wider than 90 degrees use Equal Earth with a graticule instead.

    Raises
    ------
    MapsError
        Bad frames (see :func:`maps.cable_map`) or a size outside :data:`MIN_SIZE`..:data:`MAX_SIZE`.
    """
    if not (MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]):
        msg = f"image size {width}x{height} is outside {MIN_SIZE[0]}x{MIN_SIZE[1]}..{MAX_SIZE[0]}x{MAX_SIZE[1]} pixels"
        raise MapsError(msg)
    inputs = map_inputs(title=title, places=places, assets=assets, zones=zones, attribution=attribution)
    cited = records(inputs.places)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="#ffffff")
        FigureCanvasAgg(fig)  # measures label extents; PDF and SVG switch canvas when saved
        legend_w = min(max(0.2 * width, 250.0), 330.0)  # room for "Country outline, low confidence"
        frame_view = map_extent(inputs.places, inputs.assets, inputs.zones)
        projection = _projection_note(frame_view.view)
        title_h = furniture.title(fig, inputs.title, _BANNER + 10, _MARGIN, width - 2 * _MARGIN)
        credits_h = furniture.credits(fig, _credit_line(inputs.credits, projection), _BANNER + 5)
        map_left, map_bottom = _MARGIN, _BANNER + credits_h
        map_w = width - 3 * _MARGIN - legend_w
        map_h = height - 2 * _BANNER - title_h - credits_h - 12
        ax = fig.add_axes((map_left / width, map_bottom / height, map_w / width, map_h / height))
        frame = fit_frame(frame_view, map_w / map_h)
        xmin, ymin, xmax, ymax = frame.bounds
        ax.set_xlim(xmin, xmax)
        ax.set_ylim(ymin, ymax)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_edgecolor("#666666")

        sections: dict[str, dict[str, tuple[str, object]]] = {}

        def add(section: str, label: str, kind: str, spec: object) -> None:
            sections.setdefault(section, {}).setdefault(label, (kind, spec))

        labels = layers.cited(ax, frame, cited, add)
        labels += layers.assets(ax, frame, inputs.assets, add)
        labels += layers.zones(ax, frame, inputs.zones, add)
        layers.land(ax, frame, add)
        furniture.graticule(ax, frame)
        ax.set_xlim(xmin, xmax)
        ax.set_ylim(ymin, ymax)
        ax.set_xlabel("")
        ax.set_ylabel("")
        layers.place_labels(ax, labels)
        if frame.regional:
            furniture.scale_bar(ax, frame)
            furniture.north_arrow(ax, frame)

        legend_ax = fig.add_axes(
            ((width - _MARGIN - legend_w) / width, map_bottom / height, legend_w / width, map_h / height)
        )
        furniture.legend(legend_ax, sections)
        furniture.banners(fig, inputs.title["classification"], _BANNER)
    return fig


def image_bytes(fig: Figure, fmt: str, *, scale: float = 1.0) -> bytes:
    """*fig* as PNG (``width*scale`` x ``height*scale`` pixels), PDF or SVG bytes."""
    if fmt not in FORMATS:
        msg = f"unknown image format {fmt!r}; use one of {', '.join(FORMATS)}"
        raise MapsError(msg)
    if not 0.25 <= scale <= 8:
        msg = f"pixel scale must be between 0.25 and 8, not {scale}"
        raise MapsError(msg)
    buf = io.BytesIO()
    metadata = {"png": {"Software": "cablemap"}, "pdf": {"Creator": "cablemap", "CreationDate": None},
                "svg": {"Creator": "cablemap", "Date": None}}[fmt]
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format=fmt, dpi=100 * scale if fmt == "png" else 100, metadata=metadata)
    return buf.getvalue()
