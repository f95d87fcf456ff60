"""Sentence and clause segmentation over the token sequence of a normalised text."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

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
    enders = load_yaml("segment.yaml")["sentence_end"]
    sentences: list[Segment] = []
    first = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or _is_sentence_break(text, tokens, i, enders):
            sentences.append(Segment(len(sentences), first, i, len(sentences)))
            first = i
    return sentences


def split_clauses(text: str, tokens: Sequence[Token], sentences: Sequence[Segment],
                  openers: PhraseMatcher) -> list[Segment]:
    """Clauses: sentence parts split at , ; : and at opener words (فيما، بينما، ثم…)."""
    punctuation = load_yaml("segment.yaml")["clause_punctuation"]
    opener_starts = {m.first for m in openers.find(tokens) if "opener" in m.payloads}
    clauses: list[Segment] = []
    for sentence in sentences:
        first = sentence.first
        for i in range(sentence.first + 1, sentence.last + 1):
            at_end = i == sentence.last
            if at_end or any(c in punctuation for c in _gap(text, tokens, i)) or i in opener_starts:
                if i > first:
                    clauses.append(Segment(len(clauses), first, i, sentence.index))
                first = i
    return clauses
