// cablemap review page. Every string from a cable or the gazetteer goes into the page
// through textContent or as a DOM node, never through innerHTML.
"use strict";

const KIND_COLOURS = {
  country: [31, 119, 180], region: [148, 103, 189], place: [214, 39, 40],
  feature: [44, 160, 44], asset: [255, 127, 14],
};
const OTHER_COLOUR = [127, 127, 127];

const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
};
const rgba = (kind, alpha) => `rgba(${(KIND_COLOURS[kind] || OTHER_COLOUR).join(",")},${alpha})`;

const state = {
  listing: null, data: null, nav: [], sel: -1,
  pending: null,   // a text selection to add as a mention: {start, end, mention}
  point: null,     // {target: mention-like {start, end, mention}, latlng, scope, countries}
};

// ---------------------------------------------------------------- server
async function api(path, body) {
  // The page's own policy is no-referrer, under which a browser sends "Origin: null";
  // writes say "same-origin" so that the server sees its own origin (it refuses any other).
  const opts = body === undefined ? {} : {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
    referrerPolicy: "same-origin",
  };
  const resp = await fetch(path, opts);
  let data = null;
  try { data = await resp.json(); } catch (e) { data = null; }
  if (!resp.ok) throw new Error((data && data.error) || `${resp.status} ${resp.statusText}`);
  return data;
}

function status(message, isError) {
  const s = $("status");
  s.textContent = message;
  s.classList.toggle("error", Boolean(isError));
}

// ---------------------------------------------------------------- map
const map = L.map("map", {attributionControl: false}).setView([42, 44], 5);
map.createPane("basemap").style.zIndex = 250;
const credit = L.control({position: "bottomright"});
credit.onAdd = () => el("div", "Borders: Natural Earth · GeoNames · GEM", "map-credit");
credit.addTo(map);
const markerLayer = L.layerGroup().addTo(map);
const candidateLayer = L.layerGroup().addTo(map);
const selectedLayer = L.layerGroup().addTo(map);
const pointLayer = L.layerGroup().addTo(map);

api("api/basemap").then((geojson) => {
  L.geoJSON(geojson, {
    pane: "basemap", interactive: false,
    style: {color: "#9a9a9a", weight: 0.6, fillColor: "#f5f3ee", fillOpacity: 1},
  }).addTo(map);
}).catch((e) => status(`basemap: ${e.message}`, true));

function tooltip(text) {
  return el("span", text);
}

function drawMarkers(fit) {
  markerLayer.clearLayers();
  const pts = [];
  state.nav.forEach((m, i) => {
    if (m.status !== "active" || m.lat === null) return;
    const mk = L.circleMarker([m.lat, m.lon], {
      radius: 6, color: "#222", weight: m.reviewed ? 2.5 : 1,
      fillColor: rgba(m.kind, 1), fillOpacity: 0.35 + 0.55 * m.confidence,
    });
    mk.bindTooltip(tooltip(`${m.mention} → ${m.name}`));
    mk.on("click", () => select(i));
    mk.addTo(markerLayer);
    if (m.kind !== "country" && m.kind !== "region") pts.push([m.lat, m.lon]);
  });
  if (fit && pts.length) map.fitBounds(pts, {padding: [30, 30], maxZoom: 9});
}

function drawSelected(m) {
  selectedLayer.clearLayers();
  candidateLayer.clearLayers();
  if (!m) return;
  for (const c of m.candidates) {
    if (c.lat === null || c.record === m.source) continue;
    L.circleMarker([c.lat, c.lon], {radius: 4, color: "#555", weight: 1, fillColor: "#fff", fillOpacity: 1})
      .bindTooltip(tooltip(`${c.name} (${c.record})`)).addTo(candidateLayer);
  }
  if (m.lat !== null && m.status === "active") {
    L.circleMarker([m.lat, m.lon], {radius: 12, color: "#d00", weight: 3, fill: false, interactive: false})
      .addTo(selectedLayer);
    const wide = m.kind === "country" || m.kind === "region";
    if (!wide && !map.getBounds().contains([m.lat, m.lon])) map.panTo([m.lat, m.lon]);
  }
}

// ---------------------------------------------------------------- text
function segment(text, start) {
  const s = el("span", text, "seg");
  s.dataset.start = start;
  return s;
}

function renderText() {
  const d = state.data;
  const active = d.mentions.filter((m) => m.status === "active");
  const shown = d.mentions.filter((m) => m.status === "active"
    || !active.some((a) => a.start < m.end && a.end > m.start));
  const pre = $("text");
  pre.replaceChildren();
  state.nav = [];
  let pos = 0;
  for (const m of shown) {
    if (m.start < pos) continue;
    if (m.start > pos) pre.append(segment(d.text.slice(pos, m.start), pos));
    const s = segment(d.text.slice(m.start, m.end), m.start);
    s.classList.add("mention", `kind-${m.kind}`);
    s.classList.toggle("reviewed", m.reviewed);
    s.classList.toggle("dismissed", m.status !== "active");
    s.style.backgroundColor = rgba(m.kind, (0.15 + 0.6 * m.confidence).toFixed(2));
    s.title = m.status === "active" ? `${m.name} (${m.source}), confidence ${m.confidence.toFixed(2)}` : "not a place";
    const i = state.nav.length;
    s.dataset.i = i;
    s.addEventListener("click", () => select(i));
    pre.append(s);
    state.nav.push(m);
    pos = m.end;
  }
  if (pos < d.text.length) pre.append(segment(d.text.slice(pos), pos));
  const done = state.nav.filter((m) => m.reviewed).length;
  $("progress").textContent = `${done} of ${state.nav.length} mentions reviewed`;
  const um = $("unmatched");
  um.hidden = d.unmatched.length === 0;
  um.textContent = d.unmatched.length ? `Overrides that match nothing here:\n${d.unmatched.join("\n")}` : "";
}

// ---------------------------------------------------------------- selection of a mention
function select(i) {
  if (!state.nav.length) return;
  state.sel = Math.max(0, Math.min(i, state.nav.length - 1));
  document.querySelectorAll("#text .mention.selected").forEach((e) => e.classList.remove("selected"));
  const span = document.querySelector(`#text .mention[data-i="${state.sel}"]`);
  if (span) {
    span.classList.add("selected");
    span.scrollIntoView({block: "nearest"});
  }
  showPanel("mention-panel");
  renderMention(state.nav[state.sel]);
}

function showPanel(id) {
  for (const p of ["mention-panel", "add-panel", "point-panel"]) $(p).hidden = p !== id;
  document.body.classList.toggle("placing", id === "point-panel");
}

function ruleCountries(box, defaults) {
  box.replaceChildren();
  for (const c of state.data.countries) {
    const label = el("label");
    const input = el("input");
    input.type = "checkbox";
    input.value = c;
    input.checked = defaults.includes(c);
    label.append(input, ` ${c} `);
    box.append(label);
  }
  if (!state.data.countries.length) box.append(el("span", "(any cable: this one has no country TAGS)"));
}

function renderMention(m) {
  const active = m.status === "active";
  $("m-title").textContent = `“${m.mention}” — ${m.paragraph || "no paragraph"}`;
  const cur = $("m-current");
  cur.replaceChildren();
  if (active) {
    cur.append(el("span", `${m.name} (${m.source}), ${m.kind}, confidence ${m.confidence.toFixed(2)}: ${m.reason}`));
  } else {
    cur.append(el("span", `Marked not a place (the geoparser said ${m.name}, ${m.source}).`));
  }
  if (m.reviewed) cur.append(" ", el("span", "reviewed", "badge"));
  $("m-note").textContent = m.review_note || "";
  const list = $("candidates");
  list.replaceChildren();
  for (const c of m.candidates) {
    list.append(recordChoice(c, "cand", active && c.record === m.source, c.record === m.source ? "chosen" : ""));
  }
  if (!m.candidates.length) list.append(el("li", "(no gazetteer record has this name: place it on the map)"));
  $("rule-name").textContent = `“${m.mention.split(/\s+/).join(" ")}”`;
  const recCountry = (m.candidates.find((c) => c.record === m.source) || {}).country;
  const defaults = state.data.countries.includes(recCountry) ? [recCountry] : state.data.countries;
  ruleCountries($("rule-countries"), defaults);
  document.querySelector('input[name="scope"][value="mention"]').checked = true;
  $("note").value = "";
  $("accept").disabled = !active || m.source.startsWith("manual:");
  $("dismiss").disabled = !active;
  $("undo").disabled = !m.override;
  drawSelected(m);
}

// One radio line for a gazetteer record (a candidate or a search result); the map pans to it when chosen.
function recordChoice(c, group, checked, cls) {
  const li = el("li");
  const label = el("label");
  const input = el("input");
  input.type = "radio";
  input.name = group;
  input.value = c.record;
  input.checked = checked;
  input.addEventListener("change", () => {
    if (c.lat !== null) map.panTo([c.lat, c.lon]);
  });
  label.append(input, " ", el("span", `${c.name} — ${c.record}`, cls));
  li.append(label, el("div", c.reason, "reason"));
  return li;
}

function scopeFields(box) {
  const rule = document.querySelector('input[name="scope"]:checked').value === "rule";
  if (!rule) return {scope: "mention"};
  const countries = [...box.querySelectorAll("input:checked")].map((i) => i.value);
  return {scope: "rule", countries};
}

// ---------------------------------------------------------------- saving
async function save(fields, done) {
  try {
    const who = $("who").value.trim();
    localStorage.setItem("cablemap-reviewer", who);
    state.data = await api(`api/cables/${state.data.index}/overrides`, {who, ...fields});
  } catch (e) {
    status(`not saved: ${e.message}`, true);
    return;
  }
  status(done);
  redraw(fields.start);
}

function redraw(keepStart) {
  renderText();
  drawMarkers();
  let i = state.nav.findIndex((m) => m.start === keepStart);
  if (i < 0) i = state.nav.findIndex((m) => m.start > keepStart);
  if (i < 0) i = state.nav.length - 1;
  select(i);
}

function target(m) {
  return {start: m.start, end: m.end, mention: m.mention};
}

async function accept() {
  const m = state.nav[state.sel];
  if (!m || $("accept").disabled) return;
  const before = state.sel;
  await save({...target(m), ...scopeFields($("rule-countries")), action: "choose", record: m.source,
    note: $("note").value}, `accepted “${m.mention}” as ${m.name}`);
  select(before + 1);
}

async function choose() {
  const m = state.nav[state.sel];
  const picked = document.querySelector('input[name="cand"]:checked');
  if (!m || !picked) return status("pick a candidate first", true);
  await save({...target(m), ...scopeFields($("rule-countries")), action: "choose", record: picked.value,
    note: $("note").value}, `“${m.mention}” is now ${picked.value}`);
}

async function dismiss() {
  const m = state.nav[state.sel];
  if (!m || $("dismiss").disabled) return;
  await save({...target(m), ...scopeFields($("rule-countries")), action: "not-a-place",
    note: $("note").value}, `“${m.mention}” marked not a place`);
}

async function undo() {
  const m = state.nav[state.sel];
  if (!m || !m.override) return;
  try {
    state.data = await api(`api/cables/${state.data.index}/overrides/delete`, {id: m.override});
  } catch (e) {
    return status(`not removed: ${e.message}`, true);
  }
  status(`removed the fix for “${m.mention}”`);
  redraw(m.start);
}

// ---------------------------------------------------------------- hand-placed points
function startPoint(t, scope) {
  state.point = {target: t, latlng: null, scope};
  pointLayer.clearLayers();
  $("point-text").textContent = t.mention;
  $("point-pos").textContent = "not set";
  $("point-acc").value = "";
  $("point-note").value = "";
  $("point-save").disabled = true;
  showPanel("point-panel");
}

function pointReady() {
  $("point-save").disabled = !(state.point && state.point.latlng && $("point-note").value.trim()
    && Number($("point-acc").value) > 0);
}

map.on("click", (e) => {
  if (!state.point) return;
  const ll = e.latlng.wrap();
  state.point.latlng = ll;
  pointLayer.clearLayers();
  L.circleMarker(ll, {radius: 7, color: "#d00", weight: 2, fillColor: "#fff", fillOpacity: 1}).addTo(pointLayer);
  $("point-pos").textContent = `${ll.lat.toFixed(5)}, ${ll.lng.toFixed(5)}`;
  if (!$("point-acc").value) {
    const mPerPx = 40075016.686 * Math.cos(ll.lat * Math.PI / 180) / 2 ** (map.getZoom() + 8);
    $("point-acc").value = Math.max(10, Math.round(mPerPx * 10));
  }
  pointReady();
});

async function savePoint() {
  const p = state.point;
  if (!p || !p.latlng) return;
  state.point = null;
  pointLayer.clearLayers();
  await save({...p.target, ...p.scope, action: "point", lat: Number(p.latlng.lat.toFixed(6)),
    lon: Number(p.latlng.lng.toFixed(6)), accuracy_m: Number($("point-acc").value),
    note: $("point-note").value.trim()}, `placed “${p.target.mention}” by hand`);
}

function cancelPoint() {
  state.point = null;
  pointLayer.clearLayers();
  if (state.sel >= 0) select(state.sel); else showPanel(null);
}

// ---------------------------------------------------------------- adding a missed mention
function offsetOf(node, offset) {
  const span = node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
  if (!span || !span.dataset || span.dataset.start === undefined) return null;
  return Number(span.dataset.start) + offset;
}

function onTextSelection() {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return;
  const r = sel.getRangeAt(0);
  if (!$("text").contains(r.commonAncestorContainer)) return;
  let start = offsetOf(r.startContainer, r.startOffset);
  let end = offsetOf(r.endContainer, r.endOffset);
  if (start === null || end === null) return;
  const text = state.data.text;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end <= start || end - start > 120) return;
  state.pending = {start, end, mention: text.slice(start, end)};
  $("add-text").textContent = state.pending.mention;
  $("search").value = state.pending.mention.split(/\s+/).join(" ");
  $("results").replaceChildren();
  ruleCountries($("add-rule-countries"), state.data.countries);
  $("add-rule").checked = false;
  showPanel("add-panel");
  search();
}

let searchSeq = 0;
async function search() {
  const q = $("search").value.trim();
  const seq = ++searchSeq;
  let found;
  try {
    found = await api(`api/search?q=${encodeURIComponent(q)}`);
  } catch (e) {
    return status(`search failed: ${e.message}`, true);
  }
  if (seq !== searchSeq) return;
  const list = $("results");
  list.replaceChildren();
  for (const c of found.results) {
    list.append(recordChoice(c, "result", false, ""));
  }
  if (!found.results.length) list.append(el("li", "(nothing by that name: place it on the map)"));
}

function addScope() {
  if (!$("add-rule").checked) return {scope: "mention"};
  return {scope: "rule", countries: [...$("add-rule-countries").querySelectorAll("input:checked")].map((i) => i.value)};
}

async function addMention() {
  const picked = document.querySelector('input[name="result"]:checked');
  const p = state.pending;
  if (!p || !picked) return status("pick a record first", true);
  state.pending = null;
  await save({...p, ...addScope(), action: "add", record: picked.value, note: ""},
    `added “${p.mention}” as ${picked.value}`);
}

// ---------------------------------------------------------------- cables and keys
async function loadCable(i) {
  try {
    state.data = await api(`api/cables/${i}`);
  } catch (e) {
    return status(`cannot load the cable: ${e.message}`, true);
  }
  $("subject").textContent = `${state.data.refid}: ${state.data.subject}`;
  document.title = `Review ${state.data.refid} — cablemap`;
  status(`fixes are saved to ${state.data.overrides}`);
  renderText();
  drawMarkers(true);
  select(0);
}

function onKey(e) {
  const t = e.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const step = {j: 1, ArrowDown: 1, ArrowRight: 1, k: -1, ArrowUp: -1, ArrowLeft: -1}[e.key];
  if (step) {
    e.preventDefault();
    select(state.sel + step);
  } else if (e.key === "a") {
    accept();
  } else if (e.key === "x") {
    dismiss();
  } else if (e.key === "Escape") {
    if (state.point) cancelPoint(); else if (state.sel >= 0) select(state.sel);
  }
}

async function init() {
  state.listing = await api("api/cables");
  const pick = $("cable");
  for (const c of state.listing.cables) pick.append(el("option", `${c.refid} ${c.subject}`));
  pick.addEventListener("change", () => loadCable(pick.selectedIndex));
  $("who").value = localStorage.getItem("cablemap-reviewer") || state.listing.who;
  $("accept").addEventListener("click", accept);
  $("choose").addEventListener("click", choose);
  $("dismiss").addEventListener("click", dismiss);
  $("undo").addEventListener("click", undo);
  $("place").addEventListener("click", () => {
    const m = state.nav[state.sel];
    if (m) startPoint(target(m), scopeFields($("rule-countries")));
  });
  $("point-note").addEventListener("input", pointReady);
  $("point-acc").addEventListener("input", pointReady);
  $("point-save").addEventListener("click", savePoint);
  $("point-cancel").addEventListener("click", cancelPoint);
  $("search").addEventListener("input", search);
  $("add").addEventListener("click", addMention);
  $("add-place").addEventListener("click", () => {
    if (state.pending) startPoint(state.pending, addScope());
  });
  $("add-cancel").addEventListener("click", () => { state.pending = null; select(Math.max(0, state.sel)); });
  $("text").addEventListener("mouseup", onTextSelection);
  document.addEventListener("keydown", onKey);
  await loadCable(0);
}

init().catch((e) => status(`cannot start: ${e.message}`, true));
