"""The part of the day an event happened: "فجر اليوم", "مساءً", "خلال الليل", "الساعة 15:30".

A word that only may name a time counts when the text uses it as one (times_of_day.yaml):
an adverb (فجراً، مساءً) always; a noun in construct (صباح، ليلة) inside or right before a date
("صباح اليوم", "ليلة الثلاثاء") or after a word of time ("في ساعات المساء"); the definite
form (الفجر، الليل) the same way. Each found span's value is the part's name.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import PhraseMatcher, Token
from rasd.recognize.found import Found
from rasd.text.normalize import normalize_key

@dataclass(frozen=True)
class DayParts:
    words: PhraseMatcher[tuple[str, str]]  # payload: (how the word is used, part)
    after: frozenset[str]  # words of time before a noun or definite form
    clock: frozenset[str]
    hours: tuple[tuple[str, int, int], ...]  # (part, from, to)

    def part_at(self, hour: int) -> Optional[str]:
        for part, start, end in self.hours:
            if (start <= hour < end) if start < end else (hour >= start or hour < end):
                return part
        return None


@lru_cache(maxsize=1)
def day_parts() -> DayParts:
    raw = load_yaml("times_of_day.yaml")
    entries = [(normalize_key(word), (usage, part))
               for part, spec in raw["parts"].items()
               for usage in ("adverbs", "nouns", "definite") for word in spec[usage]]
    hours = tuple((part, spec["hours"][0], spec["hours"][1]) for part, spec in raw["parts"].items())
    return DayParts(PhraseMatcher(entries), frozenset(normalize_key(w) for w in raw["definite_after"]),
                    frozenset(normalize_key(w) for w in raw["clock_words"]), hours)


def find_times(tokens: Sequence[Token], text: str, dates: Sequence[Found]) -> list[Found]:
    """Parts of the day the text names, in text order."""
    parts = day_parts()
    found = [Found.from_match("time", m, m.payloads[0][1], text, tokens[m.first].start)
             for m in parts.words.find(tokens) if _used_as_time(m, m.payloads[0][0], tokens, dates, parts)]
    found += _clock_times(tokens, parts)
    return sorted(found, key=lambda f: f.first)


def _used_as_time(match, usage: str, tokens: Sequence[Token], dates: Sequence[Found], parts: DayParts) -> bool:
    if usage == "adverbs":
        return True
    dated = any(d.first <= match.first < d.last or d.first == match.last for d in dates)
    previous = tokens[match.first - 1].text if match.first else ""
    return dated or previous in parts.after or previous[1:] in parts.after  # "وفي", "وعند"


def _clock_times(tokens: Sequence[Token], parts: DayParts) -> list[Found]:
    """"الساعة 15:30": a 24-hour clock time (hours 13-23 and 0); a part word after a clock
    time is found as a word of its own."""
    found = []
    for index in range(len(tokens) - 1):
        if tokens[index].text not in parts.clock:
            continue
        hour = _hour(tokens[index + 1].text)
        if hour is not None and (hour == 0 or 13 <= hour <= 23):
            found.append(Found("time", index, index + 2, tokens[index].start, tokens[index + 1].end,
                               parts.part_at(hour)))
    return found


def _hour(word: str) -> Optional[int]:
    """The hour of "15" in "15:30" (the tokeniser splits at the colon)."""
    return int(word) if word.isdigit() and len(word) <= 2 else None
