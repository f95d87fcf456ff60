"""Writing events as JSONL, ACLED-style CSV and GeoJSON."""
from __future__ import annotations

import calendar
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
# rasd's columns after ACLED's: the incident's fatality range, OCHA P-codes and the part of
# the day (ACLED's time_precision says only how precise the date is).
EXTRA_COLUMNS = ("fatalities_low", "fatalities_high", "time_of_day") + PCODE_COLUMNS
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
# ACLED's actor categories in its codebook's order (the old inter codes 1-8): an
# interaction names the lower first ("State forces-Civilians"), one-sided "Rebel group only".
INTER_ORDER = ("State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
               "Protesters", "Civilians", "External/Other forces")
# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"


def country_facts(country: str | None) -> dict:
    return load_yaml("countries.yaml").get(country or "", {})


def event_code(country: Optional[str], number: int | str) -> str:
    """event_id_cnty in rasd's own namespace (ACLED's ids are ISO3 + digits): RASD-<ISO3>-<number>."""
    return f"RASD-{country_facts(country).get('iso3', 'XXX')}-{number}"


def event_id(event: Event, number: int | str) -> str:
    return event_code(event.country, number)


def interaction_text(inter1: Optional[str], inter2: Optional[str]) -> str:
    """ACLED's current interaction: the two categories, codebook order, or "<one> only"."""
    present = [i for i in (inter1, inter2) if i]
    if not present:
        return ""
    if len(present) == 1:
        return f"{present[0]} only"
    rank = {name: number for number, name in enumerate(INTER_ORDER)}
    first, second = sorted(present, key=lambda name: rank.get(name, len(rank)))
    return f"{first}-{second}"


def tags(event: Event) -> str:
    """ACLED tags rasd can tell: demonstrations carry a crowd size, which reports rarely give."""
    return "crowd size=no report" if event.event_type in ("Protests", "Riots") else ""


def safe_cell(value):
    """A text cell that would start a formula gets a leading apostrophe (numbers are left alone)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def acled_row(event: Event, number: int | str, timestamp: int) -> dict:
    """One CSV row: ACLED's columns then rasd's. Incident rows bring their own id, scale,
    fatality range and timestamp (``getattr``: a plain Event has none)."""
    facts = country_facts(event.country)
    one_sided = not event.actor2
    row = {
        "event_id_cnty": getattr(event, "event_id_cnty", None) or event_id(event, number),
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
        "inter2": "" if one_sided else event.inter2 or "",
        "interaction": interaction_text(event.inter1, None if one_sided else event.inter2),
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
        "source_scale": getattr(event, "source_scale", None) or _scale_of(event.source),
        "notes": event.notes,
        "fatalities": event.fatalities,
        "tags": tags(event),
        "timestamp": _timestamp(event, timestamp),
        "fatalities_low": getattr(event, "fatalities_low", event.fatalities),
        "fatalities_high": getattr(event, "fatalities_high", event.fatalities),
        **{column: getattr(event, column) or "" for column in PCODE_COLUMNS},
        "time_of_day": event.time_of_day or "",
    }
    return {key: safe_cell(value) for key, value in row.items()}


def _scale_of(source: Optional[str]) -> str:
    from rasd.store.incident_rows import source_scale

    return source_scale([source]) if source else ""


def _timestamp(event: Event, default: int) -> int:
    changed = getattr(event, "updated_at", None)
    if changed is None:
        return default
    return int(calendar.timegm(changed.timetuple()))  # stored in UTC without a zone


def write_jsonl(events: Iterable[Event], out: IO[str]) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_acled_csv(events: Iterable[Event], out: IO[str],
                    number: Optional[Callable[[Event, int], int | str]] = None, *,
                    excel: bool = False) -> tuple[int, int]:
    """Write located events; return (written, left out for want of a location). ``number``
    gives an event's number in event_id_cnty (default: its position in the export); rows
    that carry their own ``event_id_cnty`` (incidents) keep it. ``excel``: a UTF-8 BOM first,
    so Excel reads the Arabic right."""
    if excel:
        out.write(EXCEL_BOM)
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
