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

ARTICLE = "ال"
FORM_CACHE_SIZE = 200_000  # word forms remembered per matcher
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


class _Node:
    """A word trie node: exact next words, prefix (``*``) next words, the phrase ending here."""

    __slots__ = ("children", "stars", "key")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.stars: list[tuple[str, _Node]] = []
        self.key: str | None = None

    def child(self, word: str) -> "_Node":
        if word.endswith("*"):
            stem = word[:-1]
            for prefix, node in self.stars:
                if prefix == stem:
                    return node
            node = _Node()
            self.stars.append((stem, node))
            return node
        return self.children.setdefault(word, _Node())

    def longest(self, tokens: Sequence[Token], index: int, definite: bool = False) -> tuple[int, str] | None:
        """(index one past the longest phrase continuing at tokens[index], its key). With
        ``definite`` (the first word lost its article) the next words may drop theirs too:
        "القنابل المسيلة" reads as "قنابل مسيلة"."""
        best = (index, self.key) if self.key is not None else None
        if index < len(tokens):
            word = tokens[index].text
            words = (word, word[2:]) if definite and word.startswith(ARTICLE) and len(word) > 4 else (word,)
            nexts = [self.children[w] for w in words if w in self.children]
            nexts += [node for prefix, node in self.stars if any(w.startswith(prefix) for w in words)]
            for node in nexts:
                found = node.longest(tokens, index + 1, definite)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
        return best


class PhraseMatcher(Generic[T]):
    """Finds lexicon phrases in a token sequence (leftmost-longest, no overlap)."""

    def __init__(self, entries: Iterable[tuple[str, T]]):
        self._exact: dict[str, _Node] = {}  # first word → trie of the rest
        self._stems: dict[str, _Node] = {}  # first-word prefix ("قصف*") → trie
        self._payloads: dict[str, list[T]] = {}
        for key, payload in entries:
            words = key.split()
            if not words:
                continue
            if key not in self._payloads:
                self._payloads[key] = []
                self._insert(words, key)
            self._payloads[key].append(payload)
        self._max_stem = max((len(s) for s in self._stems), default=0)
        self._by_form: dict[str, tuple[_Node, ...]] = {}  # form → first nodes (vocabulary repeats)
        self._starts: dict[str, bool] = {}  # word → does it begin any entry

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_by_form"] = {}  # caches, rebuilt as the matcher is used
        state["_starts"] = {}
        return state

    def __setstate__(self, state: dict) -> None:
        state.setdefault("_by_form", {})
        state.setdefault("_starts", {})
        self.__dict__.update(state)

    def _insert(self, words: list[str], key: str) -> None:
        first = words[0]
        table = self._stems if first.endswith("*") else self._exact
        node = table.setdefault(first.rstrip("*"), _Node())
        for word in words[1:]:
            node = node.child(word)
        node.key = key

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
            best = self.match_at(tokens, index) if self._may_start(tokens[index].text) else None
            if best is None:
                index += 1
                continue
            found.append(best)
            index = best.last
        return found

    def _may_start(self, word: str) -> bool:
        """Cheap test: does any form of the word begin an entry? (most words don't)"""
        known = self._starts.get(word)
        if known is None:
            known = any(self._first_nodes(form) for form, _ in word_forms(word))
            if len(self._starts) < FORM_CACHE_SIZE:
                self._starts[word] = known
        return known

    def find_all(self, tokens: Sequence[Token]) -> list[Match[T]]:
        """Every longest match starting at each token (overlaps allowed)."""
        return [m for i in range(len(tokens)) if (m := self.match_at(tokens, i))]

    def match_at(self, tokens: Sequence[Token], index: int) -> Match[T] | None:
        best: tuple[int, bool, str, int] | None = None  # (last, exact, key, clitic length)
        word = tokens[index].text
        for form, clitic_len in word_forms(word):
            definite = word[:clitic_len].endswith(ARTICLE)
            for node in self._first_nodes(form):
                found = node.longest(tokens, index + 1, definite)
                if found is None:
                    continue
                candidate = (found[0], clitic_len == 0, found[1], clitic_len)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        if best is None:
            return None
        last, exact, key, clitic_len = best
        return Match(index, last, tokens[index].start + clitic_len, tokens[last - 1].end, key,
                     tuple(self._payloads[key]), exact)

    def _first_nodes(self, form: str) -> tuple[_Node, ...]:
        cached = self._by_form.get(form)
        if cached is not None:
            return cached
        nodes = [self._exact[form]] if form in self._exact else []
        for size in range(2, min(len(form), self._max_stem) + 1):
            node = self._stems.get(form[:size])
            if node is not None:
                nodes.append(node)
        result = tuple(nodes)
        if len(self._by_form) < FORM_CACHE_SIZE:
            self._by_form[form] = result
        return result
