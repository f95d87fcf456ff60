"""Deciding which events of different reports are one incident (pure functions).

Rule (documented in docs/store.md):
* Events are taken in canonical order — report published date, then the report's
  normalised-text hash, then the event's position in its report — so the outcome does
  not depend on the order reports were ingested.
* Each event joins the first incident (in canonical order of their first event, the
  "seed") whose seed it is compatible with and which holds no event of its own report;
  otherwise it starts a new incident.
* Compatible with the seed: same event_type; dates at most one day apart; the same place
  (same gazetteer entry or location name) or within 10 km — but two different places both
  named precisely (geo_precision 1) must be within 2 km, since two towns are two events
  (coding guide); actor1 and actor2 each the same, one unknown, or of the same family.
* Rejected events take part in no incident.
"""
from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Optional

from rasd.store.families import actors_compatible, family, is_unknown

MAX_KM = 10.0
MAX_KM_TWO_NAMED_PLACES = 2.0
MAX_DAYS = 1


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


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlon = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: Member, b: Member) -> Optional[str]:
    """Why two events are at the same place, or None."""
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return f"same place ({a.location or a.gazetteer_id})"
    if a.location and a.location == b.location and (a.latitude is None or b.latitude is None):
        return f"same place name ({a.location})"
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
    two_named = (a.geo_precision == 1 and b.geo_precision == 1 and a.location != b.location)
    limit = MAX_KM_TWO_NAMED_PLACES if two_named else MAX_KM
    if km <= limit:
        return f"{km:.1f} km apart ({a.location} / {b.location}; limit {limit:g} km)"
    return None


def compatible(seed: Member, other: Member) -> Optional[list[str]]:
    """The reasons ``other`` belongs with ``seed``, or None when it does not."""
    if seed.event_type != other.event_type:
        return None
    days = abs((seed.event_date - other.event_date).days)
    if days > MAX_DAYS:
        return None
    place = same_place(seed, other)
    actor1 = actors_compatible(seed.actor1, other.actor1)
    actor2 = actors_compatible(seed.actor2, other.actor2)
    if place is None or actor1 is None or actor2 is None:
        return None
    return [f"same event type ({seed.event_type})", f"dates {days} day(s) apart", place,
            f"actor1 {actor1} ({seed.actor1} / {other.actor1})",
            f"actor2 {actor2} ({seed.actor2 or '-'} / {other.actor2 or '-'})"]


def cluster(members: list[Member], fixed: Optional[list[list[Member]]] = None) -> list[list[Member]]:
    """Greedy clustering in canonical order (see the module docstring); seeds come first.

    ``fixed``: incidents already formed by events earlier in canonical order than every one
    of ``members`` (each in canonical order); members may join them, and they are returned
    (as the same list objects, extended) before the new ones."""
    clusters: list[list[Member]] = sorted(fixed or [], key=lambda group: group[0].canon)
    for member in sorted(members, key=lambda m: m.canon):
        home = next((group for group in clusters
                     if member.report_id not in {m.report_id for m in group}
                     and compatible(group[0], member) is not None), None)
        if home is None:
            clusters.append([member])
        else:
            home.append(member)
    return clusters


def fatality_range(figures: list[int]) -> tuple[int, int, int]:
    """UCDP-style low/best/high across sources.

    A source without a death toll (0) is no claim that nobody died, so zeros count only
    when no source gives a figure. best = the figure most outlets agree on; without a
    single most common figure, the lower median, which no single outlier can move.
    """
    claims = [f for f in figures if f > 0] or [0]
    ranked = Counter(claims).most_common()
    if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
        best = ranked[0][0]
    else:
        best = int(statistics.median_low(claims))
    return min(claims), best, max(claims)


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
