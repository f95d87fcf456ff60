"""One-sentence English notes in ACLED's style, generated from the event's fields."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping, Sequence

from rasd.lexicon.loader import load_yaml
from rasd.model import Event


@lru_cache(maxsize=1)
def _verbs() -> dict[str, str]:
    return load_yaml("notes.yaml")["verbs"]


def _place(fields: Mapping[str, Any]) -> str:
    location, admin1 = fields.get("location"), fields.get("admin1")
    if not location:
        return "an unresolved location"
    region = f" ({admin1})" if admin1 and admin1 != location else ""
    return f"{location}{region}"


def _casualties(fields: Mapping[str, Any]) -> str:
    parts = []
    if fields.get("fatalities"):
        parts.append(f"{fields['fatalities']} killed")
    if fields.get("injuries"):
        parts.append(f"{fields['injuries']} injured")
    if not parts:
        return ""
    return " " + ", ".join(parts).capitalize() + "."


def describe(event: Event, details: Sequence[str] = ()) -> str:
    return describe_fields(event.__dict__, details)


def describe_fields(fields: Mapping[str, Any], details: Sequence[str] = ()) -> str:
    """The note of an event from its fields (before the event itself is built)."""
    template = _verbs().get(fields["sub_event_type"], "{actor1} was involved in an event in {place}")
    target = fields.get("actor2")
    linked = {word: f" {word} {target}" if target else "" for word in ("on", "of", "from", "with", "targeting")}
    linked["positions"] = f" positions of {target}" if target and target != "Civilians" else (
        " civilians" if target else "")
    text = template.format(
        actor1=fields["actor1"], place=_place(fields), **linked,
        actor2_or_unknown=target or "unidentified actors",
        actor2_or_civilians=target or "civilians", actor2_or_people=target or "people",
    )
    day = fields["event_date"]
    extra = "".join(f" {detail}." for detail in details)
    return f"On {day.day} {day:%B %Y}, {text}.{_casualties(fields)}{extra}"
