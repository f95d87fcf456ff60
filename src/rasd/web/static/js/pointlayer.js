// A canvas layer for up to a few hundred thousand points: one <canvas>, points binned on a
// screen grid at every redraw. A bin with one point is drawn as that point (type colour,
// size from fatalities); a bin with several is a cluster drawn as a pie of its event types
// with the count in the middle. Nothing is dropped: every point is in exactly one bin, and
// the layer records what it drew (counts) on the map container for tests and screen readers.
import { markerSize, typeColour } from "./taxonomy.js";

const L = window.L;
const CELL = 56; // px: the grid a cluster gathers over
const MARGIN = CELL; // draw a little beyond the edges so panning shows no gap

// Spherical Mercator, as a fraction of the world (0..1): pixel = fraction * 256 * 2^zoom.
export function mercator(lat, lon) {
  const clamped = Math.max(-85.0511, Math.min(85.0511, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

export function shortCount(n) {
  if (n < 1000) return String(n);
  if (n < 10000) return (n / 1000).toFixed(1).replace(/\.0$/, "") + "k";
  return Math.round(n / 1000) + "k";
}

export function clusterRadius(count) {
  return Math.round(Math.min(30, 11 + 4.5 * Math.log10(count)));
}

// Points given as parallel arrays (as the /map/points endpoint sends them).
export class PointSet {
  constructor(data) {
    this.ids = data.id;
    this.types = data.types;
    this.type = data.type;
    this.fatalities = data.fatalities;
    this.lat = data.lat;
    this.lon = data.lon;
    const n = this.ids.length;
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.index = new Map();
    for (let i = 0; i < n; i++) {
      [this.x[i], this.y[i]] = mercator(data.lat[i], data.lon[i]);
      this.index.set(this.ids[i], i);
    }
  }

  get size() { return this.ids.length; }

  bounds(indices) {
    const list = indices || this.ids.map((_, i) => i);
    if (!list.length) return null;
    let [s, w, n, e] = [90, 180, -90, -180];
    for (const i of list) {
      s = Math.min(s, this.lat[i]); n = Math.max(n, this.lat[i]);
      w = Math.min(w, this.lon[i]); e = Math.max(e, this.lon[i]);
    }
    return L.latLngBounds([s, w], [n, e]);
  }
}

function radiusOf(count) {
  return count === 1 ? 8 : clusterRadius(count);
}

// Neighbouring grid cells can hold clusters whose circles overlap; join each into the
// larger one it touches (largest first), so no count hides behind another.
export function joinOverlapping(items) {
  const kept = [];
  for (const item of items.sort((a, b) => b.members.length - a.members.length)) {
    const r = radiusOf(item.members.length);
    const host = kept.find((k) => Math.hypot(k.x - item.x, k.y - item.y) < radiusOf(k.members.length) + r);
    if (!host) { kept.push(item); continue; }
    const [a, b] = [host.members.length, item.members.length];
    host.x = (host.x * a + item.x * b) / (a + b);
    host.y = (host.y * a + item.y * b) / (a + b);
    host.members = host.members.concat(item.members);
  }
  return kept;
}

export class PointLayer extends L.Layer {
  constructor({ onPoint, onCluster, onHover }) {
    super();
    this.onPoint = onPoint;
    this.onCluster = onCluster;
    this.onHover = onHover;
    this.points = null;
    this.drawn = [];
    this.highlighted = null;
  }

  onAdd(map) {
    this.pane = map.getPane("points") || map.createPane("points");
    this.pane.style.zIndex = 450;
    this.canvas = L.DomUtil.create("canvas", "point-layer leaflet-zoom-hide", this.pane);
    this.canvas.style.pointerEvents = "none";
    map.on("moveend zoomend resize viewreset", this.redraw, this);
    map.on("click", this.handleClick, this);
    map.on("mousemove", this.handleMove, this);
    this.redraw();
  }

  onRemove(map) {
    map.off("moveend zoomend resize viewreset", this.redraw, this);
    map.off("click", this.handleClick, this);
    map.off("mousemove", this.handleMove, this);
    L.DomUtil.remove(this.canvas);
  }

  setPoints(points) {
    this.points = points;
    this.redraw();
  }

  highlight(id) {
    this.highlighted = id;
    this.redraw();
  }

  // Bins every point in view (plus a margin) on the screen grid; returns the drawn items.
  bin() {
    const map = this._map;
    const set = this.points;
    const size = map.getSize();
    const zoom = map.getZoom();
    const scale = 256 * Math.pow(2, zoom);
    const origin = map.project(map.containerPointToLatLng([0, 0]), zoom);
    const cells = new Map();
    const single = [];
    for (let i = 0; i < set.size; i++) {
      const px = set.x[i] * scale - origin.x;
      const py = set.y[i] * scale - origin.y;
      if (px < -MARGIN || py < -MARGIN || px > size.x + MARGIN || py > size.y + MARGIN) continue;
      if (set.ids[i] === this.highlighted) { single.push({ x: px, y: py, members: [i] }); continue; }
      const key = Math.floor((px + origin.x) / CELL) + ":" + Math.floor((py + origin.y) / CELL);
      let cell = cells.get(key);
      if (!cell) { cell = { sx: 0, sy: 0, members: [] }; cells.set(key, cell); }
      cell.sx += px; cell.sy += py;
      cell.members.push(i);
    }
    const items = [];
    for (const cell of cells.values()) {
      const count = cell.members.length;
      items.push({ x: cell.sx / count, y: cell.sy / count, members: cell.members });
    }
    return joinOverlapping(items).concat(single);
  }

  redraw() {
    const map = this._map;
    if (!map || !this.canvas) return;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    const canvas = this.canvas;
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    canvas.style.width = size.x + "px";
    canvas.style.height = size.y + "px";
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    this.drawn = this.points ? this.bin() : [];
    // Clusters under single points, the highlighted one last (on top).
    this.drawn.sort((a, b) => b.members.length - a.members.length);
    for (const item of this.drawn) this.drawItem(ctx, item);
    this.report(size);
  }

  drawItem(ctx, item) {
    const set = this.points;
    if (item.members.length === 1) {
      const i = item.members[0];
      item.r = markerSize(set.fatalities[i]) / 2;
      ctx.beginPath();
      ctx.arc(item.x, item.y, item.r, 0, 2 * Math.PI);
      ctx.fillStyle = typeColour(set.types[set.type[i]]);
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
      if (set.ids[i] === this.highlighted) {
        ctx.beginPath();
        ctx.arc(item.x, item.y, item.r + 6, 0, 2 * Math.PI);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "#111";
        ctx.stroke();
      }
      return;
    }
    const counts = new Map();
    for (const i of item.members) counts.set(set.type[i], (counts.get(set.type[i]) || 0) + 1);
    item.r = clusterRadius(item.members.length);
    let angle = -Math.PI / 2;
    for (const [type, count] of [...counts.entries()].sort((a, b) => b[1] - a[1])) {
      const sweep = (2 * Math.PI * count) / item.members.length;
      ctx.beginPath();
      ctx.moveTo(item.x, item.y);
      ctx.arc(item.x, item.y, item.r, angle, angle + sweep);
      ctx.closePath();
      ctx.fillStyle = typeColour(set.types[type]);
      ctx.fill();
      angle += sweep;
    }
    ctx.beginPath();
    ctx.arc(item.x, item.y, item.r - 5, 0, 2 * Math.PI);
    ctx.fillStyle = "rgba(255,255,255,.92)";
    ctx.fill();
    ctx.fillStyle = "#111";
    ctx.font = "bold 11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(shortCount(item.members.length), item.x, item.y);
  }

  // What is on screen, as data attributes (a canvas has no DOM to inspect).
  report(size) {
    const inView = this.drawn.filter((d) => d.x >= 0 && d.y >= 0 && d.x <= size.x && d.y <= size.y);
    const data = this._map.getContainer().dataset;
    data.pointsLoaded = String(this.points ? this.points.size : 0);
    data.pointsInView = String(inView.reduce((sum, d) => sum + d.members.length, 0));
    data.clustersInView = String(inView.filter((d) => d.members.length > 1).length);
    data.singlesInView = String(inView.filter((d) => d.members.length === 1).length);
    const top = inView.reduce((best, d) => (!best || d.members.length > best.members.length ? d : best), null);
    data.topCluster = top && top.members.length > 1 ? `${Math.round(top.x)},${Math.round(top.y)},${top.members.length}` : "";
  }

  // The nearest item under the pointer. The highlighted point is already open, so what
  // lies under it (often a cluster at the same place) wins a click on both.
  itemAt(point) {
    let best = null;
    let bestDistance = Infinity;
    for (const item of this.drawn) {
      const d = Math.hypot(item.x - point.x, item.y - point.y);
      if (d > item.r + 3) continue;
      const isHighlight = item.members.length === 1 && this.points.ids[item.members[0]] === this.highlighted;
      const rank = isHighlight ? d + item.r + 3 : d;
      if (rank < bestDistance) { best = item; bestDistance = rank; }
    }
    return best;
  }

  handleMove(e) {
    const item = this.itemAt(e.containerPoint);
    this._map.getContainer().classList.toggle("over-point", Boolean(item));
    if (this.onHover) this.onHover(item ? this.describe(item) : null);
  }

  describe(item) {
    const set = this.points;
    if (item.members.length === 1) return { id: set.ids[item.members[0]], count: 1 };
    return { count: item.members.length, ids: item.members.map((i) => set.ids[i]) };
  }

  handleClick(e) {
    const item = this.itemAt(e.containerPoint);
    if (!item) return;
    const set = this.points;
    if (item.members.length === 1) { this.onPoint(set.ids[item.members[0]]); return; }
    this.zoomInto(item);
  }

  // Zoom until the cluster comes apart; points at one place (which no zoom separates)
  // are handed over as a list instead, so every point stays reachable.
  zoomInto(item) {
    const map = this._map;
    const set = this.points;
    const bounds = set.bounds(item.members);
    const atOnePlace = bounds.getNorthEast().equals(bounds.getSouthWest(), 1e-6);
    if (atOnePlace || map.getZoom() >= map.getMaxZoom()) {
      this.onCluster(item.members.map((i) => set.ids[i]), bounds.getCenter());
      return;
    }
    const target = Math.max(map.getZoom() + 1, Math.min(map.getBoundsZoom(bounds.pad(0.1)), map.getMaxZoom()));
    map.setView(bounds.getCenter(), Math.min(target, map.getMaxZoom()));
  }
}
