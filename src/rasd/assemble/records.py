"""Merged candidates → :class:`Event` records with evidence, notes and confidence."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Optional

from rasd.assemble.events import Candidate, candidates
from rasd.assemble.merge import merge_candidates
from rasd.assemble.notes import describe
from rasd.document import Document
from rasd.lexicon.compiled import lexicons
from rasd.lexicon.loader import load_yaml
from rasd.model import Event, Span
from rasd.recognize.found import Found
from rasd.recognize.numbers import INJURED_KINDS, KILLED_KINDS, sum_casualties

CIVILIANS = "Civilians"


@lru_cache(maxsize=1)
def _defaults() -> dict:
    return load_yaml("event_defaults.yaml")


def _inter(name: Optional[str]) -> Optional[str]:
    if name is None:
        return None
    entry = lexicons().actor_by_name.get(name)
    return entry.inter if entry else _defaults()["inter"].get(name)


def _default_actor1(candidate: Candidate) -> Optional[str]:
    defaults = _defaults()["actor1_by_sub_event_type"]
    return defaults.get(candidate.kind.sub_event_type, defaults.get(candidate.kind.family))


def _actors(candidate: Candidate) -> tuple[str, list[str], Optional[str], list[str], bool]:
    """actor1, assoc 1, actor2, assoc 2, civilian targeting."""
    agents = [a.name for a in candidate.roles.agents]
    targets = [t.name for t in candidate.roles.targets if t.name not in agents]
    forced = _defaults()["forced_actor1"].get(candidate.kind.sub_event_type)
    if forced:  # protesters / rioters act; a force on the scene is the other side
        targets = [n for n in agents + targets if n not in _defaults()["crowd_actors"]]
        agents = [forced]
    actor1 = agents[0] if agents else _default_actor1(candidate)
    civilian = _civilian_targeted(candidate, targets)
    if civilian and CIVILIANS not in targets:
        targets = [CIVILIANS] + targets
    actor2 = targets[0] if targets else None
    return actor1, agents[1:], actor2, targets[1:], civilian


def _civilian_targeted(candidate: Candidate, targets: list[str]) -> bool:
    if candidate.kind.family == "civilians":
        return not targets or targets[0] == CIVILIANS
    armed_target = any(t != CIVILIANS for t in targets)
    if candidate.kind.family == "remote" and not armed_target:
        return candidate.civilian_found is not None or CIVILIANS in targets
    return False


def _span(doc: Document, found: Optional[Found]) -> Optional[Span]:
    if found is None:
        return None
    start, end = doc.original_span(found)
    return Span(start=start, end=end, text=doc.report.text[start:end],
                sentence=doc.sentence_text(doc.sentence_of(found.first)))


def _evidence(candidate: Candidate) -> dict[str, Span]:
    doc = candidate.doc
    sources = {
        "sub_event_type": candidate.kind.typing_cue,
        "event_type": candidate.kind.trigger,
        "actor1": candidate.agent.found if candidate.agent else None,
        "actor2": candidate.target.found if candidate.target else None,
        "location": candidate.place.mention.found if candidate.place else None,
        "event_date": candidate.date_found,
    }
    killed = [c for c in candidate.casualties if c.value.kind in KILLED_KINDS]
    injured = [c for c in candidate.casualties if c.value.kind in INJURED_KINDS]
    sources["fatalities"] = killed[0] if killed else None
    sources["injuries"] = injured[0] if injured else None
    spans = {name: _span(doc, found) for name, found in sources.items()}
    return {name: span for name, span in spans.items() if span is not None}


def _confidence(candidate: Candidate) -> float:
    score = 0.35 + 0.15 * (candidate.kind.typing_cue.value.role != "generic")
    score += 0.15 * bool(candidate.roles.agents) + 0.05 * bool(candidate.date_found)
    if candidate.place is None:
        return round(min(score, 0.3), 3)
    score += 0.3 * candidate.place.confidence * (0.6 if candidate.place_inherited else 1.0)
    return round(min(score, 1.0), 3)


def _recode_for_armed_target(candidate: Candidate, actor1: str, actor2: Optional[str]) -> None:
    """An "Attack" (violence against civilians) by a named group on an armed actor is an
    armed clash. With the attacker unnamed the roles are too uncertain to recode."""
    new_type = _defaults()["armed_target_recode"].get(candidate.kind.sub_event_type)
    named = actor1 not in _defaults()["generic_actors"]
    if new_type and named and actor2 and _inter(actor2) not in ("Civilians", "Protesters", None):
        cues = load_yaml("cues.yaml")
        candidate.kind = replace(candidate.kind, sub_event_type=new_type,
                                 event_type=cues["sub_event_types"][new_type], family="battle")


def _recode_for_civilian_target(candidate: Candidate, civilian: bool) -> None:
    """A clash said only by a generic verb of attack, on civilians, is violence against them."""
    new_type = _defaults()["civilian_target_recode"].get(candidate.kind.sub_event_type)
    if new_type and civilian and candidate.kind.typing_cue.value.role == "generic":
        cues = load_yaml("cues.yaml")
        candidate.kind = replace(candidate.kind, sub_event_type=new_type,
                                 event_type=cues["sub_event_types"][new_type], family="civilians")


def to_event(candidate: Candidate) -> Event:
    doc = candidate.doc
    actor1, assoc1, actor2, assoc2, civilian = _actors(candidate)
    _recode_for_armed_target(candidate, actor1, actor2)
    armed_target = actor2 is not None and _inter(actor2) not in ("Civilians", "Protesters", None)
    _recode_for_civilian_target(candidate, candidate.civilian_found is not None and not armed_target)
    if candidate.kind.family == "battle":
        civilian = False
    elif candidate.kind.family == "civilians":
        civilian = True
        actor2 = actor2 or CIVILIANS
    fatalities, injuries = sum_casualties([c.value for c in candidate.casualties])
    inter1, inter2 = _inter(actor1), _inter(actor2)
    place = candidate.place.place if candidate.place else None
    event = Event(
        doc_id=doc.report.id, event_date=candidate.date.day,
        time_precision=candidate.date.precision, disorder_type=_defaults()["disorder_type"][candidate.kind.event_type],
        event_type=candidate.kind.event_type, sub_event_type=candidate.kind.sub_event_type,
        actor1=actor1, assoc_actor_1=assoc1, inter1=inter1, actor2=actor2, assoc_actor_2=assoc2,
        inter2=inter2, interaction="-".join(i for i in (inter1, inter2) if i) or None,
        civilian_targeting=civilian, fatalities=fatalities, injuries=injuries,
        weapons=candidate.weapons, source=doc.report.source, url=doc.report.url,
        evidence=_evidence(candidate), confidence=_confidence(candidate),
    )
    if place is not None:
        start, end = doc.original_span(candidate.place.mention.found)
        location_ar = doc.report.text[start:end]
        event = event.model_copy(update=dict(
            country=place.country, admin1=place.admin1, admin2=place.admin2, admin3=place.admin3,
            location=place.name_en, location_ar=location_ar, latitude=place.lat, longitude=place.lon,
            geo_precision=candidate.place.precision, gazetteer_id=place.id,
            admin1_pcode=place.pcode(1), admin2_pcode=place.pcode(2), admin3_pcode=place.pcode(3),
            location_pcode=place.pcode(4)))
    return event.model_copy(update={"notes": describe(event, _reported_details(candidate))})


def _reported_details(candidate: Candidate) -> list[str]:
    """What the coding guide keeps in the notes: a joint killed-and-injured figure, and an
    attacker the report only suspects."""
    details = [f"{c.value.reported} killed and injured together" for c in candidate.casualties
               if c.value.kind == "joint" and c.value.reported]
    suspects = sorted({a.name for a in candidate.roles.suspected} - {a.name for a in candidate.roles.agents})
    details += [f"Suspected perpetrator: {name}" for name in suspects]
    return details


def build_events(doc: Document) -> list[Event]:
    """Every event of one analysed report, in text order."""
    merged = merge_candidates(candidates(doc))
    return [to_event(c) for c in merged if _codable(c)]


def _codable(candidate: Candidate) -> bool:
    """Strategic developments need a named actor; nothing else does."""
    return candidate.kind.event_type != "Strategic developments" or bool(candidate.roles.agents)
