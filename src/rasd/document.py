"""The document object every stage reads and adds to, and the analysis that fills it:
clean the page → normalise → tokenise → segment → recognise (cues, actors, places, dates, numbers) → resolve.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from operator import attrgetter
from typing import Any, Callable, Optional

from rasd.gazetteer.index import Gazetteer
from rasd.lexicon.compiled import lexicons
from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import Token, tokenize
from rasd.model import Mention, PlaceInfo, Report
from rasd.positions import Positions
from rasd.recognize.actors import (ActorMention, actor_country, find_actor_spans, find_role_words,
                                   prefer_named, resolve_actors, resolve_anaphors)
from rasd.recognize.dates import find_dates
from rasd.recognize.found import Found, found_all, inside_any
from rasd.recognize.numbers import casualty_figures, find_casualty_words, find_counts
from rasd.recognize.places import (PlaceMention, dialect_votes, find_place_roles, find_places,
                                   outlet_country, resolve_places)
from rasd.recognize.times import find_times
from rasd.text.normalize import NormalizedText, normalize
from rasd.text.page import clean_page
from rasd.text.segment import Segment, split_clauses, split_sentences


@dataclass
class Document:
    report: Report
    norm: NormalizedText
    tokens: list[Token]
    sentences: list[Segment]
    clauses: list[Segment]
    cues: list[Found] = field(default_factory=list)
    suppressors: list[Found] = field(default_factory=list)
    protest_background: list[Found] = field(default_factory=list)
    civilian_targets: list[Found] = field(default_factory=list)
    weapons: list[Found] = field(default_factory=list)
    roles: list[Found] = field(default_factory=list)
    origins: list[Found] = field(default_factory=list)  # "المتمركزة في" / "على بعد"
    origin_stops: list[int] = field(default_factory=list)  # token indices of "على", "باتجاه"…
    anaphora: list[int] = field(default_factory=list)  # token indices of "القصف", "الهجوم"…
    complementizers: list[int] = field(default_factory=list)  # tokens right after "أن", "بأن"
    since_tokens: set[int] = field(default_factory=set)  # token indices of "منذ"
    dateline_end: int = 0  # tokens before it are the dateline ("حلب – سانا"): not where events are
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actor_places: list[PlaceMention] = field(default_factory=list)  # "إسرائيل" as the state that acts
    place_roles: list[Found] = field(default_factory=list)  # "محافظ", "نزحوا إلى"… (place_roles.yaml)
    dates: list[Found] = field(default_factory=list)
    times: list[Found] = field(default_factory=list)  # parts of the day ("فجر اليوم", "مساءً")
    counts: list[Found] = field(default_factory=list)
    casualties: list[Found] = field(default_factory=list)
    country: Optional[str] = None
    gazetteer: Optional[Gazetteer] = None
    _lookups: dict = field(default_factory=dict, repr=False, compare=False)

    # -- offsets -----------------------------------------------------------
    def original_span(self, found: Found) -> tuple[int, int]:
        return self.norm.to_original(found.start, found.end)

    def sentence_text(self, sentence_index: int) -> str:
        texts = self.memo("sentence_text", dict)
        if sentence_index not in texts:
            sentence = self.sentences[sentence_index]
            start = self.tokens[sentence.first].start
            end = self.tokens[sentence.last - 1].end
            a, b = self.norm.to_original(start, end)
            texts[sentence_index] = self.report.text[a:b]
        return texts[sentence_index]

    # -- look-ups by position: built on first use, once analysis has filled the lists --------
    def sentence_of(self, token_index: int) -> int:
        """The sentence holding a token; the last one for a token outside every sentence."""
        owners = self._lookups.get("sentence_of")
        if owners is None or len(owners) != len(self.tokens):
            owners = [len(self.sentences) - 1] * len(self.tokens)
            for sentence in reversed(self.sentences):  # the first sentence holding a token wins
                owners[sentence.first:sentence.last] = [sentence.index] * (sentence.last - sentence.first)
            self._lookups["sentence_of"] = owners
        if 0 <= token_index < len(owners):
            return owners[token_index]
        return len(self.sentences) - 1

    def clauses_of(self, sentence_index: int) -> list[Segment]:
        """The clauses of one sentence, in text order."""
        by_sentence = self._lookups.get("clauses_of")
        if by_sentence is None:
            by_sentence = {}
            for clause in self.clauses:
                by_sentence.setdefault(clause.sentence, []).append(clause)
            self._lookups["clauses_of"] = by_sentence
        return list(by_sentence.get(sentence_index, ()))

    def positions(self, kind: str, value: Optional[str] = None) -> Positions:
        """The mentions of one list ("actors", "roles", "casualties"…) by the token each starts
        at; with ``value``, only those whose value it is (a role word's kind, say)."""
        index = self._lookups.get(kind if value is None else (kind, value))
        items = self.__dict__[kind]
        if index is None or index.source is not items or index.source_size != len(items):
            index = self._index(kind, value, items)
        return index

    def _index(self, kind: str, value: Optional[str], items: list) -> Positions:
        chosen = items if value is None else [item for item in items if item.value == value]
        start, end = _SPANS.get(kind, _FOUND_SPAN)
        index = Positions(chosen, start, end, source=items)
        self._lookups[kind if value is None else (kind, value)] = index
        return index

    def memo(self, name: str, make: Callable[[], Any]) -> Any:
        """A per-report store a stage keeps its look-ups in (made by ``make`` on first use)."""
        if name not in self._lookups:
            self._lookups[name] = make()
        return self._lookups[name]

    def phrases_within(self, matcher, first: int, last: int) -> bool:
        """Whether ``matcher`` finds a phrase lying wholly in tokens [first, last); the
        document is matched once per matcher."""
        key = ("phrases", id(matcher))
        found = self._lookups.get(key)
        if found is None:
            found = (matcher, [(m.first, m.last) for m in matcher.find(self.tokens)])
            self._lookups[key] = found
        for start, end in islice(found[1], bisect_left(found[1], (first,)), None):
            if start >= last:
                return False
            if end <= last:
                return True
        return False

    def within(self, kind: str, first: int, last: int, value: Optional[str] = None) -> list:
        """The mentions of one list starting in tokens [first, last), in list order."""
        if not self.__dict__[kind]:
            return []  # most reports have no caption, no suppressor, no origin marker…
        return self.positions(kind, value).within(first, last)

    # -- output -------------------------------------------------------------
    def mentions_out(self) -> list[Mention]:
        """Every mention, in text order, with offsets into the original text."""
        out = [self._mention("cue", f, f.value.sub_event_type) for f in self.cues]
        out += [self._mention("actor", a.found, a.name) for a in self.actors]
        out += [self._place_mention(p) for p in self.places + self.actor_places]
        out += [self._mention("date", f, f.value.iso()) for f in self.dates]
        out += [self._mention("time", f, f.value) for f in self.times]
        out += [self._mention("number", f, str(f.value.value)) for f in self.counts]
        out += [self._mention("number", f, f"{f.value.kind}:{f.value.count}") for f in self.casualties]
        out += [self._mention("weapon", f, f.value) for f in self.weapons]
        return sorted(out, key=lambda m: (m.start, m.end, m.kind))

    def _mention(self, kind: str, found: Found, value: Optional[str], **extra) -> Mention:
        start, end = self.original_span(found)
        return Mention(doc_id=self.report.id, kind=kind, start=start, end=end,
                       text=self.report.text[start:end], value=value, **extra)

    def _place_mention(self, mention: PlaceMention) -> Mention:
        best = mention.best
        info = None
        if best is not None:
            info = PlaceInfo(gazetteer_id=best.id, name_en=best.name_en, name_ar=best.name_ar,
                             kind=best.kind, latitude=best.lat, longitude=best.lon,
                             country=best.country, admin1=best.admin1, admin2=best.admin2,
                             admin3=best.admin3, admin1_pcode=best.pcode(1),
                             admin2_pcode=best.pcode(2), admin3_pcode=best.pcode(3),
                             location_pcode=best.pcode(4))
        return self._mention("place", mention.found, best.name_en if best else None,
                             place=info, candidates=len(mention.candidates))


_FOUND_SPAN = (attrgetter("first"), attrgetter("last"))
_MENTION_SPAN = (attrgetter("found.first"), attrgetter("found.last"))
_TOKEN_SPAN = (int, int)  # lists of token indices ("complementizers", "anaphora"…)
_SPANS = {"actors": _MENTION_SPAN, "places": _MENTION_SPAN, "actor_places": _MENTION_SPAN,
          "complementizers": _TOKEN_SPAN, "origin_stops": _TOKEN_SPAN, "anaphora": _TOKEN_SPAN}

CROWDS = {"Protesters", "Rioters", "Civilians"}  # their names ("محتجون") are protest cues too


@lru_cache(maxsize=1)
def _generic_actors() -> frozenset[str]:
    return frozenset(load_yaml("event_defaults.yaml")["generic_actors"])


def _outside(found: list[Found], spans: list[Found]) -> list[Found]:
    """Cues that are not part of a date ("فجر اليوم") or a place name ("ساحة الطيران")."""
    taken = {i for span in spans for i in range(span.first, span.last)}
    return [f for f in found if not any(i in taken for i in range(f.first, f.last))]


DATELINE_WORDS = 8  # "دير الزور – خاص", "قلقيلية 11-3-2023 وفا-": a short head before the news


def _dateline_end(text: str, tokens: list[Token], cues: list[Found]) -> int:
    """Tokens of the dateline: a short first line, or the words before an early dash, when
    no event cue is among them."""
    first_cue = min((c.first for c in cues), default=len(tokens))
    line_end = text.find("\n")
    in_first_line = [i for i, t in enumerate(tokens[:DATELINE_WORDS + 1]) if line_end < 0 or t.end <= line_end]
    if 0 < line_end and len(in_first_line) <= DATELINE_WORDS and len(in_first_line) < len(tokens):
        end = len(in_first_line)
        return end if end <= first_cue else 0
    for i in range(1, min(DATELINE_WORDS, len(tokens))):
        if "-" in text[tokens[i - 1].end:tokens[i].start] and i <= first_cue:
            return i
    return 0


def analyse(report: Report, gazetteer: Optional[Gazetteer] = None) -> Document:
    """Run every recognition stage over one report."""
    norm = normalize(clean_page(report.text))  # same length: offsets still point into report.text
    tokens = tokenize(norm.text)
    lex = lexicons()
    sentences = split_sentences(norm.text, tokens)
    doc = Document(report, norm, tokens, sentences,
                   split_clauses(norm.text, tokens, sentences, lex.clause_openers))
    text = norm.text
    doc.cues = [Found.from_match("cue", m, entry, text, tokens[m.first].start)
                for m in lex.cues.find(tokens) for entry in m.payloads]
    doc.suppressors = found_all("suppressor", lex.suppressors.find(tokens), text, tokens)
    doc.protest_background = found_all("background", lex.protest_background.find(tokens), text, tokens)
    doc.civilian_targets = found_all("civilian", lex.civilian_targets.find(tokens), text, tokens)
    doc.weapons = found_all("weapon", lex.weapons.find(tokens), text, tokens)
    doc.roles = sorted(found_all("role", lex.roles.find(tokens), text, tokens) + find_role_words(tokens, text),
                       key=lambda r: r.first)
    doc.origins = found_all("origin", lex.origins.find(tokens), text, tokens)
    doc.origin_stops = [m.first for m in lex.origin_stops.find(tokens)]
    actor_spans = find_actor_spans(tokens)
    blocked = {i for m in actor_spans for i in range(m.first, m.last)}
    gazetteer = gazetteer or Gazetteer.load()
    doc.gazetteer = gazetteer
    doc.place_roles = find_place_roles(tokens, text)
    doc.places = find_places(tokens, text, gazetteer, blocked, doc.place_roles)
    places, doc.country = resolve_places(doc.places, gazetteer, actor_country(actor_spans),
                                         outlet_country(report.source, report.url), dialect_votes(tokens))
    doc.places = [p for p in places if not p.in_actor]
    doc.actor_places = [p for p in places if p.in_actor]
    # a nationality adjective names an actor after an attack, force or site word ("موقع المالكية
    # الإسرائيلي"), or after "يرجّح أنها"
    anchors = [c.last for c in doc.cues] + [r.last for r in doc.roles
                                            if r.value in ("force", "suspicion", "target")]
    doc.actors = prefer_named(resolve_anaphors(
        resolve_actors(actor_spans, tokens, text, report.published, doc.country, anchors),
        tokens, text, lex.actor_anaphors.find(tokens)), _generic_actors())
    doc.complementizers = [m.last for m in lex.complementizers.find(tokens)]
    # "سوق الجمعة", "ميدان الشهداء": words of a place name are not a date or a toll
    place_spans = [p.found for p in doc.places]
    doc.dates = _outside(find_dates(text, tokens, report.published), place_spans)
    doc.times = _outside(find_times(tokens, text, doc.dates), place_spans)
    doc.cues = _outside(doc.cues, [d for d in doc.dates] + [p.found for p in doc.places])
    # "قوات مكافحة الشغب" names the police, not a riot; but "الطيران الروسي" still says aircraft
    names = [a.found for a in doc.actors if a.actor.usage != "nisba" and a.actor.inter not in CROWDS]
    inside_a_name = inside_any(names)
    doc.cues = [c for c in doc.cues if c.value.family == "remote" or not inside_a_name(c)]
    doc.dateline_end = _dateline_end(text, tokens, doc.cues)
    doc.since_tokens = {m.first for m in lex.since_words.find(tokens)}
    doc.anaphora = [m.first for m in lex.anaphoric.find(tokens)]
    pointers = {m.last for m in lex.demonstratives.find(tokens)}
    after_time_words = {m.last for m in lex.temporal_pointers.find(tokens)} & set(doc.anaphora)
    # "تلك المواجهات", "وعقب التفجير": an event already told starts nothing new
    doc.cues = [c for c in doc.cues if c.first not in pointers | after_time_words]
    doc.counts = find_counts(tokens, text)
    doc.casualties = casualty_figures(tokens, _outside(find_casualty_words(tokens, text), place_spans),
                                      doc.counts)
    return doc
