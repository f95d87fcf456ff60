"""Place mentions: gazetteer look-up, place-type heads, and the choice among namesakes.

A name counts as a place when a head says so (مدينة، بلدة، حي، ريف، حقل…), when a
preposition or compass word stands before it, or when the name is important enough
on its own; ordinary words that are also village names need a head. Each mention
is then resolved against the report's own context: the country and governorates
it names and the other places near it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional, Sequence

from rasd.gazetteer.index import Gazetteer, Place
from rasd.gazetteer.resolve import PlaceContext, Scored, rank
from rasd.lexicon.compiled import lexicons
from rasd.lexicon.matcher import Token
from rasd.recognize.found import Found, found_all

STANDALONE_IMPORTANCE = 0.55  # a bare name (no head, no preposition) must be a town or bigger
PREPOSITIONS = {"في", "على", "من", "الى", "قرب", "عند", "داخل", "نحو", "باتجاه", "حتى", "بين", "مع", "عن", "اطراف", "محيط"}
PREPOSITION_CLITICS = {"ب", "وب", "فب", "ل", "ول", "وال", "و"}
HINT_KINDS = {"admin1", "admin2", "admin3", "city", "town"}


@dataclass
class PlaceMention:
    found: Found
    candidates: list[Place]
    head: Optional[Found] = None  # value: (head class, precision)
    after_direction: bool = False
    scored: list[Scored] = field(default_factory=list)

    @property
    def best(self) -> Optional[Place]:
        return self.scored[0].place if self.scored else None

    @property
    def confidence(self) -> float:
        if not self.scored:
            return 0.0
        top = self.scored[0].score
        runner_up = self.scored[1].score if len(self.scored) > 1 else 0.0
        return round(min(1.0, 0.5 + top / 2 - runner_up / 4), 3)

    @property
    def head_class(self) -> Optional[str]:
        return self.head.value[0] if self.head else None


def _heads_before(tokens: Sequence[Token], text: str) -> tuple[dict[int, Found], set[int]]:
    """Head words by the token index right after them; token indices of compass words."""
    lex = lexicons()
    heads = {h.last: h for h in found_all("head", lex.heads.find(tokens), text, tokens)}
    directions = set()
    for d in lex.directions.find(tokens):
        directions.add(d.last)
    return heads, directions


def _contexts_before(tokens: Sequence[Token], text: str) -> set[int]:
    """Token indices up to two words after a media word (قناة الميادين is a channel)."""
    blocked = set()
    for match in lexicons().non_event_contexts.find(tokens):
        blocked.update({match.last, match.last + 1})
    return blocked


def _has_preposition(tokens: Sequence[Token], found: Found) -> bool:
    if found.clitic in PREPOSITION_CLITICS:
        return True
    return found.first > 0 and tokens[found.first - 1].text in PREPOSITIONS


def _keep(mention: PlaceMention, gazetteer: Gazetteer, tokens: Sequence[Token]) -> bool:
    key = mention.found.value
    if mention.head is not None:
        return True
    if gazetteer.is_common_word(key):
        return False
    top = max((p.importance for p in mention.candidates), default=0.0)
    if mention.after_direction or _has_preposition(tokens, mention.found):
        return top > 0.0
    return top >= STANDALONE_IMPORTANCE


def find_places(tokens: Sequence[Token], text: str, gazetteer: Gazetteer,
                blocked_tokens: set[int]) -> list[PlaceMention]:
    """Place mentions not inside an actor name or a media name, with their heads."""
    heads, directions = _heads_before(tokens, text)
    media = _contexts_before(tokens, text)
    mentions = []
    for found in found_all("place", gazetteer.matcher().find(tokens), text, tokens):
        span = set(range(found.first, found.last))
        if span & blocked_tokens or found.first in media:
            continue
        mention = PlaceMention(found, gazetteer.candidates(found.value), heads.get(found.first),
                               found.first in directions)
        if mention.candidates and _keep(mention, gazetteer, tokens):
            mentions.append(mention)
    return mentions


def _dominant_country(mentions: Sequence[PlaceMention], default: Optional[str]) -> Optional[str]:
    votes: Counter[str] = Counter()
    for mention in mentions:
        countries = {p.country for p in mention.candidates}
        for country in countries:
            votes[country] += 1.0 / len(countries)
    if default:
        votes[default] += 0.5
    return votes.most_common(1)[0][0] if votes else default


def resolve_places(mentions: Sequence[PlaceMention], country_hint: Optional[str] = None) -> Optional[str]:
    """Rank every mention's candidates in the report's context; return the report's country."""
    country = _dominant_country(mentions, country_hint)
    first_pass = PlaceContext(country_hint=country)
    for mention in mentions:
        mention.scored = rank(mention.candidates, first_pass)
    hints = [m.best for m in mentions if m.best and m.best.kind in HINT_KINDS
             and (len(m.candidates) == 1 or m.best.importance >= STANDALONE_IMPORTANCE)]
    certain = [m.best for m in mentions if m.best and len(m.candidates) == 1]
    for mention in mentions:
        if len(mention.candidates) > 1:
            context = PlaceContext(country_hint=country,
                                   admin_hints=[h for h in hints if h is not mention.best],
                                   other_places=certain)
            mention.scored = rank(mention.candidates, context)
    return country
