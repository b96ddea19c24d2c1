"""The corpus map: where a whole corpus of cables reports, as one offline HTML page.

One circle per place sized by how often the cables mention it, a heat layer, and a month
slider that shows one month at a time. Built for tens of thousands of places: the data is
one compact JSON literal, circles are drawn on a single canvas, and popups are made on
click; there is no per-marker HTML. Every string from the data is HTML-escaped in Python
before it reaches the page; Leaflet and the heat plugin are inlined (no network).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely

from ._basemap import land
from ._escape import escape
from ._extent import Extent
from ._js import literal
from ._offline import inline_assets

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
        "legend": "".join(
            f'<div><span class="dot" style="background:{c}"></span>{escape(k)}</div>' for k, c in KIND_COLOURS.items()
        ),
        "other": _OTHER,
    }
    world = [shapely.to_geojson(g) for g in land(_WORLD)]
    attr = " | ".join(
        f'{escape(a.get("name"))} ({escape(a.get("licence"))})' for a in attribution
    )
    html = _PAGE.format(
        title=escape(title),
        data=literal(data),
        land="[" + ",".join(world) + "]",
        attribution=literal(attr),
        months=max(0, len(months)),
        leaflet_js=_LEAFLET_JS, leaflet_css=_LEAFLET_CSS, heat_js=_HEAT_JS,
    )
    return inline_assets(html)


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{leaflet_css}"/>
<script src="{leaflet_js}"></script>
<script src="{heat_js}"></script>
<style>
html, body {{ margin: 0; height: 100%; font: 13px/1.35 system-ui, sans-serif; }}
#map {{ position: absolute; inset: 0; background: #d7e6f0; }}
.corpus-panel {{ background: #fff; padding: 8px 10px; border-radius: 4px; box-shadow: 0 1px 4px #0004;
  max-width: 330px; }}
.corpus-title {{ font-weight: 600; font-size: 14px; }}
.corpus-time {{ margin-top: 6px; }}
.corpus-time input {{ width: 100%; }}
.corpus-legend .dot {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px;
  opacity: .7; }}
.corpus-popup table {{ border-collapse: collapse; margin-top: 4px; }}
.corpus-popup td {{ padding: 1px 4px; vertical-align: top; border-top: 1px solid #eee; }}
</style></head><body>
<div id="map"></div>
<script>
(function () {{
const D = {data};
const LAND = {land};
const N = D.n.length;
const map = L.map("map", {{preferCanvas: true, worldCopyJump: true, minZoom: 2}});
map.fitBounds([[-50, -170], [70, 170]]);
map.attributionControl.addAttribution({attribution});
map.createPane("basemap").style.zIndex = 200;
L.geoJSON({{type: "GeometryCollection", geometries: LAND}}, {{pane: "basemap", interactive: false,
  style: {{color: "#9aa", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1}}}}).addTo(map);
const renderer = L.canvas({{padding: 0.3}});
const markers = L.layerGroup().addTo(map);
const heat = L.heatLayer([], {{radius: 16, blur: 14}});
L.control.layers(null, {{"Places": markers, "Heat": heat}}, {{collapsed: false}}).addTo(map);
function radius(n) {{ return Math.min(30, 3 + 0.6 * Math.sqrt(n)); }}
const starts = new Array(D.months.length + 1).fill(-1);
for (let k = 0; k < D.monthly.length; k += 3) {{ const m = D.monthly[k + 1]; if (starts[m] < 0) starts[m] = k; }}
starts[D.months.length] = D.monthly.length;
for (let m = D.months.length - 1; m >= 0; m--) if (starts[m] < 0) starts[m] = starts[m + 1];
function popup(i, n) {{
  let rows = "";
  for (const j of D.top[i]) {{
    const c = D.cables[j];
    rows += "<tr><td>" + c[0] + "</td><td>" + c[1] + "</td><td>" + c[2] + "</td></tr>";
  }}
  return "<div class='corpus-popup'><b>" + D.name[i] + "</b> (" + D.kind[i] + ")<br>" + D.source[i] +
    "<br>" + n + " mentions" + (n === D.n[i] ? "" : " this month, " + D.n[i] + " in all") + " in " + D.c[i] +
    " cables, " + D.first[i] + " to " + D.last[i] + "<table>" + rows + "</table></div>";
}}
let shown = null;
function show(month) {{
  const counts = new Map();
  if (month < 0) {{ for (let i = 0; i < N; i++) counts.set(i, D.n[i]); }}
  else {{ for (let k = starts[month]; k < starts[month + 1]; k += 3) counts.set(D.monthly[k], D.monthly[k + 2]); }}
  const order = Array.from(counts.keys()).filter(i => D.ok[i]).sort((a, b) => counts.get(b) - counts.get(a));
  markers.clearLayers();
  const pts = [];
  let top = 1;
  for (const i of order) top = Math.max(top, counts.get(i));
  for (const i of order) {{
    const n = counts.get(i);
    const m = L.circleMarker([D.lat[i], D.lon[i]], {{renderer: renderer, radius: radius(n), weight: 1,
      color: D.colours[D.kind[i]] || D.other, fillOpacity: 0.45}});
    m.bindPopup(() => popup(i, n), {{maxWidth: 420}});
    markers.addLayer(m);
    pts.push([D.lat[i], D.lon[i], Math.log1p(n) / Math.log1p(top)]);
  }}
  heat.setLatLngs(pts);
  shown = {{month: month, places: order.length}};
  document.getElementById("corpus-month").textContent = month < 0 ? "all months" : D.months[month];
  document.getElementById("corpus-count").textContent = order.length.toLocaleString("en") + " places shown";
  window.corpusShown = shown;
}}
const panel = L.control({{position: "topright"}});
panel.onAdd = function () {{
  const div = L.DomUtil.create("div", "corpus-panel");
  div.innerHTML = "<div class='corpus-title'>" + D.title + "</div><div>" + D.summary + "</div>" +
    "<div class='corpus-time'><input id='corpus-slider' type='range' min='0' max='{months}' value='0' step='1'>" +
    "<button id='corpus-prev' type='button'>&#9664;</button> <button id='corpus-next' type='button'>&#9654;</button> " +
    "<b id='corpus-month'></b> · <span id='corpus-count'></span></div>" +
    "<div class='corpus-legend'>" + D.legend + "</div>";
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.disableScrollPropagation(div);
  return div;
}};
panel.addTo(map);
const slider = document.getElementById("corpus-slider");
slider.addEventListener("input", () => show(Number(slider.value) - 1));
function step(d) {{
  slider.value = Math.max(0, Math.min({months}, Number(slider.value) + d));
  show(Number(slider.value) - 1);
}}
document.getElementById("corpus-prev").addEventListener("click", () => step(-1));
document.getElementById("corpus-next").addEventListener("click", () => step(1));
window.corpusMap = map;
show(-1);
}})();
</script></body></html>
"""
