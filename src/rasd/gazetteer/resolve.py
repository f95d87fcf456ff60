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
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from rasd.gazetteer.index import Place

WEIGHTS = {"country": 0.2, "admin": 0.35, "proximity": 0.2, "prior": 0.17, "coords": 0.08}
NEUTRAL = 0.5
_AREA_KINDS = ("country", "admin1", "admin2", "admin3", "region")
_LEVEL_WORDS = {"admin1": "governorate", "admin2": "district", "admin3": "sub-district"}


@dataclass
class PlaceContext:
    country_hint: str | None = None        # outlet's country, or the report's dominant country
    admin_hints: list[Place] = field(default_factory=list)   # units/cities the report names
    other_places: list[Place] = field(default_factory=list)  # places already resolved


@dataclass(frozen=True)
class Scored:
    place: Place
    score: float              # 0..1, comparable across candidates
    reasons: tuple[str, ...]  # why, in words


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
    scored = [_score(place, context) for place in candidates]
    scored.sort(key=lambda s: (-s.score, -s.place.importance, s.place.id))
    return scored


def best(candidates: list[Place], context: PlaceContext) -> Scored | None:
    ranked = rank(candidates, context)
    return ranked[0] if ranked else None


def _score(place: Place, context: PlaceContext) -> Scored:
    reasons: list[str] = []
    parts = {
        "country": _country(place, context.country_hint, reasons),
        "admin": _admin(place, context.admin_hints, reasons),
        "proximity": _proximity(place, context.other_places, reasons),
        "prior": _prior(place, reasons),
        "coords": 1.0 if place.has_coords else 0.0,
    }
    if not place.has_coords:
        reasons.append("no coordinates")
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    return Scored(place, round(total, 4), tuple(reasons))


def _country(place: Place, hint: str | None, reasons: list[str]) -> float:
    if not hint:
        return NEUTRAL
    if place.country == hint:
        reasons.append(f"in {hint}, the report's country")
        return 1.0
    reasons.append(f"in {place.country}, not {hint}")
    return 0.0


def _admin(place: Place, hints: list[Place], reasons: list[str]) -> float:
    hints = [h for h in hints if h.id != place.id]
    if not hints:
        return NEUTRAL
    best_value, best_reason = 0.0, ""
    for hint in hints:
        value, reason = _hint_match(place, hint)
        if value > best_value:
            best_value, best_reason = value, reason
    reasons.append(best_reason or "outside every area the report names")
    return best_value


def _hint_match(place: Place, hint: Place) -> tuple[float, str]:
    """How well ``place`` sits inside/near one hinted area or town."""
    label = f"'{hint.name_ar}'"
    if place.country != hint.country:
        return 0.0, ""
    if hint.kind in _LEVEL_WORDS:
        level = int(hint.kind[-1])
        return _same_unit(place, hint, level, label)
    if hint.kind in ("country", "region"):
        return 0.5, ""
    return _near_town(place, hint, label)


def _admins(place: Place) -> tuple[str | None, str | None, str | None]:
    return place.admin1, place.admin2, place.admin3


def _same_unit(place: Place, hint: Place, level: int, label: str) -> tuple[float, str]:
    mine, theirs = _admins(place), _admins(hint)
    # Deepest level at which the two agree (all levels above must agree too).
    depth = 0
    for i in range(level):
        if mine[i] and theirs[i] and mine[i] == theirs[i]:
            depth = i + 1
        else:
            break
    if depth == level:
        return 1.0, f"same {_LEVEL_WORDS[hint.kind]} as {label} named in report"
    if depth:
        word = _LEVEL_WORDS[f"admin{depth}"]
        return 0.3 + 0.2 * depth, f"same {word} as {label} named in report"
    km = distance_km(place, hint)
    if km is not None and mine[0] is None and km < 40:  # admin names unknown: use distance
        return 0.6, f"{km:.0f} km from {label} (no admin names to compare)"
    return 0.0, ""


def _near_town(place: Place, town: Place, label: str) -> tuple[float, str]:
    km = distance_km(place, town)
    near = math.exp(-km / 20) if km is not None else 0.0
    candidates = [(near, f"{km:.0f} km from {label} named in report" if km is not None else "")]
    apart = f" ({km:.0f} km)" if km is not None else ""
    # Inside the town's district or governorate; the nearer, the better within it.
    if place.admin2 and place.admin2 == town.admin2 and place.admin1 == town.admin1:
        candidates.append((0.7 + 0.3 * near, f"same district as {label} named in report{apart}"))
    if place.admin1 and place.admin1 == town.admin1:
        candidates.append(((0.5 if town.kind == "city" else 0.4) + 0.2 * near,
                           f"same governorate as {label} named in report{apart}"))
    value, reason = max(candidates)
    return value, reason if value > 0.05 else ""


def _proximity(place: Place, others: list[Place], reasons: list[str]) -> float:
    located = [o for o in others if o.has_coords and o.id != place.id]
    if not located:
        return NEUTRAL
    if not place.has_coords:
        return 0.3
    nearest = min(located, key=lambda o: distance_km(place, o))
    km = distance_km(place, nearest)
    value = math.exp(-km / 30)
    reasons.append(f"{km:.0f} km from {nearest.name_ar}")
    return value


def _prior(place: Place, reasons: list[str]) -> float:
    if place.kind in _AREA_KINDS or place.kind == "city":
        reasons.append(f"{place.kind} prior {place.importance:.2f}")
    elif place.importance >= 0.5:
        reasons.append(f"population/centre prior {place.importance:.2f}")
    else:
        reasons.append(f"{place.kind} prior {place.importance:.2f}")
    return place.importance
