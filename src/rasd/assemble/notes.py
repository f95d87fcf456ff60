"""One-sentence English notes in ACLED's style, generated from the event's fields."""
from __future__ import annotations

from functools import lru_cache

from rasd.lexicon.loader import load_yaml
from rasd.model import Event


@lru_cache(maxsize=1)
def _verbs() -> dict[str, str]:
    return load_yaml("notes.yaml")["verbs"]


def _place(event: Event) -> str:
    if not event.location:
        return "an unresolved location"
    region = f" ({event.admin1})" if event.admin1 and event.admin1 != event.location else ""
    return f"{event.location}{region}"


def _casualties(event: Event) -> str:
    parts = []
    if event.fatalities:
        parts.append(f"{event.fatalities} killed")
    if event.injuries:
        parts.append(f"{event.injuries} injured")
    if not parts:
        return ""
    return " " + ", ".join(parts).capitalize() + "."


def describe(event: Event, details: list[str] = ()) -> str:
    template = _verbs().get(event.sub_event_type, "{actor1} was involved in an event in {place}")
    target = event.actor2
    linked = {word: f" {word} {target}" if target else "" for word in ("on", "of", "from", "with", "targeting")}
    linked["positions"] = f" positions of {target}" if target and target != "Civilians" else (
        " civilians" if target else "")
    text = template.format(
        actor1=event.actor1, place=_place(event), **linked,
        actor2_or_unknown=target or "unidentified actors",
        actor2_or_civilians=target or "civilians", actor2_or_people=target or "people",
    )
    day = f"{event.event_date.day} {event.event_date:%B %Y}"
    extra = "".join(f" {detail}." for detail in details)
    return f"On {day}, {text}.{_casualties(event)}{extra}"
