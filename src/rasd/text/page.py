"""Page structure before segmentation: blank what is not event text, join hard-wrapped lines.

Reports scraped from web pages carry photo captions, bylines, "اقرأ أيضاً" blocks with the
headlines of other articles, tickers and outlet datelines ("درعا – خاص"). None of it is
event text, place or date. Hard-wrapped lines (a line break inside a sentence) would cut
a sentence in two. This stage replaces debris with spaces and wrap breaks with a space, so
the cleaned text has the same length as the original and every offset still points into it.
The openers are data (data/page.yaml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasd.lexicon.loader import load_yaml
from rasd.text.normalize import normalize_key

SENTENCE_END = ".!?؟:\"»)"
DASHES = "-–—/"
DATELINE_CHARS = 120
OPENER_CHARS = 40  # the longest opener of a debris line is shorter than this  # a dateline sits in the first characters of a report


@dataclass(frozen=True)
class PageRules:
    debris: tuple[str, ...]  # openers of a debris line of any length (captions, tickers)
    bylines: tuple[str, ...]
    byline_words: int
    link_blocks: tuple[str, ...]
    headline_words: int
    outlets: tuple[str, ...]
    dateline_words: int
    wrap_min_words: int


@lru_cache(maxsize=1)
def page_rules() -> PageRules:
    raw = load_yaml("page.yaml")
    keys = lambda words: tuple(normalize_key(w) for w in words)  # noqa: E731
    return PageRules(keys(raw["captions"] + raw["tickers"]), keys(raw["bylines"]), int(raw["byline_words"]),
                     keys(raw["link_blocks"]),
                     int(raw["headline_words"]), keys(raw["dateline_outlets"]), int(raw["dateline_words"]),
                     int(raw["wrap_min_words"]))


@dataclass(frozen=True)
class Debris:
    kind: str  # caption | link_block | dateline
    start: int
    end: int


def _opens(line_key: str, openers: tuple[str, ...]) -> bool:
    """The line starts with an opener, as whole words ("عاجل" opens "عاجل | …", not "عاجلا")."""
    return any(line_key == o or (line_key.startswith(o) and not line_key[len(o)].isalnum()) for o in openers)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer("\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def find_debris(text: str) -> list[Debris]:
    """The spans of page debris in a report's text."""
    rules = page_rules()
    found: list[Debris] = []
    in_block = False
    for start, end in _lines(text):
        line = text[start:end].strip()
        key = normalize_key(line[:OPENER_CHARS])  # openers are short: the line's head is enough
        if not key:
            in_block = False
            continue
        words = len(line.split())
        if _opens(key, rules.link_blocks):
            in_block = True
            found.append(Debris("link_block", start, end))
        elif in_block and words <= rules.headline_words and not line.endswith("."):
            found.append(Debris("link_block", start, end))  # a headline of another article
        elif _opens(key, rules.debris) or (_opens(key, rules.bylines) and words <= rules.byline_words):
            in_block = False
            found.append(Debris("caption", start, end))
        else:
            in_block = False
    dateline = _dateline(text, rules)
    return ([dateline] if dateline else []) + found


def _dateline(text: str, rules: PageRules):
    """"درعا – خاص", "صنعاء (سبأ) -": a short head ending in an outlet's name, then a dash,
    a colon or a line break, before the news."""
    head = text[:DATELINE_CHARS]
    for match in re.finditer(rf"[{DASHES}:\n]", head):
        words = re.sub(r"[^\w\s]", " ", normalize_key(head[:match.start()])).split()
        if len(words) > rules.dateline_words:
            return None
        if words and any(" ".join(words).endswith(o) for o in rules.outlets) and len(words) > 1:
            end = match.end()
            while end < len(text) and text[end] in DASHES + " :":
                end += 1
            return Debris("dateline", 0, end)
    return None


def clean_page(text: str) -> str:
    """The text with debris blanked and hard wraps joined (same length as ``text``)."""
    debris = find_debris(text)
    cleaned = text
    if debris:
        chars = list(text)
        for found in debris:
            for i in range(found.start, found.end):
                if chars[i] != "\n":
                    chars[i] = " "
        cleaned = "".join(chars)
    return _join_wraps(cleaned, page_rules().wrap_min_words)


def _join_wraps(text: str, min_words: int) -> str:
    """A line break after a long line with no sentence end, before more prose, is a space."""
    lines = _lines(text)
    wraps = [end for (start, end), (next_start, next_end) in zip(lines, lines[1:])
             if _wrapped(text[start:end].rstrip(), text[next_start:next_end].strip(), min_words)]
    if not wraps:
        return text
    chars = list(text)
    for end in wraps:
        chars[end] = " "
    return "".join(chars)


def _wrapped(line: str, following: str, min_words: int) -> bool:
    return bool(line and following and line[-1] not in SENTENCE_END and len(line.split()) >= min_words)
