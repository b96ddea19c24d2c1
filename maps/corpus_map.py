"""The corpus map: where a whole corpus of cables reports, as one offline HTML page.

One circle per place sized by how often the cables mention it, a heat layer, and a month
slider that shows one month at a time. Built for tens of thousands of places: the data is
one compact JSON literal, circles are drawn on a single canvas, and popups are made on
click; there is no per-marker HTML. The page is ``templates/corpus_map.html`` (with its
``.css`` and ``.js``): the title is autoescaped, and every string of the data, which the
page's script puts into HTML, is HTML-escaped once in Python before it becomes JSON.
Leaflet and the heat plugin are inlined (no network).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from markupsafe import Markup

from ._basemap import land
from ._escape import escape
from ._extent import Extent
from ._offline import assert_self_contained, inline_script, inline_style
from ._templates import macro, template

_LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
_LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
_HEAT_JS = "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js"
_WORLD = Extent(view=(-180.0, -60.0, 180.0, 75.0), window=(-180.0, -85.0, 180.0, 85.0))
#: Circle colour per record kind.
KIND_COLOURS = {
    "country": "#6a3d9a", "region": "#1f78b4", "place": "#e31a1c", "feature": "#33a02c", "asset": "#ff7f00",
}
_OTHER = "#555555"


def _cables(top: pd.Series) -> tuple[list[list[str]], list[list[int]]]:
    """Distinct (refid, date, subject) of all top lists, escaped, and each place's list as indexes."""
    index: dict[tuple[str, str, str], int] = {}
    table: list[list[str]] = []
    lists = []
    for entries in top:
        ids = []
        for entry in entries:
            key = tuple(entry)
            if key not in index:
                index[key] = len(table)
                table.append([escape(v) for v in key])
            ids.append(index[key])
        lists.append(ids)
    return table, lists


def _day(values: pd.Series) -> list[str]:
    return [v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) and not pd.isna(v) else "" for v in values]


def corpus_map_html(
    places: pd.DataFrame,
    months: Sequence[str],
    monthly: np.ndarray,
    *,
    cables: int,
    title: str,
    attribution: Sequence[dict[str, str]] = (),
) -> str:
    """The corpus map as one self-contained HTML document.

    Parameters
    ----------
    places
        One row per place: ``source, name, kind, lon, lat, mentions, cables, first, last``
        and ``top``, a list of ``(refid, date, subject)`` (the cables shown in the popup).
    months, monthly
        ``YYYY-MM`` labels, and rows ``(place index, month index, mentions)``.
    cables
        How many cables the places come from (for the title block).
    title
        The title block's text.
    attribution
        Data sources: dicts with ``name``, ``licence`` and ``url-text``.
    """
    table, tops = _cables(places["top"])
    ok = np.isfinite(places["lon"].to_numpy(float)) & np.isfinite(places["lat"].to_numpy(float))
    data = {
        "lat": [round(float(v), 5) if k else 0.0 for v, k in zip(places["lat"], ok, strict=True)],
        "lon": [round(float(v), 5) if k else 0.0 for v, k in zip(places["lon"], ok, strict=True)],
        "ok": [bool(k) for k in ok],
        "n": [int(v) for v in places["mentions"]],
        "c": [int(v) for v in places["cables"]],
        "name": [escape(v) for v in places["name"]],
        "kind": [escape(v) for v in places["kind"]],
        "source": [escape(v) for v in places["source"]],
        "first": _day(places["first"]),
        "last": _day(places["last"]),
        "top": tops,
        "cables": table,
        "months": [escape(m) for m in months],
        "monthly": np.asarray(monthly, dtype=np.int64).reshape(-1).tolist(),
        "colours": KIND_COLOURS,
        "title": escape(title),
        "summary": escape(f"{len(places):,} places · {cables:,} cables"),
        "legend": macro("corpus_legend", "blocks.html")(colours=KIND_COLOURS),
        "other": _OTHER,
    }
    world = [shapely.to_geojson(g) for g in land(_WORLD)]
    html = template("corpus_map.html").render(
        title=title,
        data=data,
        land=Markup("[" + ",".join(world) + "]"),
        attribution=macro("corpus_attribution", "blocks.html")(
            sources=[(a.get("name"), a.get("licence")) for a in attribution]
        ),
        months=max(0, len(months)),
        leaflet_css=inline_style(_LEAFLET_CSS),
        leaflet_js=inline_script(_LEAFLET_JS),
        heat_js=inline_script(_HEAT_JS),
    )
    assert_self_contained(html)
    return html

