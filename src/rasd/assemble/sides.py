"""The side acted on (actor2), by what kind of event it is (coding guide, "Actors").

Roles come from the words around each actor in its clause (rasd.assemble.roles); some event
types name their second side elsewhere or by a rule of their own:

- Arrests: the detainees are whoever the arrest names after its verb, up to a reported claim
  ("قالت إنها تستهدف خلايا…") or the next event; with no armed group there, Civilians (the
  default is event_defaults.yaml's). Partners of the arresting force and forces of the same
  side are not detainees.
- Protests and riots: actor2 is a force that intervenes, told in the same story (often a later
  sentence); the authority the crowd protests against is never actor2.
- Transfers of territory: the side that withdraws.
- Attacks whose targets the next sentence names ("…، وكان القتيلان من عناصر الفرقة الرابعة"),
  whose second side follows a comma ("بين X من جهة، وY من جهة أخرى"), or whose attacker an agent
  word names later in the sentence ("تعرّضت دورية، اليوم، لهجوم من قبل…").
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional, Sequence

from rasd.assemble.events import Candidate
from rasd.assemble.roles import LOOKBACK, is_accuser, is_speaker, is_victim, marked_targets, unique_names
from rasd.document import Document
from rasd.recognize.actors import ActorMention

CROWDS = {"Protesters", "Rioters", "Civilians"}
STATE = "State forces"
CEDING_REACH = 3  # "إعلان «قسد» انسحابها": the withdrawing side this close to the word
ATTACK_FAMILIES = {"remote", "battle", "civilians"}
TERRITORY = {"Non-violent transfer of territory", "Government regains territory",
             "Non-state actor overtakes territory"}


def _after_word(doc: Document, actor: ActorMention, kind: str, reach: int = LOOKBACK) -> bool:
    """A role word of ``kind`` within ``reach`` words before the actor."""
    return doc.positions("roles", kind).any_within(actor.found.first - reach, actor.found.first + 1)


def _sentence_end(doc: Document, token: int) -> int:
    return doc.sentences[doc.sentence_of(token)].last


# -- before merging: each candidate still knows its own clause ------------------------------

class _EventStarts:
    """Where each sentence's candidates start: is there an event before or after this one
    in its sentence, and where does the next begin."""

    def __init__(self, candidates: Sequence[Candidate]):
        self._starts: dict[int, list[int]] = {}
        for candidate in candidates:
            self._starts.setdefault(candidate.sentence, []).append(candidate.first)
        for starts in self._starts.values():
            starts.sort()

    def next_after(self, candidate: Candidate) -> Optional[int]:
        starts = self._starts.get(candidate.sentence, [])
        index = bisect_right(starts, candidate.first)
        return starts[index] if index < len(starts) else None

    def any_before(self, candidate: Candidate) -> bool:
        starts = self._starts.get(candidate.sentence, [])
        return bool(starts) and starts[0] < candidate.first


def settle_before_merge(candidates: list[Candidate]) -> None:
    starts = _EventStarts(candidates)
    for index, candidate in enumerate(candidates):
        _hosted_are_targets(candidate)
        if not candidate.roles.agents:
            candidate.roles.agents = _agent_marked_later(candidate, starts)
        if candidate.kind.sub_event_type == "Arrests":
            candidate.roles.targets = _detainees(candidate, starts)
        elif candidate.kind.sub_event_type == "Disrupted weapons use":
            _downed_weapon_owner(candidate)
        elif candidate.kind.family == "protest":
            _drop_protest_objects(candidate)
            if not _armed(candidate.roles.agents + candidate.roles.targets):
                candidate.roles.targets += (_forces_later_in_sentence(candidate, starts)
                                            or _interveners(candidate, candidates, index + 1))
        elif candidate.kind.family == "battle" and (feud := _feud_side(candidate)):
            candidate.roles.agents, candidate.roles.targets = [feud], [feud]
        elif candidate.kind.family == "battle" and (raider := _raider(candidate)):
            others = [a for a in candidate.roles.agents + candidate.roles.targets if a.name != raider.name]
            candidate.roles.agents, candidate.roles.targets = [raider], others
        elif candidate.kind.family in ATTACK_FAMILIES and not candidate.roles.targets:
            candidate.roles.targets = (_other_side_across_comma(candidate)
                                       or _named_next(candidate, starts)
                                       or _named_before(candidate, starts))


HOST_REACH = 2  # "قاعدة عين الأسد، التي تضم قوات أمريكية": the forces a site holds


def _hosted_are_targets(candidate: Candidate) -> None:
    """An actor a target word introduces ("التي تضم قوات أمريكية", "مواقع لقسد") is hit,
    even when it opens a clause the comma cut off (where it looks like a subject)."""
    doc = candidate.doc
    hosted = [a for a in candidate.roles.agents if _after_word(doc, a, "target", HOST_REACH)
              and not _after_word(doc, a, "agent") and not _after_word(doc, a, "partner")]
    if hosted:
        candidate.roles.agents = [a for a in candidate.roles.agents if a not in hosted]
        candidate.roles.targets = hosted + [t for t in candidate.roles.targets if t.name not in
                                            {h.name for h in hosted}]


def _downed_weapon_owner(candidate: Candidate) -> None:
    """"أسقطت الدفاعات الجوية طائرة أمريكية": whose weapon was downed is acted on; the
    defender is the one named before the verb, or whose statement it is."""
    doc = candidate.doc
    trigger = candidate.kind.trigger
    owners = [a for a in candidate.roles.agents if a.found.first >= trigger.last
              and (a.actor.usage == "nisba" or _after_word(doc, a, "force", HOST_REACH)
                   or _after_word(doc, a, "possessive", HOST_REACH))]
    if not owners:
        return
    candidate.roles.agents = [a for a in candidate.roles.agents if a not in owners]
    candidate.roles.targets = owners + candidate.roles.targets
    if not candidate.roles.agents:
        first = doc.sentences[candidate.sentence].first
        candidate.roles.agents = [a for a in doc.within("actors", first, trigger.first)
                                  if is_speaker(doc, a) and a.name not in {o.name for o in owners}][:1]


def _agent_marked_later(candidate: Candidate, starts: _EventStarts) -> list[ActorMention]:
    """"تعرّضت قوات الجيش، اليوم، لهجوم من قبل عناصر داعش": the attacker an agent word names
    later in the sentence, before any other event."""
    doc = candidate.doc
    end = _next_event_or_sentence_end(candidate, starts)
    targets = {a.name for a in candidate.roles.targets}
    return [a for a in doc.within("actors", candidate.last, end) if a.name not in targets
            and _after_word(doc, a, "agent")][:1]


def _next_event_or_sentence_end(candidate: Candidate, starts: _EventStarts) -> int:
    end = _sentence_end(candidate.doc, candidate.first)
    following = starts.next_after(candidate)
    return end if following is None else min(following, end)


def _feud_side(candidate: Candidate) -> Optional[ActorMention]:
    """"تجدّد الإشكال بين عائلتين، وتطوّر إلى اشتباك…": one word of the clash's sentence names
    both sides (the dead are theirs, not bystanders)."""
    doc = candidate.doc
    first = doc.sentences[candidate.sentence].first
    words = {r.first for r in doc.within("roles", first, candidate.last, "both_sides")}
    if not words:
        return None
    return next((a for a in doc.within("actors", min(words), max(words) + 1) if a.found.first in words), None)


def _raider(candidate: Candidate) -> Optional[ActorMention]:
    """"مواجهات بين مقاومين وقوات الاحتلال التي اقتحمت المخيم": the side that came in."""
    doc = candidate.doc
    raids = {r.first for r in doc.positions("roles", "raider_after").items}
    return next((a for a in candidate.roles.targets if a.found.last in raids), None)


def _armed(actors: Sequence[ActorMention]) -> list[ActorMention]:
    return [a for a in actors if a.actor.inter not in CROWDS]


def _detainees(candidate: Candidate, starts: _EventStarts) -> list[ActorMention]:
    """The first actor the arrest names after its verb that is neither its maker, a partner,
    a source, nor a force of the same state side (the authority's own units)."""
    doc = candidate.doc
    start = candidate.kind.trigger.last
    end = _next_event_or_sentence_end(candidate, starts)
    end = min(doc.within("complementizers", start + 1, end), default=end)
    makers = {a.name for a in candidate.roles.agents}
    state_maker = any(a.actor.inter == STATE for a in candidate.roles.agents)
    for actor in doc.within("actors", start, end):
        if actor.name in makers:
            continue
        if _after_word(doc, actor, "partner") or is_speaker(doc, actor) or is_accuser(doc, actor):
            continue
        if actor.actor.inter == STATE and (state_maker or not makers):
            continue
        return [actor]
    return []  # no one named: Civilians by default (event_defaults.yaml)


def _drop_protest_objects(candidate: Candidate) -> None:
    """"تظاهروا احتجاجاً على قرارات الحكومة": what a crowd protests against is no side."""
    doc = candidate.doc
    candidate.roles.agents = [a for a in candidate.roles.agents if not _after_word(doc, a, "protest_object")]
    candidate.roles.targets = [a for a in candidate.roles.targets if not _after_word(doc, a, "protest_object")]


def _forces_later_in_sentence(crowd: Candidate, starts: _EventStarts) -> list[ActorMention]:
    """"أضرم محتجون النار في المقر، ورشقوا عناصر الشرطة بالحجارة": the force the crowd
    faces, told later in its sentence before any other event."""
    return _armed_after(crowd, _next_event_or_sentence_end(crowd, starts),
                        lambda a: _after_word(crowd.doc, a, "protest_object"))


def _interveners(crowd: Candidate, candidates: Sequence[Candidate], start: int) -> list[ActorMention]:
    """The armed side of a later protest or riot candidate (from ``start`` on) of the same day
    that has no other place ("أطلقت القوى الأمنية قنابل الغاز لتفريقهم"); another protest
    elsewhere ends the story."""
    for other in (candidates[i] for i in range(start, len(candidates))):
        if other.date.day != crowd.date.day:
            break
        if other.kind.family != "protest":
            continue
        if other.place is not None and crowd.place is not None and other.place.place.id != crowd.place.place.id:
            break
        forces = [a for a in _armed(other.roles.agents + other.roles.targets)
                  if not _after_word(other.doc, a, "protest_object")]
        if forces:
            return forces[:1]
    return []


def _other_side_across_comma(candidate: Candidate) -> list[ActorMention]:
    """"اشتباكات بين الجيش والقوات المساندة له من جهة، وقوات الدعم السريع من جهة أخرى": the
    second side of "بين" in the next clause of the sentence."""
    doc = candidate.doc
    between = doc.within("roles", candidate.first, candidate.last, "between")
    if not between or candidate.kind.family != "battle":
        return []
    sides = {a.name for a in candidate.roles.agents}
    return _armed_after(candidate, _sentence_end(doc, candidate.first), lambda a: a.name in sides)


def _armed_after(candidate: Candidate, end: int, excluded) -> list[ActorMention]:
    """The first armed actor after the candidate's clause, before ``end``, that is no source
    and not ``excluded``."""
    doc = candidate.doc
    return [a for a in doc.within("actors", candidate.last, end) if a.actor.inter not in CROWDS
            and not is_speaker(doc, a) and not excluded(a)][:1]


def _named_next(candidate: Candidate, starts: _EventStarts) -> list[ActorMention]:
    """Targets the next sentence names when it has no event cue of its own: the victims of a
    toll or actors after a target word. They belong to the sentence's last event only."""
    doc = candidate.doc
    following = candidate.sentence + 1
    if following >= len(doc.sentences) or starts.next_after(candidate) is not None:
        return []
    return _named_in(candidate, following)


def _named_before(candidate: Candidate, starts: _EventStarts) -> list[ActorMention]:
    """"قُتل عنصران من قوات النظام. وجاء ذلك إثر هجوم…": victims the sentence before names,
    when it has no event cue of its own, for the first event of this sentence."""
    previous = candidate.sentence - 1
    if previous < 0 or starts.any_before(candidate):
        return []
    return _named_in(candidate, previous)


def _named_in(candidate: Candidate, index: int) -> list[ActorMention]:
    doc = candidate.doc
    sentence = doc.sentences[index]
    if doc.positions("cues").any_within(sentence.first, sentence.last):
        return []  # it tells (or recalls) an event of its own
    agents = {a.name for a in candidate.roles.agents}
    named = [a for a in doc.within("actors", sentence.first, sentence.last)
             if is_victim(doc, a, sentence.first)] + marked_targets(doc, sentence.first, sentence.last)
    return unique_names([a for a in named if a.name not in agents and not is_speaker(doc, a)])[:1]


# -- after merging ---------------------------------------------------------------------------

def settle_after_merge(candidates: list[Candidate]) -> None:
    for candidate in candidates:
        if candidate.kind.sub_event_type in TERRITORY and not candidate.roles.targets:
            ceding = _ceding_side(candidate)
            candidate.roles.targets = [ceding] if ceding else []


def _ceding_side(candidate: Candidate) -> Optional[ActorMention]:
    """"انتشر الجيش في المدينة غداة إعلان «قسد» انسحابها": who withdrew, in the event's sentence."""
    doc = candidate.doc
    sentence = doc.sentences[candidate.sentence]
    makers = {a.name for a in candidate.roles.agents}
    ceding = doc.within("roles", sentence.first, sentence.last, "ceding")
    for actor in doc.within("actors", sentence.first, sentence.last):
        if actor.name not in makers and any(abs(r.first - actor.found.first) <= CEDING_REACH for r in ceding):
            return actor
    return None
