"""Counts (digits, number words, vague quantities) and casualty figures.

A casualty word (مقتل، جرحى، أصيب…) takes the count next to it, before or after, a few
words away ("مقتل عنصرين", "17 قتيلاً", "مقتل أكثر من سبعة عناصر"); with none, the
coding guide's vague rules apply.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from rasd.lexicon.compiled import lexicons
from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import Token, word_forms
from rasd.recognize.found import Found, found_all
from rasd.text.normalize import normalize_key

VAGUE_DEATHS = 3
MASSACRE_DEATHS = 10
JOINT_CAP = 3
COUNT_WINDOW = 4  # words between a casualty word and its count


@dataclass(frozen=True)
class Count:
    value: int
    vague: bool = False
    person: bool = False  # a person noun ("عنصرين"), not a bare number


@dataclass(frozen=True)
class Casualty:
    kind: str  # killed | injured | joint | massacre | none
    count: Optional[int]  # None: no figure given
    reported: Optional[int] = None  # the figure as written ("مقتل وإصابة 12": 12)


def _tens_after(tokens: Sequence[Token], index: int, tens: dict[str, int]) -> Optional[int]:
    if index < len(tokens):
        for form, clitic in word_forms(tokens[index].text):
            if clitic and form in tens:
                return tens[form]
    return None


def find_counts(tokens: Sequence[Token], text: str) -> list[Found]:
    """Digits, number words (with 'five and twenty' compounds) and vague quantities."""
    counts = [Found("number", i, i + 1, t.start, t.end, Count(int(t.text)))
              for i, t in enumerate(tokens) if t.text.isdigit() and len(t.text) <= 6]
    tens = _tens_words()
    for found in found_all("number", lexicons().quantities.find(tokens), text, tokens):
        kind, value = found.value
        if kind == "units":
            extra = _tens_after(tokens, found.last, tens)
            if extra:
                value += extra
                found.last += 1
                found.end = tokens[found.last - 1].end
        found.value = Count(value, vague=kind == "vague", person=kind in ("singular", "dual"))
        counts.append(found)
    return sorted(counts, key=lambda f: f.first)


@lru_cache(maxsize=1)
def _approximators() -> frozenset[str]:
    return frozenset(normalize_key(w) for w in load_yaml("quantities.yaml")["approximators"])


@lru_cache(maxsize=1)
def _person_plurals() -> frozenset[str]:
    return frozenset(normalize_key(w) for w in load_yaml("quantities.yaml")["person_plural"])


@lru_cache(maxsize=1)
def _tens_words() -> dict[str, int]:
    return {normalize_key(word): int(value) for word, value in load_yaml("quantities.yaml")["tens"].items()}


KILLED_KINDS = frozenset({"killed", "killed_one", "killed_two", "killed_subject", "massacre", "joint"})
SUBJECT_REACH = 3  # "لقي ثلاثة عناصر من قسد مصرعهم"
INJURED_KINDS = frozenset({"injured", "joint"})
DEFAULT_COUNTS = {"killed_one": 1, "killed_two": 2}  # "مقتله", "مقتلهما"
NEGATION_WINDOW = 4  # "دون ورود معلومات عن إصابات"


def find_casualty_words(tokens: Sequence[Token], text: str) -> list[Found]:
    """Casualty words; one negated by a word shortly before it reports none."""
    lex = lexicons()
    negators = {m.last: m for m in lex.casualty_negators.find(tokens)}
    words = found_all("casualty", lex.casualties.find(tokens), text, tokens)
    for word in words:
        if any(word.first - k in negators for k in range(NEGATION_WINDOW + 1)):
            word.value = "none"
    return words


def _count_near(word: Found, counts_by_token: dict[int, Found], tokens: Sequence[Token]) -> Optional[Count]:
    """The count after the word (skipping approximators), else the one just before it."""
    if word.value == "killed_subject":  # the dead are named before "حتفهم", people or numbers
        for back in range(word.first - 1, max(-1, word.first - 1 - SUBJECT_REACH * 2), -1):
            if back in counts_by_token:
                return counts_by_token[back].value
        return None
    index = word.last
    plural_people = _person_plurals()
    approximators = _approximators()
    for _ in range(COUNT_WINDOW + 2):
        if index in counts_by_token:
            return counts_by_token[index].value
        if index >= len(tokens) or (tokens[index].text not in approximators
                                    and normalize_key(tokens[index].text) not in plural_people):
            break
        index += 1
    back = word.first - 1  # "17 قتيلاً": only the word right before
    if back in counts_by_token and not counts_by_token[back].value.person:
        return counts_by_token[back].value
    return None


def casualty_figures(tokens: Sequence[Token], words: Sequence[Found],
                     counts: Sequence[Found]) -> list[Found]:
    """Each casualty word with the figure it reports (value: :class:`Casualty`)."""
    counts_by_token = {c.first: c for c in counts}
    figures = []
    for word in words:
        kind = word.value
        count = _count_near(word, counts_by_token, tokens) if kind != "none" else None
        figures.append(Found("number", word.first, word.last, word.start, word.end,
                             Casualty(kind, _figure(kind, count), count.value if count else None)))
    return figures


def _figure(kind: str, count: Optional[Count]) -> Optional[int]:
    if kind == "none":
        return 0
    if kind in DEFAULT_COUNTS:
        return count.value if count else DEFAULT_COUNTS[kind]
    if kind == "massacre":
        return count.value if count and not count.vague else MASSACRE_DEATHS
    if kind == "joint":
        return min(JOINT_CAP, count.value) if count else JOINT_CAP
    if count is None:
        return None
    return count.value


def sum_casualties(figures: Sequence[Casualty]) -> tuple[int, Optional[int]]:
    """(fatalities, injuries) from the figures of one event: the largest of each kind."""
    killed = [f.count for f in figures if f.kind in KILLED_KINDS]
    injured = [f.count for f in figures if f.kind in INJURED_KINDS]
    fatalities = max((c if c is not None else VAGUE_DEATHS for c in killed), default=0)
    injuries = max((c if c is not None else VAGUE_DEATHS for c in injured), default=None)
    if any(f.kind == "none" for f in figures) and not killed:
        injuries = injuries if injuries is not None else 0
    return fatalities, injuries
