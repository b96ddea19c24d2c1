"""Hand an :class:`~geo.analysis.Analysis` to :mod:`maps` as plain frames and strings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

import maps

from .analysis import Analysis, exposure_summary
from .extras import require

#: Height of an embedded map unless asked otherwise (CSS pixels).
EMBED_HEIGHT = 560


class _ImageSize(TypedDict, total=False):
    """The size arguments of :func:`map_image` that :meth:`CableMap.image` passes on."""

    width: int
    height: int
    scale: float


def map_title(analysis: Analysis) -> dict[str, str | None]:
    """The map's title fields for the analysed cable."""
    cable = analysis.cable
    return {
        "refid": cable.refid,
        "date": cable.created.strftime("%Y-%m-%d %H:%M") if cable.created else None,
        "subject": cable.subject,
        "classification": cable.classification,
        "origin": cable.origin,
    }


def map_frames(analysis: Analysis) -> dict:
    """Keyword arguments of :func:`maps.cable_map` and :func:`maps.static_map.static_map`."""
    summary = exposure_summary(analysis.exposure)
    assets = analysis.assets.assign(
        source=analysis.assets["record_id"] + " — " + analysis.assets["source"],
        exposure=[summary.get(rid, "") for rid in analysis.assets["record_id"]],
    )
    return {
        "title": map_title(analysis),
        "places": analysis.places,
        "assets": assets,
        "zones": analysis.zones,
        "attribution": analysis.credits,
    }


def map_html(analysis: Analysis, tiles: str | None = None) -> str:
    """The cable's interactive map as one self-contained HTML document."""
    return maps.to_html(maps.cable_map(**map_frames(analysis), tiles=tiles))


def map_fragment(analysis: Analysis, tiles: str | None = None, height_px: int = EMBED_HEIGHT) -> str:
    """The cable's interactive map as an HTML fragment to paste into another page."""
    return maps.to_fragment(maps.cable_map(**map_frames(analysis), tiles=tiles), height=f"{int(height_px)}px")


def map_images(
    analysis: Analysis, formats: Sequence[str], *, width: int = 1600, height: int = 1000, scale: float = 1.0
) -> dict[str, bytes]:
    """The cable's static map drawn once, as bytes per format (``png``, ``pdf``, ``svg``).

    The PNG is ``width*scale`` x ``height*scale`` pixels; PDF and SVG are vectors of the same layout.
    """
    require("static")
    from maps.static_map import image_bytes, static_map  # matplotlib is loaded only for images

    fig = static_map(**map_frames(analysis), width=width, height=height)
    return {fmt: image_bytes(fig, fmt, scale=scale) for fmt in formats}


def map_image(analysis: Analysis, fmt: str, *, width: int = 1600, height: int = 1000, scale: float = 1.0) -> bytes:
    """The cable's static map as ``png``, ``pdf`` or ``svg`` bytes (see :func:`map_images`)."""
    return map_images(analysis, [fmt], width=width, height=height, scale=scale)[fmt]


@dataclass(frozen=True)
class CableMap:
    """The map of an analysed cable, for notebooks and scripts.

    In Jupyter it shows itself as the interactive map (the same fragment as
    ``cablemap map --embed``).

    Examples
    --------
    >>> m = CableMap(analyse(read_cable("08BAKU812.txt"), ["South Ossetia+20km"]))  # doctest: +SKIP
    >>> m  # in a notebook: the interactive map                                     # doctest: +SKIP
    >>> open("map.png", "wb").write(m.image("png"))                                # doctest: +SKIP
    """

    analysis: Analysis
    height_px: int = EMBED_HEIGHT

    def html(self) -> str:
        """The interactive map as a whole offline HTML document."""
        return map_html(self.analysis)

    def fragment(self) -> str:
        """The interactive map as an HTML fragment."""
        return map_fragment(self.analysis, height_px=self.height_px)

    def image(self, fmt: str = "png", **size: Unpack[_ImageSize]) -> bytes:
        """The static map (see :func:`map_image` for *size*: width, height, scale)."""
        return map_image(self.analysis, fmt, **size)

    def _repr_html_(self) -> str:
        return self.fragment()
