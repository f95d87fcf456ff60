"""The internal mention record shared by the recognisers (normalised coordinates)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

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
