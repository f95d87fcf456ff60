// The detail panel: an event's fields (editable), its report with the evidence
// highlighted, its sources and incident, review buttons and the audit trail.
import { api } from "./api.js";
import { clear, el, showMessage } from "./dom.js";
import { renderReportText } from "./highlight.js";
import { EVENT_TYPES, STATUS_LABELS } from "./taxonomy.js";

// [field, English · Arabic label, input kind]
const FIELDS = [
  ["event_date", "Date · التاريخ", "date"],
  ["event_type", "Event type · نوع الحدث", "type"],
  ["sub_event_type", "Sub-event type · النوع الفرعي", "subtype"],
  ["actor1", "Actor 1 · الفاعل الأول", "text"],
  ["actor2", "Actor 2 · الفاعل الثاني", "text"],
  ["location", "Location · المكان", "text"],
  ["admin1", "Governorate · المحافظة", "text"],
  ["country", "Country · البلد", "text"],
  ["latitude", "Latitude · خط العرض", "number"],
  ["longitude", "Longitude · خط الطول", "number"],
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
  if (kind === "type" || kind === "subtype") {
    const options = kind === "type" ? Object.keys(EVENT_TYPES) : Object.values(EVENT_TYPES).flatMap((t) => t.subs);
    const select = el("select", common, options.map((o) => el("option", { value: o }, o)));
    select.value = value ?? "";
    return select;
  }
  const type = kind === "integer" || kind === "number" ? "number" : kind;
  const input = el("input", { ...common, type, step: kind === "number" ? "any" : kind === "integer" ? 1 : null });
  input.value = value ?? "";
  return input;
}

function readInput(input, kind) {
  if (kind === "checkbox") return input.checked;
  const raw = input.value.trim();
  if (kind === "integer") return raw === "" ? null : parseInt(raw, 10);
  if (kind === "number") return raw === "" ? null : parseFloat(raw);
  return raw === "" && kind !== "textarea" ? null : raw;
}

export class DetailPanel {
  constructor(onChanged) {
    this.onChanged = onChanged;
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
      this.render(detail, report);
      this.root.hidden = false;
      history.replaceState(null, "", "#event=" + eventId);
    } catch (error) {
      showMessage(String(error.message), "error");
    }
  }

  render(detail, report) {
    const event = detail.event;
    this.root.dataset.eventId = String(event.id);
    document.getElementById("detail-title").textContent =
      `#${event.id} · ${event.sub_event_type} · ${event.location || "—"} · ${event.event_date}`;
    document.getElementById("detail-status").textContent =
      `${STATUS_LABELS[event.status] || event.status} · confidence ${Number(event.confidence).toFixed(2)}`;
    document.getElementById("detail-status").className = "status-line status-" + event.status;
    this.renderForm(event);
    document.getElementById("report-meta").replaceChildren(
      el("span", {}, `${report.source || "—"} · ${report.published}`),
      report.url ? el("span", { className: "url" }, " · ", report.url) : "");
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
      el("p", {}, `#${incident.id} · ${incident.event_ids.length} event(s) · fatalities ${incident.fatalities_low}–${incident.fatalities_high} (best ${incident.fatalities_best}) · ${incident.grade}`),
      el("ul", {}, (incident.explanation || []).map((line) => el("li", {}, line))));
  }

  renderAudit(entries) {
    const body = clear(document.getElementById("audit"));
    for (const entry of entries || []) {
      body.append(el("tr", {},
        el("td", {}, String(entry.at).replace("T", " ").slice(0, 19)),
        el("td", {}, entry.user),
        el("td", {}, entry.field),
        el("td", {}, `${JSON.stringify(entry.old)} → ${JSON.stringify(entry.new)}`)));
    }
    if (!body.firstChild) body.append(el("tr", {}, el("td", { colspan: 4 }, "No changes yet · لا تعديلات بعد")));
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
