"""Token-level phrase matching with Arabic clitics handled once, for every lexicon.

Entries are written in plain normalised form ("الحرس الثوري", "حقل العمر"). The
first word of a phrase in the text may carry proclitics (و، ف، ب، ل، ك، لل، وال…);
those are stripped here, for all kinds of entries alike. A word written with a
trailing ``*`` in an entry matches any word that starts with it (inflection:
"قصف*" matches قصفت، قصفوا).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Iterable, Sequence, TypeVar

from rasd.lexicon.loader import load_yaml

T = TypeVar("T")

TOKEN_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3A-Za-z]+|[0-9]+")  # "و28" is و + 28


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # offsets in the normalised text
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    first: int  # index of the first token
    last: int  # index one past the last token
    start: int  # character offsets in the normalised text, clitic excluded
    end: int
    key: str
    payloads: tuple[T, ...]
    exact: bool  # the first word matched without stripping a clitic


@dataclass(frozen=True)
class _Clitics:
    proclitics: tuple[str, ...]
    article_lam: tuple[str, ...]
    article: tuple[str, ...]
    min_stem: int


@lru_cache(maxsize=1)
def _clitics() -> _Clitics:
    raw = load_yaml("clitics.yaml")
    by_length = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return _Clitics(
        by_length(raw["proclitics"]), by_length(raw["article_lam"]),
        by_length(raw["article"]), int(raw["min_stem"]),
    )


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[tuple[str, int], ...]:
    """Forms a text word may stand for, each with the length of the clitic removed."""
    clitics = _clitics()
    forms: dict[str, int] = {word: 0}
    for prefix in clitics.article_lam:
        if word.startswith(prefix) and len(word) - len(prefix) >= clitics.min_stem:
            forms.setdefault("ال" + word[len(prefix):], len(prefix) - 1)
    for prefix in clitics.proclitics:
        if word.startswith(prefix) and len(word) - len(prefix) >= clitics.min_stem:
            forms.setdefault(word[len(prefix):], len(prefix))
    for prefix in clitics.article:
        if word.startswith(prefix) and len(word) - len(prefix) >= clitics.min_stem:
            forms.setdefault(word[len(prefix):], len(prefix))
    return tuple(forms.items())


class PhraseMatcher(Generic[T]):
    """Finds lexicon phrases in a token sequence (leftmost-longest, no overlap)."""

    def __init__(self, entries: Iterable[tuple[str, T]]):
        self._exact: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._stems: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._payloads: dict[str, list[T]] = {}
        for key, payload in entries:
            words = tuple(key.split())
            if not words:
                continue
            if key not in self._payloads:
                self._payloads[key] = []
                first = words[0]
                table = self._stems if first.endswith("*") else self._exact
                table.setdefault(first.rstrip("*"), []).append((words, key))
            self._payloads[key].append(payload)
        for table in (self._exact, self._stems):
            for phrases in table.values():
                phrases.sort(key=lambda p: len(p[0]), reverse=True)
        self._max_stem = max((len(s) for s in self._stems), default=0)

    def __len__(self) -> int:
        return len(self._payloads)

    def keys(self) -> Iterable[str]:
        return self._payloads.keys()

    def payloads(self, key: str) -> list[T]:
        return self._payloads.get(key, [])

    def find(self, tokens: Sequence[Token]) -> list[Match[T]]:
        found: list[Match[T]] = []
        index = 0
        while index < len(tokens):
            best = self.match_at(tokens, index)
            if best is None:
                index += 1
                continue
            found.append(best)
            index = best.last
        return found

    def find_all(self, tokens: Sequence[Token]) -> list[Match[T]]:
        """Every longest match starting at each token (overlaps allowed)."""
        return [m for i in range(len(tokens)) if (m := self.match_at(tokens, i))]

    def match_at(self, tokens: Sequence[Token], index: int) -> Match[T] | None:
        best: Match[T] | None = None
        for form, clitic_len in word_forms(tokens[index].text):
            for words, key in self._candidates(form):
                last = _match_rest(words, tokens, index)
                if last is None:
                    continue
                better = best is None or (last, clitic_len == 0) > (best.last, best.exact)
                if better:
                    best = Match(index, last, tokens[index].start + clitic_len,
                                 tokens[last - 1].end, key, tuple(self._payloads[key]),
                                 clitic_len == 0)
        return best

    def _candidates(self, form: str) -> list[tuple[tuple[str, ...], str]]:
        phrases = list(self._exact.get(form, ()))
        if self._stems:
            for size in range(2, min(len(form), self._max_stem) + 1):
                phrases.extend(self._stems.get(form[:size], ()))
        return phrases


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def _match_rest(words: tuple[str, ...], tokens: Sequence[Token], index: int) -> int | None:
    """Index one past the phrase when words[1:] follow tokens[index]; else None."""
    if index + len(words) > len(tokens):
        return None
    for offset, pattern in enumerate(words[1:], start=1):
        if not _word_matches(pattern, tokens[index + offset].text):
            return None
    return index + len(words)
