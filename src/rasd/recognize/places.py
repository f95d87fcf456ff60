"""Place mentions: gazetteer look-up, place-type heads, and the choice among namesakes.

A name counts as a place when a head says so (مدينة، بلدة، حي، ريف، حقل…), when a
preposition or compass word stands before it, or when the name is important enough
on its own; ordinary words that are also village names need a head. Each mention
is then resolved against the report's own context: the country and governorates
it names and the other places near it.
"""
from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from rasd.gazetteer.index import Gazetteer, Place, english_key
from rasd.gazetteer.resolve import PairMemo, PlaceContext, Scored, haversine_km, rank
from rasd.lexicon.compiled import lexicons
from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import ARTICLE, PhraseMatcher, Token
from rasd.recognize.found import Found, found_all
from rasd.text.normalize import normalize_key

NAMED_STATE_IMPORTANCE = 0.85  # a capital or big city inside an actor name ("حكومة دمشق")
STANDALONE_IMPORTANCE = 0.5  # a bare name (no head, no preposition) must be a town or bigger
HINT_KINDS = {"admin1", "admin2", "admin3", "city", "town"}
OUTER_HEADS = {"countryside", "vicinity", "neighbourhood", "area", "region"}


@dataclass
class PlaceMention:
    found: Found
    candidates: list[Place]
    head: Optional[Found] = None  # value: (head class, precision)
    after_direction: bool = False
    scored: list[Scored] = field(default_factory=list)
    strong: bool = True  # named with a head or important on its own; weak ones need the report's country
    in_actor: bool = False  # "إسرائيل" naming the state that acts: a place mention, not a place of events
    needs_support: bool = False  # a common word after "في": a place only near the report's other places
    compass: Optional[str] = None  # the compass word before it ("غرب" in "غرب تعز")
    gloss: Optional[str] = None  # a Latin name in parentheses right after it, "(Qamishli)"

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


def _heads_before(tokens: Sequence[Token], text: str) -> tuple[dict[int, Found], dict[int, str]]:
    """Head words by the token index right after them; compass words by the same index."""
    lex = lexicons()
    heads: dict[int, Found] = {}
    for head in found_all("head", lex.heads.find(tokens), text, tokens):
        if head.clitic.endswith(ARTICLE):
            continue  # "المدينة الشمالي": the city, not "the town of X"
        outer = heads.get(head.first)
        if outer is not None and outer.value[0] in OUTER_HEADS:
            # "ريف مدينة X", "محيط بلدة X": the outer head decides how precise the place is.
            head = Found("head", outer.first, head.last, outer.start, head.end,
                         (outer.value[0], max(outer.value[1], head.value[1])), outer.clitic)
        heads[head.last] = head  # "بلدة تل تمر": تل heads nothing, it begins the name
    directions = {d.last: normalize_key(text[tokens[d.first].start:tokens[d.last - 1].end])
                  for d in lex.directions.find(tokens)}
    return heads, directions


def _contexts_before(tokens: Sequence[Token], text: str) -> set[int]:
    """Token indices up to two words after a media word (قناة الميادين is a channel)."""
    blocked = set()
    for match in lexicons().non_event_contexts.find(tokens):
        blocked.update({match.last, match.last + 1})
    return blocked


@lru_cache(maxsize=1)
def _prepositions() -> tuple[frozenset[str], frozenset[str]]:
    raw = load_yaml("place_heads.yaml")
    return (frozenset(normalize_key(w) for w in raw["prepositions"]),
            frozenset(normalize_key(w) for w in raw["preposition_clitics"]))


def _has_preposition(tokens: Sequence[Token], found: Found, text: str = "") -> bool:
    words, clitics = _prepositions()
    if found.clitic in clitics:
        return True
    if _after_parenthesis(text, found.start - len(found.clitic)):
        return True  # "ناحية زركان (أبو راسين)": the other name of a place just named
    return found.first > 0 and tokens[found.first - 1].text in words


def _after_parenthesis(text: str, at: int) -> bool:
    """``text[:at].rstrip().endswith("(")``, looking back only over the white space."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at > 0 and text[at - 1] == "("


def _importance(place: Place, gazetteer: Gazetteer) -> float:
    """A neighbourhood or landmark is as notable as the town it belongs to ("وسط بيروت")."""
    parent = gazetteer.parent(place) if place.parent_id else None
    return max(place.importance, parent.importance if parent else 0.0)


# A name is read as an ordinary word when it is written as a word more often than a place
# of its rank is named: zipf ≥ WORD_ZIPF_BASE + WORD_ZIPF_PER_RANK × importance. News names a
# capital (0.95 → 5.85) very often, a village (0.3 → 3.9) rarely: "صاحب" (5.2) is a word,
# "حلب" (4.9, a city) a place, "مجال" (5.4, a village) a word, "صور" (5.5, a city) a place.
WORD_ZIPF_BASE = 3.0
WORD_ZIPF_PER_RANK = 3.0
# "ولد" is the word, not و + the town "لد": a whole word about as common as the name left
# after taking off its clitic is that word.
CLITIC_WORD_ZIPF = 3.0
CLITIC_WORD_MARGIN = 0.5


@dataclass(frozen=True)
class WordEvidence:
    """Why a name is or is not read as an ordinary word (shown by ``gazetteer lookup``)."""

    zipf: float  # the name's frequency as a word
    threshold: float  # the frequency above which a place of its rank reads as a word
    word_like: bool

    def describe(self) -> str:
        verdict = "reads as a word" if self.word_like else "reads as a name"
        return f"word frequency {self.zipf:.2f} vs {self.threshold:.2f} for its rank: {verdict}"


CAPITAL_IMPORTANCE = 0.9
MINOR_RANK = 0.3  # villages, quarters and the world's non-capital cities are seldom news


@lru_cache(maxsize=1)
def _region_countries() -> frozenset[str]:
    return frozenset(load_yaml("countries.yaml"))


def news_rank(place: Place) -> float:
    """How often news names a place of this kind: its importance, but a village (whatever
    its population) or a foreign city that is no capital ranks as minor ("ميدان" is Medan)."""
    if place.kind == "country":
        return place.importance
    foreign = place.country not in _region_countries()
    if place.kind in ("village", "neighbourhood") or (foreign and place.importance < CAPITAL_IMPORTANCE):
        return min(place.importance, MINOR_RANK)
    return place.importance


def word_evidence(key: str, importance: float, gazetteer: Gazetteer) -> WordEvidence:
    zipf = gazetteer.word_zipf(key)
    threshold = _word_threshold(importance)
    return WordEvidence(zipf, threshold, zipf >= threshold)


def _word_threshold(importance: float) -> float:
    return round(WORD_ZIPF_BASE + WORD_ZIPF_PER_RANK * importance, 2)


def _clitic_word(tokens: Sequence[Token], found: Found, gazetteer: Gazetteer) -> bool:
    """The whole word, clitic included, is a common word of its own ("ولد", "لويس")."""
    if not found.clitic or found.last - found.first > 1:
        return False
    whole = gazetteer.word_zipf(tokens[found.first].text)  # a token's text is its key already
    name = gazetteer.word_zipf(found.value)
    return whole >= CLITIC_WORD_ZIPF and whole + CLITIC_WORD_MARGIN >= name


def _strength(mention: PlaceMention, gazetteer: Gazetteer, tokens: Sequence[Token],
              text: str) -> Optional[bool]:
    """True strong, False weak, None not a place (an ordinary word without a head)."""
    key = mention.found.value
    # "كبيرة" is not ك + the village "بيرة": a clitic-stripped match whose whole word is an
    # ordinary word is that word.
    whole = tokens[mention.found.first].text  # a token's text is its key already
    words = (key,) if whole == key.split()[0] else (key, whole)
    lexical = not lexicons().lexical_words.isdisjoint(words)
    rank = max((news_rank(p) for p in mention.candidates), default=0.0)
    frequent = gazetteer.word_zipf(key) >= _word_threshold(rank)  # word_evidence(…).word_like
    listed = any(gazetteer.is_common_word(k) for k in words)
    ordinary = lexical or frequent or listed
    if mention.head is not None:
        # "مواقع الجيش": an ordinary word, not a village elsewhere; but "بلدة X", "حي الروضة"
        # name a place even when X is also a word.
        named = mention.head_class in ("settlement", "district") or (
            mention.head_class in ("neighbourhood", "area") and not lexical)
        return True if not ordinary or named else None
    if _clitic_word(tokens, mention.found, gazetteer):
        return None
    located = mention.after_direction or _has_preposition(tokens, mention.found, text)
    if frequent and not lexical and located and not listed:
        # "في صاحب": a place only if the report's other places are near it
        mention.needs_support = True
        return False
    if ordinary:
        return None
    if max((_importance(p, gazetteer) for p in mention.candidates), default=0.0) >= STANDALONE_IMPORTANCE:
        return True
    if located:
        return False
    return None


@lru_cache(maxsize=1)
def _head_kinds() -> dict[str, frozenset[str]]:
    heads = load_yaml("place_heads.yaml")["heads"]
    return {name: frozenset(spec.get("kinds") or ()) for name, spec in heads.items()}


def _prefer_head_kinds(mention: PlaceMention) -> None:
    """After "مدينة" keep the towns of that name, after "حقل" the fields, and so on."""
    if mention.head is None:
        return
    kinds = _head_kinds().get(mention.head_class or "", frozenset())
    preferred = [p for p in mention.candidates if p.kind in kinds]
    if preferred:
        mention.candidates = preferred


def _attributive_country(tokens: Sequence[Token], text: str, found: Found, candidates: list[Place]) -> bool:
    """"الحكومة السعودية", "الوفد السعودية"…: a country named like a feminine nisba, right
    after a definite noun, is that adjective ("Saudi"), not the country; so is a place named
    with an adjective ("الوضع القائم", "الدول الخمس": place_heads.yaml adjective_names)."""
    if found.clitic or found.last - found.first != 1 or found.first == 0 or not found.value.startswith(ARTICLE):
        return False
    countries = bool(candidates) and all(p.kind == "country" for p in candidates)
    if not (countries or found.value in _adjective_names()):
        return False
    before = tokens[found.first - 1]
    adjacent = not text[before.end:tokens[found.first].start].strip()  # "الأردن، السعودية" is a list
    return adjacent and before.text.startswith(ARTICLE) and before.text not in _function_words()


@lru_cache(maxsize=1)
def _adjective_names() -> frozenset[str]:
    return frozenset(normalize_key(w) for w in load_yaml("place_heads.yaml")["adjective_names"])


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """"الى", "التي", "الذي"…: words that begin with ال but are no definite noun."""
    return frozenset(normalize_key(w) for w in load_yaml("place_heads.yaml")["article_function_words"])


@lru_cache(maxsize=1)
def _role_matcher() -> PhraseMatcher[str]:
    raw = load_yaml("place_roles.yaml")
    return PhraseMatcher((normalize_key(word), role) for role, words in raw.items() for word in words)


def find_place_roles(tokens: Sequence[Token], text: str) -> list[Found]:
    """Words that make the place after them a team's name, a job title's, an origin, a
    destination or a facility's name (place_roles.yaml); value = the role."""
    return found_all("place_role", _role_matcher().find(tokens), text, tokens)


_LATIN_GLOSS = re.compile(r"\s*\(\s*([A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f' .\-]{1,40})\)")
_LATIN_VOWELS = re.compile(r"[aeiouy]")


def latin_gloss(text: str, end: int) -> Optional[str]:
    """The Latin name in parentheses right after a mention ending at ``end``, if any."""
    match = _LATIN_GLOSS.match(text, end)
    return match.group(1).strip() if match else None


def _gloss_fits(gloss: str, place: Place) -> bool:
    """"(Qamishli)" names Al-Qamishli: equal without article, case and diacritics, or
    with the vowels left out too (transliterations differ most in vowels: Kobani/Kobane)."""
    wanted, known = english_key(gloss), english_key(place.name_en)
    return bool(known) and (wanted == known or
                            _LATIN_VOWELS.sub("", wanted) == _LATIN_VOWELS.sub("", known))


def _confirm_by_gloss(mention: PlaceMention) -> bool:
    """Keep the namesakes whose English name the gloss gives; True when one does."""
    if not mention.gloss:
        return False
    fitting = [p for p in mention.candidates if _gloss_fits(mention.gloss, p)]
    if fitting:
        mention.candidates = fitting
    return bool(fitting)


def find_places(tokens: Sequence[Token], text: str, gazetteer: Gazetteer,
                blocked_tokens: set[int], roles: Sequence[Found] = ()) -> list[PlaceMention]:
    """Place mentions not inside an actor name, a media name or a team's name, with their heads."""
    heads, directions = _heads_before(tokens, text)
    media = _contexts_before(tokens, text)
    media |= {r.last for r in roles if r.value == "organisation"}  # "منتخب فرنسا", "ريال مدريد"
    mentions = []
    for found in found_all("place", gazetteer.matcher().find(tokens), text, tokens):
        if found.first in media:
            continue
        candidates = gazetteer.candidates(found.value)
        in_actor = not blocked_tokens.isdisjoint(range(found.first, found.last))
        if in_actor:
            # "إسرائيل", "واشنطن" naming a state that acts are still places the text names
            candidates = [p for p in candidates if p.kind == "country" or (
                p.kind == "city" and p.importance >= NAMED_STATE_IMPORTANCE)]
            if not candidates:
                continue
        if _attributive_country(tokens, text, found, candidates):
            continue
        head = heads.get(found.first)
        compass = directions.get(head.first if head else found.first)
        mention = PlaceMention(found, candidates, head, compass is not None,
                               in_actor=in_actor, compass=compass,
                               gloss=latin_gloss(text, found.end))
        _prefer_head_kinds(mention)
        # the text's own romanisation says which place it means, and that it is one
        confirmed = _confirm_by_gloss(mention)
        if confirmed:
            strength = True
        else:
            strength = _strength(mention, gazetteer, tokens, text) if mention.candidates else None
        if strength is not None:
            mention.strong = strength
            mentions.append(mention)
    return mentions


@lru_cache(maxsize=1)
def _outlets() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every outlet name, whole words only ("الوفاق" is not the agency "وفا"),
    longest names first; and the country of each name."""
    country_of = {name.lower(): country for country, names in load_yaml("outlets.yaml")["country_names"].items()
                  for name in names}
    names = sorted(country_of, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return pattern, country_of


def outlet_country(source: Optional[str], url: Optional[str]) -> Optional[str]:
    """The country a report's outlet reports from (outlets.yaml), by its source name or URL."""
    pattern, country_of = _outlets()
    found = [m.group() for m in pattern.finditer(f"{source or ''} {url or ''}".lower())]
    return country_of[max(found, key=len)] if found else None


OUTLET_VOTE = 1.0  # as much as one strong place mention of the outlet's country
DIALECT_VOTE = 0.4  # less than one place: quoted speech may come from across a border


@lru_cache(maxsize=1)
def _dialect_words() -> PhraseMatcher[tuple[str, ...]]:
    return PhraseMatcher((normalize_key(word), tuple(group["countries"]))
                         for group in load_yaml("dialects.yaml") for word in group["words"])


def dialect_votes(tokens: Sequence[Token]) -> Counter[str]:
    """Votes for the countries whose speech or administrative register the text uses (dialects.yaml)."""
    votes: Counter[str] = Counter()
    for match in _dialect_words().find(tokens):
        for countries in match.payloads[:1]:
            for country in countries:
                votes[country] += DIALECT_VOTE / len(countries)
    return votes


def _dominant_country(mentions: Sequence[PlaceMention], default: Optional[str],
                      outlet: Optional[str] = None, dialect: Optional[Counter[str]] = None) -> Optional[str]:
    """The country most strong mentions point to, weighted by how important the places are;
    the actors' country, the outlet's and the dialect's add their votes."""
    votes: Counter[str] = Counter(dialect or {})
    for mention in mentions:
        if not mention.strong or mention.in_actor:
            continue
        weights: dict[str, float] = {}
        for place in mention.candidates:
            weights[place.country] = max(weights.get(place.country, 0.0), place.importance)
        total = sum(weights.values()) or 1.0
        for country, weight in weights.items():
            votes[country] += weight / total
    if default:
        votes[default] += 0.5
    if outlet:
        votes[outlet] += OUTLET_VOTE
    return votes.most_common(1)[0][0] if votes else default


FOREIGN_IMPORTANCE = 0.8  # a capital or big city may be named from another country's report
NEARBY_KM = 60.0  # a village, landmark or neighbourhood lies near the report's other places


def _keep_in_country(mentions: list[PlaceMention], country: Optional[str], memo: PairMemo) -> list[PlaceMention]:
    """Mentions keep only candidates of the report's country, unless important, headed, or
    across the border from the report's own places ("مستوطنة كفر جلعادي" in a Lebanese report)."""
    local_points = [p for m in mentions if m.strong for p in m.candidates
                    if p.country == country and p.has_coords] if country else []
    kept = []
    for mention in mentions:
        local = [p for p in mention.candidates if p.country == country]
        top = max(p.importance for p in mention.candidates)
        minor = top < STANDALONE_IMPORTANCE
        if country is not None and not local:
            # Another country's place: a big city, a town named with a settlement head, or a
            # place just across the border from the report's own places.
            headed_town = mention.head_class == "settlement" and not minor
            across = bool(local_points) and any(p.has_coords and _near_anchor(p, local_points, memo)
                                                for p in mention.candidates)
            if not mention.strong or not (top >= FOREIGN_IMPORTANCE or headed_town or across):
                continue
        elif country is not None and (not mention.strong or minor):
            mention.candidates = local
        kept.append(mention)
    return kept


def _near_anchor(place: Place, anchors: list[Place], memo: PairMemo) -> bool:
    located = [a for a in anchors if a.has_coords and a.id != place.id]
    return not located or any(memo.km(place, a) <= NEARBY_KM for a in located)


def _generic_name(key: str, gazetteer: Gazetteer) -> bool:
    """A name made only of ordinary words ("المشفى الوطني", "الحي الأول")."""
    lexical = lexicons().lexical_words
    return all(w in lexical or gazetteer.is_common_word(w) or
               (w.startswith(ARTICLE) and (w[len(ARTICLE):] in lexical or gazetteer.is_common_word(w[len(ARTICLE):])))
               for w in key.split())


def _drop_stray_minor_places(mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """A minor place far from every important place of the report is a namesake elsewhere
    ("المشفى الوطني" of another city), unless a settlement head names it."""
    anchors = _unique([m.best for m in mentions if m.best and m.best.importance >= STANDALONE_IMPORTANCE
                       and m.best.kind != "country"])
    memo = _pair_memo(gazetteer)
    kept = []
    for mention in mentions:
        best = mention.best
        # "المشفى الوطني" names a landmark in many towns; "حارة حريك" only one.
        importance = best.importance if _generic_name(mention.found.value, gazetteer) else (
            _importance(best, gazetteer) if best else 0.0)
        stray = (best is not None and importance < STANDALONE_IMPORTANCE and best.has_coords
                 and mention.head_class != "settlement" and not _near_anchor(best, anchors, memo))
        if not stray:
            kept.append(mention)
            continue
        # "اتفاق الطائف" in a Lebanese report: not a Syrian village, but the city abroad
        major = [s for s in mention.scored if s.place.importance >= FOREIGN_IMPORTANCE]
        if major and mention.strong:
            mention.scored = major + [s for s in mention.scored if s not in major]
            kept.append(mention)
    return kept


def _unique(places: list[Place]) -> list[Place]:
    return list({p.id: p for p in places}.values())


_MEMOS: "weakref.WeakKeyDictionary[Gazetteer, PairMemo]" = weakref.WeakKeyDictionary()


def _pair_memo(gazetteer: Gazetteer) -> PairMemo:
    """The memo of place-pair fits for ``gazetteer``'s places (ids name one place there)."""
    memo = _MEMOS.get(gazetteer)
    if memo is None:
        memo = _MEMOS[gazetteer] = PairMemo()
    return memo


def resolve_places(mentions: list[PlaceMention], gazetteer: Gazetteer,
                   country_hint: Optional[str] = None,
                   outlet: Optional[str] = None,
                   dialect: Optional[Counter[str]] = None) -> tuple[list[PlaceMention], Optional[str]]:
    """Rank every mention's candidates in the report's context (its places, the actors'
    country ``country_hint``, the ``outlet``'s country, the ``dialect``'s votes); return them
    and the country."""
    country = _dominant_country(mentions, country_hint, outlet, dialect)
    memo = _pair_memo(gazetteer)
    mentions = _keep_in_country(mentions, country, memo)
    _rank_all(mentions, lambda mention: PlaceContext(country_hint=country))
    hints = _unique([m.best for m in mentions if m.best and m.best.kind in HINT_KINDS
                     and (len(m.candidates) == 1 or m.best.importance >= STANDALONE_IMPORTANCE)])
    certain = _unique([m.best for m in mentions if m.best and len(m.candidates) == 1])
    _rank_all(mentions, lambda mention: PlaceContext(
        country_hint=country, admin_hints=[h for h in hints if h is not mention.best],
        other_places=certain, memo=memo))
    _prefer_near_readings(mentions)
    _prefer_bearing(mentions)
    return _drop_unsupported(_drop_stray_minor_places(mentions, gazetteer)), country


BEARING_WINDOW = 8  # "جبهتي البرح والكدحة غرب تعز": the places a compass phrase just follows
BEARING_KM = 100.0


@lru_cache(maxsize=1)
def _compass_axes() -> dict[str, tuple[int, int]]:
    return {normalize_key(word): tuple(axis) for word, axis in load_yaml("place_heads.yaml")["compass_axes"].items()}


def _bearing_fits(place: Place, reference: Place, compass: str) -> bool:
    """Does ``place`` lie in the compass direction from ``reference``, not far from it?"""
    north = place.lat - reference.lat
    east = (place.lon - reference.lon) * math.cos(math.radians(reference.lat))
    if haversine_km(place.lat, place.lon, reference.lat, reference.lon) > BEARING_KM:
        return False
    signs = [axis for word, axis in _compass_axes().items() if word in compass]
    return bool(signs) and all(north * dy > 0 or east * dx > 0 for dy, dx in signs)


def _lies_towards(compass: str, reference: Place):
    """The reason a namesake in the compass direction was preferred (worded when read)."""
    return lambda: f"preferred: lies {compass} of {reference.name_en}, as the text says"


def _prefer_bearing(mentions: list[PlaceMention]) -> None:
    """Namesakes just before "غرب تعز" are read west of Taiz when such a reading exists."""
    for reference in mentions:
        if not reference.compass or reference.best is None or not reference.best.has_coords:
            continue
        before = [m for m in mentions if 0 <= reference.found.first - m.found.last <= BEARING_WINDOW
                  and m is not reference and len(m.scored) > 1]
        for mention in before:
            fitting = [s for s in mention.scored if s.place.has_coords
                       and _bearing_fits(s.place, reference.best, reference.compass)]
            if fitting and fitting[0] is not mention.scored[0]:
                moved = fitting[0].adding(_lies_towards(reference.compass, reference.best))
                mention.scored = [moved] + [s for s in mention.scored if s is not fitting[0]]


FAR_KM = 1000.0  # a reading this far from every other place of the report is a namesake elsewhere


def _prefer_near_readings(mentions: list[PlaceMention]) -> None:
    """A village 1,000+ km from all the report's other places yields to a reading near them."""
    for mention in mentions:
        if (len(mention.scored) < 2 or not mention.best.has_coords
                or mention.best.importance >= STANDALONE_IMPORTANCE):
            continue  # only a minor place is a far namesake: a capital abroad is named as such
        others = [m.best for m in mentions if m is not mention and m.best is not None
                  and m.best.has_coords and m.best.kind != "country"
                  and m.found.value != mention.found.value]
        if not others or _nearest_km(mention.best, others) < FAR_KM:
            continue
        near = [s for s in mention.scored[1:] if s.place.has_coords and _nearest_km(s.place, others) < FAR_KM]
        if near:
            moved = near[0].adding(_far_from_others(mention.best, others))
            mention.scored = [moved] + [s for s in mention.scored if s is not near[0]]


def _far_from_others(far: Place, others: list[Place]):
    """The reason a nearer namesake was preferred to ``far`` (worded when read)."""
    return lambda: (f"preferred: {far.name_en} ({far.country}) is {_nearest_km(far, others):.0f} km "
                    "from the report's other places")


def _nearest_km(place: Place, others: list[Place]) -> float:
    return min(haversine_km(place.lat, place.lon, o.lat, o.lon) for o in others)


SUPPORT_KM = 60.0  # "في صور" is the town when the report's other places are this close


def supported_by(place: Place, others: list[Place]) -> Optional[str]:
    """Why the report's other places make ``place`` likely (None when they do not)."""
    for other in others:
        if other.id == place.id or other.country != place.country:
            continue
        if other.kind == "country" or (other.kind == "admin1" and other.admin1 == place.admin1):
            return f"in {other.name_en}, named in the report"
        km = haversine_km(place.lat, place.lon, other.lat, other.lon) if (
            place.has_coords and other.has_coords) else None
        if km is not None and km <= SUPPORT_KM:
            return f"{km:.0f} km from {other.name_en}, named in the report"
    return None


def _drop_unsupported(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """A common word read as a place after a preposition stays only with support."""
    anchors = [m.best for m in mentions if m.best and not m.needs_support]
    return [m for m in mentions if not m.needs_support or (
        m.best is not None and supported_by(m.best, anchors) is not None)]


def _rank_all(mentions: list[PlaceMention], context_for) -> None:
    """Rank each mention's candidates; a name repeated in the report is ranked once."""
    ranked: dict[tuple[str, ...], list[Scored]] = {}
    for mention in mentions:
        if len(mention.candidates) == 1:
            mention.scored = [Scored(mention.candidates[0], 1.0, ("the only place of that name",))]
            continue
        ids = tuple(p.id for p in mention.candidates)
        if ids not in ranked:
            ranked[ids] = rank(mention.candidates, context_for(mention))
        mention.scored = ranked[ids]
