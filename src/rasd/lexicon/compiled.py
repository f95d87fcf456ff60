"""The data files compiled into matchers, once per process and shared read-only."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from rasd.lexicon.loader import data_path, load_yaml
from rasd.lexicon.matcher import PhraseMatcher
from rasd.text.normalize import normalize_key


@dataclass(frozen=True)
class CueEntry:
    sub_event_type: str
    event_type: str
    family: str
    role: str  # trigger | marker | generic
    priority: int
    with_words: tuple[str, ...] = ()  # the cue counts only in a clause with one of these
    defensive: bool = False  # "صدّت القوات الهجوم": the subject is the side attacked


def words_present(words: tuple[str, ...], forms: set[str]) -> bool:
    """Any of ``words`` (a trailing * = prefix) among a clause's word forms."""
    for word in words:
        if word.endswith("*"):
            if any(form.startswith(word[:-1]) for form in forms):
                return True
        elif word in forms:
            return True
    return False


@dataclass(frozen=True)
class ActorEntry:
    name: str
    inter: str
    family: Optional[str]
    country: Optional[str]
    valid_from: Optional[date]
    valid_until: Optional[date]
    usage: str  # alias | nisba | contextual

    def valid_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day >= self.valid_until)


@dataclass(frozen=True)
class Lexicons:
    cues: PhraseMatcher[CueEntry]
    suppressors: PhraseMatcher[str]
    protest_background: PhraseMatcher[str]
    anaphoric: PhraseMatcher[str]
    demonstratives: PhraseMatcher[str]
    temporal_pointers: PhraseMatcher[str]
    since_words: PhraseMatcher[str]
    civilian_targets: PhraseMatcher[str]
    actors: PhraseMatcher[ActorEntry]
    heads: PhraseMatcher[tuple[str, int]]  # (head class, precision)
    origins: PhraseMatcher[str]  # origin | reference
    origin_stops: PhraseMatcher[str]
    directions: PhraseMatcher[str]
    non_event_contexts: PhraseMatcher[str]
    casualties: PhraseMatcher[str]  # killed | killed_one | injured | joint | massacre | none
    casualty_negators: PhraseMatcher[str]
    quantities: PhraseMatcher[tuple[str, int]]  # (class, value)
    weapons: PhraseMatcher[str]
    roles: PhraseMatcher[str]  # agent | target | force | between | response
    actor_anaphors: PhraseMatcher[str]
    complementizers: PhraseMatcher[str]
    clause_openers: PhraseMatcher[str]
    actor_by_name: dict[str, ActorEntry]
    lexical_words: frozenset[str]  # words of the lexicons and function words: not bare places


def _entries(words, payload):
    return [(normalize_key(w), payload) for w in words]


def _cue_matcher() -> PhraseMatcher[CueEntry]:
    raw = load_yaml("cues.yaml")
    family_of = {t: fam for fam, types in raw["families"].items() for t in types}
    entries = []
    for group in raw["cues"]:
        sub = group["type"]
        entry = CueEntry(sub, raw["sub_event_types"][sub], family_of[sub], group["role"],
                         int(group["priority"]), tuple(normalize_key(w) for w in group.get("with", ())),
                         bool(group.get("defensive")))
        entries += _entries(group["cues"], entry)
    return PhraseMatcher(entries)


def _as_date(value) -> Optional[date]:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _actor_matcher() -> tuple[PhraseMatcher[ActorEntry], dict[str, ActorEntry]]:
    entries = []
    by_name: dict[str, ActorEntry] = {}
    for actor in load_yaml("actors.yaml"):
        for usage, key in (("alias", "aliases"), ("nisba", "nisba"), ("contextual", "contextual")):
            entry = ActorEntry(actor["name"], actor["inter"], actor.get("family"),
                               actor.get("country"), _as_date(actor.get("valid_from")),
                               _as_date(actor.get("valid_until")), usage)
            entries += _entries(actor.get(key) or [], entry)
            if usage == "alias":
                by_name.setdefault(actor["name"], entry)
    return PhraseMatcher(entries), by_name


def _heads() -> tuple[PhraseMatcher, PhraseMatcher, PhraseMatcher]:
    raw = load_yaml("place_heads.yaml")
    heads = []
    for head_class, spec in raw["heads"].items():
        heads += _entries(spec["words"], (head_class, int(spec["precision"])))
    return (PhraseMatcher(heads), PhraseMatcher(_entries(raw["directions"], "direction")),
            PhraseMatcher(_entries(raw["non_event_contexts"], "context")))


def _casualties() -> PhraseMatcher[str]:
    raw = load_yaml("casualties.yaml")
    return PhraseMatcher([e for kind, words in raw.items() if kind != "negators"
                          for e in _entries(words, kind)])


def _quantities() -> PhraseMatcher[tuple[str, int]]:
    raw = load_yaml("quantities.yaml")
    entries = []
    for kind in ("units", "tens", "large", "vague"):
        entries += [(normalize_key(w), (kind, int(v))) for w, v in raw[kind].items()]
    entries += _entries(raw["person_singular"], ("singular", 1))
    entries += _entries(raw["person_dual"], ("dual", 2))
    return PhraseMatcher(entries)


def _weapons() -> PhraseMatcher[str]:
    raw = load_yaml("weapons.yaml")
    return PhraseMatcher([e for label, words in raw.items() for e in _entries(words, label)])


def _roles() -> PhraseMatcher[str]:
    raw = load_yaml("roles.yaml")
    kinds = {"agent_markers": "agent", "target_markers": "target", "force_nouns": "force",
             "between": "between", "response_markers": "response", "speech_verbs": "speech",
             "suspicion_markers": "suspicion", "possessive_markers": "possessive"}
    return PhraseMatcher([e for key, kind in kinds.items() for e in _entries(raw[key], kind)])


def _function_words() -> set[str]:
    with data_path("function_words.txt").open(encoding="utf-8") as handle:
        return {normalize_key(line) for line in handle if line.strip() and not line.startswith("#")}


def _single_words(*matchers: PhraseMatcher) -> set[str]:
    return {key.rstrip("*") for matcher in matchers for key in matcher.keys() if " " not in key}


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    cues_raw = load_yaml("cues.yaml")
    actors, by_name = _actor_matcher()
    heads, directions, contexts = _heads()
    cues, casualties, quantities, roles = _cue_matcher(), _casualties(), _quantities(), _roles()
    segment = load_yaml("segment.yaml")
    openers = PhraseMatcher(_entries(segment["clause_openers"], "opener") + _entries(segment["not_openers"], "phrase"))
    suppressors = PhraseMatcher(_entries(cues_raw["suppressors"], "suppressor"))
    lexical = _function_words() | _single_words(cues, casualties, quantities, roles, heads,
                                                directions, openers, suppressors)
    return Lexicons(
        cues=cues, suppressors=suppressors,
        protest_background=PhraseMatcher(_entries(cues_raw["protest_background"], "background")),
        anaphoric=PhraseMatcher(_entries(cues_raw["anaphoric"], "anaphoric")),
        demonstratives=PhraseMatcher(_entries(cues_raw["demonstratives"], "demonstrative")),
        temporal_pointers=PhraseMatcher(_entries(cues_raw["temporal_pointers"], "pointer")),
        since_words=PhraseMatcher(_entries(cues_raw["since_words"], "since")),
        civilian_targets=PhraseMatcher(_entries(cues_raw["civilian_targets"], "civilian")),
        actors=actors, heads=heads, directions=directions, non_event_contexts=contexts,
        origin_stops=PhraseMatcher(_entries(load_yaml("place_heads.yaml")["origin_stops"], "stop")),
        origins=PhraseMatcher(_entries(load_yaml("place_heads.yaml")["origin_markers"], "origin")
                              + _entries(load_yaml("place_heads.yaml")["reference_markers"], "reference")
                              + _entries(load_yaml("place_heads.yaml")["native_markers"], "natives")),
        casualties=casualties, quantities=quantities,
        casualty_negators=PhraseMatcher(_entries(load_yaml("casualties.yaml")["negators"], "negator")), weapons=_weapons(), roles=roles,
        clause_openers=openers, actor_by_name=by_name, lexical_words=frozenset(lexical),
        actor_anaphors=PhraseMatcher(_entries(load_yaml("roles.yaml")["actor_anaphors"], "anaphor")),
        complementizers=PhraseMatcher(_entries(load_yaml("roles.yaml")["complementizers"], "that")),
    )
