"""Events as JSON records, GeoJSON and ACLED CSV (reusing rasd.io.writers)."""
from __future__ import annotations

import io
import json
from typing import Any, Iterable

from rasd.io.writers import geojson_feature
from rasd.model import Event
from rasd.store.export import write_acled_csv  # stored ids in event_id_cnty, as `rasd export`


def event_record(event: Event) -> dict[str, Any]:
    """The output record; for stored events it carries id, report_id, incident_id, status."""
    return event.to_record()


def geojson_text(events: Iterable[Event]) -> str:
    features = [geojson_feature(event) for event in events]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def acled_csv_text(events: Iterable[Event]) -> str:
    out = io.StringIO()
    write_acled_csv(events, out)
    return out.getvalue()
