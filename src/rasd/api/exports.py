"""Incident rows and events as JSON records, GeoJSON and ACLED CSV (rasd.store.export's writers,
so the API writes exactly what ``rasd export`` writes)."""
from __future__ import annotations

import io
from typing import Any, Iterable, Union

from rasd.model import Event
from rasd.store.export import write_acled_csv, write_geojson
from rasd.store.records import IncidentRow, StoredEvent

Row = Union[IncidentRow, StoredEvent]


def event_record(event: Event) -> dict[str, Any]:
    """The output record; for stored events it carries id, report_id, incident_id, status."""
    return event.to_record()


def row_record(row: IncidentRow) -> dict[str, Any]:
    """An incident row: the lead event's fields and evidence, with the incident's figures."""
    return row.to_record()


def geojson_text(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    write_geojson(rows, out)
    return out.getvalue()


def acled_csv_text(rows: Iterable[Row], *, excel: bool = False) -> str:
    out = io.StringIO()
    write_acled_csv(rows, out, excel=excel)
    return out.getvalue()
