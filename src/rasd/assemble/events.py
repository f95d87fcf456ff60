"""Clauses → candidate events → events by the unit-of-analysis rule.

One event = one type, one actor pair, one place, one day (coding guide). A clause
with an event cue yields one candidate per place it names; candidates that agree on
type, place, day and actors are merged, and a vague restatement (no place of its own)
of an event already coded adds nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from rasd.assemble.places import EventPlace, event_places
from rasd.assemble.roles import (Roles, assign_roles, is_speaker, is_victim, marked_targets, suspected,
                                 unique_names)
from rasd.assemble.typing import EventType, type_clause
from rasd.document import Document
from rasd.recognize.actors import ActorMention
from rasd.recognize.dates import DateValue
from rasd.recognize.found import Found
from rasd.text.segment import Segment


@dataclass(slots=True)
class Candidate:
    doc: Document
    sentence: int
    first: int
    last: int
    kind: EventType
    roles: Roles
    place: Optional[EventPlace]
    date: DateValue
    date_found: Optional[Found]
    casualties: list[Found] = field(default_factory=list)
    civilian_found: Optional[Found] = None
    weapons: list[str] = field(default_factory=list)
    place_inherited: bool = False
    time_found: Optional[Found] = None  # the part of the day it happened ("فجر اليوم")
    response: bool = False  # "ردت X بقصف…": a counter-attack on the previous attacker

    @property
    def agent(self) -> Optional[ActorMention]:
        return self.roles.agents[0] if self.roles.agents else None

    @property
    def target(self) -> Optional[ActorMention]:
        return self.roles.targets[0] if self.roles.targets else None


def _clause_suppressed(doc: Document, clause: Segment, kind: EventType, words: bool = True) -> bool:
    """With ``words`` False the clause's own suppressor and protest-background words and its
    since-dates are left to the factuality stage, which explains what it drops."""
    if words and doc.within("suppressors", clause.first, clause.last):
        return True
    if words and any(d.first - 1 in doc.since_tokens for d in doc.within("dates", clause.first, clause.last)):
        return True  # "منذ ٨ تشرين الأول ٢٠٢٣": a total since then
    return words and kind.family == "protest" and bool(doc.within("protest_background", clause.first, clause.last))


def main_date(doc: Document) -> tuple[DateValue, Optional[Found]]:
    """The report's own day: the first date in its first sentences, else publication."""
    return doc.memo("main_date", lambda: _first_early_date(doc))


def _first_early_date(doc: Document) -> tuple[DateValue, Optional[Found]]:
    early = [d for d in doc.dates if doc.sentence_of(d.first) <= 1]
    if early:
        return early[0].value, early[0]
    return DateValue(doc.report.published), None


def _date_for(doc: Document, clause: Segment, main: tuple[DateValue, Optional[Found]]):
    in_clause = doc.within("dates", clause.first, clause.last)
    if in_clause:
        return in_clause[0].value, in_clause[0]
    sentence = doc.sentences[clause.sentence]
    in_sentence = doc.within("dates", sentence.first, sentence.last)
    if in_sentence:
        before = [d for d in in_sentence if d.first < clause.first]
        chosen = before[-1] if before else in_sentence[0]
        return chosen.value, chosen
    return main


def _time_for(doc: Document, clause: Segment, day_found: Optional[Found]) -> Optional[Found]:
    """The part of the day told in the clause; else the one told with the clause's date
    ("قصفت الطائرات، فجر اليوم، …" — the date's span holds it), when that date is in its sentence."""
    in_clause = doc.within("times", clause.first, clause.last)
    if in_clause:
        return in_clause[0]
    if day_found is None or doc.sentence_of(day_found.first) != clause.sentence:
        return None
    with_date = doc.within("times", day_found.first - 1, day_found.last)
    return with_date[0] if with_date else None


def _scope_places(doc: Document, clause: Segment, triggered: set[int], remote: bool) -> list[EventPlace]:
    """Places of the clause, else of the neighbouring clauses that carry no event cue."""
    places = event_places(doc, clause.first, clause.last, remote)
    if places:
        return places
    siblings = doc.clauses_of(clause.sentence)
    for other in siblings:
        if other.index <= clause.index:
            continue
        if other.index in triggered:
            break
        places += [p for p in event_places(doc, other.first, other.last, remote)
                   if all(p.place.id != q.place.id for q in places)]
    if places:
        return places
    for other in reversed([c for c in siblings if c.index < clause.index]):
        if other.index not in triggered:
            places = event_places(doc, other.first, other.last, remote)
            if places:
                return places
    return []


def _untriggered_neighbours(doc: Document, clause: Segment, triggered: set[int]) -> tuple[list[Segment], list[Segment]]:
    """The cue-less clauses of the sentence right before and right after this one (up to
    the next clause with a cue of its own): they describe the same event."""
    siblings = doc.clauses_of(clause.sentence)
    before, after = [], []
    earlier = [c for c in siblings if c.index < clause.index]
    if not any(c.index in triggered for c in earlier):
        before = earlier  # a cue-less clause after an event belongs to that event
    for other in [c for c in siblings if c.index > clause.index]:
        if other.index in triggered:
            break
        after.append(other)
    return before, after


def _casualty_scope(doc: Document, clause: Segment, neighbours: list[Segment]) -> list[Found]:
    """Casualty figures of the clause and its cue-less neighbours ("قُتل ثلاثة جنود، جراء
    هجوم…", "…، ما أدى إلى مقتل عنصرين")."""
    found = []
    for part in sorted([clause] + neighbours, key=lambda c: c.index):
        found += doc.within("casualties", part.first, part.last)
    return found


SUBJECT_REACH = 4  # a cut-off subject opens its clause; one deep inside it is something else


def _retyped_by_neighbours(doc: Document, kind: EventType, neighbours: list[Segment]) -> EventType:
    """"اقتحم محتجون المقر، وأضرموا النار فيه": how a crowd acted may be told in the next
    clause; a stronger marker of the same family there retypes the event."""
    if kind.family != "protest":
        return kind
    markers = [c for part in neighbours for c in doc.within("cues", part.first, part.last)
               if c.value.family == kind.family and c.value.role == "marker"
               and c.value.priority > kind.typing_cue.value.priority]
    if not markers:
        return kind
    best = max(markers, key=lambda c: c.value.priority)
    return replace(kind, sub_event_type=best.value.sub_event_type, event_type=best.value.event_type,
                   typing_cue=best)


def _sides_named_after(doc: Document, after: list[Segment], targets: list) -> tuple[list, list]:
    """"ارتفعت حصيلة الاشتباكات…، أمس، بين X وY": the two sides of a clash named later."""
    for part in after:
        between = [r for r in doc.within("roles", part.first, part.last) if r.value == "between"]
        if between:
            sides = unique_names(doc.within("actors", between[0].first + 1, part.last))
            if sides:
                return sides[:1], sides[1:2] + targets
    return [], targets


def _subjects(doc: Document, clauses: list[Segment]) -> list:
    """Armed actors of cue-less clauses before the event's clause that report no casualties:
    the subject the comma cut off ("شن طيران العدوان، اليوم، ثلاث غارات")."""
    subjects = []
    for part in clauses:
        starts = [part.first] + doc.within("complementizers", part.first + 1, part.last)
        subjects += [a for a in doc.within("actors", part.first, part.last - 1 + SUBJECT_REACH)
                     if any(s <= a.found.first < s + SUBJECT_REACH for s in starts)
                     and a.actor.inter not in ("Civilians", "Protesters") and not is_victim(doc, a, part.first)
                     and not is_speaker(doc, a) and not suspected(doc, a, part.first)]
    return unique_names(subjects)





def _victims(doc: Document, neighbours: list[Segment]) -> list:
    """Actors named with the casualties in a neighbouring clause ("مقتل 4 من عناصر قسد")."""
    victims = []
    for part in neighbours:
        victims += [a for a in doc.within("actors", part.first, part.last) if is_victim(doc, a, part.first)]
    return victims


def _weapon_only_clauses(doc: Document, typed: dict) -> None:
    """Weapons falling on a named place with no verb of attack still report an attack:
    "نال نصيبه من قذائف المدفعية" (a sentence with no other cue), or "لتقوم القوات
    الأمريكية بالرد … بعدة قذائف مدفعية" (a clause naming its attacker)."""
    for sentence in doc.sentences:
        clauses = doc.clauses_of(sentence.index)
        sentence_has_event = any(typed[c.index] for c in clauses)
        if not doc.within("places", sentence.first, sentence.last):
            continue
        for clause in clauses:
            if typed[clause.index]:
                continue
            if sentence_has_event and not (doc.within("places", clause.first, clause.last)
                                           and _armed_actor_in(doc, clause)):
                continue
            kind = type_clause(doc, clause, markers_trigger=True)
            if kind is not None and kind.family == "remote":
                typed[clause.index] = kind
                if not sentence_has_event:
                    break


def _armed_actor_in(doc: Document, clause: Segment) -> bool:
    return any(a.actor.inter not in ("Civilians", "Protesters")
               for a in doc.within("actors", clause.first, clause.last))


def candidates(doc: Document) -> list[Candidate]:
    typed = {c.index: type_clause(doc, c) for c in doc.clauses}
    _weapon_only_clauses(doc, typed)
    triggered = {i for i, t in typed.items() if t is not None}
    main = main_date(doc)
    out: list[Candidate] = []
    for clause in doc.clauses:
        kind = typed[clause.index]
        if kind is None or _clause_suppressed(doc, clause, kind, words=False):
            continue
        if any(_clause_suppressed(doc, part, kind) for part in _untriggered_neighbours(doc, clause, triggered)[0]):
            continue  # "وتشهد عفرين منذ ٢٠١٨ انتهاكات يومية، تشمل الخطف…"
        if _refers_back(doc, clause, kind):
            _claim(doc, clause, kind, out)
            continue
        out += _clause_candidates(doc, clause, kind, triggered, main)
    return out


def _refers_back(doc: Document, clause: Segment, kind: EventType) -> bool:
    """"وتبنّى التنظيم الهجوم": a definite attack noun with no place or toll of its own
    names an event already told."""
    if kind.trigger.first not in doc.anaphora or kind.typing_cue.value.role != "generic":
        return False
    own_places = event_places(doc, clause.first, clause.last)
    return not own_places and not doc.within("casualties", clause.first, clause.last)


def _claim(doc: Document, clause: Segment, kind: EventType, told: list[Candidate]) -> None:
    """Who the clause says did it becomes the attacker of the event told just before."""
    if not told:
        return
    roles = assign_roles(doc, kind.trigger, clause.first, clause.last)
    claimed = [a for a in roles.agents if _claimed_by_marker(doc, a, clause)]
    if claimed and told[-1].sentence >= doc.sentence_of(clause.first) - 1:
        told[-1].roles.agents = claimed[:1]


def _claimed_by_marker(doc: Document, actor, clause: Segment) -> bool:
    return doc.positions("roles", "agent").any_within(clause.first, actor.found.first)


def _complete_roles(doc: Document, roles: Roles, kind: EventType, before: list[Segment],
                    after: list[Segment]) -> None:
    """Sides the clause leaves out, from the cue-less clauses around it: the two sides of a
    clash named later, a subject cut off by a comma, the victims of its toll."""
    if not roles.agents and kind.event_type == "Battles":
        roles.agents, roles.targets = _sides_named_after(doc, after, roles.targets)
    if not roles.agents:
        roles.agents = _subjects(doc, before)
    if not roles.targets:
        agents = {a.name for a in roles.agents}
        named = _victims(doc, before + after) + [a for part in after
                                                 for a in marked_targets(doc, part.first, part.last)]
        roles.targets = unique_names([v for v in named if v.name not in agents])
    roles.suspected += [a for part in before + after for a in doc.within("actors", part.first, part.last)
                        if suspected(doc, a, part.first)]


def _clause_candidates(doc: Document, clause: Segment, kind: EventType, triggered: set[int],
                       main) -> list[Candidate]:
    roles = assign_roles(doc, kind.trigger, clause.first, clause.last)
    roles.agents, roles.targets = unique_names(roles.agents), unique_names(roles.targets)
    day, day_found = _date_for(doc, clause, main)
    before, after = _untriggered_neighbours(doc, clause, triggered)
    kind = _retyped_by_neighbours(doc, kind, before + after)
    casualties = _casualty_scope(doc, clause, before + after)
    _complete_roles(doc, roles, kind, before, after)
    civilians = [c for part in [clause] + after for c in doc.within("civilian_targets", part.first, part.last)]
    weapons = sorted({w.value for w in doc.within("weapons", clause.first, clause.last)})
    places = _scope_places(doc, clause, triggered, kind.family == "remote") or [None]
    response = any(r.value == "response" for part in [clause] + before
                   for r in doc.within("roles", part.first, part.last))
    # one candidate per place, each with lists of its own: merging may change one of them
    time_found = _time_for(doc, clause, day_found)
    return [Candidate(doc, clause.sentence, clause.first, clause.last, kind,
                      Roles(list(roles.agents), list(roles.targets), list(roles.suspected),
                            list(roles.accusers)), place, day, day_found,
                      list(casualties), civilians[0] if civilians else None, list(weapons),
                      time_found=time_found, response=response)
            for place in places]
