"""The internal mention record shared by the recognisers (normalised coordinates)."""
from __future__ import annotations

import itertools
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from rasd.lexicon.matcher import Match


@dataclass(slots=True)
class Found:
    """A recognised span: token indices [first, last) and normalised offsets [start, end)."""

    kind: str
    first: int
    last: int
    start: int
    end: int
    value: Any = None
    clitic: str = ""  # the proclitic the first word carried (ب، و، لل…), for role and place cues

    @classmethod
    def from_match(cls, kind: str, match: Match, value: Any, text: str, token_start: int) -> "Found":
        return cls(kind, match.first, match.last, match.start, match.end, value,
                   text[token_start:match.start])


def found_all(kind: str, matches: Sequence[Match], text: str, tokens, pick=None) -> list[Found]:
    """Found records for matcher results; ``pick`` chooses the value from the payloads."""
    out = []
    for match in matches:
        value = pick(match) if pick else match.payloads[0]
        if value is not None:
            out.append(Found.from_match(kind, match, value, text, tokens[match.first].start))
    return out


def inside_any(spans: Sequence[Found]) -> Callable[[Found], bool]:
    """A test of whether a span lies inside one of ``spans``: whether the spans that begin
    at or before it (found by bisection) reach its end; linear in the report, not spans × tests."""
    ordered = sorted(spans, key=lambda s: s.first)
    firsts = [s.first for s in ordered]
    reach = list(itertools.accumulate((s.last for s in ordered), max))
    return lambda found: (k := bisect_right(firsts, found.first)) > 0 and reach[k - 1] >= found.last
