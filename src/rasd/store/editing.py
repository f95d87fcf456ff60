"""Analysts' corrections: checking an edit and working out the corrected record."""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from rasd.model import EVENT_FIELDS, Event
from rasd.store.records import REVIEW_STATUSES

# The coding guide's taxonomy: sub_event_type → event_type, and event_type → disorder_type.
SUB_EVENT_TYPES: dict[str, str] = {
    **dict.fromkeys(["Armed clash", "Government regains territory",
                     "Non-state actor overtakes territory"], "Battles"),
    **dict.fromkeys(["Air/drone strike", "Shelling/artillery/missile attack",
                     "Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Chemical weapon"],
                    "Explosions/Remote violence"),
    **dict.fromkeys(["Attack", "Abduction/forced disappearance", "Sexual violence"],
                    "Violence against civilians"),
    **dict.fromkeys(["Peaceful protest", "Protest with intervention",
                     "Excessive force against protesters"], "Protests"),
    **dict.fromkeys(["Violent demonstration", "Mob violence"], "Riots"),
    **dict.fromkeys(["Arrests", "Looting/property destruction", "Headquarters or base established",
                     "Non-violent transfer of territory", "Disrupted weapons use", "Agreement",
                     "Change to group/activity", "Other"], "Strategic developments"),
}
DISORDER_TYPES = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}
EDITABLE_FIELDS = frozenset(EVENT_FIELDS) | {"admin3", "gazetteer_id", "confidence", "status"}


def corrected_record(record: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The record after ``changes`` (JSON-ready), or ValueError naming the bad field/value."""
    for field in changes:
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"unknown field {field!r}")
    updated = {**record, **{k: v for k, v in changes.items() if k != "status"}}
    if "sub_event_type" in changes and "event_type" not in changes:
        updated["event_type"] = SUB_EVENT_TYPES.get(str(changes["sub_event_type"]), updated["event_type"])
    if "event_type" in changes or "sub_event_type" in changes:
        updated["disorder_type"] = DISORDER_TYPES.get(updated["event_type"], updated["disorder_type"])
    try:
        event = Event.model_validate(updated)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        raise ValueError(f"invalid value for {field!r}: {updated.get(field)!r} ({first['msg']})") from None
    check_ranges(event, changes)
    return event.model_dump(mode="json", exclude={"evidence"})


def check_ranges(event: Event, changes: dict[str, Any]) -> None:
    """Values a type alone cannot rule out."""
    problems = {
        "status": changes.get("status", "unreviewed") not in REVIEW_STATUSES,
        "sub_event_type": SUB_EVENT_TYPES.get(event.sub_event_type) != event.event_type,
        "event_type": event.event_type not in DISORDER_TYPES,
        "latitude": event.latitude is not None and not -90 <= event.latitude <= 90,
        "longitude": event.longitude is not None and not -180 <= event.longitude <= 180,
        "fatalities": event.fatalities < 0,
        "injuries": event.injuries is not None and event.injuries < 0,
        "geo_precision": event.geo_precision not in (None, 1, 2, 3),
        "time_precision": event.time_precision not in (1, 2, 3),
        "confidence": not 0 <= event.confidence <= 1,
    }
    if "event_type" in changes and "sub_event_type" not in changes:
        problems["event_type"] = problems["event_type"] or problems["sub_event_type"]
    for field, bad in problems.items():
        if bad and field in changes:
            raise ValueError(f"invalid value for {field!r}: {changes[field]!r}")


def changed_fields(before: dict[str, Any], after: dict[str, Any], changes: dict[str, Any],
                   status: str) -> dict[str, tuple[Any, Any]]:
    """field → (old, new) for every field whose value really changes (derived ones included)."""
    diff = {field: (before.get(field), after.get(field)) for field in after
            if field in EDITABLE_FIELDS and before.get(field) != after.get(field)}
    if "status" in changes and changes["status"] != status:
        diff["status"] = (status, changes["status"])
    return diff
