// A histogram of events per day, drawn in SVG, with a brush (drag) to pick a date range.
const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 90;
const PAD = { left: 30, right: 10, top: 8, bottom: 20 };
const DAY = 86400000;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (iso) => Date.parse(iso + "T00:00:00Z");

export class Timeline {
  constructor(elementId, onRange) {
    this.svg = document.getElementById(elementId);
    this.onRange = onRange;
    this.days = {};
    this.range = null;
    this.svg.addEventListener("pointerdown", (e) => this.startBrush(e));
    this.svg.addEventListener("dblclick", () => this.setRange(null, true));
    // Redraw when the box changes size (window resize, detail panel opening).
    new ResizeObserver(() => this.draw()).observe(this.svg);
  }

  setCounts(byDay) {
    this.days = byDay || {};
    this.draw();
  }

  setRange(range, notify) {
    this.range = range;
    this.draw();
    if (notify) this.onRange(range);
  }

  scale() {
    const keys = Object.keys(this.days).sort();
    const width = this.svg.clientWidth || 600;
    if (!keys.length) return null;
    const first = dayMs(keys[0]);
    const last = dayMs(keys[keys.length - 1]) + DAY;
    const inner = width - PAD.left - PAD.right;
    return {
      keys, width, first, last,
      x: (ms) => PAD.left + ((ms - first) / (last - first)) * inner,
      ms: (x) => first + ((Math.min(Math.max(x, PAD.left), width - PAD.right) - PAD.left) / inner) * (last - first),
    };
  }

  draw() {
    const s = this.scale();
    while (this.svg.firstChild) this.svg.removeChild(this.svg.firstChild);
    this.svg.setAttribute("height", HEIGHT);
    if (!s) return;
    const max = Math.max(...Object.values(this.days), 1);
    const barWidth = Math.max(1, s.x(s.first + DAY) - s.x(s.first) - 1);
    const base = HEIGHT - PAD.bottom;
    for (const key of s.keys) {
      const h = ((base - PAD.top) * this.days[key]) / max;
      const bar = svg("rect", { x: s.x(dayMs(key)), y: base - h, width: barWidth, height: h, class: "bar" });
      const title = svg("title");
      title.textContent = `${key}: ${this.days[key]}`;
      bar.append(title);
      this.svg.append(bar);
    }
    this.svg.append(svg("line", { x1: PAD.left, x2: s.width - PAD.right, y1: base, y2: base, class: "axis" }));
    const top = svg("text", { x: PAD.left - 4, y: PAD.top + 8, class: "tick", "text-anchor": "end" });
    top.textContent = String(max);
    this.svg.append(top);
    for (const [ms, anchor] of [[s.first, "start"], [s.last - DAY, "end"]]) {
      const label = svg("text", { x: anchor === "start" ? PAD.left : s.width - PAD.right, y: HEIGHT - 5, class: "tick", "text-anchor": anchor });
      label.textContent = isoDay(ms);
      this.svg.append(label);
    }
    if (this.range) {
      const x1 = s.x(dayMs(this.range[0]));
      const x2 = s.x(dayMs(this.range[1]) + DAY);
      this.svg.append(svg("rect", { x: x1, y: PAD.top, width: Math.max(2, x2 - x1), height: base - PAD.top, class: "brush" }));
    }
  }

  startBrush(down) {
    const s = this.scale();
    if (!s) return;
    const box = this.svg.getBoundingClientRect();
    const startMs = s.ms(down.clientX - box.left);
    this.svg.setPointerCapture(down.pointerId);
    const rangeTo = (e) => {
      const endMs = s.ms(e.clientX - box.left);
      const [a, b] = [Math.min(startMs, endMs), Math.max(startMs, endMs)];
      return [isoDay(a), isoDay(Math.max(a, b - 1))];
    };
    const move = (e) => { this.range = rangeTo(e); this.draw(); };
    const up = (e) => {
      this.svg.removeEventListener("pointermove", move);
      this.svg.removeEventListener("pointerup", up);
      if (Math.abs(e.clientX - down.clientX) < 3) return; // a click, not a drag
      this.setRange(rangeTo(e), true);
    };
    this.svg.addEventListener("pointermove", move);
    this.svg.addEventListener("pointerup", up);
  }
}
