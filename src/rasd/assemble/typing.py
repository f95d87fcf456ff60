"""The event type of a clause, from its cues.

Triggers say that something happened; markers say how. A marker types the trigger of
its own family (air, artillery, explosive…); a generic trigger (قصف، استهداف، هجوم)
takes the strongest marker of any family, and "مماثل/مشابه" makes it repeat the type of
the report's previous event.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rasd.document import Document
from rasd.lexicon.loader import load_yaml
from rasd.lexicon.compiled import lexicons, words_present
from rasd.lexicon.matcher import PhraseMatcher, word_forms
from rasd.recognize.found import Found
from rasd.text.normalize import normalize_key
from rasd.text.segment import Segment


@dataclass(frozen=True)
class EventType:
    sub_event_type: str
    event_type: str
    family: str
    trigger: Found  # the first cue saying that something happened (anchors the roles)
    typing_cue: Found  # the cue that decided the type (evidence)
    similar: bool = False  # "مماثل": repeats the previous event


@lru_cache(maxsize=1)
def _similar_words() -> PhraseMatcher[str]:
    return PhraseMatcher([(normalize_key(w), "similar") for w in load_yaml("cues.yaml")["similar_words"]])


MARKER_TRIGGER_PRIORITY = 4  # weapon words strong enough to stand for an attack on their own
DAMAGE = "Looting/property destruction"


AGENT_AFTER_VERB = 3  # "قصفت قوات النظام": the subject right after the verb


CASUALTY_REACH = 3  # "إصابة ستة متظاهرين": the protesters are the injured, not a new protest


def _casualty_of(doc: Document, cue: Found) -> bool:
    return cue.value.family == "protest" and any(
        0 <= cue.first - c.last <= CASUALTY_REACH and c.value.kind != "none"
        for c in doc.positions("casualties").ending_near(cue.first - CASUALTY_REACH, cue.first))


def _armed_agent_for(doc: Document, clause: Segment, trigger: Found) -> bool:
    """An armed actor before the generic verb, or right after it (verb-subject order)."""
    return any(a.actor.inter != "Civilians"
               for a in doc.within("actors", clause.first, trigger.first + AGENT_AFTER_VERB + 1))


def _anaphoric_with_casualties(doc: Document, clause: Segment) -> bool:
    """"وأسفر القصف عن مقتل…": the attack just reported, with its toll."""
    has_casualty = any(c.value.kind != "none" for c in doc.within("casualties", clause.first, clause.last))
    return has_casualty and doc.phrases_within(lexicons().anaphoric, clause.first, clause.last)


@dataclass(frozen=True)
class Sense:
    """Another sense of some cue words, told by the words next to them."""

    cues: tuple[str, ...]
    after: tuple[str, ...]
    before: tuple[str, ...]
    reason: str
    reach: int  # words after or before the cue where the sense words count
    exact: frozenset[str] = frozenset()  # the cue words, whole
    prefixes: tuple[str, ...] = ()  # and those ending in *, without it

    def of_word(self, word: str) -> bool:
        return word in self.exact or word.startswith(self.prefixes)


@lru_cache(maxsize=1)
def _senses() -> tuple[Sense, ...]:
    raw = load_yaml("cues.yaml")
    keys = lambda words: tuple(normalize_key(w) for w in words)  # noqa: E731
    return tuple(Sense(cues, keys(s.get("with", ())), keys(s.get("before", ())), s["reason"],
                       int(s.get("reach", raw["sense_reach"])), frozenset(w for w in cues if not w.endswith("*")),
                       tuple(w[:-1] for w in cues if w.endswith("*")))
                 for s in raw["senses"] for cues in [keys(s["cues"])])


def other_sense(doc: Document, cue: Found) -> Optional[Sense]:
    """The sense in which a cue names no event ("اغتصاب الأرض", "ترسانة الصواريخ"), if any
    (clauses are typed more than once: each cue is judged once per report)."""
    judged = doc.memo("other_senses", dict)
    key = (cue.first, cue.last)
    if key not in judged:
        judged[key] = _other_sense(doc, cue)
    return judged[key]


@lru_cache(maxsize=4096)
def _senses_of(word: str) -> tuple[Sense, ...]:
    """The senses whose cue words include ``word``."""
    return tuple(sense for sense in _senses() if sense.of_word(word))


def _other_sense(doc: Document, cue: Found) -> Optional[Sense]:
    senses = _senses_of(doc.norm.text[cue.start:cue.end])  # already normalised
    around: dict[int, tuple[set[str], set[str]]] = {}  # reach → the word forms after and before
    for sense in senses:
        if sense.reach not in around:
            around[sense.reach] = (_forms(doc, cue.last, min(len(doc.tokens), cue.last + sense.reach)),
                                   _forms(doc, max(0, cue.first - sense.reach), cue.first))
        after, before = around[sense.reach]
        if words_present(sense.after, after) or words_present(sense.before, before) \
                or _phrase_after(doc, cue.last, sense.after):
            return sense
    return None


def _forms(doc: Document, first: int, last: int) -> set[str]:
    return {form for t in doc.tokens[first:last] for form, _ in word_forms(t.text)}


def _phrase_after(doc: Document, index: int, phrases: tuple[str, ...]) -> bool:
    """A two-word sense word ("على الحكومه") right after the cue."""
    following = normalize_key(" ".join(t.text for t in doc.tokens[index:index + 2]))
    return any(" " in p and following.startswith(p) for p in phrases)


def type_clause(doc: Document, clause: Segment, markers_trigger: bool = False) -> Optional[EventType]:
    """The clause's event type; with ``markers_trigger`` strong weapon words count as triggers."""
    cues = doc.within("cues", clause.first, clause.last)
    if not cues:
        return None
    if any(c.value.with_words for c in cues):
        forms = _forms(doc, clause.first, clause.last)
        cues = [c for c in cues if not c.value.with_words or words_present(c.value.with_words, forms)]
    cues = [c for c in cues if not _casualty_of(doc, c) and other_sense(doc, c) is None]
    triggers = [c for c in cues if c.value.role in ("trigger", "generic")
                or (markers_trigger and c.value.priority >= MARKER_TRIGGER_PRIORITY)]
    if any(c.value.role == "generic" for c in triggers):
        # "قصفت طائرة حربية منزلاً ودمّرته": the damage is the strike's, not an event of its own
        cues = [c for c in cues if c.value.sub_event_type != DAMAGE]
        triggers = [c for c in triggers if c.value.sub_event_type != DAMAGE]
    if not triggers:
        return None
    typed_families = {c.value.family for c in triggers if c.value.role != "generic"}
    has_generic = any(c.value.role == "generic" for c in triggers)
    generic_families = set(load_yaml("cues.yaml")["generic_families"]) if has_generic else set()
    eligible = [c for c in cues if c.value.role != "marker" or c.value.family in typed_families
                or (not typed_families and c.value.family in generic_families)]
    best = max(eligible, key=lambda c: (c.value.priority, -c.first))
    first_trigger = min(triggers, key=lambda c: c.first)
    if best.value.role == "generic" and not _armed_agent_for(doc, clause, first_trigger) \
            and not _anaphoric_with_casualties(doc, clause):
        return None  # "طالت مئات المدنيين": a bare verb of reaching is no attack
    similar = has_generic and not typed_families and doc.phrases_within(_similar_words(), clause.first, clause.last)
    entry = best.value
    return EventType(entry.sub_event_type, entry.event_type, entry.family,
                     min(triggers, key=lambda c: c.first), best, similar)
