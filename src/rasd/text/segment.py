"""Sentence and clause segmentation over the token sequence of a normalised text.

Breaks are found by searching the text once for the break characters and placing each on
the gap between two tokens, not by testing every gap.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import PhraseMatcher, Token


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of tokens [first, last) — a sentence, or a clause inside one."""

    index: int
    first: int
    last: int
    sentence: int  # index of the sentence (a sentence's own index for sentences)

    def __contains__(self, token_index: int) -> bool:
        return self.first <= token_index < self.last


def _gap(text: str, tokens: Sequence[Token], i: int) -> str:
    """The characters between token i-1 and token i."""
    return text[tokens[i - 1].end:tokens[i].start]


@lru_cache(maxsize=8)
def _any_of(chars: str) -> re.Pattern:
    return re.compile("[" + re.escape(chars) + "]")


def _gaps_holding(text: str, tokens: Sequence[Token], chars: str) -> list[int]:
    """Indices i (0 < i < len(tokens)), ascending, whose gap before token i holds one of
    ``chars`` (punctuation: never part of a token)."""
    starts = [token.start for token in tokens]
    gaps: list[int] = []
    for found in _any_of(chars).finditer(text):
        i = bisect_right(starts, found.start())
        if 0 < i < len(tokens) and (not gaps or gaps[-1] != i):
            gaps.append(i)
    return gaps


def _is_sentence_break(text: str, tokens: Sequence[Token], i: int, enders: str) -> bool:
    gap = _gap(text, tokens, i)
    if not any(c in enders for c in gap):
        return False
    if gap.strip() == ".":
        decimal = tokens[i - 1].text.isdigit() and tokens[i].text.isdigit()
        initial = len(tokens[i - 1].text) == 1  # "(م.ع)", "د. أحمد": an abbreviation
        return not (decimal or initial)
    return True


def split_sentences(text: str, tokens: Sequence[Token]) -> list[Segment]:
    if not tokens:
        return []
    enders = load_yaml("segment.yaml")["sentence_end"]
    breaks = [i for i in _gaps_holding(text, tokens, enders) if _is_sentence_break(text, tokens, i, enders)]
    sentences: list[Segment] = []
    first = 0
    for i in breaks + [len(tokens)]:
        sentences.append(Segment(len(sentences), first, i, len(sentences)))
        first = i
    return sentences


def split_clauses(text: str, tokens: Sequence[Token], sentences: Sequence[Segment],
                  openers: PhraseMatcher) -> list[Segment]:
    """Clauses: sentence parts split at , ; : and at opener words (فيما، بينما، ثم…)."""
    punctuation = load_yaml("segment.yaml")["clause_punctuation"]
    opener_starts = {m.first for m in openers.find(tokens) if "opener" in m.payloads}
    return list(_cut(sentences, sorted(set(_gaps_holding(text, tokens, punctuation)) | opener_starts)))


def _cut(sentences: Iterable[Segment], cuts: list[int]) -> Iterable[Segment]:
    """Each sentence cut before every token index of ``cuts`` (ascending) inside it."""
    index, k = 0, 0
    for sentence in sentences:
        first = sentence.first
        while k < len(cuts) and cuts[k] <= first:
            k += 1
        while k < len(cuts) and cuts[k] < sentence.last:
            yield Segment(index, first, cuts[k], sentence.index)
            index, first, k = index + 1, cuts[k], k + 1
        if sentence.last > first:
            yield Segment(index, first, sentence.last, sentence.index)
            index += 1
