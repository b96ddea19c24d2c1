"""A briefing as one self-contained HTML document: banners, title block, map, exposure, excerpts, sources.

The same document serves the screen (with the interactive map fragment) and print (with a
static map image; see :mod:`maps.briefing_pdf`). Every string from a cable or a data file
is escaped; the document's own CSS is scoped to ``.cablemap-brief`` so it cannot restyle the map.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence

import pandas as pd

from ._escape import escape
from ._frames import credits
from ._popups import highlight
from .classification import banner_colours, banner_text

_CSS = """
body{margin:0;background:#fff}
.cablemap-brief{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#212529;
  max-width:1100px;margin:0 auto;padding:0 20px 12px}
.cablemap-brief .banner{position:sticky;z-index:2000;text-align:center;font-weight:700;letter-spacing:.14em;
  padding:3px 0;margin:0 -20px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.cablemap-brief .banner-top{top:0}
.cablemap-brief .banner-bottom{bottom:0;margin-top:16px}
.cablemap-brief h1{font-size:22px;margin:14px 0 2px}
.cablemap-brief h2{font-size:17px;margin:22px 0 6px;border-bottom:1px solid #dee2e6;padding-bottom:2px}
.cablemap-brief .subject{font-weight:600;margin:0 0 6px}
.cablemap-brief dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:6px 0}
.cablemap-brief dt{color:#495057}
.cablemap-brief dd{margin:0}
.cablemap-brief .map-static{width:100%;height:auto;display:block;border:1px solid #adb5bd}
.cablemap-brief .caption{color:#495057;font-size:12px;margin:4px 0}
.cablemap-brief table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:12.5px}
.cablemap-brief th,.cablemap-brief td{border-bottom:1px solid #dee2e6;padding:3px 6px;text-align:left;
  vertical-align:top;overflow-wrap:anywhere}
.cablemap-brief th{background:#f1f3f5;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.cablemap-brief td.num{text-align:right;font-variant-numeric:tabular-nums}
.cablemap-brief .status-inside{font-weight:700;color:#b02a00}
.cablemap-brief .status-crosses{font-weight:700;color:#8a4b00}
.cablemap-brief ol.excerpts{padding-left:22px}
.cablemap-brief ol.excerpts li{margin-bottom:6px;overflow-wrap:anywhere}
.cablemap-brief .para{font-weight:600;color:#0072b2;white-space:nowrap}
.cablemap-brief .places{color:#495057;font-size:12px}
.cablemap-brief mark{background:#fff3a8;padding:0 1px}
.cablemap-brief .note{color:#495057;font-size:12.5px}
@media print{
  .cablemap-brief{max-width:none;padding:0}
  .cablemap-brief .banner{display:none}
  .cablemap-brief h2{break-after:avoid}
  .cablemap-brief tr,.cablemap-brief li,.cablemap-brief figure{break-inside:avoid}
  .cablemap-brief thead{display:table-header-group}
}
"""
#: Rows per zone of features outside it that no cable names, nearest first.
_NEAREST_OTHERS = 5
_HEADINGS = ("Zone", "Feature", "Kind", "Status", "km inside", "Distance (km)", "Named in the cables")


def svg_image(svg: bytes, alt: str) -> str:
    """An ``<img>`` of *svg* as a data URI (scripts in an image never run; it prints as vectors)."""
    data = base64.b64encode(svg).decode("ascii")
    return f'<img class="map-static" alt="{escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def _banner(marking: str, where: str) -> str:
    background, colour = banner_colours(marking)
    return (
        f'<div class="banner banner-{where}" style="background:{background};color:{colour}">'
        f"{escape(banner_text(marking))}</div>"
    )


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


def _exposure(table: pd.DataFrame, zones: Sequence[str], within_km: float) -> str:
    if not zones:
        return (
            '<p class="note">No zones were given (use <code>--zone "REGION+N km"</code>),'
            " so there is no exposure table.</p>"
        )
    if table.empty:
        return f'<p class="note">Nothing lies within {within_km:g} km of {escape(", ".join(zones))}.</p>'
    table, hidden = _digest(table)
    head = "".join(f"<th>{h}</th>" for h in _HEADINGS)
    rows = []
    for r in table.itertuples(index=False):
        status = escape(r.status)
        rows.append(
            f"<tr><td>{escape(r.zone)}</td><td>{escape(r.name)}</td><td>{escape(r.kind)}</td>"
            f'<td class="status-{status}">{status}</td><td class="num">{_km(r.km_inside)}</td>'
            f'<td class="num">{_km(r.distance_km)}</td><td>{"yes" if bool(r.mentioned) else ""}</td></tr>'
        )
    return (
        '<table class="exposure"><colgroup><col style="width:19%"><col style="width:29%"><col style="width:9%">'
        '<col style="width:10%"><col style="width:9%"><col style="width:11%"><col style="width:13%"></colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + (
            f'<p class="note">Also within {within_km:g} km: {hidden} more catalogued feature(s) that the cables do'
            " not name (all are on the map).</p>"
            if hidden
            else ""
        )
    )


def _excerpts(excerpts: Sequence[Mapping], several: bool) -> str:
    if not excerpts:
        return '<p class="note">The cables name no place that the gazetteer knows.</p>'
    items = []
    for e in excerpts:
        label = f"{e['refid']} {e['paragraph']}" if several else e["paragraph"]
        names = ", ".join(dict.fromkeys(e["names"]))
        items.append(
            f'<li><span class="para">{escape(label)}</span> {highlight(e["sentence"], e["mentions"])}'
            f'<div class="places">Places: {escape(names)}</div></li>'
        )
    return f'<ol class="excerpts">{"".join(items)}</ol>'


def _sources(cables: Sequence[Mapping[str, str]], data_sources: Sequence[tuple[str, str, str]]) -> str:
    rows = "".join(
        f"<tr><td>{escape(c['refid'])}</td><td>{escape(c['date'])}</td><td>{escape(c['origin'])}</td>"
        f"<td>{escape(c['classification'])}</td><td>{escape(c['subject'])}</td></tr>"
        for c in cables
    )
    data = "".join(
        f"<li>{escape(name)}{f' ({escape(licence)})' if licence else ''}"
        f"{f' — {escape(url)}' if url.startswith(('https://', 'http://')) else ''}</li>"
        for name, licence, url in data_sources
    )
    return (
        '<table class="sources"><colgroup><col style="width:17%"><col style="width:15%"><col style="width:18%">'
        '<col style="width:16%"><col style="width:34%"></colgroup>'
        "<thead><tr><th>Cable</th><th>Date</th><th>From</th><th>Classification</th><th>Subject</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "<p>Places are found in the cables' prose and resolved with cablemap's offline gazetteer; each has a "
        "confidence and a reason, shown in the map's popups. Distances and buffers are computed in an azimuthal "
        "equidistant projection centred on each zone.</p>"
        f"<p>Map and place data:</p><ul>{data}</ul>"
    )


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
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts if v)
    subject = title.get("subject", "") if not several else " · ".join(c["subject"] for c in cables if c["subject"])
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(heading)}</title><style>{_CSS}</style></head>\n"
        f'<body><div class="cablemap-brief">{_banner(marking, "top")}'
        f'<header><h1>{escape(heading)}</h1><p class="subject">{escape(subject)}</p><dl>{dl}</dl></header>'
        f'<section class="map"><h2>Map</h2><figure style="margin:0">{map_html}'
        '<figcaption class="caption">Places the cables name, catalogued assets near them, and the zones.'
        " Symbols are explained in the legend.</figcaption></figure></section>"
        f'<section class="exposure"><h2>Exposure</h2>{_exposure(exposure, zones, within_km)}</section>'
        f'<section class="excerpts"><h2>What the cables say</h2>{_excerpts(excerpts, several)}</section>'
        f'<section class="sources"><h2>Sources and attribution</h2>{_sources(cables, credits(attribution))}</section>'
        f'{_banner(marking, "bottom")}</div></body></html>\n'
    )
