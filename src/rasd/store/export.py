"""Exporting stored incidents (default) or per-report events: ACLED CSV, GeoJSON, JSONL and
(Geo)Parquet. Files are written to a temporary file beside the target and renamed into
place, so a failed export never leaves half a file, nor removes what was there."""
from __future__ import annotations

import datetime as dt
import json
import os
import struct
import tempfile
import types
import typing
from pathlib import Path
from typing import IO, Callable, Iterable, Union

from rasd.io import writers
from rasd.io.writers import geojson_feature
from rasd.store.records import IncidentRow, StoredEvent

FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
Row = Union[IncidentRow, StoredEvent]


def _number(row: Row, _position: int) -> str:
    """Per-report events: "E" + the store's event id, apart from incidents' numbers."""
    return f"E{row.id}"


def write_acled_csv(rows: Iterable[Row], out: IO[str], *, excel: bool = False) -> tuple[int, int]:
    """ACLED's columns in ACLED's order, then rasd's (fatality range, P-codes); event_id_cnty
    is RASD-<ISO3>-<incident id> (or -E<event id> per report), stable across exports.
    Rows without coordinates are left out (ACLED has none)."""
    return writers.write_acled_csv(rows, out, number=_number, excel=excel)


def _record(row: Row) -> dict:
    return row.to_record()


def write_jsonl(rows: Iterable[Row], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(_record(row), ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def write_geojson(rows: Iterable[Row], out: IO[str]) -> int:
    """A FeatureCollection (WGS84 lon/lat); evidence is kept as a JSON string property so
    GIS tools see flat attributes."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for row in rows:
        feature = geojson_feature(row)
        feature["id"] = row.id
        feature["properties"] = _flat(_record(row))
        out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False, default=str))
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


def _point_wkb(row: Row) -> bytes | None:
    if row.latitude is None or row.longitude is None:
        return None
    return struct.pack("<BIdd", 1, 1, row.longitude, row.latitude)  # little-endian WKB Point


def write_parquet(rows: Iterable[Row], path: Path, model: type = IncidentRow) -> int:
    """GeoParquet 1.0: flat columns plus a WKB ``geometry`` (CRS84), readable by pandas,
    GeoPandas and QGIS as is. ``model``: the row type (its fields are the columns)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(pa, model)
    records = []
    for row in rows:
        record = _flat(_record(row))
        record["event_date"] = row.event_date
        if "updated_at" in record:
            record["updated_at"] = getattr(row, "updated_at")
        record["geometry"] = _point_wkb(row)
        records.append(record)
    table = pa.Table.from_pylist(records, schema=schema) if records else schema.empty_table()
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"geo": json.dumps(geo).encode()})
    pq.write_table(table, path)
    return len(records)


def _arrow_type(pa, annotation):
    if isinstance(annotation, (types.UnionType,)) or typing.get_origin(annotation) is Union:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = inner[0] if len(inner) == 1 else str
    known = {bool: pa.bool_(), int: pa.int64(), float: pa.float64(), dt.date: pa.date32(),
             dt.datetime: pa.timestamp("us")}
    return known.get(annotation, pa.string())


def _parquet_schema(pa, model: type):
    fields = [pa.field(name, _arrow_type(pa, info.annotation)) for name, info in model.model_fields.items()]
    return pa.schema(fields + [pa.field("geometry", pa.binary())])


def write_atomically(out: Path, write: Callable[[Path], int]) -> int:
    """Run ``write`` on a temporary file beside ``out``, then rename it to ``out``. On failure
    the temporary file goes and ``out`` is untouched. A target that exists and is not a
    regular file (a FIFO, /dev/stdout) is written to directly and never replaced."""
    if out.exists() and not out.is_file():
        return write(out)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent or Path("."))
    os.close(handle)
    temp = Path(temp_name)
    try:
        count = write(temp)
        if out.exists():
            os.chmod(temp, out.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, out)
        return count
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
