"""Writing events as JSONL, ACLED-style CSV and GeoJSON."""
from __future__ import annotations

import csv
import json
import time
from typing import IO, Callable, Iterable, Optional

from rasd.lexicon.loader import load_yaml
from rasd.model import Event

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
# OCHA P-codes, after ACLED's own columns so that ACLED readers still find theirs in place.
PCODE_COLUMNS = ("admin1_pcode", "admin2_pcode", "admin3_pcode", "location_pcode")
CSV_COLUMNS = ACLED_COLUMNS + PCODE_COLUMNS


def country_facts(country: str | None) -> dict:
    return load_yaml("countries.yaml").get(country or "", {})


def event_id(event: Event, number: int) -> str:
    """ACLED-style id: country alpha-3 and a number unique within the export."""
    return f"{country_facts(event.country).get('iso3', 'XXX')}{number}"


def acled_row(event: Event, number: int, timestamp: int) -> dict:
    facts = country_facts(event.country)
    return {
        "event_id_cnty": event_id(event, number),
        "event_date": event.event_date.isoformat(),
        "year": event.event_date.year,
        "time_precision": event.time_precision,
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": "; ".join(event.assoc_actor_1),
        "inter1": event.inter1 or "",
        "actor2": event.actor2 or "",
        "assoc_actor_2": "; ".join(event.assoc_actor_2),
        "inter2": event.inter2 or "",
        "interaction": event.interaction or "",
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": facts.get("iso", ""),
        "region": facts.get("region", ""),
        "country": event.country or "",
        "admin1": event.admin1 or "",
        "admin2": event.admin2 or "",
        "admin3": event.admin3 or "",
        "location": event.location or "",
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": event.source or "",
        "source_scale": "",
        "notes": event.notes,
        "fatalities": event.fatalities,
        "tags": "",
        "timestamp": timestamp,
        **{column: getattr(event, column) or "" for column in PCODE_COLUMNS},
    }


def write_jsonl(events: Iterable[Event], out: IO[str]) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_acled_csv(events: Iterable[Event], out: IO[str],
                    number: Optional[Callable[[Event, int], int]] = None) -> tuple[int, int]:
    """Write located events; return (written, left out for want of a location). ``number``
    gives an event's number in event_id_cnty (default: its position in the export)."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = skipped = 0
    timestamp = int(time.time())
    for event in events:
        if event.latitude is None or event.longitude is None:
            skipped += 1
            continue
        written += 1
        writer.writerow(acled_row(event, number(event, written) if number else written, timestamp))
    return written, skipped


def geojson_feature(event: Event) -> dict:
    properties = event.to_record()
    geometry = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def write_geojson(events: Iterable[Event], out: IO[str]) -> int:
    features = [geojson_feature(event) for event in events]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
