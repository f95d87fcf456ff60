"""Keeping incidents up to date in the database after events change.

The incidents are, at all times, what :func:`rasd.store.merge.place_members` gives over all
stored events in canonical order. Re-clustering everything after each report would cost
O(database), so only what can change is redone. In greedy canonical-order clustering an
event's incident depends only on events earlier in canonical order, so when events at or
after canonical position ``c`` change (added, edited, removed), events before ``c`` keep
their incidents. What can change is the set of events at or after ``c`` reachable from the
changed ones through *candidate* links (same event_type, dates within a day, nearby or
same-named place: a superset of merge compatibility), plus later members of incidents
they could join. Those are re-placed, in canonical order, against the incidents formed
before ``c``, each summarised by its seed, its anchor and the events it holds of the
reports being placed — never by all its events, so a report of an incident already told by
500 others costs what the first one did. Reports usually arrive in publication order, so
``c`` is near the end and the work per report stays small however large the database grows.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Optional
from urllib.parse import urlparse

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rasd.store import merge
from rasd.store.families import UNKNOWN_PREFIX
from rasd.store.schema import corrections, events, incidents, reports

KM_PER_DEGREE = 111.32
PIN_FIELD = "incident"  # corrections/audit field of analysts' merges and splits

_MEMBER_COLUMNS = (
    events.c.id, events.c.report_id, events.c.canon, events.c.event_type, events.c.event_date,
    events.c.location, events.c.gazetteer_id, events.c.latitude, events.c.longitude,
    events.c.geo_precision, events.c.actor1, events.c.actor2, events.c.fatalities,
    events.c.incident_id, events.c.sub_event_type, events.c.admin1, events.c.record, reports.c.source,
    reports.c.url, corrections.c.value.label("pin"),
)
_PINS = sa.and_(corrections.c.report_id == events.c.report_id, corrections.c.event_key == events.c.event_key,
                corrections.c.field == PIN_FIELD)


def outlet_name(source: str | None, url: str | None, report_id: int) -> str:
    """Who published a report: its source name, else its web host, else the report itself."""
    if source:
        return source.strip().casefold()
    host = urlparse(url).netloc if url else ""
    return host.removeprefix("www.") or f"report {report_id}"


def _select_members():
    return (sa.select(*_MEMBER_COLUMNS)
            .select_from(events.join(reports, reports.c.id == events.c.report_id).outerjoin(corrections, _PINS))
            .where(events.c.status != "rejected"))


def _window_conditions():
    return (events.c.event_type.in_(sa.bindparam("types", expanding=True)),
            events.c.event_date.between(sa.bindparam("day0"), sa.bindparam("day1")),
            sa.or_(sa.and_(events.c.latitude.between(sa.bindparam("lat0"), sa.bindparam("lat1")),
                           events.c.longitude.between(sa.bindparam("lon0"), sa.bindparam("lon1"))),
                   events.c.gazetteer_id.in_(sa.bindparam("gazetteer_ids", expanding=True)),
                   events.c.location.in_(sa.bindparam("names", expanding=True))))


# Statements built once (see rasd.store.ingest): parameters are bound at execution.
_MEMBERS = _select_members().where(events.c.id.in_(sa.bindparam("ids", expanding=True)))
_LATER_IN_WINDOW = _select_members().where(*_window_conditions(), events.c.canon >= sa.bindparam("c_min"))
_SEEDS_IN_WINDOW = (_select_members().add_columns(incidents.c.id.label("seed_of"))
                    .join(incidents, incidents.c.key == events.c.canon)
                    .where(*_window_conditions(), events.c.canon < sa.bindparam("c_min")))
_PINNED_IN_WINDOW = _select_members().where(*_window_conditions(), events.c.canon < sa.bindparam("c_min"),
                                            corrections.c.id.isnot(None))
_SEEDS_OF = (_select_members().add_columns(incidents.c.id.label("seed_of"))
             .join(incidents, incidents.c.key == events.c.canon)
             .where(incidents.c.id.in_(sa.bindparam("ids", expanding=True))))
_LATER_MEMBERS_OF = _select_members().where(events.c.incident_id.in_(sa.bindparam("ids", expanding=True)),
                                            events.c.canon >= sa.bindparam("c_min"))
_SAME_REPORT_MEMBERS = _select_members().where(events.c.incident_id.in_(sa.bindparam("ids", expanding=True)),
                                               events.c.report_id.in_(sa.bindparam("reports", expanding=True)),
                                               events.c.canon < sa.bindparam("c_min"))
_ANCHOR = (_select_members().where(events.c.incident_id == sa.bindparam("incident_id"),
                                   events.c.canon < sa.bindparam("c_min"), events.c.geo_precision.in_((1, 2)),
                                   events.c.latitude.isnot(None), events.c.longitude.isnot(None))
           .order_by(events.c.canon).limit(1))
_PINNED_MEMBERS = (_select_members().where(events.c.incident_id.in_(sa.bindparam("ids", expanding=True)),
                                           events.c.canon < sa.bindparam("c_min"), corrections.c.id.isnot(None))
                   .order_by(events.c.canon))
_ANY_PIN = sa.select(corrections.c.id).where(corrections.c.field == PIN_FIELD).limit(1)
_PINNED_REPORTS = sa.select(corrections.c.report_id).where(
    corrections.c.field == PIN_FIELD, corrections.c.report_id.in_(sa.bindparam("reports", expanding=True))).limit(1)
_INCIDENT_BY_KEY = sa.select(incidents.c.id).where(incidents.c.key == sa.bindparam("key"))
_INCIDENTS = sa.select(incidents).where(incidents.c.id.in_(sa.bindparam("ids", expanding=True)))
_INSERT_INCIDENT = incidents.insert().returning(incidents.c.id)
_SET_INCIDENT = (events.update().where(events.c.id.in_(sa.bindparam("ids", expanding=True)))
                 .values(incident_id=sa.bindparam("incident_id")))
_LIVE = sa.and_(events.c.incident_id == sa.bindparam("incident_id"), events.c.status != "rejected")
_FIGURES = sa.select(events.c.fatalities, sa.func.count()).where(_LIVE).group_by(events.c.fatalities)
_PLACED = (sa.select(events.c.location, events.c.latitude, events.c.longitude).where(_LIVE)
           .order_by(events.c.latitude.is_(None), sa.func.coalesce(events.c.geo_precision, 9), events.c.canon)
           .limit(1))
_CLAIMS = sa.select(events.c.actor1).where(_LIVE).distinct()
_SOURCE_NAMES = (sa.select(sa.func.lower(sa.func.trim(reports.c.source))).join(events, events.c.report_id == reports.c.id)
                 .where(_LIVE, reports.c.source.isnot(None)).distinct().limit(50))
_UNNAMED_SOURCES = (sa.select(reports.c.url, reports.c.id).join(events, events.c.report_id == reports.c.id)
                    .where(_LIVE, reports.c.source.is_(None)).limit(50))


def _member(row) -> merge.Member:
    return merge.Member(
        event_id=row.id, report_id=row.report_id, canon=row.canon,
        outlet=outlet_name(row.source, row.url, row.report_id), event_type=row.event_type,
        event_date=row.event_date, location=row.location, gazetteer_id=row.gazetteer_id,
        latitude=row.latitude, longitude=row.longitude, geo_precision=row.geo_precision,
        actor1=row.actor1, actor2=row.actor2, fatalities=row.fatalities,
        sub_event_type=row.sub_event_type, admin1=row.admin1, pin=row.pin,
        weapons=tuple(row.record.get("weapons") or ()), time_of_day=row.record.get("time_of_day"),
    )


def member_of(event_id: int, report_id: int, report, canon: str, status: str, event) -> Optional[merge.Member]:
    """The merge view of an event just written (saves reading it back); None if rejected."""
    if status == "rejected":
        return None
    return merge.Member(
        event_id=event_id, report_id=report_id, canon=canon,
        outlet=outlet_name(report.source, report.url, report_id), event_type=event.event_type,
        event_date=event.event_date, location=event.location, gazetteer_id=event.gazetteer_id,
        latitude=event.latitude, longitude=event.longitude, geo_precision=event.geo_precision,
        actor1=event.actor1, actor2=event.actor2, fatalities=event.fatalities,
        sub_event_type=event.sub_event_type, admin1=event.admin1, weapons=tuple(event.weapons),
        time_of_day=event.time_of_day)


def load_members(conn: Connection, event_ids: Iterable[int],
                 known: Optional[dict] = None) -> dict[int, tuple[merge.Member, int | None]]:
    """Merge views of events (with their current incident); ``known`` ones are not re-read
    (unless an analyst pinned events of their report, which only the database knows)."""
    found: dict[int, tuple[merge.Member, int | None]] = {}
    wanted = set(event_ids)
    known = dict(known or {})
    reports_known = sorted({m.report_id for m in known.values() if m is not None})
    if reports_known and conn.execute(_PINNED_REPORTS, {"reports": reports_known}).first():
        known = {k: v for k, v in known.items() if v is None}
    for event_id in list(wanted):
        if known.get(event_id) is not None:
            found[event_id] = (known[event_id], None)  # just inserted: no incident yet
            wanted.discard(event_id)
        elif event_id in known:
            wanted.discard(event_id)  # just inserted, rejected: takes part in nothing
    ids = sorted(wanted)
    for start in range(0, len(ids), 500):
        rows = conn.execute(_MEMBERS, {"ids": ids[start:start + 500]})
        found.update({row.id: (_member(row), row.incident_id) for row in rows})
    return found


@dataclass(frozen=True)
class Window:
    """The part of the events table a component can lie in: types, days, a box, names."""

    types: frozenset[str]
    day0: date
    day1: date
    box: Optional[tuple[float, float, float, float]]  # lat0, lat1, lon0, lon1
    names: frozenset[str]
    gazetteer_ids: frozenset[str]

    @staticmethod
    def around(members: Iterable[merge.Member], days: int = 1, km: float = merge.AREA_KM) -> "Window":
        members = list(members)
        located = [m for m in members if m.latitude is not None and m.longitude is not None]
        box = None
        if located:
            lats = [m.latitude for m in located]
            lons = [m.longitude for m in located]
            dlat = km / KM_PER_DEGREE
            dlon = km / (KM_PER_DEGREE * max(0.01, math.cos(math.radians(max(map(abs, lats))))))
            box = (min(lats) - dlat, max(lats) + dlat, min(lons) - dlon, max(lons) + dlon)
        return Window(frozenset(m.event_type for m in members),
                      min(m.event_date for m in members) - timedelta(days=days),
                      max(m.event_date for m in members) + timedelta(days=days), box,
                      frozenset(m.location for m in members if m.location),
                      frozenset(m.gazetteer_id for m in members if m.gazetteer_id))

    def covers(self, other: "Window") -> bool:
        inside = other.box is None or (self.box is not None and self.box[0] <= other.box[0]
                                       and other.box[1] <= self.box[1] and self.box[2] <= other.box[2]
                                       and other.box[3] <= self.box[3])
        return (inside and other.types <= self.types and self.day0 <= other.day0 and other.day1 <= self.day1
                and other.names <= self.names and other.gazetteer_ids <= self.gazetteer_ids)

    def params(self, c_min: str) -> dict:
        box = dict(zip(("lat0", "lat1", "lon0", "lon1"), self.box or (None,) * 4))
        return dict(types=sorted(self.types), day0=self.day0, day1=self.day1, c_min=c_min,
                    names=sorted(self.names) or [""], gazetteer_ids=sorted(self.gazetteer_ids) or [""], **box)


candidates = merge.candidates


def _link_later_events(conn: Connection, found: dict, c_min: str) -> None:
    """Add to ``found`` the events at or after ``c_min`` reachable from it by candidate links.

    Reads a window of such events around what is found and follows links in memory; only
    when the component reaches the window's edge is a wider window read."""
    margin_days, margin_km = merge.MAX_DAYS, merge.AREA_KM
    while True:
        window = Window.around((m for m, _ in found.values()), margin_days, margin_km)
        pool: dict[date, list[tuple[merge.Member, int | None]]] = {}
        for row in conn.execute(_LATER_IN_WINDOW, window.params(c_min)):
            pool.setdefault(row.event_date, []).append((_member(row), row.incident_id))
        frontier = [m for m, _ in found.values()]
        while frontier:
            member = frontier.pop()
            for offset in range(-merge.MAX_DAYS, merge.MAX_DAYS + 1):
                for other, incident in pool.get(member.event_date + timedelta(days=offset), ()):
                    if other.event_id not in found and candidates(member, other):
                        found[other.event_id] = (other, incident)
                        frontier.append(other)
        needed = Window.around((m for m, _ in found.values()), merge.MAX_DAYS, merge.AREA_KM)
        if window.covers(needed):
            return
        margin_days, margin_km = margin_days * 2, margin_km * 2


def _seeds_near(conn: Connection, found: dict, c_min: str) -> dict[int, merge.Member]:
    """incident id → seed, for incidents seeded before ``c_min`` that an event found could join."""
    window = Window.around((m for m, _ in found.values()), merge.MAX_DAYS, merge.AREA_KM)
    seeds = {}
    members = [m for m, _ in found.values()]
    for row in conn.execute(_SEEDS_IN_WINDOW, window.params(c_min)):
        seed = _member(row)
        if any(candidates(seed, m) for m in members):
            seeds[row.seed_of] = seed
    if conn.execute(_ANY_PIN).first() is None:
        return seeds
    # an analyst's group is joined through any of its pinned events, not only its seed
    pinned_groups = {row.incident_id for row in conn.execute(_PINNED_IN_WINDOW, window.params(c_min))
                     if row.incident_id not in seeds and any(candidates(_member(row), m) for m in members)}
    if pinned_groups:
        for row in conn.execute(_SEEDS_OF, {"ids": sorted(pinned_groups)}):
            if row.canon < c_min:
                seeds[row.seed_of] = _member(row)
    return seeds


def _affected(conn: Connection, start: dict, c_min: str):
    """(events to re-place, incident id → seed of the incidents seeded before ``c_min`` they
    touch) — closed under "a later member of an incident that a re-placed event could join
    or leave is re-placed too"."""
    found = dict(start)
    while True:
        _link_later_events(conn, found, c_min)
        seeds = _seeds_near(conn, found, c_min)
        own = sorted({i for _, i in found.values() if i is not None} - set(seeds))
        for start_at in range(0, len(own), 500):
            for row in conn.execute(_SEEDS_OF, {"ids": own[start_at:start_at + 500]}):
                if row.canon < c_min:
                    seeds[row.seed_of] = _member(row)
        ids = sorted(set(seeds) | set(own))
        later = {}
        for start_at in range(0, len(ids), 500):
            for row in conn.execute(_LATER_MEMBERS_OF, {"ids": ids[start_at:start_at + 500], "c_min": c_min}):
                if row.id not in found:
                    later[row.id] = (_member(row), row.incident_id)
        if not later:
            return found, seeds
        found.update(later)


def _fixed_clusters(conn: Connection, seeds: dict[int, merge.Member], found: dict, c_min: str,
                    fresh_reports: bool = False) -> list[merge.Cluster]:
    """The incidents seeded before ``c_min`` as clustering left them at ``c_min``: seed,
    anchor and their events of the reports being placed (none when the reports are new:
    ``fresh_reports``)."""
    clusters = {}
    for incident_id, seed in seeds.items():
        anchor = seed
        if not seed.precise:
            row = conn.execute(_ANCHOR, {"incident_id": incident_id, "c_min": c_min}).first()
            anchor = _member(row) if row is not None else seed
        group = merge.Cluster(seed=seed, anchor=anchor, incident_id=incident_id)
        group.add(seed)
        clusters[incident_id] = group
    ids = sorted(seeds) if conn.execute(_ANY_PIN).first() is not None else []
    for start_at in range(0, len(ids), 500):
        for row in conn.execute(_PINNED_MEMBERS, {"ids": ids[start_at:start_at + 500], "c_min": c_min}):
            group = clusters[row.incident_id]
            if row.id != group.seed.event_id and group.pin in (None, row.pin):
                group.pin = row.pin
                group.pinned.append(_member(row))
    report_ids = sorted({m.report_id for m, _ in found.values()})
    ids = [] if fresh_reports else sorted(seeds)
    for start_at in range(0, len(ids), 500):
        rows = conn.execute(_SAME_REPORT_MEMBERS, {"ids": ids[start_at:start_at + 500], "reports": report_ids,
                                                   "c_min": c_min})
        for row in rows:
            if row.id != seeds[row.incident_id].event_id:
                clusters[row.incident_id].by_report.setdefault(row.report_id, []).append(_member(row))
    return list(clusters.values())


def recompute(conn: Connection, event_ids: Iterable[int], touched_incidents: Iterable[int] = (),
              written: Optional[dict] = None, index: Optional[merge.ClusterIndex] = None) -> None:
    """Re-place the events changed (and those that depend on them) into incidents; drop
    incidents left without events. ``written``: merge views of events inserted in this
    transaction (not read back). ``index``: to count comparisons (tests)."""
    written = written or {}
    start = load_members(conn, event_ids, written)
    touched = set(touched_incidents)
    if not start:
        _refresh_or_drop(conn, touched)
        return
    c_min = min(m.canon for m, _ in start.values())
    fresh = all(event_id in written and incident is None for event_id, (_, incident) in start.items())
    if fresh and not touched and _join_without_ripples(conn, start, c_min, index):
        return
    found, seeds = _affected(conn, start, c_min)
    fixed = _fixed_clusters(conn, seeds, found, c_min)
    groups = merge.place_members([m for m, _ in found.values()], fixed, index)
    previous = {incident for _, incident in found.values() if incident is not None} | touched
    current = {row.id: row for row in conn.execute(_INCIDENTS, {"ids": sorted(previous)})} if previous else {}
    claimed = {group.incident_id for group in fixed}
    dirty = set(previous)
    for group in groups:
        incident_id = group.incident_id
        if incident_id is None:
            # Keep an incident's id when its events stay together, so links to it stay valid.
            reusable = sorted({found[m.event_id][1] for m in group.members} - {None} - claimed)  # type: ignore[operator]
            incident_id = _save_incident(conn, group.members, reusable, current, claimed,
                                         group.seed.event_id in written)
            claimed.add(incident_id)
            dirty.discard(incident_id)
        stale = [m.event_id for m in group.members if m.event_id in found and found[m.event_id][1] != incident_id]
        if stale:
            conn.execute(_SET_INCIDENT, {"ids": stale, "incident_id": incident_id})
            if group.incident_id is not None:
                dirty.add(incident_id)
    _refresh_or_drop(conn, dirty)


def _join_without_ripples(conn: Connection, start: dict, c_min: str, index: Optional[merge.ClusterIndex]) -> bool:
    """The common case for new events: each joins an incident seeded before it without
    changing that incident's anchor. Then no later event's choice can change (it sees the
    same seeds and anchors), so nothing else is re-placed — however many reports the
    incident already has, and wherever in canonical order the new report falls. Returns
    False (having written nothing) when the new events would do more."""
    seeds = _seeds_near(conn, start, c_min)
    fixed = _fixed_clusters(conn, seeds, start, c_min, fresh_reports=True)
    anchors = {group.incident_id: group.anchor for group in fixed}
    groups = merge.place_members([m for m, _ in start.values()], fixed, index)
    joined = [g for g in groups if any(m.event_id in start for m in g.members)]
    if any(g.incident_id is None or g.anchor is not anchors[g.incident_id] for g in joined):
        return False
    added = {}
    for group in joined:
        added[group.incident_id] = [m for m in group.members if m.event_id in start]
        conn.execute(_SET_INCIDENT, {"ids": [m.event_id for m in added[group.incident_id]],
                                     "incident_id": group.incident_id})
    _refresh_or_drop(conn, set(added), added)
    return True


def rebuild_all(conn: Connection) -> None:
    """Re-cluster every event from scratch (maintenance; the incremental path must agree)."""
    conn.execute(events.update().values(incident_id=None))
    conn.execute(incidents.delete())
    ids = list(conn.execute(sa.select(events.c.id)).scalars())
    if ids:
        recompute(conn, ids)


def _incident_values(group: list[merge.Member]) -> dict:
    seed = group[0]
    placed = min(group, key=lambda m: (m.latitude is None, m.geo_precision or 9, m.canon))
    low, best, high = merge.fatality_range([m.fatalities for m in group])
    return dict(key=seed.canon, event_type=seed.event_type, event_date=seed.event_date,
                location=placed.location, latitude=placed.latitude, longitude=placed.longitude,
                fatalities_low=low, fatalities_best=best, fatalities_high=high, grade=merge.grade(group))


def _save_incident(conn: Connection, group: list[merge.Member], reusable: list[int], current: dict,
                   claimed: set[int], new_seed: bool = False) -> int:
    """Write the incident of a new group, reusing an id where possible; return its id."""
    values = _incident_values(group)
    existing = next((row.id for row in current.values() if row.key == values["key"] and row.id not in claimed), None)
    if existing is None and not new_seed:  # a seed written just now has no incident of its own yet
        existing = conn.execute(_INCIDENT_BY_KEY, {"key": values["key"]}).scalar()
        existing = None if existing in claimed else existing
    if existing is None and reusable:
        existing = reusable[0]
    return _write_incident(conn, existing, values, current)


def _write_incident(conn: Connection, incident_id: Optional[int], values: dict, current: dict) -> int:
    """Insert (no id) or update an incident; an unchanged one is not written."""
    if incident_id is None:
        return conn.execute(_INSERT_INCIDENT, values).scalar_one()
    row = current.get(incident_id)
    if row is None or any(getattr(row, k) != v for k, v in values.items()):
        conn.execute(incidents.update().where(incidents.c.id == incident_id).values(**values))
    return incident_id


def _refresh_or_drop(conn: Connection, incident_ids: set[int], added: Optional[dict[int, list]] = None) -> None:
    """Recompute the figures of incidents whose events changed, from the database (they
    may hold far more events than were placed); drop those left without events.
    ``added``: incident → events that only joined it (its grade then follows from its
    stored grade and theirs, without reading every event)."""
    for incident_id in sorted(incident_ids):
        figures = dict(conn.execute(_FIGURES, {"incident_id": incident_id}).all())
        if not figures:
            conn.execute(incidents.delete().where(incidents.c.id == incident_id))
            continue
        place = conn.execute(_PLACED, {"incident_id": incident_id}).one()
        low, best, high = merge.fatality_range_of_counts(figures)
        joined = (added or {}).get(incident_id)
        grade = _grade_after_joining(conn, incident_id, joined) if joined else _stored_grade(conn, incident_id)
        values = dict(location=place.location, latitude=place.latitude, longitude=place.longitude,
                      fatalities_low=low, fatalities_best=best, fatalities_high=high, grade=grade)
        conn.execute(incidents.update().where(incidents.c.id == incident_id).values(**values))


_GRADE = sa.select(incidents.c.grade).where(incidents.c.id == sa.bindparam("incident_id"))
_A_CLAIM = (sa.select(events.c.actor1).where(_LIVE, events.c.id.not_in(sa.bindparam("ids", expanding=True)),
                                             sa.not_(events.c.actor1.startswith(UNKNOWN_PREFIX)))
            .limit(1))
_AN_OUTLET = (sa.select(reports.c.source, reports.c.url, reports.c.id).join(events, events.c.report_id == reports.c.id)
              .where(_LIVE, events.c.id.not_in(sa.bindparam("ids", expanding=True))).limit(1))


def _grade_after_joining(conn: Connection, incident_id: int, added: list[merge.Member]) -> str:
    """:func:`merge.grade` after ``added`` joined an incident: a contested incident stays
    contested, a fair one fair; otherwise one other claim and one other outlet settle it."""
    params = {"incident_id": incident_id, "ids": [m.event_id for m in added]}
    before = conn.execute(_GRADE, params).scalar_one()
    if before == "contested":
        return before
    claims = {merge.family(m.actor1) for m in added if not merge.is_unknown(m.actor1)}
    if claims:
        other = conn.execute(_A_CLAIM, params).scalar()
        claims |= {merge.family(other)} if other else set()
        if len(claims) > 1:
            return "contested"
    if before == "fair":
        return before
    outlets = {m.outlet for m in added}
    other_outlet = conn.execute(_AN_OUTLET, params).first()
    if other_outlet is not None:
        outlets.add(outlet_name(*other_outlet))
    return "fair" if len(outlets) >= 2 else "weak"


def _stored_grade(conn: Connection, incident_id: int) -> str:
    """:func:`merge.grade` from aggregates: the claims and outlets, not every event."""
    params = {"incident_id": incident_id}
    claimed = {merge.family(a) for a in conn.execute(_CLAIMS, params).scalars() if not merge.is_unknown(a)}
    if len(claimed) > 1:
        return "contested"
    outlets = {name.strip() for name in conn.execute(_SOURCE_NAMES, params).scalars() if name and name.strip()}
    outlets |= {outlet_name(None, url, report_id) for url, report_id in conn.execute(_UNNAMED_SOURCES, params)}
    return "fair" if len(outlets) >= 2 else "weak"
