"""Date expressions resolved against the publication date.

Handles relative words (اليوم، أمس، الليلة الماضية، أول أمس), weekday names ("مساء أمس
الثلاثاء" → the Tuesday before), explicit dates with Levantine and Egyptian month names
in any combination ("8 كانون الأول/ديسمبر"), ordinal days ("الخامس من تموز 2018"),
numeric dates (2022/6/9), Hijri dates (15 رمضان 1445) and week/month periods.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional, Sequence

from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import PhraseMatcher, Token
from rasd.recognize.found import Found
from rasd.text.normalize import normalize_key

FUTURE_TOLERANCE_DAYS = 2


@dataclass(frozen=True)
class DateValue:
    day: date
    precision: int = 1  # 1 day, 2 week, 3 month
    explicit: bool = False  # a calendar date written out, not a relative word

    def iso(self) -> str:
        return self.day.isoformat()


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher[tuple]:
    raw = load_yaml("dates.yaml")
    entries: list[tuple[str, tuple]] = []
    for month, names in raw["months"].items():
        entries += [(normalize_key(n), ("month", int(month))) for n in names]
    for month, names in raw["hijri_months"].items():
        entries += [(normalize_key(n), ("hijri", int(month))) for n in names]
    for weekday, names in raw["weekdays"].items():
        entries += [(normalize_key(n), ("weekday", int(weekday))) for n in names]
    entries += [(normalize_key(w), ("relative", int(v))) for w, v in raw["relative"].items()]
    entries += [(normalize_key(w), ("same_day", 0)) for w in raw["same_day"]]
    entries += [(normalize_key(w), ("time_of_day", 0)) for w in raw["times_of_day"]]
    entries += [(normalize_key(w), ("month_ref", int(v))) for w, v in raw["month_refs"].items()]
    entries += [(normalize_key(w), ("period", spec)) for w, spec in raw["periods"].items()]
    entries += [(normalize_key(w), ("ordinal", int(v))) for w, v in raw["ordinal_days"].items()]
    for kind, words in raw["month_qualifiers"].items():
        entries += [(normalize_key(w), ("qualifier", kind)) for w in words]
    return PhraseMatcher(entries)


@lru_cache(maxsize=None)
def _small_words(kind: str) -> frozenset[str]:
    return frozenset(normalize_key(w) for w in load_yaml("dates.yaml")[kind])


_NUMERIC = re.compile(r"(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)|(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
# Every numeric date holds a digit, a separator and a digit: most reports have none, and
# this is ten times quicker to rule out than the full pattern.
_NUMERIC_HINT = re.compile(r"\d[/.-]\d")


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: date) -> Optional[date]:
    """The most recent such day not after the publication date (a little slack for time zones)."""
    for year in (published.year, published.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate and candidate <= published + timedelta(days=FUTURE_TOLERANCE_DAYS):
            return candidate
    return None


def _last_weekday(weekday: int, anchor: date) -> date:
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _day_number(tokens: Sequence[Token], index: int) -> Optional[int]:
    if 0 <= index < len(tokens) and tokens[index].text.isdigit():
        value = int(tokens[index].text)
        return value if 1 <= value <= 31 else None
    return None


def _year_after(tokens: Sequence[Token], index: int) -> tuple[Optional[int], int]:
    """A 4-digit year at tokens[index] (optionally after a second month name handled by caller)."""
    if index < len(tokens) and tokens[index].text.isdigit() and len(tokens[index].text) == 4:
        return int(tokens[index].text), index + 1
    return None, index


def _hijri_to_gregorian(year: int, month: int, day: int) -> Optional[date]:
    try:
        from hijridate import Hijri

        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError, ImportError):
        return None


class _Scanner:
    """Walks date-word matches and assembles whole expressions."""

    def __init__(self, text: str, tokens: Sequence[Token], published: date):
        self.text, self.tokens, self.published = text, tokens, published
        self.matches = {m.first: m for m in _matcher().find(tokens)}
        self.found: list[Found] = []
        self.used: set[int] = set()
        self.prefix_start: dict[int, int] = {}  # "فجر اليوم 28 أيلول": one expression

    def run(self) -> list[Found]:
        self._numeric()
        for first in sorted(self.matches):
            if first in self.used:
                continue
            kind, value = self.matches[first].payloads[0]
            handler = getattr(self, f"_on_{kind}", None)
            if handler:
                handler(self.matches[first], value)
        return sorted(self.found, key=lambda f: f.start)

    def _add(self, first: int, last: int, value: DateValue) -> None:
        first = min(first, self.prefix_start.get(first, first))
        self.used.update(range(first, last))
        self.found.append(Found("date", first, last, self.tokens[first].start,
                                self.tokens[last - 1].end, value))

    def _numeric(self) -> None:
        if not _NUMERIC_HINT.search(self.text):
            return
        for match in _NUMERIC.finditer(self.text):
            if match.group(1):
                year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
            else:
                day, month, year = int(match.group(4)), int(match.group(5)), int(match.group(6))
            resolved = _safe_date(year, month, day)
            span = [i for i, t in enumerate(self.tokens) if match.start() <= t.start < match.end()]
            if resolved and span:
                self._add(span[0], span[-1] + 1, DateValue(resolved, 1, True))

    def _on_month(self, match, month: int) -> None:
        first, last = match.first, match.last
        day = _day_number(self.tokens, first - 1)
        if day is not None:
            first -= 1
        else:
            day, first = self._ordinal_before(first)
        if day is None:
            return
        last = self._skip_alternative_month(last)
        year, last = _year_after(self.tokens, last)
        last = self._skip_qualifier(last)
        resolved = _safe_date(year, month, day) if year else _infer_year(month, day, self.published)
        if resolved:
            self._add(first, last, DateValue(resolved, 1, True))

    def _ordinal_before(self, index: int) -> tuple[Optional[int], int]:
        """'الخامس من تموز': an ordinal day word, optionally followed by من."""
        back = index - 1
        if back >= 0 and self.tokens[back].text in _small_words("ordinal_link"):
            back -= 1
        for start in range(max(0, back - 1), back + 1):
            match = self.matches.get(start)
            if match and match.last == back + 1 and match.payloads[0][0] == "ordinal":
                self.used.update(range(start, match.last))
                return match.payloads[0][1], start
        return None, index

    def _skip_alternative_month(self, index: int) -> int:
        """'كانون الأول/ديسمبر': the second name of the same month."""
        match = self.matches.get(index)
        if match and match.payloads[0][0] == "month":
            self.used.update(range(index, match.last))
            return match.last
        return index

    def _skip_qualifier(self, index: int) -> int:
        match = self.matches.get(index)
        if match and match.payloads[0][0] == "qualifier":
            return match.last
        return index

    def _on_hijri(self, match, month: int) -> None:
        day = _day_number(self.tokens, match.first - 1)
        year, last = _year_after(self.tokens, match.last)
        if day is None or year is None or not 1300 <= year <= 1600:
            return
        resolved = _hijri_to_gregorian(year, month, day)
        if resolved:
            self._add(match.first - 1, last, DateValue(resolved, 1, True))

    def _on_relative(self, match, offset: int) -> None:
        anchor = self.published + timedelta(days=offset)
        weekday = self.matches.get(match.last)
        if weekday and weekday.payloads[0][0] != "weekday":
            weekday = None
        after = weekday.last if weekday else match.last
        if self._explicit_follows(after):
            if weekday:
                self.used.update(range(weekday.first, weekday.last))
            self.prefix_start[after] = match.first
            return  # "اليوم السبت 18 تشرين الثاني": the explicit date wins
        if weekday:
            # "مساء أمس الثلاثاء": the named weekday on or before the relative day.
            self._add(match.first, weekday.last,
                      DateValue(_last_weekday(weekday.payloads[0][1], anchor)))
            return
        self._add(match.first, match.last, DateValue(anchor))

    def _on_weekday(self, match, weekday: int) -> None:
        if self._explicit_follows(match.last):
            return  # "السبت 18 تشرين الثاني": the explicit date wins
        if match.first > 0 and self.tokens[match.first - 1].text in _small_words("weekday_names_after"):
            return  # "سوق الجمعة": a place
        self._add(self._time_of_day_before(match.first), match.last,
                  DateValue(_last_weekday(weekday, self.published)))

    def _time_of_day_before(self, index: int) -> int:
        """'فجر الجمعة', 'مساء يوم الأحد': the time-of-day word belongs to the date."""
        back = index - 1 if index > 0 and self.tokens[index - 1].text in _small_words("day_word") else index
        previous = self.matches.get(back - 1)
        if previous and previous.last == back and previous.payloads[0][0] == "time_of_day":
            return previous.first
        return index

    def _on_same_day(self, match, _: int) -> None:
        """'وفي اليوم ذاته': the day of the date mentioned last."""
        earlier = [f for f in self.found if f.first < match.first]
        if earlier:
            latest = max(earlier, key=lambda f: f.first)
            self._add(match.first, match.last, latest.value)

    def _explicit_follows(self, index: int) -> bool:
        nxt = self.matches.get(index + 1)
        if _day_number(self.tokens, index) is not None and nxt and nxt.payloads[0][0] == "month":
            return True
        return any(f.first == index for f in self.found)

    def _on_month_ref(self, match, offset: int) -> None:
        """'في العاشر من الشهر الجاري': a day of this or last month; alone, a period."""
        day, first = self._ordinal_before(match.first)
        if day is None:
            back = match.first - 1
            if back >= 0 and self.tokens[back].text in _small_words("ordinal_link"):
                back -= 1
            day, first = _day_number(self.tokens, back), back
        if day is None:
            periods = [p for kind, p in match.payloads if kind == "period"]
            if periods:
                self._on_period(match, periods[0])
            return
        month_index = self.published.year * 12 + self.published.month - 1 + offset
        resolved = _safe_date(month_index // 12, month_index % 12 + 1, day)
        if resolved:
            self._add(first, match.last, DateValue(resolved, 1, True))

    def _on_period(self, match, spec: dict) -> None:
        day = self.published + timedelta(days=int(spec.get("days", 0)))
        if "months" in spec:
            month_index = self.published.year * 12 + self.published.month - 1 + int(spec["months"])
            day = date(month_index // 12, month_index % 12 + 1, 1)
        self._add(match.first, match.last, DateValue(day, int(spec["precision"])))


def find_dates(text: str, tokens: Sequence[Token], published: date) -> list[Found]:
    """Every date expression in the normalised text, resolved to a day."""
    return _Scanner(text, tokens, published).run()
