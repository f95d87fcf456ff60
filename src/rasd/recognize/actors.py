"""Actor mentions: aliases → canonical actors, time-aware and country-aware.

An alias can mean different actors on different dates (قوات الحكومة السورية before and
after 8 December 2024) or only in one country's reports (الجيش in an Iraqi report is
the Iraqi army): the entry valid for the report's date and country wins.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Optional, Sequence

from rasd.lexicon.compiled import ActorEntry, lexicons
from rasd.lexicon.matcher import Match, Token
from rasd.recognize.found import Found


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


def choose_entry(payloads: Sequence[ActorEntry], day: date, country: Optional[str]) -> Optional[ActorEntry]:
    """The entry an alias stands for on ``day`` in a report about ``country``."""
    valid = [p for p in payloads if p.valid_on(day)]
    for usage in ("alias", "contextual", "nisba"):
        for entry in valid:
            if entry.usage != usage:
                continue
            if usage == "contextual" and entry.country and entry.country != country:
                continue
            return entry
    return None


def resolve_actors(matches: Sequence[Match[ActorEntry]], tokens: Sequence[Token], text: str,
                   day: date, country: Optional[str]) -> list[ActorMention]:
    mentions = []
    for match in matches:
        entry = choose_entry(match.payloads, day, country)
        if entry is not None:
            clitic = text[tokens[match.first].start:match.start]
            found = Found("actor", match.first, match.last, match.start, match.end, entry.name, clitic)
            mentions.append(ActorMention(found, entry))
    return mentions
