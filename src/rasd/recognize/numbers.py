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


PERCENT_REACH = 3  # characters after a number searched for a percent sign


def _percentage(tokens: Sequence[Token], index: int, text: str) -> bool:
    """"90% من المصلين", "٤٠ بالمئة": a share of a group, never a count of people."""
    token = tokens[index]
    after = text[token.end:token.end + PERCENT_REACH].lstrip()
    following = [t.text for t in tokens[index + 1:index + 3]]  # a token's text is its key already
    return after.startswith(_percent_signs()) or any(
        " ".join(following[:n]) in _percent_words() for n in (1, 2))


def find_counts(tokens: Sequence[Token], text: str) -> list[Found]:
    """Digits, number words (with 'five and twenty' compounds) and vague quantities."""
    digits = [i for i, t in enumerate(tokens) if t.text.isdigit() and len(t.text) <= 6]
    shares = {i for i in digits if _percentage(tokens, i, text)}
    counts = [Found("number", i, i + 1, tokens[i].start, tokens[i].end, Count(int(tokens[i].text)))
              for i in digits if i not in shares]
    percent_words = {i + k for i in shares for k in (1, 2)}  # "في المئة" is not a hundred
    tens = _tens_words()
    for found in found_all("number", lexicons().quantities.find(tokens), text, tokens):
        if found.first in percent_words:
            continue
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
def _percent_signs() -> tuple[str, ...]:
    return tuple(load_yaml("quantities.yaml")["percent"]["signs"])


@lru_cache(maxsize=1)
def _percent_words() -> frozenset[str]:
    return frozenset(normalize_key(w) for w in load_yaml("quantities.yaml")["percent"]["words"])


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
                                    and tokens[index].text not in plural_people):
            break
        index += 1
    return _count_before(word, counts_by_token, tokens)


def _count_before(word: Found, counts_by_token: dict[int, Found], tokens: Sequence[Token]) -> Optional[Count]:
    """"17 قتيلاً": the number right before; "40 شخصاً على الأقل قتلوا": a number, its person
    noun and approximators before the verb."""
    back = word.first - 1
    approximators = _approximators()
    while back >= 0 and word.first - back <= COUNT_WINDOW and tokens[back].text in approximators:
        back -= 1
    found = counts_by_token.get(back)
    if found is None or not found.value.person:
        return found.value if found is not None else None
    number = counts_by_token.get(back - 1)  # "40 شخصاً": the noun after a number is its tamyiz
    return number.value if number is not None and not number.value.person else None


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


def _largest(counts: list[Optional[int]], default: Optional[int]) -> Optional[int]:
    given = [c for c in counts if c is not None]
    if given:
        return max(given)
    return VAGUE_DEATHS if counts else default


def sum_casualties(figures: Sequence[Casualty]) -> tuple[int, Optional[int]]:
    """(fatalities, injuries) from the figures of one event: the largest of each kind. A word
    with no figure ("سقوط شهيد"، "فيرديه قتيلاً") tells of the same dead as a figure beside it:
    the guide's vague count applies only when no figure is given at all."""
    killed = [f.count for f in figures if f.kind in KILLED_KINDS]
    injured = [f.count for f in figures if f.kind in INJURED_KINDS]
    fatalities = _largest(killed, default=0)
    injuries = _largest(injured, default=None)
    if any(f.kind == "none" for f in figures) and not killed:
        injuries = injuries if injuries is not None else 0
    return fatalities, injuries
