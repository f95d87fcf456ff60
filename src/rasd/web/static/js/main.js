// Wires the page: filters → points on the map, the list and the timeline (incidents by
// default, per-report events on request); clicks and #incident=/#event= links → the views.
import { api, getToken, queryString, setToken } from "./api.js";
import { bilingual, followChosenDirection, isolate } from "./bidi.js";
import { DetailPanel } from "./detail.js";
import { clear, el, showMessage } from "./dom.js";
import { IncidentView } from "./incident.js";
import { RowList } from "./list.js";
import { EventMap } from "./map.js";
import { EVENT_TYPES, typeClass } from "./taxonomy.js";
import { Timeline } from "./timeline.js";

const state = { level: "incident", event_type: "", actor: "", admin1: "", status: "", review: "",
  min_confidence: "", since: "", until: "" };
const $ = (id) => document.getElementById(id);
const number = (n) => Number(n).toLocaleString("en");
const directionUpdaters = [];
let placeBox = null; // the list narrowed to one place (a cluster no zoom separates)

const map = new EventMap("map", { onSelect: (id) => select(id), onCluster: (ids, centre) => showPlace(ids, centre) });
const incidentView = new IncidentView({
  onChanged: () => refresh(), onEditEvent: (id) => detail.open(id), onClose: () => clearLink(),
});
const detail = new DetailPanel(() => refresh(), (id) => openIncident(id));
const list = new RowList({ onOpen: (id) => select(id, true), onChanged: () => refresh() });
const timeline = new Timeline("timeline", (range) => {
  [state.since, state.until] = range || ["", ""];
  showRange(range);
  refreshRows();
});

function clearLink() {
  if (location.hash) history.replaceState(null, "", location.pathname);
  map.clearHighlight();
}

function showRange(range) {
  // ISO dates, left to right whatever the page direction: "2024-10-01 → 2024-10-09".
  $("date-range").textContent = range ? `${range[0]} → ${range[1]}` : "all";
}

function select(id, zoom = false) {
  if (state.level === "incident") openIncident(id, zoom);
  else { map.highlight(id, zoom); detail.open(id); }
}

async function openIncident(id, zoom = true) {
  if (state.level !== "incident") await setLevel("incident");
  map.highlight(id, zoom);
  return incidentView.open(id);
}

function fillSelect(select, counts) {
  const chosen = select.value;
  const first = select.firstElementChild;
  clear(select).append(first);
  for (const [name, count] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
    const label = EVENT_TYPES[name] ? bilingual(name, EVENT_TYPES[name].ar) : isolate(name);
    select.append(el("option", { value: name, dir: "auto" }, `${label} (${number(count)})`));
  }
  select.value = chosen;
}

function renderLegend() {
  $("legend").replaceChildren(...Object.entries(EVENT_TYPES).map(([name, info]) =>
    el("li", {}, el("span", { className: "swatch " + typeClass(name) }), el("bdi", {}, name), " · ",
      el("bdi", { lang: "ar" }, info.ar))));
}

function currentFilters({ withDates = true, withLevel = true } = {}) {
  const filters = { ...state };
  if (!withDates) { filters.since = ""; filters.until = ""; }
  if (!withLevel) delete filters.level;
  return filters;
}

function updateExports() {
  const filters = currentFilters();
  $("export-csv").href = "/events?" + queryString(filters, { format: "acled-csv" });
  $("export-excel").href = "/events?" + queryString(filters, { format: "acled-csv", excel: "true" });
  $("export-geojson").href = "/events?" + queryString(filters, { format: "geojson" });
}

function summaryText(total, located) {
  const what = state.level === "incident" ? ["incident(s)", "حادثة"] : ["report event(s)", "حدث"];
  const unlocated = total - located;
  return `${number(total)} ${what[0]} · ${isolate(number(total) + " " + what[1])}` +
    (unlocated > 0 ? ` — ${number(located)} on the map, ${number(unlocated)} without coordinates` : "");
}

// The points first (the map is what the analyst looks at), then the list beside it.
async function refreshRows() {
  updateExports();
  const filters = currentFilters();
  try {
    const points = await api.points(filters);
    map.show(points);
    performance.mark("rasd-points-drawn"); // the benchmark reads this (first paint of the points)
    $("summary").textContent = summaryText(points.total, points.located);
    document.body.dataset.total = String(points.total);
    await list.reset(listFilters(filters));
  } catch (error) {
    showMessage(String(error.message), "error");
  }
}

function listFilters(filters) {
  if (!placeBox) return filters;
  return { ...filters, bbox: placeBox };
}

function showPlace(ids, centre) {
  const d = 0.0005;
  placeBox = [centre.lng - d, centre.lat - d, centre.lng + d, centre.lat + d].map((v) => v.toFixed(5)).join(",");
  $("place-filter").hidden = false;
  $("place-filter-text").textContent = `${number(ids.length)} at one place (${centre.lat.toFixed(4)}, ${centre.lng.toFixed(4)})`;
  list.reset(listFilters(currentFilters())).catch((error) => showMessage(String(error.message), "error"));
}

function clearPlace() {
  placeBox = null;
  $("place-filter").hidden = true;
  list.reset(currentFilters()).catch((error) => showMessage(String(error.message), "error"));
}

async function refreshCounts() {
  try {
    const level = { level: state.level };
    const [all, filtered] = await Promise.all([api.stats(level), api.stats(currentFilters({ withDates: false }))]);
    fillSelect($("f-type"), all.by_type);
    fillSelect($("f-actor"), all.by_actor);
    fillSelect($("f-admin1"), all.by_admin1);
    for (const update of directionUpdaters) update();
    timeline.setCounts(filtered.by_day);
  } catch (error) {
    showMessage(String(error.message), "error");
  }
}

// The rows (map, list), then the counts (selects, timeline): on a busy server the map's
// points do not wait behind the counts.
async function refresh() {
  await refreshRows();
  await refreshCounts();
}

async function setLevel(level) {
  state.level = level;
  $("f-level").value = level;
  map.clearHighlight();
  await refresh();
}

function bindFilters() {
  const bind = (id, key) => $(id).addEventListener("change", () => { state[key] = $(id).value; refresh(); });
  bind("f-type", "event_type");
  bind("f-actor", "actor");
  bind("f-admin1", "admin1");
  bind("f-status", "status");
  bind("f-review", "review");
  $("f-level").addEventListener("change", () => setLevel($("f-level").value));
  for (const id of ["f-type", "f-actor", "f-admin1", "f-status", "f-review", "f-level"]) {
    directionUpdaters.push(followChosenDirection($(id)));
  }
  $("f-confidence").addEventListener("input", () => { $("f-confidence-value").textContent = $("f-confidence").value; });
  $("f-confidence").addEventListener("change", () => {
    state.min_confidence = $("f-confidence").value === "0" ? "" : $("f-confidence").value;
    refresh();
  });
  $("clear-dates").addEventListener("click", () => timeline.setRange(null, true));
  $("clear-place").addEventListener("click", () => clearPlace());
  $("fit-all").addEventListener("click", () => map.fitAll());
  $("token").value = getToken();
  $("token").addEventListener("change", () => setToken($("token").value.trim()));
  $("osm").addEventListener("change", () => map.setOsm($("osm").checked));
}

// #incident=ID opens the incident; #event=ID opens the event and marks its incident.
async function followLink() {
  const link = /^#(incident|event)=(\d+)$/.exec(location.hash);
  if (!link) return;
  const id = Number(link[2]);
  if (link[1] === "incident") { await openIncident(id); return; }
  const opened = await detail.open(id);
  const target = state.level === "incident" && opened ? opened.event.incident_id : id;
  if (target != null) map.highlight(target, true);
}

// Everything the first view needs is requested at once; the points are drawn as soon as
// they arrive, whether or not the outlines and the counts are there yet.
async function start() {
  renderLegend();
  bindFilters();
  const outlines = map.loadOutlines().catch((error) => showMessage("outlines: " + error.message, "error"));
  await Promise.all([outlines, refresh()]);
  await followLink();
  document.body.dataset.loaded = "true";
  window.addEventListener("hashchange", () => followLink());
}

start();
