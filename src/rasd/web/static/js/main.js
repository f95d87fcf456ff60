// Wires the page: filters → events on the map, the list and the timeline; clicks → detail.
import { api, getToken, queryString, setToken } from "./api.js";
import { DetailPanel } from "./detail.js";
import { clear, el, showMessage } from "./dom.js";
import { EventMap } from "./map.js";
import { EVENT_TYPES, typeClass } from "./taxonomy.js";
import { Timeline } from "./timeline.js";

const state = { event_type: "", actor: "", admin1: "", status: "", min_confidence: "", since: "", until: "" };
const $ = (id) => document.getElementById(id);

const map = new EventMap("map", (id) => detail.open(id));
const detail = new DetailPanel(() => refresh());
const timeline = new Timeline("timeline", (range) => {
  [state.since, state.until] = range || ["", ""];
  $("date-range").textContent = range ? `${range[0]} → ${range[1]}` : "all · الكل";
  refreshEvents();
});

function fillSelect(select, counts) {
  const chosen = select.value;
  const first = select.firstElementChild;
  clear(select).append(first);
  for (const [name, count] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
    const label = EVENT_TYPES[name] ? `${name} · ${EVENT_TYPES[name].ar}` : name;
    select.append(el("option", { value: name }, `${label} (${count})`));
  }
  select.value = chosen;
}

function renderLegend() {
  $("legend").replaceChildren(...Object.entries(EVENT_TYPES).map(([name, info]) =>
    el("li", {}, el("span", { className: "swatch " + typeClass(name) }), `${name} · ${info.ar}`)));
}

function renderList(events) {
  $("event-list").replaceChildren(...events.slice(0, 200).map((event) =>
    el("li", { dataset: { eventId: event.id } },
      el("button", { type: "button", className: "link", onclick: () => { map.focus(event.id); detail.open(event.id); } },
        el("span", { className: "swatch " + typeClass(event.event_type) }),
        `${event.event_date} · ${event.sub_event_type} · ${event.location || "—"}`,
        event.status !== "unreviewed" ? el("span", { className: "badge status-" + event.status }, event.status) : null))));
}

function updateExports() {
  const filters = currentFilters();
  $("export-csv").href = "/events?" + queryString(filters, { format: "acled-csv" });
  $("export-geojson").href = "/events?" + queryString(filters, { format: "geojson" });
}

function currentFilters(withDates = true) {
  const filters = { ...state };
  if (!withDates) { filters.since = ""; filters.until = ""; }
  return filters;
}

async function refreshEvents() {
  updateExports();
  try {
    const page = await api.events(currentFilters());
    map.show(page.events);
    renderList(page.events);
    $("summary").textContent = `${page.total} event(s) · ${page.total} حدث` +
      (page.total > page.events.length ? ` (map shows ${page.events.length})` : "");
    document.body.dataset.loaded = "true";
  } catch (error) {
    showMessage(String(error.message), "error");
  }
}

async function refresh() {
  try {
    const [all, filtered] = await Promise.all([api.stats({}), api.stats(currentFilters(false))]);
    fillSelect($("f-type"), all.by_type);
    fillSelect($("f-actor"), all.by_actor);
    fillSelect($("f-admin1"), all.by_admin1);
    timeline.setCounts(filtered.by_day);
  } catch (error) {
    showMessage(String(error.message), "error");
  }
  await refreshEvents();
}

function bindFilters() {
  const bind = (id, key) => $(id).addEventListener("change", () => { state[key] = $(id).value; refresh(); });
  bind("f-type", "event_type");
  bind("f-actor", "actor");
  bind("f-admin1", "admin1");
  bind("f-status", "status");
  $("f-confidence").addEventListener("input", () => { $("f-confidence-value").textContent = $("f-confidence").value; });
  $("f-confidence").addEventListener("change", () => {
    state.min_confidence = $("f-confidence").value === "0" ? "" : $("f-confidence").value;
    refresh();
  });
  $("clear-dates").addEventListener("click", () => timeline.setRange(null, true));
  $("token").value = getToken();
  $("token").addEventListener("change", () => setToken($("token").value.trim()));
  $("osm").addEventListener("change", () => map.setOsm($("osm").checked));
}

async function start() {
  renderLegend();
  bindFilters();
  await map.loadOutlines().catch((error) => showMessage("outlines: " + error.message, "error"));
  await refresh();
  const linked = /^#event=(\d+)$/.exec(location.hash);
  if (linked) detail.open(Number(linked[1]));
}

start();
