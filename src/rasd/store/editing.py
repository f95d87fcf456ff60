"""Analysts' corrections: checking an edit and working out the corrected record."""
from __future__ import annotations

from typing import Any, Optional

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
EDITABLE_FIELDS = frozenset(EVENT_FIELDS) | {"admin3", "gazetteer_id", "confidence", "status", "admin1_pcode",
                                             "admin2_pcode", "admin3_pcode", "location_pcode"}
# Fields the notes are written from: changing one rewrites the notes (unless notes are edited too).
NOTE_INPUTS = frozenset({"event_date", "sub_event_type", "actor1", "actor2", "location", "gazetteer_id",
                         "admin1", "fatalities", "injuries"})
# Kept in step with what the analyst changed, but neither audited nor kept as corrections:
# they are regenerated from the corrected fields (an audit entry per keystroke's side effect
# would bury the analyst's own changes).
REGENERATED = frozenset({"notes", "inter1", "inter2", "interaction"})


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
    _derive_place(updated, changes)
    _derive_actors(updated, changes)
    try:
        event = Event.model_validate(updated)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        raise ValueError(f"invalid value for {field!r}: {updated.get(field)!r} ({first['msg']})") from None
    check_ranges(event, changes)
    if "notes" not in changes and NOTE_INPUTS & set(changes):
        from rasd.assemble.notes import describe

        event = event.model_copy(update={"notes": describe(event)})
    return event.model_dump(mode="json", exclude={"evidence"})


def _derive_place(updated: dict[str, Any], changes: dict[str, Any]) -> None:
    """A new gazetteer place brings its name, coordinates, admin names and precision (fields
    edited in the same change win); a new place name without one drops the old entry."""
    if changes.get("gazetteer_id"):
        from rasd.gazetteer import Gazetteer

        place = Gazetteer.load().get(str(changes["gazetteer_id"]))
        if place is None:
            raise ValueError(f"invalid value for 'gazetteer_id': {changes['gazetteer_id']!r} (not in the gazetteer)")
        facts = dict(location=place.name_en, latitude=place.lat, longitude=place.lon, country=place.country,
                     admin1=place.admin1, admin2=place.admin2, admin3=place.admin3, geo_precision=place.precision)
        updated.update({k: v for k, v in facts.items() if k not in changes})
        if "location_ar" not in changes:
            updated["location_ar"] = place.name_ar
    elif "location" in changes and "gazetteer_id" not in changes:
        updated["gazetteer_id"] = None


def _derive_actors(updated: dict[str, Any], changes: dict[str, Any]) -> None:
    """New actors bring their inter categories; the interaction follows the categories."""
    from rasd.io.writers import interaction_text

    for actor, inter in (("actor1", "inter1"), ("actor2", "inter2")):
        if actor in changes and inter not in changes:
            updated[inter] = actor_category(updated.get(actor))
    if {"actor1", "actor2", "inter1", "inter2"} & set(changes) and "interaction" not in changes:
        updated["interaction"] = interaction_text(updated.get("inter1"), updated.get("inter2")) or None


def actor_category(name: Optional[str]) -> Optional[str]:
    """ACLED's inter category of a canonical actor (the actor dictionary, then the defaults)."""
    if not name:
        return None
    from rasd.lexicon.compiled import lexicons
    from rasd.lexicon.loader import load_yaml

    entry = lexicons().actor_by_name.get(name)
    return entry.inter if entry else load_yaml("event_defaults.yaml").get("inter", {}).get(name)


def _day_parts() -> list[str]:
    from rasd.recognize.times import day_parts

    return [part for part, _, _ in day_parts().hours]


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
        "time_of_day": event.time_of_day not in (None, *_day_parts()),
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
            if field in EDITABLE_FIELDS and before.get(field) != after.get(field)
            and (field not in REGENERATED or field in changes)}
    if "status" in changes and changes["status"] != status:
        diff["status"] = (status, changes["status"])
    return diff
