"""Tolls across sentences and places: "ارتفع عدد القتلى إلى 21" gives the new total of an
event already told; "قُتل عنصران. وجاء ذلك إثر هجوم…" gives the explained sentence's toll to the
event that explains it; "قُتل شخصان في X وثلاثة في Y" splits a clause's toll between its places.

A sentence that only updates a toll yields no event of its own, so no candidate takes its
figures. Its figures belong to the event told just before it, unless the sentence names a
place that event is not at (then it speaks of something else) or counts since a date (a total
over a period, coding guide). Figures of one event are combined by their largest value
(rasd.recognize.numbers), so the new total wins.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Optional, Sequence

from rasd.document import Document
from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import PhraseMatcher
from rasd.recognize.found import Found
from rasd.recognize.numbers import KILLED_KINDS, Casualty
from rasd.text.normalize import normalize_key


@lru_cache(maxsize=1)
def _update_words() -> PhraseMatcher[str]:
    return PhraseMatcher([(normalize_key(w), "update") for w in load_yaml("tolls.yaml")["updates"]])


def attach_toll_updates(doc: Document, told: Sequence) -> None:
    """Give the figures of each toll-update sentence that yields no event of its own to the
    event told before it (every place candidate of that clause)."""
    if not doc.casualties:
        return
    for marker in _update_words().find(doc.tokens):
        sentence = doc.sentence_of(marker.first)
        if any(c.sentence == sentence for c in told):
            continue  # a sentence with an event of its own: merging decides
        bounds = doc.sentences[sentence]
        if any(i in doc.since_tokens for i in range(bounds.first, bounds.last)):
            continue  # "ارتفع عدد الشهداء منذ السابع من تشرين الأول إلى…": a total over a period
        figures = [f for f in doc.within("casualties", marker.first, bounds.last) if f.value.count is not None]
        earlier = [c for c in told if c.sentence < sentence]
        if not figures or not earlier:
            continue
        for candidate in _same_clause(earlier, earlier[-1]):
            if _same_place(doc, candidate, bounds.first, bounds.last):
                _add(candidate, figures)


def _same_clause(told: Sequence, one) -> list:
    """Every place candidate of ``one``'s clause."""
    return [c for c in told if (c.sentence, c.first) == (one.sentence, one.first)]


def _add(candidate, figures: Sequence[Found]) -> None:
    candidate.casualties += [f for f in figures if f not in candidate.casualties]


def _same_place(doc: Document, candidate, first: int, last: int) -> bool:
    """The update names no place, or one in the event's governorate (or its country)."""
    named = [p.best for p in doc.within("places", first, last) if p.best is not None]
    if not named:
        return True
    if candidate.place is None:
        return False
    here = candidate.place.place
    return any(p.country == here.country and p.admin1 in (None, here.admin1) for p in named)


@lru_cache(maxsize=1)
def _cause_openers() -> PhraseMatcher[str]:
    return PhraseMatcher([(normalize_key(w), "cause") for w in load_yaml("tolls.yaml")["cause_openers"]])


def attach_explained_tolls(doc: Document, told: Sequence) -> None:
    """"قُتل عنصران… . وجاء ذلك إثر هجوم…": a sentence that opens by explaining the one before
    takes that sentence's toll when the one before yields no event of its own."""
    for opener in _cause_openers().find(doc.tokens):
        sentence = doc.sentence_of(opener.first)
        if sentence == 0 or opener.first != doc.sentences[sentence].first:
            continue
        if any(c.sentence == sentence - 1 for c in told):
            continue
        first_event = min((c for c in told if c.sentence == sentence), key=lambda c: c.first, default=None)
        if first_event is None:
            continue
        before = doc.sentences[sentence - 1]
        figures = doc.within("casualties", before.first, before.last)
        for candidate in _same_clause(told, first_event):
            _add(candidate, figures)


PLACE_COUNT_REACH = 4  # "وثلاثة في بلدة Y", "ثلاثة منهم في Y": a count this close before the place


def split_tolls_by_place(candidates: Sequence) -> None:
    """One clause naming several places gives each the clause's toll, unless the text splits
    it ("قُتل شخصان في X وثلاثة في Y"): then each place takes the count told with it."""
    groups: dict[tuple[int, int], list] = {}
    for candidate in candidates:
        groups.setdefault((candidate.sentence, candidate.first), []).append(candidate)
    for group in groups.values():
        if len(group) < 2 or any(c.place is None for c in group):
            continue
        killed = [f for f in group[0].casualties if f.value.kind in KILLED_KINDS]
        if len(killed) != 1:
            continue
        counts = [_count_told_with(c.doc, c.place.mention.found.first, killed[0]) for c in group]
        if None in counts or len({id(c) for c in counts}) < len(counts):
            continue
        for candidate, count in zip(group, counts):
            figure = replace(killed[0], value=Casualty(killed[0].value.kind, count.value.value, count.value.value))
            candidate.casualties = [figure if f is killed[0] else f for f in candidate.casualties]


def _count_told_with(doc: Document, place_first: int, figure: Found) -> Optional[Found]:
    """The count right before a place (after the casualty word), with no other place between."""
    near = [c for c in doc.within("counts", figure.first + 1, place_first)
            if place_first - c.last <= PLACE_COUNT_REACH and not c.value.vague]
    if not near:
        return None
    count = near[-1]
    between = doc.positions("places").any_within(count.last, place_first)
    return None if between else count
