// The list beside the map: every matching row a page at a time (newest first), with the true
// total, and check boxes for approving or rejecting many rows at once.
import { api, PAGE_SIZE } from "./api.js";
import { isolate } from "./bidi.js";
import { el, showMessage } from "./dom.js";
import { typeClass } from "./taxonomy.js";

const $ = (id) => document.getElementById(id);
const number = (n) => Number(n).toLocaleString("en");

function badges(row, level) {
  const out = [];
  if (row.status && row.status !== "unreviewed") out.push(el("span", { className: "badge status-" + row.status }, row.status));
  if (level === "incident" && row.contested) out.push(el("span", { className: "badge contested" }, "contested · متنازع"));
  if (level === "incident" && row.review_reasons && row.review_reasons.length) {
    out.push(el("span", { className: "badge needs-review", title: row.review_reasons.join("; ") }, "review · مراجعة"));
  }
  return out;
}

export class RowList {
  constructor({ onOpen, onChanged }) {
    this.onOpen = onOpen;
    this.onChanged = onChanged;
    this.selected = new Set();
    this.rows = [];
    this.offset = 0;
    this.total = 0;
    $("page-prev").addEventListener("click", () => this.load(Math.max(0, this.offset - PAGE_SIZE)));
    $("page-next").addEventListener("click", () => this.load(this.offset + PAGE_SIZE));
    $("page-first").addEventListener("click", () => this.load(0));
    $("page-last").addEventListener("click", () => this.load(Math.max(0, Math.ceil(this.total / PAGE_SIZE) - 1) * PAGE_SIZE));
    $("select-page").addEventListener("change", () => this.selectPage($("select-page").checked));
    $("bulk-approve").addEventListener("click", () => this.bulk("approved"));
    $("bulk-reject").addEventListener("click", () => this.bulk("rejected"));
  }

  // New filters: back to the first page; a new level also forgets the selection.
  async reset(filters) {
    if (!this.filters || this.filters.level !== filters.level) this.selected.clear();
    this.filters = filters;
    return this.load(0);
  }

  async load(offset) {
    const page = await api.rows(this.filters, offset);
    this.rows = page.events;
    this.offset = page.offset;
    this.total = page.total;
    this.render();
    return page;
  }

  render() {
    const level = this.filters.level;
    $("list-title").textContent = level === "report" ? "Report events · أحداث التقارير" : "Incidents · الحوادث";
    $("event-list").replaceChildren(...this.rows.map((row) => this.item(row, level)));
    const first = this.total ? this.offset + 1 : 0;
    const last = this.offset + this.rows.length;
    $("page-info").textContent = `${number(first)}–${number(last)} of ${number(this.total)}`;
    $("page-prev").disabled = $("page-first").disabled = this.offset === 0;
    $("page-next").disabled = $("page-last").disabled = last >= this.total;
    this.showSelection();
  }

  item(row, level) {
    const box = el("input", { type: "checkbox", className: "pick", "aria-label": `select ${row.id}`, dataset: { rowId: row.id } });
    box.checked = this.selected.has(row.id);
    box.addEventListener("change", () => {
      if (box.checked) this.selected.add(row.id); else this.selected.delete(row.id);
      this.showSelection();
    });
    const reports = level === "incident" && row.reports > 1 ? ` · ${row.reports} reports` : "";
    return el("li", { dataset: { rowId: row.id } }, box,
      el("div", { className: "row-body" },
        el("button", { type: "button", className: "link", onclick: () => this.onOpen(row.id) },
          el("span", { className: "swatch " + typeClass(row.event_type) }),
          el("span", { className: "row-date", dir: "ltr" }, row.event_date), " · ",
          `${row.sub_event_type} · `, el("bdi", {}, row.location || "—"),
          ` · ${row.fatalities} killed${reports}`),
        el("div", { className: "badges" }, ...badges(row, level))));
  }

  selectPage(on) {
    for (const row of this.rows) {
      if (on) this.selected.add(row.id); else this.selected.delete(row.id);
    }
    this.render();
  }

  showSelection() {
    $("selected-count").textContent = `${number(this.selected.size)} selected · ${isolate("محدد")}`;
    $("bulk-approve").disabled = $("bulk-reject").disabled = this.selected.size === 0;
    $("select-page").checked = this.rows.length > 0 && this.rows.every((row) => this.selected.has(row.id));
  }

  async bulk(status) {
    const ids = [...this.selected];
    try {
      const outcome = await api.bulk(this.filters.level, ids, status);
      const missing = outcome.missing.length ? `, ${outcome.missing.length} not found` : "";
      showMessage(`${status}: ${outcome.event_ids.length} event(s) changed, ${outcome.unchanged.length} unchanged${missing}`, "ok");
      this.selected.clear();
      this.onChanged();
    } catch (error) {
      showMessage(String(error.message), "error");
    }
  }
}
