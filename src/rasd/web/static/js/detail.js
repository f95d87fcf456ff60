// The detail panel: an event's fields (editable), its report with the evidence
// highlighted, its sources and incident, review buttons and the audit trail.
import { api } from "./api.js";
import { clear, el, showMessage } from "./dom.js";
import { renderReportText } from "./highlight.js";
import { renderAudit } from "./incident.js";
import { EVENT_TYPES, STATUS_LABELS } from "./taxonomy.js";

// [field, English · Arabic label, input kind]
const FIELDS = [
  ["event_date", "Date · التاريخ", "date"],
  ["event_type", "Event type · نوع الحدث", "type"],
  ["sub_event_type", "Sub-event type · النوع الفرعي", "subtype"],
  ["actor1", "Actor 1 · الفاعل الأول", "actor"],
  ["assoc_actor_1", "Associated 1 · المرتبط بالأول", "actors"],
  ["actor2", "Actor 2 · الفاعل الثاني", "actor"],
  ["assoc_actor_2", "Associated 2 · المرتبط بالثاني", "actors"],
  ["location", "Location · المكان", "text"],
  ["admin1", "Governorate · المحافظة", "text"],
  ["admin2", "District · المنطقة", "text"],
  ["admin3", "Sub-district · الناحية", "text"],
  ["country", "Country · البلد", "text"],
  ["latitude", "Latitude · خط العرض", "number"],
  ["longitude", "Longitude · خط الطول", "number"],
  ["geo_precision", "Geo precision · دقة المكان", "precision"],
  ["time_precision", "Time precision · دقة التاريخ", "precision"],
  ["time_of_day", "Time of day · وقت الحدث", "daypart"],
  ["fatalities", "Fatalities · القتلى", "integer"],
  ["injuries", "Injuries · الجرحى", "integer"],
  ["civilian_targeting", "Civilian targeting · استهداف المدنيين", "checkbox"],
  ["notes", "Notes · ملاحظات", "textarea"],
];

function inputFor(name, kind, value) {
  const common = { name, id: "edit-" + name };
  if (kind === "textarea") return el("textarea", { ...common, rows: 2 }, value ?? "");
  if (kind === "checkbox") {
    const box = el("input", { ...common, type: "checkbox" });
    box.checked = Boolean(value);
    return box;
  }
  if (kind === "actor" || kind === "actors") {
    // Free text, with the canonical actor list offered as suggestions; several associated
    // actors are separated by ";" as ACLED writes them.
    const input = el("input", { ...common, type: "text", list: "actor-choices", dir: "auto", autocomplete: "off" });
    input.value = kind === "actors" ? (value || []).join("; ") : value ?? "";
    return input;
  }
  if (kind === "precision") {
    const select = el("select", common, ["1", "2", "3"].map((o) => el("option", { value: o }, o)));
    select.value = String(value ?? 1);
    return select;
  }
  if (kind === "daypart") {
    const parts = ["", "dawn", "morning", "noon", "afternoon", "evening", "night"];
    const select = el("select", common, parts.map((o) => el("option", { value: o }, o || "—")));
    select.value = value ?? "";
    return select;
  }
  if (kind === "type" || kind === "subtype") {
    const options = kind === "type" ? Object.keys(EVENT_TYPES) : Object.values(EVENT_TYPES).flatMap((t) => t.subs);
    const select = el("select", common, options.map((o) => el("option", { value: o }, o)));
    select.value = value ?? "";
    return select;
  }
  const type = kind === "integer" || kind === "number" ? "number" : kind;
  const input = el("input", { ...common, type, dir: kind === "text" ? "auto" : null,
    step: kind === "number" ? "any" : kind === "integer" ? 1 : null });
  input.value = value ?? "";
  return input;
}

function readInput(input, kind) {
  if (kind === "checkbox") return input.checked;
  const raw = input.value.trim();
  if (kind === "actors") return raw.split(";").map((name) => name.trim()).filter(Boolean);
  if (kind === "integer" || kind === "precision") return raw === "" ? null : parseInt(raw, 10);
  if (kind === "number") return raw === "" ? null : parseFloat(raw);
  return raw === "" && kind !== "textarea" ? null : raw;
}

// The canonical actor names, fetched once, as suggestions for every actor field.
let actorsLoaded = false;
async function loadActorChoices() {
  if (actorsLoaded) return;
  actorsLoaded = true;
  try {
    const actors = await api.actors();
    document.getElementById("actor-choices").replaceChildren(...actors.map((actor) =>
      el("option", { value: actor.name }, actor.family && actor.family !== actor.name ? actor.family : "")));
  } catch (error) {
    actorsLoaded = false;
    showMessage("actors: " + error.message, "error");
  }
}

export class DetailPanel {
  constructor(onChanged, onOpenIncident) {
    this.onChanged = onChanged;
    this.onOpenIncident = onOpenIncident;
    this.root = document.getElementById("detail");
    this.current = null;
    document.getElementById("detail-close").addEventListener("click", () => this.close());
    document.getElementById("approve").addEventListener("click", () => this.save({ status: "approved" }));
    document.getElementById("reject").addEventListener("click", () => this.save({ status: "rejected" }));
  }

  close() {
    this.root.hidden = true;
    this.current = null;
    if (location.hash) history.replaceState(null, "", location.pathname);
  }

  async open(eventId) {
    try {
      const detail = await api.event(eventId);
      const report = await api.report(detail.event.report_id);
      this.current = detail;
      await loadActorChoices();
      this.render(detail, report);
      this.root.hidden = false;
      history.replaceState(null, "", "#event=" + eventId);
      return detail;
    } catch (error) {
      showMessage(String(error.message), "error");
      return null;
    }
  }

  render(detail, report) {
    const event = detail.event;
    this.root.dataset.eventId = String(event.id);
    document.getElementById("detail-title").replaceChildren(
      `#${event.id} · ${event.sub_event_type} · `, el("bdi", {}, event.location || "—"), " · ",
      el("span", { dir: "ltr" }, event.event_date));
    document.getElementById("detail-status").textContent =
      `${STATUS_LABELS[event.status] || event.status} · confidence ${Number(event.confidence).toFixed(2)}`;
    document.getElementById("detail-status").className = "status-line status-" + event.status;
    this.renderForm(event);
    document.getElementById("report-meta").replaceChildren(
      el("bdi", {}, report.source || "—"), " · ", el("span", { dir: "ltr" }, report.published),
      report.url ? el("span", { className: "url", dir: "ltr" }, " · ", report.url) : "");
    renderReportText(document.getElementById("report-text"), report.text, event.evidence);
    this.renderSources(detail.sources);
    this.renderIncident(detail.incident);
    this.renderAudit(detail.audit);
  }

  renderForm(event) {
    const form = clear(document.getElementById("edit-form"));
    for (const [name, label, kind] of FIELDS) {
      form.append(el("label", { className: "field field-" + kind }, el("span", {}, label), inputFor(name, kind, event[name])));
    }
    form.append(el("button", { type: "submit", id: "save", className: "primary" }, "Save changes · حفظ التعديلات"));
    form.onsubmit = (e) => {
      e.preventDefault();
      const changes = {};
      for (const [name, , kind] of FIELDS) {
        const value = readInput(form.elements[name], kind);
        const old = event[name] ?? (kind === "textarea" ? "" : null);
        if (JSON.stringify(value) !== JSON.stringify(old)) changes[name] = value;
      }
      if (Object.keys(changes).length === 0) showMessage("Nothing changed · لا تعديلات");
      else this.save(changes);
    };
  }

  renderSources(sources) {
    const list = clear(document.getElementById("sources"));
    for (const source of sources || []) {
      const evidence = Object.entries(source.evidence || {}).map(([field, span]) =>
        el("li", {}, el("b", {}, field + ": "), el("span", { dir: "rtl", lang: "ar" }, span.text)));
      list.append(el("li", {},
        el("span", {}, `report #${source.report_id} · ${source.source || "—"} · ${source.published}`),
        el("ul", { className: "evidence-list" }, evidence)));
    }
  }

  renderIncident(incident) {
    const box = clear(document.getElementById("incident"));
    if (!incident) return;
    box.append(el("h3", {}, "Incident · الحادثة"),
      el("p", {}, `#${incident.id} · ${incident.event_ids.length} event(s) · fatalities ${incident.fatalities_low}–${incident.fatalities_high} (best ${incident.fatalities_best}) · ${incident.grade} `,
        el("button", { type: "button", className: "link", id: "open-incident", onclick: () => this.onOpenIncident(incident.id) },
          "open the incident, sources side by side · عرض الحادثة")),
      el("ul", {}, (incident.explanation || []).map((line) => el("li", {}, line))));
  }

  renderAudit(entries) {
    renderAudit(document.getElementById("audit"), entries);
  }

  async save(changes) {
    if (!this.current) return;
    const id = this.current.event.id;
    try {
      await api.patch(id, changes);
      showMessage("Saved · تم الحفظ", "ok");
      await this.open(id);
      this.onChanged();
    } catch (error) {
      showMessage(String(error.message), "error");
    }
  }
}
