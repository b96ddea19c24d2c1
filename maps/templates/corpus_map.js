(function () {
const D = {{ data|js }};
const LAND = {{ land }};
const N = D.n.length;
const map = L.map("map", {preferCanvas: true, worldCopyJump: true, minZoom: 2});
map.fitBounds([[-50, -170], [70, 170]]);
map.attributionControl.addAttribution({{ attribution|js }});
map.createPane("basemap").style.zIndex = 200;
L.geoJSON({type: "GeometryCollection", geometries: LAND}, {pane: "basemap", interactive: false,
  style: {color: "#9aa", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1}}).addTo(map);
const renderer = L.canvas({padding: 0.3});
const markers = L.layerGroup().addTo(map);
const heat = L.heatLayer([], {radius: 16, blur: 14});
L.control.layers(null, {"Places": markers, "Heat": heat}, {collapsed: false}).addTo(map);
function radius(n) { return Math.min(30, 3 + 0.6 * Math.sqrt(n)); }
const starts = new Array(D.months.length + 1).fill(-1);
for (let k = 0; k < D.monthly.length; k += 3) { const m = D.monthly[k + 1]; if (starts[m] < 0) starts[m] = k; }
starts[D.months.length] = D.monthly.length;
for (let m = D.months.length - 1; m >= 0; m--) if (starts[m] < 0) starts[m] = starts[m + 1];
function popup(i, n) {
  let rows = "";
  for (const j of D.top[i]) {
    const c = D.cables[j];
    rows += "<tr><td>" + c[0] + "</td><td>" + c[1] + "</td><td>" + c[2] + "</td></tr>";
  }
  return "<div class='corpus-popup'><b>" + D.name[i] + "</b> (" + D.kind[i] + ")<br>" + D.source[i] +
    "<br>" + n + " mentions" + (n === D.n[i] ? "" : " this month, " + D.n[i] + " in all") + " in " + D.c[i] +
    " cables, " + D.first[i] + " to " + D.last[i] + "<table>" + rows + "</table></div>";
}
let shown = null;
function show(month) {
  const counts = new Map();
  if (month < 0) { for (let i = 0; i < N; i++) counts.set(i, D.n[i]); }
  else { for (let k = starts[month]; k < starts[month + 1]; k += 3) counts.set(D.monthly[k], D.monthly[k + 2]); }
  const order = Array.from(counts.keys()).filter(i => D.ok[i]).sort((a, b) => counts.get(b) - counts.get(a));
  markers.clearLayers();
  const pts = [];
  let top = 1;
  for (const i of order) top = Math.max(top, counts.get(i));
  for (const i of order) {
    const n = counts.get(i);
    const m = L.circleMarker([D.lat[i], D.lon[i]], {renderer: renderer, radius: radius(n), weight: 1,
      color: D.colours[D.kind[i]] || D.other, fillOpacity: 0.45});
    m.bindPopup(() => popup(i, n), {maxWidth: 420});
    markers.addLayer(m);
    pts.push([D.lat[i], D.lon[i], Math.log1p(n) / Math.log1p(top)]);
  }
  heat.setLatLngs(pts);
  shown = {month: month, places: order.length};
  document.getElementById("corpus-month").textContent = month < 0 ? "all months" : D.months[month];
  document.getElementById("corpus-count").textContent = order.length.toLocaleString("en") + " places shown";
  window.corpusShown = shown;
}
const panel = L.control({position: "topright"});
panel.onAdd = function () {
  const div = L.DomUtil.create("div", "corpus-panel");
  div.innerHTML = "<div class='corpus-title'>" + D.title + "</div><div>" + D.summary + "</div>" +
    "<div class='corpus-time'><input id='corpus-slider' type='range' min='0' max='{{ months }}' value='0' step='1'>" +
    "<button id='corpus-prev' type='button'>&#9664;</button> <button id='corpus-next' type='button'>&#9654;</button> " +
    "<b id='corpus-month'></b> · <span id='corpus-count'></span></div>" +
    "<div class='corpus-legend'>" + D.legend + "</div>";
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.disableScrollPropagation(div);
  return div;
};
panel.addTo(map);
const slider = document.getElementById("corpus-slider");
slider.addEventListener("input", () => show(Number(slider.value) - 1));
function step(d) {
  slider.value = Math.max(0, Math.min({{ months }}, Number(slider.value) + d));
  show(Number(slider.value) - 1);
}
document.getElementById("corpus-prev").addEventListener("click", () => step(-1));
document.getElementById("corpus-next").addEventListener("click", () => step(1));
window.corpusMap = map;
show(-1);
})();
