"""Where merging looks for a candidate's partners: a report's candidates by day, place and
sentence, so that each look-up reads the few that could match instead of all of them.

Every look-up returns a superset of the candidates its caller's test can accept, in the
order they were added; the caller still applies its own test, so results are exactly what a
scan of the whole list would give, at a cost that grows with the report, not its square.
"""
from __future__ import annotations

from collections import defaultdict
from math import floor
from typing import Hashable, Iterable, Optional

from rasd.assemble.events import Candidate

# Two places closer than merging's widest reach (5 km) lie in the same or neighbouring
# cells: 0.1° of latitude is 11 km everywhere, 0.25° of longitude at least 5 km up to 79°.
LAT_CELL = 0.1
LON_CELL = 0.25


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return floor(lat / LAT_CELL), floor(lon / LON_CELL)


# Up to this many candidates (most reports) every look-up answers with all of them: building
# the buckets would cost more than the caller's tests on the few it would leave out.
SMALL = 24


class CandidateIndex:
    """Candidates by the keys merging compares: gazetteer entry, map cell, day, sentence."""

    def __init__(self, candidates: Iterable[Candidate] = ()):
        self._all: list[Candidate] = []
        self._position: dict[int, int] = {}
        self._buckets: Optional[dict[Hashable, list[Candidate]]] = None
        for candidate in candidates:
            self.add(candidate)

    def add(self, candidate: Candidate) -> None:
        self._all.append(candidate)
        if self._buckets is not None:
            self._file(candidate)
        elif len(self._all) > SMALL:
            self._buckets = defaultdict(list)
            for one in self._all:
                self._file(one)

    def _file(self, candidate: Candidate) -> None:
        self._position[id(candidate)] = len(self._position)
        for key in self._keys(candidate):
            self._buckets[key].append(candidate)

    @staticmethod
    def _keys(candidate: Candidate) -> list[Hashable]:
        day = candidate.date.day
        keys: list[Hashable] = [("day", day), ("sentence", candidate.sentence)]
        if candidate.place is not None:
            place = candidate.place.place
            keys += [("entry", place.id), ("admin1", day, place.admin1), ("country", day, place.country)]
            if place.has_coords:
                keys.append(("cell", _cell(place.lat, place.lon)))
        return keys

    def _bucket(self, key: Hashable) -> list[Candidate]:
        if self._buckets is None:
            return list(self._all)
        return list(self._buckets.get(key, ()))

    def _merged(self, keys: Iterable[Hashable]) -> list[Candidate]:
        seen: dict[int, Candidate] = {}
        for key in keys:
            for candidate in self._buckets.get(key, ()):
                seen.setdefault(id(candidate), candidate)
        return sorted(seen.values(), key=lambda c: self._position[id(c)])

    def near(self, candidate: Candidate, sentences: Optional[int] = None) -> list[Candidate]:
        """Those that may be at the candidate's place: the same gazetteer entry, or
        coordinates in the same or a neighbouring cell; and, given ``sentences``, those
        told within that many sentences of it."""
        if self._buckets is None:
            return list(self._all)
        keys: list[Hashable] = []
        if sentences is not None:
            keys += [("sentence", s) for s in range(candidate.sentence - sentences, candidate.sentence + sentences + 1)]
        if candidate.place is None:
            return self._merged(keys)
        place = candidate.place.place
        keys.append(("entry", place.id))
        if place.has_coords:
            row, column = _cell(place.lat, place.lon)
            keys += [("cell", (row + i, column + j)) for i in (-1, 0, 1) for j in (-1, 0, 1)]
        return self._merged(keys)

    def on_day(self, day) -> list[Candidate]:
        return self._bucket(("day", day))

    def in_governorate(self, day, admin1) -> list[Candidate]:
        """Those of a day with a place whose governorate is ``admin1``."""
        return self._bucket(("admin1", day, admin1))

    def in_country(self, day, country) -> list[Candidate]:
        return self._bucket(("country", day, country))

    def around(self, sentence: int, reach: int) -> list[Candidate]:
        """Those told within ``reach`` sentences of ``sentence``."""
        if self._buckets is None:
            return list(self._all)
        return self._merged(("sentence", s) for s in range(sentence - reach, sentence + reach + 1))
