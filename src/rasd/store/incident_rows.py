"""One row per incident, built from its member events (pure functions, no database).

The row carries the fields of the incident's *best-supported* event — the one whose type,
place and perpetrator most other outlets agree with (an approved event first) — and the
incident's own figures: fatalities best/low/high from the outlets' figures for this incident
(running totals of other incidents left out), every outlet in ``source``, the outlets'
``source_scale``, a note saying what the sources agree on and where they differ, the grade
and why the incident still needs review.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Optional, Union

from rasd.io.writers import event_code, interaction_text
from rasd.lexicon.loader import load_yaml
from rasd.store.families import family, is_unknown
from rasd.store.merge import fatality_range
from rasd.store.records import FigureClaim, IncidentRow, StoredEvent
from rasd.text.normalize import normalize, normalize_key

LOW_CONFIDENCE = 0.5  # below this an incident whose best event is this unsure asks for review
SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")


@dataclass(frozen=True)
class EventSummary:
    """What choosing the lead and summing up need of a member event (the events table's
    query columns): cheaper than a whole StoredEvent when exporting 100,000 events."""

    id: int
    report_id: int
    incident_id: Optional[int]
    status: str
    event_date: date
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: Optional[str]
    country: Optional[str]
    admin1: Optional[str]
    location: Optional[str]
    gazetteer_id: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    geo_precision: Optional[int]
    fatalities: int
    confidence: float
    evidence: dict = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True)
class MemberEvent:
    """A member event with what the row needs about its report."""

    event: Union[StoredEvent, EventSummary]
    outlet: str  # display name of who published the report
    canon: str
    changed_at: datetime  # the later of report stored/updated and the event's last edit


# --- outlets --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _outlets() -> dict[str, dict]:
    return {name.casefold(): facts for name, facts in load_yaml("outlets.yaml")["outlets"].items()}


def outlet_facts(outlet: Optional[str]) -> dict:
    return _outlets().get((outlet or "").strip().casefold(), {})


def source_scale(outlets: list[str]) -> str:
    """ACLED writes several scales joined by "-", narrowest first ("National-International")."""
    scales = {outlet_facts(o).get("scale") for o in outlets} - {None}
    return "-".join(s for s in SCALE_ORDER if s in scales)


# --- figures --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _cumulative_cues() -> tuple[str, ...]:
    return tuple(normalize_key(c) for c in load_yaml("figure_totals.yaml")["cumulative_cues"])


def _is_running_total(event: StoredEvent) -> bool:
    span = event.evidence.get("fatalities")
    if span is None:
        return False
    sentence = " ".join(normalize(span.sentence).text.split())
    return any(cue in sentence for cue in _cumulative_cues())


def _running_totals(members: list[MemberEvent]) -> list[bool]:
    """Per member: is its figure a running total larger than another outlet's figure?"""
    figures = [m.event.fatalities for m in members if m.event.fatalities > 0]
    return [any(f < m.event.fatalities for f in figures) and _is_running_total(m.event) for m in members]


def figure_claims(members: list[MemberEvent]) -> list[FigureClaim]:
    """What each outlet says about the death toll; running totals larger than another
    outlet's figure are not counted."""
    claims = []
    for m, total in zip(members, _running_totals(members)):
        event = m.event
        why = ("a running total of several incidents (a larger figure with 'since'/'so far')" if total
               else "no figure given: not a claim that nobody died" if event.fatalities == 0
               else "the outlet's figure for this incident")
        claims.append(FigureClaim(event_id=event.id, outlet=m.outlet, fatalities=event.fatalities,
                                  evidence=event.evidence.get("fatalities"), counted=not total, why=why))
    return claims


def fatalities_of(members: list[MemberEvent]) -> tuple[int, int, int]:
    counted = [m.event.fatalities for m, total in zip(members, _running_totals(members)) if not total]
    return fatality_range(counted or [0])


# --- the best-supported event ----------------------------------------------------------------

def _place_key(event: StoredEvent) -> Optional[str]:
    return event.gazetteer_id or event.location


def best_supported(members: list[MemberEvent]) -> MemberEvent:
    """The member most others agree with (type, place, perpetrator family); ties go to an
    approved event, then the most precise place, then the most confident, then the earliest."""
    if len(members) == 1:
        return members[0]
    types = Counter(m.event.sub_event_type for m in members)
    places = Counter(_place_key(m.event) for m in members)
    actors = Counter(family(m.event.actor1) for m in members if not is_unknown(m.event.actor1))

    def rank(m: MemberEvent):
        e = m.event
        support = types[e.sub_event_type] + places[_place_key(e)] + actors.get(family(e.actor1), 0)
        return (-support, e.status != "approved", e.latitude is None, e.geo_precision or 9,
                -e.confidence, m.canon)

    return min(members, key=rank)


# --- notes and review ------------------------------------------------------------------------

def _differences(members: list[MemberEvent], low: int, high: int) -> list[str]:
    events = [m.event for m in members]
    found = []
    for label, values in (("sub-event type", [e.sub_event_type for e in events]),
                          ("place", [e.location for e in events if e.location]),
                          ("actor1", [e.actor1 for e in events if not is_unknown(e.actor1)]),
                          ("actor2", [e.actor2 for e in events if e.actor2 and not is_unknown(e.actor2)]),
                          ("date", [e.event_date.isoformat() for e in events])):
        distinct = sorted(set(values))
        if len(distinct) > 1:
            found.append(f"{label}: {' / '.join(distinct)}")
    if low != high:
        found.append(f"fatalities {low}-{high}")
    return found


def summary_note(lead: StoredEvent, members: list[MemberEvent], outlets: list[str], best: int,
                 low: int, high: int) -> str:
    """The lead event's note, then what the sources agree on and where they differ."""
    differ = _differences(members, low, high)
    agree = [label for label, same in (("type", not any(d.startswith("sub-event") for d in differ)),
                                       ("place", not any(d.startswith("place") for d in differ)),
                                       ("date", not any(d.startswith("date") for d in differ)),
                                       ("fatalities", low == high)) if same]
    parts = [lead.notes.rstrip(". ") + "." if lead.notes else "",
             f"{len(members)} report(s) from {len(outlets)} outlet(s)"
             + (f"; fatalities {best} (range {low}-{high})" if low != high else "")]
    if len(members) > 1:
        parts.append(f"Sources agree on {', '.join(agree) or 'nothing but the incident'}"
                     + (f"; differ on {'; '.join(differ)}" if differ else "") + ".")
    return " ".join(p for p in parts if p).strip()


def review_reasons(members: list[MemberEvent], grade: str, low: int, high: int, lead: StoredEvent) -> list[str]:
    reasons = []
    if grade == "contested":
        reasons.append("contradicting claims of responsibility")
    if low != high:
        reasons.append(f"conflicting figures ({low}-{high})")
    if len({m.outlet.casefold() for m in members}) < 2:
        reasons.append("one source")
    if max(m.event.confidence for m in members) < LOW_CONFIDENCE or lead.confidence < LOW_CONFIDENCE:
        reasons.append("low confidence")
    return reasons


def build_row(incident_id: int, grade: str, members: list[MemberEvent],
              lead_member: Optional[MemberEvent] = None) -> IncidentRow:
    """The incident's row from its (non-rejected) member events, in canonical order.
    ``lead_member``: its best-supported event read whole (members may be partial: the
    query columns only), chosen by :func:`best_supported` unless given."""
    lead_member = lead_member or best_supported(members)
    lead = lead_member.event
    outlets = list(dict.fromkeys(m.outlet for m in members))
    low, best, high = fatalities_of(members)
    approved = all(m.event.status == "approved" for m in members)
    reasons = review_reasons(members, grade, low, high, lead)
    fields = {name: value for name, value in lead if name not in ("id", "report_id", "incident_id", "status")}
    fields.update(
        id=incident_id, event_id_cnty=event_code(lead.country, incident_id), fatalities=best,
        fatalities_low=low, fatalities_high=high, grade=grade, source="; ".join(outlets),
        source_scale=source_scale(outlets), notes=summary_note(lead, members, outlets, best, low, high),
        reports=len({m.event.report_id for m in members}), event_ids=[m.event.id for m in members],
        report_ids=sorted({m.event.report_id for m in members}), lead_event_id=lead.id,
        status="approved" if approved else "unreviewed",
        contested=grade == "contested" or low != high, review_reasons=[] if approved else reasons,
        updated_at=max(m.changed_at for m in members),
        interaction=interaction_text(lead.inter1, lead.inter2 if lead.actor2 else None) or None)
    return IncidentRow.model_construct(**fields)  # every value comes from validated events
