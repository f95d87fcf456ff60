// The incident view: every source side by side, each with its own Arabic text and its
// evidence highlighted (text nodes only), the figure each outlet gives, the grade; approve or
// reject the whole incident, merge another into it, split sources off into a new one.
import { api } from "./api.js";
import { isolate } from "./bidi.js";
import { clear, el, showMessage } from "./dom.js";
import { renderReportText } from "./highlight.js";
import { STATUS_LABELS } from "./taxonomy.js";

const $ = (id) => document.getElementById(id);

export function renderAudit(body, entries) {
  clear(body);
  for (const entry of entries || []) {
    body.append(el("tr", {},
      el("td", { dir: "ltr" }, String(entry.at).replace("T", " ").slice(0, 19)),
      el("td", {}, entry.user),
      el("td", {}, entry.event_id ? `#${entry.event_id} ${entry.field}` : entry.field),
      el("td", {}, `${JSON.stringify(entry.old)} → ${JSON.stringify(entry.new)}`)));
  }
  if (!body.firstChild) body.append(el("tr", {}, el("td", { colspan: 4 }, "No changes yet · لا تعديلات بعد")));
}

function figureRows(figures) {
  return figures.map((f) => el("tr", { className: f.counted ? "" : "not-counted" },
    el("td", {}, el("bdi", {}, f.outlet)),
    el("td", { className: "figure" }, String(f.fatalities)),
    el("td", { dir: "rtl", lang: "ar" }, f.evidence ? f.evidence.text : "—"),
    el("td", {}, f.counted ? f.why : `not counted: ${f.why}`)));
}

export class IncidentView {
  constructor({ onChanged, onEditEvent, onClose }) {
    this.onChanged = onChanged;
    this.onEditEvent = onEditEvent;
    this.onClose = onClose;
    this.root = $("incident-view");
    this.current = null;
    $("incident-close").addEventListener("click", () => this.close());
    $("incident-approve").addEventListener("click", () => this.review("approved"));
    $("incident-reject").addEventListener("click", () => this.review("rejected"));
    $("merge-form").addEventListener("submit", (e) => { e.preventDefault(); this.merge(); });
    $("split-button").addEventListener("click", () => this.split());
  }

  close() {
    this.root.hidden = true;
    this.current = null;
    this.onClose();
  }

  async open(incidentId) {
    try {
      const view = await api.incident(incidentId);
      this.current = view;
      this.render(view);
      this.root.hidden = false;
      history.replaceState(null, "", "#incident=" + incidentId);
      return view;
    } catch (error) {
      showMessage(String(error.message), "error");
      return null;
    }
  }

  render(view) {
    const row = view.row;
    this.root.dataset.incidentId = String(row.id);
    $("incident-title").replaceChildren(
      el("span", { dir: "ltr" }, row.event_id_cnty), ` · ${row.sub_event_type} · `,
      el("bdi", {}, row.location || "—"), " · ", el("span", { dir: "ltr" }, row.event_date));
    const range = row.fatalities_low !== row.fatalities_high ? ` (${row.fatalities_low}–${row.fatalities_high})` : "";
    $("incident-status").textContent = [
      STATUS_LABELS[row.status] || row.status, `grade ${row.grade}`, `fatalities ${row.fatalities}${range}`,
      `${row.reports} report(s)`, `sources: ${row.source}`].join(" · ");
    $("incident-status").className = "status-line status-" + row.status;
    $("incident-reasons").replaceChildren(...(row.review_reasons || []).map((reason) =>
      el("li", { className: "reason" }, reason)));
    $("incident-notes").textContent = row.notes || "";
    $("incident-explanation").replaceChildren(...(view.explanation || []).map((line) => el("li", {}, line)));
    $("incident-figures").replaceChildren(...figureRows(view.figures || []));
    $("incident-sources").replaceChildren(...view.sources.map((source) => this.sourceColumn(source)));
    $("split-button").disabled = view.sources.length < 2;
    renderAudit($("incident-audit"), view.audit);
  }

  sourceColumn(source) {
    const event = source.event;
    const text = el("div", { className: "report-text source-text", dir: "rtl", lang: "ar" });
    renderReportText(text, source.text, source.evidence);
    const pick = el("input", { type: "checkbox", className: "split-pick", dataset: { eventId: event.id } });
    const actors = [event.actor1, event.actor2].filter(Boolean);
    return el("section", { className: "source-column", dataset: { eventId: event.id, reportId: source.report_id } },
      el("header", {},
        el("h4", {}, el("bdi", {}, source.outlet)),
        el("p", { className: "source-meta" }, el("span", { dir: "ltr" }, source.published),
          source.url ? el("span", { className: "url", dir: "ltr" }, " · ", source.url) : "")),
      el("p", { className: "source-event" },
        `#${event.id} · ${event.sub_event_type} · `, el("bdi", {}, event.location || "—"), " · ",
        el("span", { dir: "ltr" }, event.event_date), el("br"),
        ...actors.flatMap((a, i) => [i ? " vs " : "", el("bdi", {}, a)]), el("br"),
        `fatalities ${event.fatalities} · confidence ${Number(event.confidence).toFixed(2)} · `,
        el("span", { className: "status-" + event.status }, event.status)),
      el("div", { className: "source-tools" },
        el("label", {}, pick, " split off · ", isolate("فصل")),
        el("button", { type: "button", className: "link", onclick: () => this.onEditEvent(event.id) }, "edit event · تعديل")),
      text);
  }

  async run(work, message) {
    try {
      const result = await work();
      showMessage(message, "ok");
      this.onChanged();
      return result;
    } catch (error) {
      showMessage(String(error.message), "error");
      return null;
    }
  }

  async review(status) {
    if (!this.current) return;
    const id = this.current.row.id;
    if (await this.run(() => api.bulk("incident", [id], status), `${status} · ${isolate("تم")}`)) await this.open(id);
  }

  async merge() {
    if (!this.current) return;
    const other = parseInt($("merge-with").value, 10);
    if (!Number.isInteger(other) || other < 1) { showMessage("Give the number of the incident to merge · رقم الحادثة", "error"); return; }
    const merged = await this.run(() => api.merge([this.current.row.id, other]), "Merged · تم الدمج");
    if (merged) { $("merge-with").value = ""; this.current = merged; this.render(merged); history.replaceState(null, "", "#incident=" + merged.row.id); }
  }

  async split() {
    if (!this.current) return;
    const chosen = [...this.root.querySelectorAll(".split-pick:checked")].map((box) => Number(box.dataset.eventId));
    if (!chosen.length) { showMessage("Tick the sources to split off · اختر المصادر", "error"); return; }
    const views = await this.run(() => api.split(this.current.row.id, chosen), "Split · تم الفصل");
    if (views) {
      this.current = views[0];
      this.render(views[0]);
      showMessage(`Split: new incident #${views[1].row.id}`, "ok");
    }
  }
}
