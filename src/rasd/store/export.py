"""Exporting stored events: ACLED CSV, GeoJSON, JSONL and (Geo)Parquet."""
from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import IO, Iterable

from rasd.io import writers
from rasd.io.writers import geojson_feature
from rasd.store.records import StoredEvent

FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
STORE_COLUMNS = ("id", "report_id", "incident_id", "status")


def write_acled_csv(events: Iterable[StoredEvent], out: IO[str]) -> tuple[int, int]:
    """ACLED's columns in ACLED's order; event_id_cnty is the country code and the store's
    event id, so it is stable across exports. Events without coordinates are left out."""
    return writers.write_acled_csv(events, out, number=lambda event, _position: event.id)


def _record(event: StoredEvent) -> dict:
    record = event.to_record()
    record.update({name: getattr(event, name) for name in STORE_COLUMNS})
    return record


def write_jsonl(events: Iterable[StoredEvent], out: IO[str]) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(_record(event), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_geojson(events: Iterable[StoredEvent], out: IO[str]) -> int:
    """A FeatureCollection (WGS84 lon/lat); evidence is kept as a JSON string property so
    GIS tools see flat attributes."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        feature = geojson_feature(event)
        feature["id"] = event.id
        feature["properties"] = _flat(_record(event))
        out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def _flat(record: dict) -> dict:
    """Lists joined with "; " and the evidence as JSON text: one value per attribute."""
    flat = {}
    for key, value in record.items():
        if isinstance(value, list):
            value = "; ".join(map(str, value))
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False)
        flat[key] = value
    return flat


def _point_wkb(event: StoredEvent) -> bytes | None:
    if event.latitude is None or event.longitude is None:
        return None
    return struct.pack("<BIdd", 1, 1, event.longitude, event.latitude)  # little-endian WKB Point


def write_parquet(events: Iterable[StoredEvent], path: Path) -> int:
    """GeoParquet 1.0: flat columns plus a WKB ``geometry`` (CRS84), readable by pandas,
    GeoPandas and QGIS as is."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for event in events:
        row = _flat(_record(event))
        row["event_date"] = event.event_date
        row["geometry"] = _point_wkb(event)
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=_parquet_schema(pa)) if rows else _parquet_schema(pa).empty_table()
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"geo": json.dumps(geo).encode()})
    pq.write_table(table, path)
    return len(rows)


def _parquet_schema(pa):
    from rasd.model import Event

    numbers = {"time_precision": pa.int64(), "latitude": pa.float64(), "longitude": pa.float64(),
               "geo_precision": pa.int64(), "fatalities": pa.int64(), "injuries": pa.int64(),
               "confidence": pa.float64(), "civilian_targeting": pa.bool_(), "background": pa.bool_(),
               "id": pa.int64(),
               "report_id": pa.int64(), "incident_id": pa.int64(), "event_date": pa.date32()}
    names = list(Event.model_fields) + list(STORE_COLUMNS)
    fields = [pa.field(name, numbers.get(name, pa.string())) for name in names]
    return pa.schema(fields + [pa.field("geometry", pa.binary())])
