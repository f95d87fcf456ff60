"""Choosing among places that share a name, from what else the report says.

Each candidate gets five component scores in 0..1, combined with fixed weights so
scores compare across the candidates of one name:

- country:   the place is in the hinted country (outlet's or the report's);
- admin:     it lies in a governorate/district the report names, or near a
             hinted city ("بريف البوكمال");
- proximity: it is close to the other places of the report;
- prior:     its importance (capitals, big towns, admin centres high);
- coords:    it has coordinates of its own.

A component with nothing to go on (no hint) is neutral (0.5 for everyone).

The reasons behind a score, in words, are worked out only when something reads them
(``rasd gazetteer lookup``, tests): extraction ranks ~50 candidates a report and reads
none of them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Union

from rasd.gazetteer.index import Place

WEIGHTS = {"country": 0.2, "admin": 0.35, "proximity": 0.2, "prior": 0.17, "coords": 0.08}
NEUTRAL = 0.5
_AREA_KINDS = ("country", "admin1", "admin2", "admin3", "region")
_LEVEL_WORDS = {"admin1": "governorate", "admin2": "district", "admin3": "sub-district"}
_W_COUNTRY, _W_ADMIN, _W_PROXIMITY, _W_PRIOR, _W_COORDS = (WEIGHTS[k] for k in WEIGHTS)

# A reason, or how to word it when it is read.
Reason = Union[str, Callable[[], str]]


class PairMemo:
    """How well each place sits by each hinted one, and how far it is from each other one,
    worked out once and kept across reports: news names the same towns again and again (the
    open-vocabulary benchmark asks ~30 times for each pair). Keyed by place ids, so only for
    the places of one gazetteer; emptied when full."""

    __slots__ = ("fits", "kms")
    SIZE = 50_000  # pairs of each kind (~10 MB each at most)

    def __init__(self) -> None:
        self.fits: dict[tuple[str, str], float] = {}
        self.kms: dict[tuple[str, str], float] = {}

    def km(self, place: Place, other: Place) -> float:
        """Distance between two places with coordinates."""
        return self._kept(self.kms, place, other, _km)

    def fit(self, place: Place, hint: Place) -> float:
        return self._kept(self.fits, place, hint, _fit)

    def _kept(self, table: dict[tuple[str, str], float], place: Place, other: Place,
              work: Callable[[Place, Place], float]) -> float:
        key = (place.id, other.id)
        value = table.get(key)
        if value is None:
            if len(table) >= self.SIZE:
                table.clear()
            value = table[key] = work(place, other)
        return value


@dataclass
class PlaceContext:
    country_hint: str | None = None        # outlet's or the report's dominant country
    admin_hints: list[Place] = field(default_factory=list)   # units/cities the report names
    other_places: list[Place] = field(default_factory=list)  # places already resolved
    memo: PairMemo | None = None  # fits already worked out for the places of this gazetteer


class Scored:
    """A candidate and its score (0..1, comparable across candidates); ``reasons``, why in
    words, are worked out from the context it was scored in on first reading."""

    __slots__ = ("place", "score", "_context", "_notes")

    def __init__(self, place: Place, score: float, reasons: tuple[Reason, ...] = (),
                 context: PlaceContext | None = None):
        self.place = place
        self.score = score
        self._context = context  # scored in this context: its reasons come first
        self._notes = reasons  # reasons given or added after scoring

    @property
    def reasons(self) -> tuple[str, ...]:
        if self._context is not None:
            own: list[str] = []
            _total(self.place, self._context, own)
            self._notes, self._context = (*own, *self._notes), None
        if not all(isinstance(note, str) for note in self._notes):
            self._notes = tuple(note if isinstance(note, str) else note() for note in self._notes)
        return self._notes

    def adding(self, reason: Reason) -> "Scored":
        """The same score with one more reason (a callable is worded when read)."""
        return Scored(self.place, self.score, (*self._notes, reason), self._context)

    def __repr__(self) -> str:
        return f"Scored({self.place.id!r}, {self.score})"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def distance_km(a: Place, b: Place) -> float | None:
    if not (a.has_coords and b.has_coords):
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def rank(candidates: list[Place], context: PlaceContext) -> list[Scored]:
    """Candidates best first."""
    scored = [Scored(place, _total(place, context, None), context=context) for place in candidates]
    scored.sort(key=lambda s: (-s.score, -s.place.importance, s.place.id))
    return scored


def best(candidates: list[Place], context: PlaceContext) -> Scored | None:
    ranked = rank(candidates, context)
    return ranked[0] if ranked else None


def _total(place: Place, context: PlaceContext, reasons: list[str] | None) -> float:
    """The weighted score; with a ``reasons`` list, each component says why in it."""
    has_coords = place.lat is not None and place.lon is not None
    total = (_W_COUNTRY * _country(place, context.country_hint, reasons)
             + _W_ADMIN * _admin(place, context.admin_hints, reasons, context.memo)
             + _W_PROXIMITY * _proximity(place, context.other_places, reasons, context.memo)
             + _W_PRIOR * _prior(place, reasons)
             + _W_COORDS * (1.0 if has_coords else 0.0))
    if not has_coords and reasons is not None:
        reasons.append("no coordinates")
    return round(total, 4)


def _country(place: Place, hint: str | None, reasons: list[str] | None) -> float:
    if not hint:
        return NEUTRAL
    if place.country == hint:
        if reasons is not None:
            reasons.append(f"in {hint}, the report's country")
        return 1.0
    if reasons is not None:
        reasons.append(f"in {place.country}, not {hint}")
    return 0.0


def _admin(place: Place, hints: list[Place], reasons: list[str] | None, memo: PairMemo | None = None) -> float:
    hints = [h for h in hints if h.id != place.id]
    if not hints:
        return NEUTRAL
    if reasons is None:
        fit = memo.fit if memo is not None else _fit
        return max(0.0, *(fit(place, hint) for hint in hints))
    best_value, best_reason = 0.0, ""
    for hint in hints:
        value, reason = _hint_match(place, hint, True)
        if value > best_value:
            best_value, best_reason = value, reason
    reasons.append(best_reason or "outside every area the report names")
    return best_value


def _fit(place: Place, hint: Place) -> float:
    return _hint_match(place, hint, False)[0]


def _km(place: Place, other: Place) -> float:
    return haversine_km(place.lat, place.lon, other.lat, other.lon)


def _hint_match(place: Place, hint: Place, explain: bool) -> tuple[float, str]:
    """How well ``place`` sits inside/near one hinted area or town (and why, when ``explain``)."""
    if place.country != hint.country:
        return 0.0, ""
    label = f"'{hint.name_ar}'" if explain else ""
    if hint.kind in _LEVEL_WORDS:
        level = int(hint.kind[-1])
        return _same_unit(place, hint, level, label)
    if hint.kind in ("country", "region"):
        return 0.5, ""
    return _near_town(place, hint, label)


def _admins(place: Place) -> tuple[str | None, str | None, str | None]:
    return place.admin1, place.admin2, place.admin3


def _same_unit(place: Place, hint: Place, level: int, label: str) -> tuple[float, str]:
    """``label`` empty: the value only."""
    mine, theirs = _admins(place), _admins(hint)
    # Deepest level at which the two agree (all levels above must agree too).
    depth = 0
    for i in range(level):
        if mine[i] and theirs[i] and mine[i] == theirs[i]:
            depth = i + 1
        else:
            break
    if depth == level:
        return 1.0, label and f"same {_LEVEL_WORDS[hint.kind]} as {label} named in report"
    if depth:
        return 0.3 + 0.2 * depth, label and f"same {_LEVEL_WORDS[f'admin{depth}']} as {label} named in report"
    if mine[0] is None:
        km = distance_km(place, hint)
        if km is not None and km < 40:  # admin names unknown: use distance
            return 0.6, label and f"{km:.0f} km from {label} (no admin names to compare)"
    return 0.0, ""


def _near_town(place: Place, town: Place, label: str) -> tuple[float, str]:
    """``label`` empty: the value only."""
    km = distance_km(place, town)
    near = math.exp(-km / 20) if km is not None else 0.0
    # Inside the town's district or governorate; the nearer, the better within it.
    district = bool(place.admin2) and place.admin2 == town.admin2 and place.admin1 == town.admin1
    governorate = bool(place.admin1) and place.admin1 == town.admin1
    in_district = 0.7 + 0.3 * near if district else 0.0
    in_governorate = (0.5 if town.kind == "city" else 0.4) + 0.2 * near if governorate else 0.0
    if not label:
        return max(near, in_district, in_governorate), ""
    apart = f" ({km:.0f} km)" if km is not None else ""
    candidates = [(near, f"{km:.0f} km from {label} named in report" if km is not None else "")]
    if district:
        candidates.append((in_district, f"same district as {label} named in report{apart}"))
    if governorate:
        candidates.append((in_governorate, f"same governorate as {label} named in report{apart}"))
    value, reason = max(candidates)
    return value, reason if value > 0.05 else ""


def _proximity(place: Place, others: list[Place], reasons: list[str] | None,
               memo: PairMemo | None = None) -> float:
    located = [o for o in others if o.has_coords and o.id != place.id]
    if not located:
        return NEUTRAL
    if not place.has_coords:
        return 0.3
    if memo is not None:
        distances = [memo.km(place, o) for o in located]
    else:
        distances = [haversine_km(place.lat, place.lon, o.lat, o.lon) for o in located]
    km = min(distances)
    if reasons is not None:
        reasons.append(f"{km:.0f} km from {located[distances.index(km)].name_ar}")
    return math.exp(-km / 30)


def _prior(place: Place, reasons: list[str] | None) -> float:
    if reasons is None:
        pass
    elif place.kind in _AREA_KINDS or place.kind == "city":
        reasons.append(f"{place.kind} prior {place.importance:.2f}")
    elif place.importance >= 0.5:
        reasons.append(f"population/centre prior {place.importance:.2f}")
    else:
        reasons.append(f"{place.kind} prior {place.importance:.2f}")
    return place.importance
