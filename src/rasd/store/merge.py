"""Deciding which events of different reports are one incident (pure functions).

Rule (documented in README, "Incidents"):
* Events are taken in canonical order — report published date, then the report's
  normalised-text hash, then the event's position in its report — so the outcome does
  not depend on the order reports were ingested.
* An incident is known by its *seed* (its first event in canonical order) and its *anchor*
  (its first event placed precisely, geo_precision 1 or 2; the seed when it is precise).
  Each event joins the incident it fits best among those it is compatible with; otherwise it
  starts a new one. Ties go to the earlier seed.
* Compatible with an incident: same event_type; dates at most one day from the seed's (a day
  apart only with the same sub-event type and figures that do not differ wildly); the same
  place as the seed and the anchor: same gazetteer entry or location name, or within 10 km —
  but two different places both named precisely (geo_precision 1) must be within 2 km, since
  two towns are two events (coding guide); an event placed only at governorate/district level
  (geo_precision 3) is at the same place as anything within its area (same admin1, within
  75 km); actor1 and actor2 each the same, one unknown, or of the same family.
* An incident holds one event per report, except the same strike told twice in one report
  (same type, day, place and compatible actors, e.g. "air strike" and "shelling").
* Fit: same day, same place, the same (not merely unknown) actors, the same sub-event type,
  a weapon in common, the same part of the day and the same figure each count; two parts of
  the day far apart (dawn and evening) count against; "Unidentified" is compatible but adds
  little.
* Analysts' merges and splits pin events to a group: a pinned event joins only its pin's
  incident; unpinned events may still join a pinned incident.
* Rejected events take part in no incident.

The index: incidents are looked up by (event type, day) and a place cell, so an event is
compared with the few incidents of its day and area, never with every event of one incident
(issue 11: cost per report must not grow with the reports of the same incident).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Optional

from rasd.recognize.times import day_parts
from rasd.store.families import actors_compatible, family, is_unknown

MAX_KM = 10.0
MAX_KM_TWO_NAMED_PLACES = 2.0
AREA_KM = 75.0  # how far a governorate/district-level place (geo_precision 3) reaches
MAX_DAYS = 1
CELL_DEGREES = 1.0  # index cells: ~110 km, wider than AREA_KM, so neighbours suffice
COARSE = 3


@dataclass(frozen=True)
class Member:
    """What merging needs to know about one stored event."""

    event_id: int
    report_id: int
    canon: str
    outlet: str
    event_type: str
    event_date: date
    location: Optional[str]
    gazetteer_id: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    geo_precision: Optional[int]
    actor1: str
    actor2: Optional[str]
    fatalities: int
    sub_event_type: Optional[str] = None
    admin1: Optional[str] = None
    pin: Optional[str] = None  # an analyst's merge/split group
    weapons: tuple[str, ...] = ()
    time_of_day: Optional[str] = None  # dawn … night (times_of_day.yaml)

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def precise(self) -> bool:
        return self.located and (self.geo_precision or COARSE) < COARSE


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlon = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _km(a: Member, b: Member) -> float:
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]


def same_place(a: Member, b: Member) -> Optional[str]:
    """Why two events are at the same place, or None."""
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return f"same place ({a.location or a.gazetteer_id})"
    if a.location and a.location == b.location and (a.latitude is None or b.latitude is None):
        return f"same place name ({a.location})"
    if not (a.located and b.located):
        return None
    km = _km(a, b)
    if COARSE in (a.geo_precision, b.geo_precision):
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return None
        return f"{km:.0f} km apart, inside one area ({a.location} / {b.location})" if km <= AREA_KM else None
    two_named = (a.geo_precision == 1 and b.geo_precision == 1 and a.location != b.location)
    limit = MAX_KM_TWO_NAMED_PLACES if two_named else MAX_KM
    if km <= limit:
        return f"{km:.1f} km apart ({a.location} / {b.location}; limit {limit:g} km)"
    return None


def _figures_close(a: int, b: int) -> bool:
    return a == 0 or b == 0 or max(a, b) <= 2 * min(a, b) + 2


def compatible(seed: Member, other: Member) -> Optional[list[str]]:
    """The reasons ``other`` belongs with ``seed``, or None when it does not."""
    if seed.event_type != other.event_type:
        return None
    days = abs((seed.event_date - other.event_date).days)
    if days > MAX_DAYS:
        return None
    if days and (seed.sub_event_type != other.sub_event_type
                 or not _figures_close(seed.fatalities, other.fatalities)):
        return None
    place = same_place(seed, other)
    actor1 = actors_compatible(seed.actor1, other.actor1)
    actor2 = actors_compatible(seed.actor2, other.actor2)
    if place is None or actor1 is None or actor2 is None:
        return None
    return [f"same event type ({seed.event_type})", f"dates {days} day(s) apart", place,
            f"actor1 {actor1} ({seed.actor1} / {other.actor1})",
            f"actor2 {actor2} ({seed.actor2 or '-'} / {other.actor2 or '-'})"]


def candidates(a: Member, b: Member) -> bool:
    """The generous link that bounds merging: could these two ever be in one incident, or
    could one change the incident the other joins?"""
    if a.event_type != b.event_type or abs((a.event_date - b.event_date).days) > MAX_DAYS:
        return False
    if (a.gazetteer_id and a.gazetteer_id == b.gazetteer_id) or (a.location and a.location == b.location):
        return True
    if not (a.located and b.located):
        return False
    return _km(a, b) <= (AREA_KM if COARSE in (a.geo_precision, b.geo_precision) else MAX_KM)


def told_twice(a: Member, b: Member) -> bool:
    """Two events of one report that are the same strike told twice."""
    same_spot = (a.gazetteer_id and a.gazetteer_id == b.gazetteer_id) or (a.location and a.location == b.location)
    return (a.report_id == b.report_id and a.event_type == b.event_type and a.event_date == b.event_date
            and bool(same_spot) and actors_compatible(a.actor1, b.actor1) is not None
            and actors_compatible(a.actor2, b.actor2) is not None)


_ACTOR_FIT = {"same": 2.0, "one unknown": 0.25}


def _actor_fit(a: Optional[str], b: Optional[str]) -> float:
    why = actors_compatible(a, b) or ""
    if why == "same" and is_unknown(a):
        return 0.25  # both unknown: compatible but weak
    return _ACTOR_FIT.get(why, 1.5 if why.startswith("same family") else 0.0)


def fit(seed: Member, anchor: Member, other: Member) -> float:
    """How well ``other`` fits an incident it is compatible with (higher is better)."""
    score = 2.0 if seed.event_date == other.event_date else 0.0
    if (seed.gazetteer_id and seed.gazetteer_id == other.gazetteer_id) or (
            anchor.location and anchor.location == other.location):
        score += 2.0
    elif COARSE in (anchor.geo_precision, other.geo_precision):
        score += 0.5  # only "somewhere in the same area"
    elif anchor.located and other.located:
        score += max(0.0, 2.0 * (1 - _km(anchor, other) / MAX_KM))
    score += _actor_fit(seed.actor1, other.actor1) + 0.5 * _actor_fit(seed.actor2, other.actor2)
    if seed.sub_event_type == other.sub_event_type:
        score += 1.0
    if set(seed.weapons) & set(other.weapons):
        score += 0.5
    score += _time_fit(seed.time_of_day, other.time_of_day)
    if seed.fatalities and seed.fatalities == other.fatalities:
        score += 0.25
    return score


def _time_fit(a: Optional[str], b: Optional[str]) -> float:
    """The same part of the day fits; neighbouring parts (morning, noon) say nothing; parts
    further apart (a dawn strike, an evening one) are likely two incidents."""
    if a is None or b is None:
        return 0.0
    order = [part for part, _, _ in day_parts().hours]
    if a not in order or b not in order:
        return 0.0
    apart = abs(order.index(a) - order.index(b))
    apart = min(apart, len(order) - apart)  # night is next to dawn
    return 0.5 if apart == 0 else (0.0 if apart == 1 else -0.5)


@dataclass
class Cluster:
    """An incident being formed: its seed, anchor, members, and per report its events."""

    seed: Member
    anchor: Member
    members: list[Member] = field(default_factory=list)
    by_report: dict[int, list[Member]] = field(default_factory=dict)
    incident_id: Optional[int] = None  # an incident already stored (fixed part of a recompute)
    pinned: list[Member] = field(default_factory=list)  # an analyst's group: its pinned events
    pin: Optional[str] = None  # the analyst's group this incident is (its first pinned event's)

    @staticmethod
    def start(member: Member) -> "Cluster":
        group = Cluster(seed=member, anchor=member)
        group.add(member)
        return group

    def add(self, member: Member) -> None:
        self.members.append(member)
        self.by_report.setdefault(member.report_id, []).append(member)
        if member.pin is not None and self.pin in (None, member.pin):
            self.pin = member.pin
            self.pinned.append(member)
        if not self.anchor.precise and member.precise:
            self.anchor = member

    def accepts(self, member: Member) -> Optional[float]:
        """The fit of ``member`` (None: it may not join)."""
        if member.pin is not None and self.pin is not None:
            return math.inf if member.pin == self.pin else None
        same_report = self.by_report.get(member.report_id, ())
        if any(not told_twice(m, member) for m in same_report):
            return None
        if self.pinned:  # an analyst's group: an event fitting any of its events may join
            fits = [fit(p, p, member) for p in dict.fromkeys([self.seed, *self.pinned])
                    if compatible(p, member) is not None]
            return max(fits) if fits else None
        if compatible(self.seed, member) is None:
            return None
        if self.anchor is not self.seed and same_place(self.anchor, member) is None:
            return None
        return fit(self.seed, self.anchor, member)


def _cells(member: Member) -> list[tuple]:
    """Index keys an incident is filed under / an event looks in."""
    if member.located:
        row = math.floor(member.latitude / CELL_DEGREES)  # type: ignore[operator]
        col = math.floor(member.longitude / CELL_DEGREES)  # type: ignore[operator]
        return [("cell", row, col)]
    return [("name", member.gazetteer_id or member.location or "")]


def _neighbour_cells(member: Member) -> list[tuple]:
    keys = []
    for key in _cells(member):
        if key[0] == "cell":
            keys += [("cell", key[1] + dr, key[2] + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
        else:
            keys.append(key)
    if member.location:
        keys.append(("name", member.location))
    if member.gazetteer_id:
        keys.append(("name", member.gazetteer_id))
    return keys


class ClusterIndex:
    """Incidents filed by (event type, day, place cell); pinned ones also by pin."""

    def __init__(self) -> None:
        self.by_key: dict[tuple, list[Cluster]] = defaultdict(list)
        self.by_pin: dict[str, Cluster] = {}
        self.comparisons = 0  # fits computed (tests check it stays flat)

    def file(self, group: Cluster, member: Member) -> None:
        """File ``group`` under the keys of ``member`` (its seed, anchor or a pinned event)."""
        keys = _cells(member) + [("name", k) for k in (member.location, member.gazetteer_id) if k]
        for key in keys:
            bucket = self.by_key[(member.event_type, member.event_date) + key]
            if not any(g is group for g in bucket):
                bucket.append(group)
        if group.pin is not None:
            self.by_pin.setdefault(group.pin, group)

    def best(self, member: Member) -> Optional[Cluster]:
        """The best-fitting incident for ``member``; a pinned event goes to its group, else
        (the group's first event) to the best unclaimed incident it fits."""
        if member.pin is not None and member.pin in self.by_pin:
            return self.by_pin[member.pin]
        seen: dict[int, Cluster] = {}
        for offset in range(-MAX_DAYS, MAX_DAYS + 1):
            day = member.event_date + timedelta(days=offset)
            for key in _neighbour_cells(member):
                for group in self.by_key.get((member.event_type, day) + key, ()):
                    seen.setdefault(id(group), group)
        best, best_score = None, -math.inf
        for group in sorted(seen.values(), key=lambda g: g.seed.canon):
            self.comparisons += 1
            score = group.accepts(member)
            if score is not None and score > best_score:
                best, best_score = group, score
        return best


def place_members(members: Iterable[Member], fixed: Iterable[Cluster] = (),
                  index: Optional[ClusterIndex] = None) -> list[Cluster]:
    """Greedy best-fit clustering in canonical order (see the module docstring).

    ``fixed``: incidents formed by events earlier in canonical order than every one of
    ``members``; members may join them. Returns fixed clusters first, then new ones."""
    index = index or ClusterIndex()
    clusters = sorted(fixed, key=lambda g: g.seed.canon)
    for group in clusters:
        for member in dict.fromkeys([group.seed, group.anchor, *group.pinned]):
            index.file(group, member)
    for member in sorted(members, key=lambda m: m.canon):
        home = index.best(member)
        if home is None:
            home = Cluster.start(member)
            clusters.append(home)
        else:
            home.add(member)
        if home.seed is member or home.anchor is member or (home.pinned and home.pinned[-1] is member):
            index.file(home, member)
    return clusters


def cluster(members: list[Member], fixed: Optional[list[list[Member]]] = None) -> list[list[Member]]:
    """:func:`place_members` on plain lists (``fixed``: each incident's members in canonical order)."""
    groups = []
    for old in fixed or []:
        group = Cluster.start(old[0])
        for member in old[1:]:
            group.add(member)
        groups.append(group)
    return [group.members for group in place_members(members, groups)]


def fatality_range(figures: list[int]) -> tuple[int, int, int]:
    """UCDP-style low/best/high across sources.

    A source without a death toll (0) is no claim that nobody died, so zeros count only
    when no source gives a figure. best = the figure most outlets agree on; without a
    single most common figure, the lower median, which no single outlier can move.
    """
    return fatality_range_of_counts(Counter(figures))


def fatality_range_of_counts(counts: dict[int, int]) -> tuple[int, int, int]:
    """:func:`fatality_range` from how many sources give each figure."""
    claims = {f: n for f, n in counts.items() if f > 0 and n > 0} or {0: 1}
    ranked = sorted(claims.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
        best = ranked[0][0]
    else:
        best = _median_low(claims)
    return min(claims), best, max(claims)


def _median_low(counts: dict[int, int]) -> int:
    """The lower median of the figures, each repeated as often as it is given."""
    total = sum(counts.values())
    position = (total - 1) // 2
    for figure in sorted(counts):
        position -= counts[figure]
        if position < 0:
            return figure
    raise ValueError("no figures")


def grade(members: list[Member]) -> str:
    """Airwars-style: contradicting claims of responsibility → contested; two or more
    independent outlets → fair; a single source → weak."""
    claimed = {family(m.actor1) for m in members if not is_unknown(m.actor1)}
    if len(claimed) > 1:
        return "contested"
    outlets = {m.outlet for m in members}
    return "fair" if len(outlets) >= 2 else "weak"


def explain(group: list[Member]) -> list[str]:
    """One line per event saying why it is part of the incident."""
    seed = group[0]
    lines = [f"event {seed.event_id} (report {seed.report_id}, {seed.outlet}): first report in "
             f"canonical order (published, text hash) — the incident's seed"]
    for member in group[1:]:
        reasons = compatible(seed, member) or ["no longer compatible with the seed"]
        lines.append(f"event {member.event_id} (report {member.report_id}, {member.outlet}): "
                     + "; ".join(reasons))
    outlets = sorted({m.outlet for m in group})
    lines.append(f"grade {grade(group)}: {len(outlets)} outlet(s) ({', '.join(outlets)})"
                 + _claims_note(group))
    low, best, high = fatality_range([m.fatalities for m in group])
    lines.append(f"fatalities low/best/high {low}/{best}/{high} from figures "
                 f"{sorted(m.fatalities for m in group)}")
    return lines


def _claims_note(group: list[Member]) -> str:
    claimed = sorted({m.actor1 for m in group if not is_unknown(m.actor1)})
    if len({family(a) for a in claimed}) > 1:
        return f"; contradicting claims of responsibility: {', '.join(claimed)}"
    return ""
