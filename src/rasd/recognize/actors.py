"""Actor mentions: aliases → canonical actors, time-aware and country-aware.

An alias can mean different actors on different dates (قوات الحكومة السورية before and
after 8 December 2024) or only in one country's reports (الجيش in an Iraqi report is
the Iraqi army): the entry valid for the report's date and country wins.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional, Sequence

from rasd.lexicon.compiled import ActorEntry, lexicons
from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import ARTICLE, Match, PhraseMatcher, Token
from rasd.recognize.found import Found, found_all
from rasd.text.normalize import normalize_key


@dataclass
class ActorMention:
    found: Found
    actor: ActorEntry

    @property
    def name(self) -> str:
        return self.actor.name


def find_actor_spans(tokens: Sequence[Token]) -> list[Match[ActorEntry]]:
    return lexicons().actors.find(tokens)


def actor_country(matches: Sequence[Match[ActorEntry]]) -> Optional[str]:
    """The home country most named actors belong to (a hint for namesake places)."""
    votes = Counter(p.country for m in matches for p in m.payloads[:1] if p.country)
    return votes.most_common(1)[0][0] if votes else None


NISBA_WINDOW = 3  # "غارة جوية إسرائيلية": a nisba this close after an attack or force word


def choose_entry(payloads: Sequence[ActorEntry], day: date, country: Optional[str],
                 attributive: bool = False) -> Optional[ActorEntry]:
    """The entry an alias stands for on ``day`` in a report about ``country`` (a phrase this
    country's reports use for one actor wins over its general reading); a nationality adjective
    (nisba) names an actor only when ``attributive`` (it follows a strike or force word)."""
    valid = [p for p in payloads if p.valid_on(day)]
    for entry in valid:  # "الطيران السعودي" in a Yemeni report: this country's reading first
        if entry.usage == "contextual" and country is not None and entry.country == country:
            return entry
    for usage in ("alias", "contextual", "nisba"):
        for entry in valid:
            if entry.usage != usage or (usage == "nisba" and not attributive):
                continue
            if usage == "contextual" and entry.country and entry.country != country:
                continue
            return entry
    return None


def resolve_actors(matches: Sequence[Match[ActorEntry]], tokens: Sequence[Token], text: str,
                   day: date, country: Optional[str], anchors: Sequence[int] = ()) -> list[ActorMention]:
    """Actor mentions; ``anchors`` are the token indices just after attack/weapon/force words."""
    anchor_set = set(anchors)
    mentions = []
    for match in matches:
        attributive = any(match.first - k in anchor_set for k in range(NISBA_WINDOW))
        entry = choose_entry(match.payloads, day, country, attributive)
        if entry is None and any(p.valid_on(day) and p.usage == "contextual" for p in match.payloads):
            match, entry = _inner_match(match, tokens, day, country)
        if entry is not None:
            clitic = text[tokens[match.first].start:match.start]
            found = Found("actor", match.first, match.last, match.start, match.end, entry.name, clitic)
            mentions.append(ActorMention(found, entry))
    return mentions


def _inner_match(match: Match[ActorEntry], tokens: Sequence[Token], day: date,
                 country: Optional[str]) -> tuple[Match[ActorEntry], Optional[ActorEntry]]:
    """"عناصر الشرطة" is another country's phrase in an Iraqi report, but "الشرطة" inside it
    is Iraq's: a phrase that is another country's generic term may hold a shorter one that is
    this country's (a phrase of another period names no one: its words are that period's)."""
    matcher = lexicons().actors
    for index in range(match.first + 1, match.last):
        inner = matcher.match_at(tokens, index)
        if inner is not None and inner.last <= match.last:
            entry = choose_entry(inner.payloads, day, country)
            if entry is not None:
                return inner, entry
    return match, None


@lru_cache(maxsize=1)
def _anaphor_referents() -> dict[str, tuple[str, ...]]:
    raw = load_yaml("roles.yaml")["anaphor_referents"]
    return {normalize_key(head): tuple(names) for head, names in raw.items()}


def resolve_anaphors(mentions: list[ActorMention], tokens: Sequence[Token], text: str,
                     anaphors: Sequence[Match]) -> list[ActorMention]:
    """Add mentions for "التنظيم", "الحركة"…: the last actor named before whose own words
    contain that head ("تنظيم داعش", "حركة حماس"), else the last one the head may stand for
    (roles.yaml anaphor_referents: "بقايا داعش… التنظيم")."""
    taken = {i for m in mentions for i in range(m.found.first, m.found.last)}
    added = []
    for match in anaphors:
        if match.first in taken:
            continue
        head = match.key.removeprefix(ARTICLE)
        before = [m for m in mentions if m.found.last <= match.first]
        referents = _anaphor_referents().get(match.key, ())
        earlier = ([m for m in before if head in text[m.found.start:m.found.end]]
                   or [m for m in before if m.name in referents])
        if earlier:
            antecedent = earlier[-1]
            found = Found("actor", match.first, match.last, match.start, match.end,
                          antecedent.name, text[tokens[match.first].start:match.start])
            added.append(ActorMention(found, antecedent.actor))
    return sorted(mentions + added, key=lambda m: m.found.first)


SPECIFIC_REACH = 3  # "مسلحون من ميليشيا فرقة الحمزة": the named group right after


def prefer_named(mentions: list[ActorMention], generic: frozenset[str]) -> list[ActorMention]:
    """Drop a generic actor ("مسلحون") when a named one follows it closely: it says who they are."""
    kept = []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        specific_after = (following is not None and following.name not in generic
                          and 0 <= following.found.first - mention.found.last <= SPECIFIC_REACH)
        if mention.name in generic and specific_after:
            continue
        kept.append(mention)
    return kept


@lru_cache(maxsize=1)
def _role_words() -> PhraseMatcher[str]:
    raw = load_yaml("roles.yaml")["role_words"]
    return PhraseMatcher([(normalize_key(w), kind) for kind, words in raw.items() for w in words])


def find_role_words(tokens: Sequence[Token], text: str) -> list[Found]:
    """Role words of roles.yaml's ``role_words`` (object cues, accusations, protest objects,
    ceding, partners), as role mentions beside the base ones."""
    return found_all("role", _role_words().find(tokens), text, tokens)
