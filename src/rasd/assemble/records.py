"""Merged candidates → :class:`Event` records with evidence, notes and confidence."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from rasd.assemble.events import Candidate, candidates
from rasd.assemble.factuality import (BACKGROUND, NEWS, UNCERTAIN, Decision, find_markers, judge, model_veto,
                                      rules)
from rasd.assemble.merge import merge_candidates
from rasd.assemble.notes import describe_fields
from rasd.assemble.sides import settle_after_merge, settle_before_merge
from rasd.assemble.tolls import attach_explained_tolls, attach_toll_updates, split_tolls_by_place
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
    # one side is its own target only when one word names both ("اشتباك بين عشيرتين")
    targets = [t.name for t in candidate.roles.targets
               if t.name not in agents or any(t is a for a in candidate.roles.agents)]
    forced = _defaults()["forced_actor1"].get(candidate.kind.sub_event_type)
    if forced:  # protesters / rioters act; a force on the scene is the other side
        targets = [n for n in agents + targets if n not in _defaults()["crowd_actors"]]
        agents = [forced]
    actor1 = agents[0] if agents else _default_actor1(candidate)
    civilian = _civilian_targeted(candidate, targets)
    if civilian and CIVILIANS not in targets:
        targets = [CIVILIANS] + targets
    actor2 = targets[0] if targets else _default_actor2(candidate)
    return actor1, agents[1:], actor2, targets[1:], civilian


def _default_actor2(candidate: Candidate) -> Optional[str]:
    """Detainees no armed group is named for are civilians; so is the owner of the houses or
    crops a force destroys or seizes (event_defaults.yaml)."""
    defaults = _defaults()
    sub_event_type = candidate.kind.sub_event_type
    if sub_event_type in defaults["civilian_property_actor2"] and candidate.civilian_found is None:
        return None
    return defaults["actor2_by_sub_event_type"].get(sub_event_type)


def _civilian_targeted(candidate: Candidate, targets: list[str]) -> bool:
    if candidate.kind.family == "civilians":
        return not targets or targets[0] == CIVILIANS
    armed_target = any(t != CIVILIANS for t in targets)
    if candidate.kind.family == "remote" and not armed_target:
        return candidate.civilian_found is not None or CIVILIANS in targets
    return False


def _span(doc: Document, found: Optional[Found], cut: Optional[dict] = None) -> Optional[Span]:
    """The evidence span of ``found``; ``cut``: spans already made for this report."""
    if found is None:
        return None
    key = (found.start, found.end, found.first)
    span = cut.get(key) if cut is not None else None
    if span is None:
        start, end = doc.original_span(found)
        span = Span(start=start, end=end, text=doc.report.text[start:end],
                    sentence=doc.sentence_text(doc.sentence_of(found.first)))
        if cut is not None:
            cut[key] = span
    return span


def _evidence(candidate: Candidate) -> dict[str, Span]:
    doc = candidate.doc
    cut = doc.memo("evidence_spans", dict)  # events of one report share their places, dates, actors
    killed = next((c for c in candidate.casualties if c.value.kind in KILLED_KINDS), None)
    injured = next((c for c in candidate.casualties if c.value.kind in INJURED_KINDS), None)
    sources = (
        ("sub_event_type", candidate.kind.typing_cue),
        ("event_type", candidate.kind.trigger),
        ("actor1", candidate.agent.found if candidate.agent else None),
        ("actor2", candidate.target.found if candidate.target else None),
        ("location", candidate.place.mention.found if candidate.place else None),
        ("event_date", candidate.date_found),
        ("time_of_day", candidate.time_found),
        ("fatalities", killed),
        ("injuries", injured),
    )
    return {name: _span(doc, found, cut) for name, found in sources if found is not None}


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
    fields = dict(
        doc_id=doc.report.id, event_date=candidate.date.day,
        time_precision=candidate.date.precision,
        time_of_day=candidate.time_found.value if candidate.time_found else None,
        disorder_type=_defaults()["disorder_type"][candidate.kind.event_type],
        event_type=candidate.kind.event_type, sub_event_type=candidate.kind.sub_event_type,
        actor1=actor1, assoc_actor_1=assoc1, inter1=inter1, actor2=actor2, assoc_actor_2=assoc2,
        inter2=inter2, interaction="-".join(i for i in (inter1, inter2) if i) or None,
        civilian_targeting=civilian, fatalities=fatalities, injuries=injuries,
        weapons=candidate.weapons, source=doc.report.source, url=doc.report.url,
        evidence=_evidence(candidate), confidence=_confidence(candidate),
    )
    if place is not None:
        start, end = doc.original_span(candidate.place.mention.found)
        fields.update(
            country=place.country, admin1=place.admin1, admin2=place.admin2, admin3=place.admin3,
            location=place.name_en, location_ar=doc.report.text[start:end], latitude=place.lat,
            longitude=place.lon, geo_precision=candidate.place.precision, gazetteer_id=place.id,
            admin1_pcode=place.pcode(1), admin2_pcode=place.pcode(2), admin3_pcode=place.pcode(3),
            location_pcode=place.pcode(4))
    fields["notes"] = describe_fields(fields, _reported_details(candidate))
    return Event(**fields)


def _reported_details(candidate: Candidate) -> list[str]:
    """What the coding guide keeps in the notes: a joint killed-and-injured figure, and an
    attacker the report only suspects."""
    details = [f"{c.value.reported} killed and injured together" for c in candidate.casualties
               if c.value.kind == "joint" and c.value.reported]
    if not candidate.roles.suspected:
        return details  # (no suspect, so no accusation either)
    suspects = sorted({a.name for a in candidate.roles.suspected} - {a.name for a in candidate.roles.agents})
    accusers = sorted({a.name for a in candidate.roles.accusers} - set(suspects))
    if accusers and suspects:  # "اتهمت قسد الجيش التركي بقصف…": a claim, not a finding
        return details + [f"{' and '.join(accusers)} accused {' and '.join(suspects)}"]
    details += [f"Suspected perpetrator: {name}" for name in suspects]
    return details


@dataclass
class Extraction:
    """The events of one report, the earlier events it recalls, and why other candidates
    were dropped or demoted."""

    news: list[Event]
    background: list[Event]
    decisions: list[tuple[Candidate, Decision]]

    def events(self, background: bool = False) -> list[Event]:
        return self.news + self.background if background else self.news


def extract_events(doc: Document, use_model: bool = True, recalled_events: bool = True) -> Extraction:
    """Candidates → factuality (rules, then the sentence model's veto) → coreference → records;
    the earlier events the report recalls are coded only with ``recalled_events``."""
    found = candidates(doc)
    markers = find_markers(doc) if found else None
    judged, said = [], {}
    for candidate in found:
        decision = judge(doc, markers, candidate)
        if use_model and decision.status in (NEWS, UNCERTAIN):
            decision = model_veto(doc, candidate, said) or decision
        judged.append((candidate, decision))
    news = [c for c, d in judged if d.status in (NEWS, UNCERTAIN)]
    uncertain = {id(c) for c, d in judged if d.status == UNCERTAIN}
    recalled = [c for c, d in judged if d.status == BACKGROUND and _own_date(c)]
    merged = _settled_merge(doc, news)
    events = [_scaled(to_event(c), id(c) in uncertain) for c in merged if _codable(c)]
    past = [to_event(c).model_copy(update={"background": True})
            for c in _settled_merge(doc, recalled) if _codable(c)] if recalled_events else []
    kept = {id(c) for c in merged}
    told_again = [(c, MERGED) for c in news if id(c) not in kept]
    return Extraction(events, past, [(c, d) for c, d in judged if d.status != NEWS] + told_again)


def _settled_merge(doc: Document, told: list[Candidate]) -> list[Candidate]:
    """Tolls and sides settled over the candidates told (before and after the unit-of-analysis merge):
    a toll-update sentence whose only candidates were dropped counts as one with no event of its own."""
    attach_toll_updates(doc, told)
    attach_explained_tolls(doc, told)
    split_tolls_by_place(told)
    settle_before_merge(told)
    merged = merge_candidates(told)
    settle_after_merge(merged)
    return merged


MERGED = Decision("merged", "coreference", "the same event told again, or a part of a larger event of the report")


def _own_date(candidate: Candidate) -> bool:
    """A recalled event is coded only with a date of its own, told in its sentence."""
    found = candidate.date_found
    return found is not None and candidate.doc.sentence_of(found.first) == candidate.sentence


def _scaled(event: Event, uncertain: bool) -> Event:
    if not uncertain:
        return event
    return event.model_copy(update={"confidence": round(event.confidence * rules().uncertain_confidence, 3)})


def explanations(doc: Document, extraction: Extraction) -> list[dict]:
    """Why each dropped or demoted candidate was: its type, trigger, status, and the marker
    span that decided (offsets into the original text)."""
    out = []
    for candidate, decision in extraction.decisions:
        trigger = _span(doc, candidate.kind.trigger)
        record = {"doc_id": doc.report.id, "status": decision.status, "family": decision.family,
                  "reason": decision.reason, "event_type": candidate.kind.event_type,
                  "sub_event_type": candidate.kind.sub_event_type,
                  "trigger": {"span": [trigger.start, trigger.end], "text": trigger.text},
                  "sentence": trigger.sentence}
        marker = _span(doc, decision.marker)
        if marker is not None:
            record["marker"] = {"span": [marker.start, marker.end], "text": marker.text}
        out.append(record)
    return out


def build_events(doc: Document, background: bool = False, use_model: bool = True) -> list[Event]:
    """Every event of one analysed report, in text order (recalled ones on request)."""
    return extract_events(doc, use_model, recalled_events=background).events(background)


def _codable(candidate: Candidate) -> bool:
    """Strategic developments need a named actor; nothing else does."""
    return candidate.kind.event_type != "Strategic developments" or bool(candidate.roles.agents)
