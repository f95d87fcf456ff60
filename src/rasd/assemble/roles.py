"""Who acted and who was acted on, from the words around each actor mention.

Arabic news prose is verb-first as often as subject-first ("قصفت طائرات تركية…",
"قوات النظام أمطرت…"); passive and possessive forms mark targets ("مواقع تابعة
لقسد", "في صفوف الحوثيين"), and "من قبل / على يد" mark agents. Owners of aircraft or
forces ("طائرات تابعة للقوات الأمريكية") are agents, owners of sites are targets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from rasd.document import Document
from rasd.recognize.actors import ActorMention
from rasd.recognize.found import Found

LOOKBACK = 4  # words before an actor searched for role markers
VSO_WINDOW = 4  # an actor this close after a verb cue is its subject
NOUN_OWNER_GAP = 2  # an actor this close after a weapon noun standing as the cue owns it
LAM = "ل"  # the preposition of possession, as a clitic ("لقسد", "للميليشيات")
PASSIVE_ACTORS = {"Civilians", "Protesters"}  # acted on; a crowd acts only in protests, set later


@dataclass(slots=True)
class Roles:
    agents: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    suspected: list[ActorMention] = field(default_factory=list)  # kept for the notes only
    accusers: list[ActorMention] = field(default_factory=list)  # who made the claim, for the notes


def _markers_before(doc: Document, actor: ActorMention, clause_first: int) -> list[Found]:
    start = max(clause_first, actor.found.first - LOOKBACK)
    return doc.within("roles", start, actor.found.first)


def _possessed_by(actor: ActorMention, markers: Sequence[Found]) -> str | None:
    """'X تابعة لـ A' / 'X لـ A': A owns X; agent when X is a force, target when a site."""
    kinds = {m.value for m in markers}
    if not (actor.found.clitic.endswith(LAM) or "possessive" in kinds):
        return None
    nearest = max(markers, key=lambda m: m.first, default=None)
    if "force" in kinds and (nearest is None or nearest.value in ("force", "possessive")):
        force_first = max(m.first for m in markers if m.value == "force")
        site_after = any(m.value == "target" and m.first > force_first for m in markers)
        return "target" if site_after else "agent"
    return "target"


CUE_ADJECTIVES = 1  # "غارة جوية للتحالف": an adjective may stand between the cue and its owner


def _right_after_cue(doc: Document, actor: ActorMention) -> bool:
    """The actor follows an attack noun, or its adjective ("غارة جوية للتحالف", "بهجوم لقسد"),
    but not a target word ("الطائرات موقعاً لفصيل…": the site belongs to the one hit)."""
    first = actor.found.first
    roles = doc.positions("roles")
    return any(0 <= first - c.last <= CUE_ADJECTIVES and not roles.any_within(c.last, first)
               for c in doc.positions("cues").ending_near(first - CUE_ADJECTIVES, first))


UNDERGO_REACH = 2  # "تعرّضت قوات الجيش لهجوم", "قوات الجيش تعرّضت لهجوم"
DAMMA = "\u064f"  # the vowel a writer adds to mark a passive verb (استُهدف، قُصف)


def _undergoes(doc: Document, actor: ActorMention) -> bool:
    words = doc.positions("roles", "undergo")
    first, last = actor.found.first, actor.found.last
    return any(0 <= first - r.last <= UNDERGO_REACH for r in words.ending_near(first - UNDERGO_REACH, first)) \
        or words.any_within(last, last + 2)


PRESENT_PREFIX = re.compile("^[وف]?[يتن]\u064f")  # "يُطلق", "تُهاجم": active verbs take damma there too


def _passive(doc: Document, trigger: Found) -> bool:
    """A past-tense verb cue written with its passive vowel (استُهدف، قُصفت): its grammatical
    subject is the one acted on."""
    start, end = doc.original_span(trigger)
    word = doc.report.text[start:end].split()[0] if end > start else ""
    return DAMMA in word and not PRESENT_PREFIX.match(word)


def _object_of_cue(actor: ActorMention, markers: Sequence[Found]) -> bool:
    """"كميناً لقوة من قسد", "استهداف لمواقع الفصائل": after these nouns the ل-object (the
    actor itself or the force noun before it) is the target."""
    cues = [m for m in markers if m.value == "object_cue"]
    if not cues:
        return False
    after = cues[-1].last
    if actor.found.first == after:
        return actor.found.clitic.endswith(LAM)
    return any(m.first == after and m.clitic.endswith(LAM) for m in markers)


def _role(doc: Document, actor: ActorMention, trigger: Found, between_first: int | None,
          clause_first: int) -> str:
    if actor.name in PASSIVE_ACTORS:
        return "target"
    markers = _markers_before(doc, actor, clause_first)
    if is_victim(doc, actor, clause_first):
        return "target"  # "مقتل عشرات المسلحين الحوثيين بقصف…": those killed were hit
    if between_first is not None and actor.found.first > between_first:
        return "between"
    if any(m.value == "agent" for m in markers):
        return "agent"
    if _object_of_cue(actor, markers) or _undergoes(doc, actor):
        return "target"
    if actor.found.clitic.endswith(LAM) and _right_after_cue(doc, actor):
        return "owner"  # "غارات للطيران الروسي", "قصف لقوات النظام": by them
    owned = _possessed_by(actor, markers)
    if owned:
        return owned
    if any(m.value == "target" for m in markers):
        return "target"
    if actor.found.first < trigger.first:
        return "agent"
    if any(r.last == trigger.first
           for r in doc.positions("roles", "pronoun_subject").ending_near(trigger.first, trigger.first)):
        return "target"  # "قال إنها استهدفت خلايا التنظيم": the verb has its subject already
    if _passive(doc, trigger):
        return "target"  # "استُهدف عناصر الحشد بعبوة": the subject of a passive verb was hit
    gap = actor.found.first - trigger.last
    if gap < VSO_WINDOW and trigger.value.role != "marker":
        return "agent"
    if gap <= NOUN_OWNER_GAP and trigger.value.role == "marker":
        return "agent"  # "الطائرات الحربية الروسية": the aircraft's own nationality
    return "target"


SPEAKER_REACH = 2  # "قال مسؤول في الحزب": the source's affiliation right after the verb
VICTIM_WINDOW = 6  # "مقتل 4 من عناصر قسد": a casualty word shortly before the actor
VICTIM_AFTER = 1  # "عناصر من قسد مصرعهم": or right after it
NOT_VICTIMS = ("none", "massacre", "direct_hit")  # casualty words that name no one hurt


def is_victim(doc: Document, actor: ActorMention, first: int) -> bool:
    if actor.actor.usage == "nisba":
        return False  # "قُتلوا بضربة طائرة تركية": the adjective names the weapon's owner
    casualties = doc.positions("casualties")
    reach = max(first, actor.found.first - VICTIM_WINDOW - casualties.longest)
    before = any(actor.found.first - c.last <= VICTIM_WINDOW and c.value.kind not in NOT_VICTIMS
                 and not _cue_between(doc, c.last, actor) for c in casualties.within(reach, actor.found.first))
    # "لقي ثلاثة عناصر من قسد مصرعهم": the toll right after them
    after = any(c.value.kind in ("killed", "killed_one", "killed_subject")
                for c in casualties.within(actor.found.last, actor.found.last + VICTIM_AFTER + 1))
    return before or after


def _cue_between(doc: Document, start: int, actor: ActorMention) -> bool:
    """"قُتل مواطن برصاص مسلحين حوثيين": after the weapon come the shooters, not the dead."""
    return doc.positions("cues").any_within(start, actor.found.first)


def suspected(doc: Document, actor: ActorMention, first: int) -> bool:
    """Named after "يرجّح / يُعتقد…" in its clause, or after the accuser of "اتهم X Y": a
    suspected attacker only."""
    if actor.name in PASSIVE_ACTORS:
        return False
    sentence_first = _sentence_first(doc, actor.found.first)  # the verb of accusing may open it
    return any(not _after_target_word(doc, r, first)
               for r in doc.within("roles", first, actor.found.first, "suspicion")) or bool(
        _accusers(doc, sentence_first, actor.found.first))


def _after_target_word(doc: Document, word: Found, first: int) -> bool:
    """"غارات على مواقع يُشتبه بتحصّن خلايا التنظيم فيها": what is suspected is who was hit."""
    return doc.positions("roles", "target").any_within(max(first, word.first - LOOKBACK), word.first)


def is_accuser(doc: Document, actor: ActorMention) -> bool:
    """"اتهمت قسد الجيش التركي بقصف…": the actor right after a verb of accusing."""
    return _after_role_word(doc, actor, "accusation", 0)


def _sentence_first(doc: Document, token: int) -> int:
    return doc.sentences[doc.sentence_of(token)].first


def _accusers(doc: Document, first: int, last: int) -> list[ActorMention]:
    if not doc.positions("roles", "accusation").any_within(first, last):
        return []  # most reports accuse no one: skip the search
    return [a for a in doc.within("actors", first, last) if is_accuser(doc, a)]


def _speaker(doc: Document, actor: ActorMention, first: int) -> bool:
    """The actor right after a reporting verb ("قالت إدارة الأمن العام…") is a source."""
    return _after_role_word(doc, actor, "speech", first)


def _after_role_word(doc: Document, actor: ActorMention, kind: str, first: int) -> bool:
    """A role word of ``kind`` starting at or after ``first`` ends right before the actor."""
    start = actor.found.first
    return any(0 <= start - r.last <= SPEAKER_REACH and r.first >= first
               for r in doc.positions("roles", kind).ending_near(start - SPEAKER_REACH, start))


def is_speaker(doc: Document, actor: ActorMention) -> bool:
    return _speaker(doc, actor, 0)


def _swap_for_defence(doc: Document, roles: Roles, first: int, owners: Sequence[ActorMention]) -> None:
    """"صدّت القوات الهجوم": the subject was attacked. An attacker named by an agent word
    ("هجوماً شنّته فصائل…") or as the attack's owner ("لهجوم لداعش") keeps its role; with no
    defender in the clause, the one whose statement it is defends ("أعلنت قسد أنها صدّت…")."""
    marked = [a for a in roles.agents if a in owners
              or any(m.value == "agent" for m in _markers_before(doc, a, first))]
    unmarked = [a for a in roles.agents if a not in marked]
    defenders = unmarked + roles.targets if marked else roles.agents
    attackers = marked or roles.targets
    if marked and not unmarked:
        sentence_first = _sentence_first(doc, first)
        defenders = [a for a in doc.within("actors", sentence_first, first)
                     if is_speaker(doc, a) and a.name not in {m.name for m in marked}][:1] + defenders
    roles.agents, roles.targets = attackers, defenders


def assign_roles(doc: Document, trigger: Found, first: int, last: int) -> Roles:
    """Agents and targets among the actors of tokens [first, last) for this trigger."""
    roles = Roles()
    speakers: list[ActorMention] = []
    owners: list[ActorMention] = []  # the ل-owner of an attack noun
    actors = doc.within("actors", first, last)
    between = [r.first for r in doc.within("roles", first, last, "between")]
    between_first = between[0] if between else None
    in_between: list[ActorMention] = []
    accusers = _accusers(doc, _sentence_first(doc, first), last)
    roles.accusers = unique_names(accusers)
    for actor in actors:
        if actor in accusers:
            continue  # a source, never a side
        if suspected(doc, actor, first):
            roles.suspected.append(actor)
            continue
        role = _role(doc, actor, trigger, between_first, first)
        if role == "owner":
            owners.append(actor)
        elif role == "between":
            in_between.append(actor)
        elif role == "agent" and _speaker(doc, actor, first):
            speakers.append(actor)
        elif role == "agent":
            roles.agents.append(actor)
        else:
            roles.targets.append(actor)
    if owners:  # "صدّت قوات الجيش هجوماً للحوثيين": whose attack it was is the attacker; the rest were hit
        names = {o.name for o in owners}
        roles.targets = [a for a in roles.agents if a.name not in names] + roles.targets
        roles.agents = owners
    roles.agents = roles.agents or speakers  # who announced it did it, unless someone else did
    if trigger.value.defensive:
        _swap_for_defence(doc, roles, first, owners)
    if in_between:
        # "بين X وY": X and Y are the two sides, in the order written.
        roles.agents = roles.agents or in_between[:1]
        roles.targets = [a for a in in_between if a.name != roles.agents[0].name][:1] + roles.targets
    return roles


def unique_names(actors: Sequence[ActorMention]) -> list[ActorMention]:
    seen: set[str] = set()
    out = []
    for actor in actors:
        if actor.name not in seen:
            seen.add(actor.name)
            out.append(actor)
    return out


def marked_targets(doc: Document, first: int, last: int) -> list[ActorMention]:
    """Actors of tokens [first, last) that a target word introduces ("…، مواقع لحزب العمال")."""
    found = []
    for actor in doc.within("actors", first, last):
        markers = _markers_before(doc, actor, first)
        if _possessed_by(actor, markers) == "target" or any(m.value == "target" for m in markers):
            found.append(actor)
    return found
