"""Token-level phrase matching with Arabic clitics handled once, for every lexicon.

Entries are written in plain normalised form ("الحرس الثوري", "حقل العمر"). The
first word of a phrase in the text may carry proclitics (و، ف، ب، ل، ك، لل، وال…);
those are stripped here, for all kinds of entries alike. A word written with a
trailing ``*`` in an entry matches any word that starts with it (inflection:
"قصف*" matches قصفت، قصفوا).

Every matcher of the process registers its first words in one shared index (word
form → the matchers and trie nodes that can start there). A word of the text is
analysed once — its clitic forms and every phrase start in every lexicon — and the
analysis is kept in one size-capped cache shared by all matchers. A token list is
scanned once: each matcher then visits only the tokens where one of its phrases
can start, instead of testing every token itself.
"""
from __future__ import annotations

import itertools
import re
import threading
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Iterable, Optional, Sequence, TypeVar

from rasd.lexicon.loader import load_yaml

T = TypeVar("T")

ARTICLE = "ال"
# Word analyses kept (LRU), shared by every matcher: ~0.5 KB each. Real news repeats most of
# its vocabulary; a bound keeps memory flat on corpora where every report brings new words.
WORD_CACHE_SIZE = 50_000
TOKEN_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3A-Za-z]+|[0-9]+")  # "و28" is و + 28


class Token:
    """A word of the normalised text (plain slotted class: one is made per word)."""

    __slots__ = ("text", "start", "end")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start  # offsets in the normalised text
        self.end = end

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


class Match(Generic[T]):
    """A phrase found in a token list (plain slotted class: made for every hit)."""

    __slots__ = ("first", "last", "start", "end", "key", "payloads", "exact")

    def __init__(self, first: int, last: int, start: int, end: int, key: str,
                 payloads: tuple[T, ...], exact: bool):
        self.first = first  # index of the first token
        self.last = last  # index one past the last token
        self.start = start  # character offsets in the normalised text, clitic excluded
        self.end = end
        self.key = key
        self.payloads = payloads
        self.exact = exact  # the first word matched without stripping a clitic

    def __repr__(self) -> str:
        return f"Match({self.key!r}, tokens {self.first}:{self.last}, chars {self.start}:{self.end})"


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


@lru_cache(maxsize=1)
def _clitic_lengths() -> tuple[tuple[frozenset[str], tuple[int, ...], bool], ...]:
    """Each clitic group as (its prefixes, their lengths longest first, keeps the article)."""
    clitics = _clitics()
    return tuple((frozenset(group), tuple(sorted({len(p) for p in group}, reverse=True)), keeps)
                 for group, keeps in ((clitics.article_lam, True), (clitics.proclitics, False),
                                      (clitics.article, False)))


@lru_cache(maxsize=1)
def _clitic_initials() -> frozenset[str]:
    clitics = _clitics()
    return frozenset(p[0] for group in (clitics.proclitics, clitics.article_lam, clitics.article) for p in group)


def _clitic_forms(word: str) -> tuple[tuple[str, int], ...]:
    # Longest prefix first within a group, as the groups are listed: at most one prefix of
    # each length can begin the word, so looking up word[:n] is the same as trying them all.
    longest = len(word) - _clitics().min_stem
    if longest < 1 or word[0] not in _clitic_initials():
        return ((word, 0),)  # too short for a clitic, or no clitic begins so
    forms: dict[str, int] = {word: 0}
    for prefixes, lengths, keeps_article in _clitic_lengths():
        for size in lengths:
            if size <= longest and word[:size] in prefixes:
                if keeps_article:  # "لل" + X is ل + "ال" + X
                    forms.setdefault(ARTICLE + word[size:], size - 1)
                else:
                    forms.setdefault(word[size:], size)
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
        if definite:
            return self._longest_branching(tokens, index, definite)
        node, best = self, None
        while True:  # one next word at most, until a prefix (*) word offers several
            if node.key is not None:
                best = (index, node.key)
            if index >= len(tokens):
                return best
            if node.stars:
                return node._longest_branching(tokens, index, False) or best
            node = node.children.get(tokens[index].text)
            if node is None:
                return best
            index += 1

    def _longest_branching(self, tokens: Sequence[Token], index: int, definite: bool) -> tuple[int, str] | None:
        best = (index, self.key) if self.key is not None else None
        if index >= len(tokens) or not (self.children or self.stars):
            return best
        word = tokens[index].text
        words = (word, word[2:]) if definite and word.startswith(ARTICLE) and len(word) > 4 else (word,)
        children = self.children
        nexts = [children[w] for w in words if w in children]
        if self.stars:
            nexts += [node for prefix, node in self.stars if any(w.startswith(prefix) for w in words)]
        for node in nexts:
            found = node._longest_branching(tokens, index + 1, definite)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        return best


# A phrase start of one matcher at one word: (first trie node, clitic length, definite).
Start = tuple[_Node, int, bool]
# The best one-word phrase of a matcher at a word: (key, clitic length, exact, order tried).
Single = tuple[str, int, bool, int]
# A start whose phrases go on past the word: (node, clitic length, definite, exact, order tried).
Walk = tuple[_Node, int, bool, bool, int]
# One matcher's phrase starts at one word, sorted out once per word: the best one-word phrase
# (known without looking further) and the starts whose phrases read the next words.
Plan = tuple[Optional[Single], tuple[Walk, ...]]


def _plan(starts: list[Start]) -> Plan:
    single: Optional[Single] = None
    walks: list[Walk] = []
    for order, (node, clitic_len, definite) in enumerate(starts):
        exact = clitic_len == 0
        if node.children or node.stars:
            walks.append((node, clitic_len, definite, exact, order))
        elif node.key is not None and (single is None or (exact and not single[2])):
            single = (node.key, clitic_len, exact, order)  # the first exact one, else the first
    return single, tuple(walks)


class WordAnalysis:
    """What one word of the text can be: its clitic forms, and where each matcher's
    phrases can start on it."""

    __slots__ = ("forms", "starts")

    def __init__(self, forms: tuple[tuple[str, int], ...], starts: dict[int, Plan]):
        self.forms = forms
        self.starts = starts  # matcher id → plan


_NO_STARTS: dict[int, Plan] = {}


class _StartIndex:
    """First words of every live matcher: form → flat (matcher id, node, matcher id, node…)."""

    def __init__(self) -> None:
        self.exact: dict[str, tuple] = {}
        self.stems: dict[str, tuple] = {}  # "قصف" of an entry "قصف* ..."
        self.max_stem = 0
        self.stem_prefixes: frozenset[str] = frozenset()  # "قص", "قصف": a longer stem may still follow
        self.generation = 0  # bumped on every change: cached analyses and scans go stale
        self._ids = itertools.count(1)
        # Re-entrant: a matcher freed by the garbage collector during register() unregisters.
        self._lock = threading.RLock()

    def register(self, exact: dict[str, _Node], stems: dict[str, _Node]) -> int:
        with self._lock:
            matcher_id = next(self._ids)
            for table, firsts in ((self.exact, exact), (self.stems, stems)):
                for word, node in firsts.items():
                    table[word] = table.get(word, ()) + (matcher_id, node)
            self._changed()
            return matcher_id

    def unregister(self, matcher_id: int, exact_words: tuple[str, ...], stem_words: tuple[str, ...]) -> None:
        with self._lock:
            for table, words in ((self.exact, exact_words), (self.stems, stem_words)):
                for word in words:
                    flat = table.get(word, ())
                    kept = tuple(x for i in range(0, len(flat), 2) if flat[i] != matcher_id
                                 for x in flat[i:i + 2])
                    if kept:
                        table[word] = kept
                    else:
                        table.pop(word, None)
            self._changed()

    def _changed(self) -> None:
        self.max_stem = max(map(len, self.stems), default=0)
        self.stem_prefixes = frozenset(stem[:size] for stem in self.stems for size in range(2, len(stem) + 1))
        self.generation += 1
        analyse_word.cache_clear()

    def starts(self, word: str, forms: tuple[tuple[str, int], ...]) -> dict[int, Plan]:
        found: dict[int, list[Start]] = {}
        exact, stems, prefixes = self.exact, self.stems, self.stem_prefixes
        for form, clitic_len in forms:
            definite = word[:clitic_len].endswith(ARTICLE)
            hits = [exact.get(form, ())]
            for size in range(2, min(len(form), self.max_stem) + 1):
                if form[:size] not in prefixes:
                    break  # no stem begins so
                hits.append(stems.get(form[:size], ()))
            for flat in hits:
                for i in range(0, len(flat), 2):
                    found.setdefault(flat[i], []).append((flat[i + 1], clitic_len, definite))
        return {matcher_id: _plan(starts) for matcher_id, starts in found.items()} if found else _NO_STARTS


_INDEX = _StartIndex()


@lru_cache(maxsize=WORD_CACHE_SIZE)
def analyse_word(word: str) -> WordAnalysis:
    """The shared, size-capped analysis of a text word (cleared when a matcher comes or goes)."""
    forms = _clitic_forms(word)
    return WordAnalysis(forms, _INDEX.starts(word, forms))


def word_forms(word: str) -> tuple[tuple[str, int], ...]:
    """Forms a text word may stand for, each with the length of the clitic removed."""
    return analyse_word(word).forms


class _Scan:
    """One pass over a token list: each token's analysis, and per matcher the token
    indices where its phrases may start, with its plan there."""

    __slots__ = ("tokens", "length", "generation", "analyses", "positions")

    def __init__(self, tokens: Sequence[Token]):
        self.tokens, self.length, self.generation = tokens, len(tokens), _INDEX.generation
        self.analyses = [analyse_word(token.text) for token in tokens]
        positions: dict[int, list] = {}  # matcher id → [index, plan, index, plan…]
        for index, analysis in enumerate(self.analyses):
            if analysis.starts:
                for matcher_id, plan in analysis.starts.items():
                    flat = positions.get(matcher_id)
                    if flat is None:
                        positions[matcher_id] = [index, plan]
                    else:
                        flat += (index, plan)
        self.positions = positions

    def fits(self, tokens: Sequence[Token]) -> bool:
        return self.tokens is tokens and self.length == len(tokens) and self.generation == _INDEX.generation


_recent_scans: tuple[_Scan, ...] = ()  # the last two token lists scanned (document, clause)


def scan(tokens: Sequence[Token]) -> _Scan:
    """The scan of ``tokens``, shared by every matcher that reads the same list next."""
    global _recent_scans
    for recent in _recent_scans:
        if recent.fits(tokens):
            return recent
    fresh = _Scan(tokens)
    _recent_scans = (fresh, *_recent_scans[:1])
    return fresh


class PhraseMatcher(Generic[T]):
    """Finds lexicon phrases in a token sequence (leftmost-longest, no overlap)."""

    def __init__(self, entries: Iterable[tuple[str, T]]):
        self._exact: dict[str, _Node] = {}  # first word → trie of the rest
        self._stems: dict[str, _Node] = {}  # first-word prefix ("قصف*") → trie
        payloads: dict[str, list[T]] = {}
        for key, payload in entries:
            words = key.split()
            if not words:
                continue
            if key not in payloads:
                payloads[key] = []
                self._insert(words, key)
            payloads[key].append(payload)
        self._payloads: dict[str, tuple[T, ...]] = {key: tuple(p) for key, p in payloads.items()}
        self._register()

    def _register(self) -> None:
        self._id = _INDEX.register(self._exact, self._stems)
        forget = weakref.finalize(self, _INDEX.unregister, self._id, tuple(self._exact), tuple(self._stems))
        forget.atexit = False  # nothing to tidy when the process ends

    def __getstate__(self) -> dict:
        return {"_exact": self._exact, "_stems": self._stems, "_payloads": self._payloads}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._register()  # a matcher read from a pickle joins this process's index

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
        return list(self._payloads.get(key, ()))

    def find(self, tokens: Sequence[Token]) -> list[Match[T]]:
        done = scan(tokens)
        found: list[Match[T]] = []
        free = 0  # tokens before this one are inside a match already
        flat = iter(done.positions.get(self._id, ()))
        for index, plan in zip(flat, flat):
            if index < free:
                continue
            best = self._longest_at(tokens, index, plan)
            if best is not None:
                found.append(best)
                free = best.last
        return found

    def find_all(self, tokens: Sequence[Token]) -> list[Match[T]]:
        """Every longest match starting at each token (overlaps allowed)."""
        return [m for i in range(len(tokens)) if (m := self.match_at(tokens, i))]

    def match_at(self, tokens: Sequence[Token], index: int) -> Match[T] | None:
        plan = analyse_word(tokens[index].text).starts.get(self._id)
        return self._longest_at(tokens, index, plan) if plan else None

    def _longest_at(self, tokens: Sequence[Token], index: int, plan: Plan) -> Match[T] | None:
        """The longest phrase at ``index``; of equal length, one whose first word kept no
        clitic; then the start tried first."""
        single, walks = plan
        token = tokens[index]
        if not walks:  # one-word entries only (most words): no trie walk
            if single is None:
                return None
            key, clitic_len, exact, _ = single
            return Match(index, index + 1, token.start + clitic_len, token.end, key, self._payloads[key], exact)
        best = None  # ((last, exact, -order), key, clitic length)
        if single is not None:
            key, clitic_len, exact, order = single
            best = ((index + 1, exact, -order), key, clitic_len)
        for node, clitic_len, definite, exact, order in walks:
            found = node.longest(tokens, index + 1, definite)
            if found is not None and (best is None or (found[0], exact, -order) > best[0]):
                best = ((found[0], exact, -order), found[1], clitic_len)
        if best is None:
            return None
        (last, exact, _), key, clitic_len = best
        return Match(index, last, token.start + clitic_len, tokens[last - 1].end, key, self._payloads[key], exact)
