"""Events as Parquet: one row per event, every Event field, evidence as a JSON string.

List fields stay lists; ``evidence`` is the JSON of the output record's evidence
object (as in `rasd extract`'s JSONL). ``position`` is the event's index among
its report's events, so (doc_id, position) orders events the way one process does.
Partitions are written in record batches, so memory stays flat however large a shard.
"""
from __future__ import annotations

import json
from typing import IO, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from rasd.model import Event, Span

_TEXT = pa.string()
_TEXTS = pa.list_(pa.string())

EVENT_SCHEMA = pa.schema([
    ("doc_id", _TEXT), ("position", pa.int32()), ("event_date", pa.date32()),
    ("time_precision", pa.int8()), ("time_of_day", _TEXT), ("disorder_type", _TEXT), ("event_type", _TEXT),
    ("sub_event_type", _TEXT), ("actor1", _TEXT), ("assoc_actor_1", _TEXTS), ("inter1", _TEXT),
    ("actor2", _TEXT), ("assoc_actor_2", _TEXTS), ("inter2", _TEXT), ("interaction", _TEXT),
    ("civilian_targeting", pa.bool_()), ("country", _TEXT), ("admin1", _TEXT), ("admin2", _TEXT),
    ("admin3", _TEXT), ("location", _TEXT), ("location_ar", _TEXT), ("latitude", pa.float64()),
    ("longitude", pa.float64()), ("geo_precision", pa.int8()), ("fatalities", pa.int32()),
    ("injuries", pa.int32()), ("weapons", _TEXTS), ("notes", _TEXT), ("source", _TEXT),
    ("url", _TEXT), ("evidence", _TEXT), ("confidence", pa.float64()), ("gazetteer_id", _TEXT),
    ("admin1_pcode", _TEXT), ("admin2_pcode", _TEXT), ("admin3_pcode", _TEXT), ("location_pcode", _TEXT),
    ("background", pa.bool_()),
])
EXTRA_COLUMNS = ("position",)  # columns that are not Event fields
ROWS_PER_BATCH = 2048


def event_row(event: Event, position: int) -> dict:
    row = event.model_dump(exclude={"evidence"})
    row["position"] = position
    row["evidence"] = json.dumps(event.to_record()["evidence"], ensure_ascii=False, sort_keys=True)
    return row


def row_event(row: dict) -> Event:
    """The Event a Parquet row was made from."""
    fields = {k: v for k, v in row.items() if k not in EXTRA_COLUMNS}
    evidence = json.loads(fields.pop("evidence") or "{}")
    fields["evidence"] = {
        name: Span(start=e["span"][0], end=e["span"][1], text=e["text"], sentence=e["sentence"])
        for name, e in evidence.items()
    }
    return Event(**fields)


class EventPartWriter:
    """Streams events into one Parquet file, a record batch at a time."""

    def __init__(self, handle: IO[bytes]):
        self._writer = pq.ParquetWriter(handle, EVENT_SCHEMA, compression="zstd")
        self._rows: list[dict] = []
        self.count = 0

    def add(self, events: Iterable[Event]) -> None:
        for position, event in enumerate(events):
            self._rows.append(event_row(event, position))
        if len(self._rows) >= ROWS_PER_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=EVENT_SCHEMA))
            self.count += len(self._rows)
            self._rows = []

    def close(self) -> None:
        """Write what is buffered and the footer (an empty shard gives an empty table)."""
        self._flush()
        self._writer.close()


def read_events(source) -> list[Event]:
    """Events of one partition (a path, URL or file object), in the order written."""
    return [row_event(row) for row in pq.read_table(source, schema=EVENT_SCHEMA).to_pylist()]
