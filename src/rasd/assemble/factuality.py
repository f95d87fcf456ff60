"""Factuality and discourse status: is a candidate event the report's own news?

A candidate is the report's own, factual, specific news; background (an earlier event the
report recalls, kept with its own date and emitted only on request); uncertain (kept with a
lower confidence); or not an event (denied, planned, threatened, hypothetical, an opinion, an
accusation, a generic or statistical statement, an aftermath, or a bare noun with no anchor).
The markers, their scope and the reasons are data (data/factuality.yaml); this module only
reads them. Every decision keeps the marker and the span that made it, for ``--explain``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Optional, Sequence

from rasd.assemble.events import Candidate, main_date
from rasd.assemble.sentence_model import sentence_model
from rasd.document import Document
from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import ARTICLE, PhraseMatcher, Token, word_forms
from rasd.positions import Positions
from rasd.recognize.found import Found
from rasd.text.normalize import normalize_key

NEWS, UNCERTAIN, BACKGROUND, NOT_EVENT = "news", "uncertain", "background", "not_event"
NEAR_SCOPES = ("near", "around")
DEFINITE = ARTICLE  # a definite word is a noun, never a finite verb
INTRODUCER_REACH = 3  # "عشرات الآلاف من المتظاهرين": the count may stand a few words before
YEARS = (1900, 2100)  # a four-digit number in this range is a year


@dataclass(frozen=True)
class Family:
    name: str
    status: str
    reason: str
    scope: str  # near | before | clause | sentence | around
    reach: int = 0
    only_families: frozenset[str] = frozenset()
    only_triggers: tuple[str, ...] = ()
    unless_dated: bool = False  # yields to a recent time in the sentence


@dataclass(frozen=True)
class AnchorSet:
    """Words one of which a candidate's sentence must hold (for the triggers listed, or all)."""

    name: str
    reason: str
    times: bool  # a time or a casualty figure anchors too
    triggers: tuple[str, ...] = ()
    skip_triggers: tuple[str, ...] = ()
    not_after: frozenset[str] = frozenset()  # a verb right after one of these does not anchor


@dataclass(frozen=True)
class Rules:
    families: dict[str, Family]
    # One matcher for every family's markers and every anchor set's verbs (one pass over the
    # text); payload (kind, name): ("family", name), ("anchor", set name) or ("except", "").
    markers: PhraseMatcher
    anchors: tuple[AnchorSet, ...]
    uncertain_confidence: float
    recalled_after: timedelta
    sentence_model: dict  # families it may veto, and the reason
    told_before: tuple[tuple[str, ...], frozenset[str], str]  # definite crowd triggers, introducers, reason
    verb_reach: int  # words from the trigger, within its sentence, where an anchor verb counts
    year_gap: int  # a year this many years before publication, or earlier, is background
    pluperfect: dict  # openers (كان…), the particle (قد) and the reason

    @property
    def anchor_sets(self) -> dict[str, AnchorSet]:
        return {a.name: a for a in self.anchors}


@dataclass(frozen=True)
class Decision:
    """What the stage decided about one candidate, and the span that decided it."""

    status: str
    family: str = ""
    reason: str = ""
    marker: Optional[Found] = None


@lru_cache(maxsize=1)
def rules() -> Rules:
    raw = load_yaml("factuality.yaml")
    families, entries = {}, []
    for name, spec in raw["families"].items():
        only = spec.get("only") or {}
        families[name] = Family(name, spec["status"], spec["reason"], spec["scope"], int(spec.get("reach", 0)),
                                frozenset(only.get("families", ())), _keys(only.get("triggers", ())),
                                bool(spec.get("unless_dated")))
        entries += [(key, ("except", "")) for key in _keys(spec.get("except", ()))]
        entries += [(key, ("family", name)) for key in _keys(spec.get("markers") or load_yaml(spec["markers_from"])[name])]
    entries += [(key, ("anchor", a["name"])) for a in raw["anchors"] for key in _keys(a["verbs"])]
    anchors = tuple(AnchorSet(a["name"], a["reason"], bool(a["times"]), _keys(a.get("triggers", ())),
                              _keys(a.get("skip_triggers", ())), frozenset(_keys(a.get("not_after", ()))))
                    for a in raw["anchors"])
    told = raw["told_before"]
    return Rules(families=families, markers=PhraseMatcher(entries), anchors=anchors,
                 uncertain_confidence=float(raw["uncertain_confidence"]),
                 recalled_after=timedelta(days=int(raw["recalled_after_days"])),
                 sentence_model=raw["sentence_model"],
                 told_before=(_keys(told["triggers"]), frozenset(_keys(told["introducers"])), told["reason"]),
                 verb_reach=int(raw["anchor_verb_reach"]), year_gap=int(raw["recalled_year_gap"]),
                 pluperfect={"openers": frozenset(_keys(raw["pluperfect"]["openers"])),
                             "particle": normalize_key(raw["pluperfect"]["particle"]),
                             "reason": raw["pluperfect"]["reason"]})


def _keys(words) -> tuple[str, ...]:
    return tuple(normalize_key(w) for w in words)


@dataclass
class Markers:
    """The framing markers of one document, found once: (family, span) in text order."""

    found: list[tuple[str, Found]]
    anchor_tokens: dict[str, set[int]]  # anchor set → token indices of its verbs
    recent_dates: list[Found]
    _by_position: Optional[Positions] = None

    def starting_in(self, first: int, last: int) -> list[tuple[str, Found]]:
        """The markers whose span starts in tokens [first, last), in text order."""
        if self._by_position is None:
            self._by_position = Positions(self.found, lambda m: m[1].first, lambda m: m[1].last)
        return self._by_position.within(first, last)


def find_markers(doc: Document) -> Markers:
    r = rules()
    text, tokens = doc.norm.text, doc.tokens
    recent = [d for d in doc.dates if d.value.day >= doc.report.published - r.recalled_after]
    found, anchors, sets = [], {a.name: set() for a in r.anchors}, r.anchor_sets
    for match in r.markers.find(tokens):
        span = Found.from_match("marker", match, None, text, tokens[match.first].start)
        for kind, name in match.payloads:
            if kind == "family" and not any(d.first <= span.first and span.last <= d.last for d in recent):
                found.append((name, span))  # "منذ ساعات" is a time of today, not a frame
            elif kind == "anchor" and _verb(tokens, match, sets[name]):
                anchors[name].add(match.first)
    return Markers(found, anchors, recent)


def _verb(tokens: Sequence[Token], match, anchor: AnchorSet) -> bool:
    """A finite verb: not a definite noun, nor right after a relative pronoun."""
    previous = tokens[match.first - 1].text if match.first else ""  # tokens are normalised text
    return not _definite(tokens[match.first], match.start) and previous not in anchor.not_after


def _definite(token: Token, match_start: int) -> bool:
    """The clitics stripped before the match end in the article: a noun."""
    return token.text[:match_start - token.start].endswith(DEFINITE)


def _in_scope(family: Family, span: Found, trigger: Found, clause: tuple[int, int],
              sentence: tuple[int, int]) -> bool:
    if not sentence[0] <= span.first < sentence[1]:
        return False
    if family.scope == "sentence":
        return True
    if family.scope == "clause":
        return clause[0] <= span.first < clause[1] and not _overlaps(span, trigger)
    if family.scope == "before":
        return span.last <= trigger.first
    if family.scope == "around":
        return trigger.first - span.last <= family.reach and span.first - trigger.last <= family.reach \
            and not _overlaps(span, trigger)
    return span.last <= trigger.first and trigger.first - span.last <= family.reach  # near


def _overlaps(a: Found, b: Found) -> bool:
    return a.first < b.last and b.first < a.last


@lru_cache(maxsize=16_384)  # a handful of trigger words, asked about for every candidate
def _word_in(word: str, patterns: tuple[str, ...]) -> bool:
    return any(word.startswith(p[:-1]) if p.endswith("*") else word == p for p in patterns)


@dataclass(slots=True)
class _Where:
    """Where a candidate stands: its trigger, clause, sentence and the words near the trigger."""

    trigger: Found
    word: str  # the trigger's normalised text
    clause: tuple[int, int]
    sentence: range
    near: range
    dated: bool  # a recent time is told near the trigger


def judge(doc: Document, markers: Markers, candidate: Candidate) -> Decision:
    """The status of one candidate: the first framing family in scope decides; a candidate
    with no anchor is no event; one placed well before publication is background."""
    r = rules()
    trigger, sentence = candidate.kind.trigger, doc.sentences[candidate.sentence]
    near = range(max(sentence.first, trigger.first - r.verb_reach), min(sentence.last, trigger.last + r.verb_reach))
    where = _Where(trigger, doc.norm.text[trigger.start:trigger.end], (candidate.first, candidate.last),
                   range(sentence.first, sentence.last), near, any(d.first in near for d in markers.recent_dates))
    return (_framed(markers, candidate, where) or _unanchored(doc, markers, where)
            or _recalled(doc, candidate, where) or Decision(NEWS))


def _framed(markers: Markers, candidate: Candidate, where: _Where) -> Optional[Decision]:
    r = rules()
    for name, span in markers.starting_in(where.sentence.start, where.sentence.stop):  # no frame reaches further
        family = r.families[name]
        if family.only_families and candidate.kind.family not in family.only_families:
            continue
        if (family.only_triggers and not _word_in(where.word, family.only_triggers)) or (family.unless_dated and where.dated):
            continue
        # a near frame may govern the first trigger or the cue that typed the event
        cues = (where.trigger, candidate.kind.typing_cue) if family.scope in NEAR_SCOPES else (where.trigger,)
        bounds = (where.sentence.start, where.sentence.stop)
        if any(_in_scope(family, span, cue, where.clause, bounds) for cue in cues):
            return Decision(family.status, name, family.reason, span)
    return None


def _unanchored(doc: Document, markers: Markers, where: _Where) -> Optional[Decision]:
    for anchor in rules().anchors:
        if (anchor.triggers and not _word_in(where.word, anchor.triggers)) or _word_in(where.word, anchor.skip_triggers):
            continue
        if not _anchored(doc, markers, anchor, where.sentence, where.near):
            return Decision(NOT_EVENT, anchor.name, anchor.reason, where.trigger)
    if _definite_crowd(doc, where.trigger, where.word):
        return Decision(NOT_EVENT, "told_before", rules().told_before[2], where.trigger)
    return None


def _recalled(doc: Document, candidate: Candidate, where: _Where) -> Optional[Decision]:
    """An old date after "منذ" in the clause (no event); a year well before publication in the
    sentence, or the candidate's own date well before it, told before the end of its clause
    (background)."""
    r = rules()
    recent = doc.report.published - r.recalled_after  # "منذ صباح أمس" is an act still going on
    since = next((d for d in doc.within("dates", where.clause[0], where.clause[1])
                  if d.first - 1 in doc.since_tokens and d.value.day < recent), None)
    if since is not None:  # "منذ ٨ تشرين الأول": a total or a state since then
        return Decision(NOT_EVENT, "since", "a total or a state since a date, not one event", since)
    old_year = _old_year(doc, where.sentence, r.year_gap)
    if old_year is not None and not where.dated:
        return Decision(BACKGROUND, "year", "a year well before the report's news", old_year)
    found = candidate.date_found
    if found is not None and candidate.date.day < doc.report.published - r.recalled_after \
            and where.sentence.start <= found.first < candidate.last:
        return Decision(BACKGROUND, "date", "dated well before the report's publication", found)
    opener = _pluperfect_opener(doc, where)
    if opener is not None and candidate.date.day < main_date(doc)[0].day:
        return Decision(BACKGROUND, "pluperfect", r.pluperfect["reason"], opener)
    return None


def _pluperfect_opener(doc: Document, where: _Where) -> Optional[Found]:
    """"وكان ناشطون قد نفّذوا…": a sentence opened by كان with قد before the trigger."""
    spec, start = rules().pluperfect, where.sentence.start
    first = doc.tokens[start] if start < len(doc.tokens) else None
    if first is None or not any(form in spec["openers"] for form, _ in word_forms(first.text)):
        return None
    if not any(doc.tokens[i].text == spec["particle"] for i in range(start + 1, where.trigger.first)):
        return None
    return Found("pluperfect", start, start + 1, first.start, first.end)


def _definite_crowd(doc: Document, trigger: Found, trigger_word: str) -> bool:
    """"المتظاهرون" with no count just before it: the crowd the report has already introduced."""
    triggers, introducers, _ = rules().told_before
    if not (_word_in(trigger_word, triggers) and trigger.clitic.endswith(DEFINITE)):
        return False
    before = doc.tokens[max(0, trigger.first - INTRODUCER_REACH):trigger.first]
    return not any(t.text.isdigit() or any(form in introducers for form, _ in word_forms(t.text)) for t in before)


def _old_year(doc: Document, inside: range, gap: int) -> Optional[Found]:
    """"في أيلول 2001", "عام 1986": a year told in the sentence, well before publication."""
    for i in inside:
        token = doc.tokens[i]
        if len(token.text) == 4 and token.text.isdigit() and \
                YEARS[0] <= int(token.text) <= doc.report.published.year - gap:
            return Found("year", i, i + 1, token.start, token.end)
    return None


def _anchored(doc: Document, markers: Markers, anchor: AnchorSet, inside: range, verbs: range) -> bool:
    """A verb of the set or a time near the trigger (where times count); or a casualty
    figure in the sentence."""
    if any(i in markers.anchor_tokens[anchor.name] for i in verbs):
        return True
    if not anchor.times:
        return False
    return doc.positions("dates").any_within(verbs.start, verbs.stop) or \
        any(c.value.kind != "none" for c in doc.within("casualties", inside.start, inside.stop))


def model_veto(doc: Document, candidate: Candidate, said: dict[int, bool]) -> Optional[Decision]:
    """The sentence model's veto on a violent candidate the rules kept (``said`` caches its
    verdict per sentence)."""
    spec = rules().sentence_model
    if candidate.kind.family not in spec["families"]:
        return None
    if spec.get("spare_told_acts") and _told_act(doc, candidate):
        return None
    if candidate.sentence not in said:
        sentence = doc.sentences[candidate.sentence]
        said[candidate.sentence] = sentence_model().positive_words([t.text for t in doc.tokens[sentence.first:sentence.last]])
    return None if said[candidate.sentence] else Decision(NOT_EVENT, "sentence_model", spec["reason"],
                                                          candidate.kind.trigger)


def _told_act(doc: Document, candidate: Candidate) -> bool:
    """An act with its attacker, its own place and a recent day next to its trigger: the
    rules' strongest evidence, which a model trained on older newswire does not overrule. Not
    an act a relative clause recalls ("الجندي الذي خطف في بغداد", "الهجوم الذي نفذته")."""
    if not candidate.roles.agents or candidate.place is None or candidate.place_inherited:
        return False
    r, trigger = rules(), candidate.kind.trigger
    relatives = frozenset().union(*(a.not_after for a in r.anchors))
    beside = doc.tokens[max(0, trigger.first - 1):trigger.last + 1]
    if any(t.text in relatives for t in beside):
        return False
    sentence = doc.sentences[candidate.sentence]
    near = range(max(sentence.first, trigger.first - r.verb_reach), min(sentence.last, trigger.last + r.verb_reach))
    recent = doc.report.published - r.recalled_after
    return any(d.value.day >= recent for d in doc.within("dates", near.start, near.stop))
