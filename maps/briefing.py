"""A briefing as one self-contained HTML document: banners, title block, map, exposure, excerpts, sources.

The same document serves the screen (with the interactive map fragment) and print (with a
static map image; see :mod:`maps.briefing_pdf`). It is ``templates/briefing.html``: every
string from a cable or a data file is autoescaped; the document's own CSS
(``templates/briefing.css``) is scoped to ``.cablemap-brief`` so it cannot restyle the map.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence

import pandas as pd
from markupsafe import Markup

from ._frames import credits
from ._popups import highlight
from ._templates import macro, template
from .classification import banner_colours, banner_text

#: Rows per zone of features outside it that no cable names, nearest first.
_NEAREST_OTHERS = 5


def svg_image(svg: bytes, alt: str) -> Markup:
    """An ``<img>`` of *svg* as a data URI (scripts in an image never run; it prints as vectors)."""
    return macro("static_map", "blocks.html")(alt=alt, data=base64.b64encode(svg).decode("ascii"))


def _km(v: object) -> str:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(f) else f"{f:.1f}"


def _digest(table: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Rows inside or crossing a zone, rows the cables name, and the nearest few others per zone."""
    key = (table["status"] != "outside") | table["mentioned"].fillna(False).astype(bool)
    others = table[~key].sort_values("distance_km", kind="stable").groupby("zone", sort=False).head(_NEAREST_OTHERS)
    shown = table.loc[key | table.index.isin(others.index)]
    return shown, len(table) - len(shown)


def _exposure_rows(table: pd.DataFrame) -> list[tuple]:
    """``zone, name, kind, status, km inside, distance, named`` per row of the exposure table."""
    return [
        (r.zone, r.name, r.kind, r.status, _km(r.km_inside), _km(r.distance_km), "yes" if bool(r.mentioned) else "")
        for r in table.itertuples(index=False)
    ]


def _excerpt_items(excerpts: Sequence[Mapping], several: bool) -> list[tuple[str, Markup, str]]:
    """``label, highlighted sentence, place names`` per excerpt."""
    return [
        (
            f"{e['refid']} {e['paragraph']}" if several else e["paragraph"],
            highlight(e["sentence"], e["mentions"]),
            ", ".join(dict.fromkeys(e["names"])),
        )
        for e in excerpts
    ]


def briefing_document(
    *,
    title: Mapping[str, str],
    marking: str,
    cables: Sequence[Mapping[str, str]],
    map_html: str,
    zones: Sequence[str],
    within_km: float,
    exposure: pd.DataFrame,
    excerpts: Sequence[Mapping],
    attribution: Sequence[Mapping[str, str]],
    generated: str,
) -> str:
    """The briefing as one HTML document.

    Parameters
    ----------
    title
        ``refid``, ``subject``, ``date``, ``origin`` of the briefing (one cable's, or a summary).
    marking
        The classification banner (the highest of the cables).
    cables
        Per cable: ``refid``, ``date``, ``subject``, ``classification``, ``origin``.
    map_html
        The map: an embed fragment (screen) or an image from :func:`svg_image` (print). Trusted markup.
    zones, within_km
        The zone specifications the exposure was computed for, and its reach.
    exposure
        Columns ``zone, name, kind, status, km_inside, distance_km, mentioned``.
    excerpts
        Per sentence: ``refid``, ``paragraph`` (with its portion mark), ``sentence``, ``mentions``, ``names``.
    attribution
        Data credits (``name``, ``licence``, ``url``), as for :func:`maps.cable_map`.
    generated
        When the document was made.
    """
    several = len(cables) > 1
    heading = f"Briefing: {title.get('refid', '')}" if not several else f"Briefing: {len(cables)} cables"
    facts = [
        ("Cables", ", ".join(c["refid"] for c in cables)),
        ("Date", title.get("date", "")),
        ("From", title.get("origin", "")),
        ("Classification", banner_text(marking)),
        ("Zones", "; ".join(zones) or "none"),
        ("Prepared", generated),
    ]
    subject = title.get("subject", "") if not several else " · ".join(c["subject"] for c in cables if c["subject"])
    background, colour = banner_colours(marking)
    shown, hidden = _digest(exposure) if zones and not exposure.empty else (exposure.head(0), 0)
    return template("briefing.html").render(
        heading=heading,
        subject=subject,
        facts=[(k, v) for k, v in facts if v],
        marking={"text": banner_text(marking), "background": background, "colour": colour},
        map_html=Markup(map_html),
        zones=list(zones),
        within_km=f"{within_km:g}",
        exposure=_exposure_rows(shown),
        hidden=hidden,
        excerpts=_excerpt_items(excerpts, several),
        cables=cables,
        data_sources=[
            (name, licence, url if url.startswith(("https://", "http://")) else "")
            for name, licence, url in credits(attribution)
        ],
    )
