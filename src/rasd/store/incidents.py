"""Keeping incidents up to date in the database after events change.

The incidents are, at all times, what :func:`rasd.store.merge.cluster` gives over all
stored events in canonical order. Re-clustering everything after each report would cost
O(database), so only what can change is redone. In greedy canonical-order clustering an
event's incident depends only on events earlier in canonical order, so when events at or
after canonical position ``c`` change (added, edited, removed), events before ``c`` keep
their incidents. What can change is the set of events at or after ``c`` reachable from the
changed ones through *candidate* links (same event_type, dates within a day, nearby or
same-named place: a superset of merge compatibility), plus later members of incidents
they could join. Those are re-placed, in canonical order, against the fixed incidents
around them. Reports usually arrive in publication order, so ``c`` is near the end and
the work per report stays small however large the database grows.
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
from rasd.store.schema import events, incidents, reports

KM_PER_DEGREE = 111.32

_MEMBER_COLUMNS = (
    events.c.id, events.c.report_id, events.c.canon, events.c.event_type, events.c.event_date,
    events.c.location, events.c.gazetteer_id, events.c.latitude, events.c.longitude,
    events.c.geo_precision, events.c.actor1, events.c.actor2, events.c.fatalities,
    events.c.incident_id, reports.c.source, reports.c.url,
)


def outlet_name(source: str | None, url: str | None, report_id: int) -> str:
    """Who published a report: its source name, else its web host, else the report itself."""
    if source:
        return source.strip().casefold()
    host = urlparse(url).netloc if url else ""
    return host.removeprefix("www.") or f"report {report_id}"


def _select_members():
    return (sa.select(*_MEMBER_COLUMNS).join(reports, reports.c.id == events.c.report_id)
            .where(events.c.status != "rejected"))


# Statements built once (see rasd.store.ingest): parameters are bound at execution.
_MEMBERS = _select_members().where(events.c.id.in_(sa.bindparam("ids", expanding=True)))
_WINDOW = _select_members().where(
    events.c.event_type.in_(sa.bindparam("types", expanding=True)),
    events.c.event_date.between(sa.bindparam("day0"), sa.bindparam("day1")),
    sa.or_(sa.and_(events.c.latitude.between(sa.bindparam("lat0"), sa.bindparam("lat1")),
                   events.c.longitude.between(sa.bindparam("lon0"), sa.bindparam("lon1"))),
           events.c.gazetteer_id.in_(sa.bindparam("gazetteer_ids", expanding=True)),
           events.c.location.in_(sa.bindparam("names", expanding=True))))
_MEMBERS_OF = _select_members().where(events.c.incident_id.in_(sa.bindparam("ids", expanding=True)))
_INCIDENT_BY_KEY = sa.select(incidents.c.id).where(incidents.c.key == sa.bindparam("key"))
_INCIDENTS = sa.select(incidents).where(incidents.c.id.in_(sa.bindparam("ids", expanding=True)))
_INSERT_INCIDENT = incidents.insert().returning(incidents.c.id)
_SET_INCIDENT = (events.update().where(events.c.id.in_(sa.bindparam("ids", expanding=True)))
                 .values(incident_id=sa.bindparam("incident_id")))


def _member(row) -> merge.Member:
    return merge.Member(
        event_id=row.id, report_id=row.report_id, canon=row.canon,
        outlet=outlet_name(row.source, row.url, row.report_id), event_type=row.event_type,
        event_date=row.event_date, location=row.location, gazetteer_id=row.gazetteer_id,
        latitude=row.latitude, longitude=row.longitude, geo_precision=row.geo_precision,
        actor1=row.actor1, actor2=row.actor2, fatalities=row.fatalities,
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
        actor1=event.actor1, actor2=event.actor2, fatalities=event.fatalities)


def load_members(conn: Connection, event_ids: Iterable[int],
                 known: Optional[dict] = None) -> dict[int, tuple[merge.Member, int | None]]:
    """Merge views of events (with their current incident); ``known`` ones are not re-read."""
    found: dict[int, tuple[merge.Member, int | None]] = {}
    wanted = set(event_ids)
    for event_id in list(wanted):
        if known and known.get(event_id) is not None:
            found[event_id] = (known[event_id], None)  # just inserted: no incident yet
            wanted.discard(event_id)
        elif known and event_id in known:
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
    def around(members: Iterable[merge.Member], days: int = 1, km: float = merge.MAX_KM) -> "Window":
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

    def rows(self, conn: Connection):
        box = dict(zip(("lat0", "lat1", "lon0", "lon1"), self.box or (None,) * 4))
        return conn.execute(_WINDOW, dict(types=sorted(self.types), day0=self.day0, day1=self.day1,
                                          names=sorted(self.names) or [""],
                                          gazetteer_ids=sorted(self.gazetteer_ids) or [""], **box)).all()


def candidates(a: merge.Member, b: merge.Member) -> bool:
    """The generous link that bounds merging: could these two ever be one incident?"""
    if a.event_type != b.event_type or abs((a.event_date - b.event_date).days) > merge.MAX_DAYS:
        return False
    if (a.gazetteer_id and a.gazetteer_id == b.gazetteer_id) or (a.location and a.location == b.location):
        return True
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return False
    return merge.distance_km(a.latitude, a.longitude, b.latitude, b.longitude) <= merge.MAX_KM  # type: ignore[arg-type]


def _neighbourhood(conn: Connection, found: dict, c_min: str):
    """Follow candidate links from ``found`` to events at or after ``c_min`` (adding them to
    ``found``); return the incidents of every event linked to one found, earlier ones too.

    Reads a window of the events table around what is found and follows links in memory;
    only when the component reaches the window's edge is a wider window read."""
    margin_days, margin_km = merge.MAX_DAYS, merge.MAX_KM
    while True:
        window = Window.around((m for m, _ in found.values()), margin_days, margin_km)
        pool: dict[date, list[tuple[merge.Member, int | None]]] = {}
        for row in window.rows(conn):
            pool.setdefault(row.event_date, []).append((_member(row), row.incident_id))
        linked: set[int] = {incident for _, incident in found.values() if incident is not None}
        frontier = [m for m, _ in found.values()]
        while frontier:
            member = frontier.pop()
            for offset in range(-merge.MAX_DAYS, merge.MAX_DAYS + 1):
                for other, incident in pool.get(member.event_date + timedelta(days=offset), ()):
                    if other.event_id in found or not candidates(member, other):
                        continue
                    if incident is not None:
                        linked.add(incident)
                    if other.canon >= c_min:
                        found[other.event_id] = (other, incident)
                        frontier.append(other)
        needed = Window.around((m for m, _ in found.values()), merge.MAX_DAYS, merge.MAX_KM)
        if window.covers(needed):
            return linked
        margin_days, margin_km = margin_days * 2, margin_km * 2


def _affected(conn: Connection, start: dict, c_min: str):
    """(events to re-place, incident → its members) — closed under "a later member of an
    incident that a re-placed event could join is re-placed too"."""
    found = dict(start)
    members_of: dict[int, list[tuple[merge.Member, int]]] = {}
    while True:
        linked = _neighbourhood(conn, found, c_min)
        missing = sorted(linked - set(members_of))
        for incident_id in missing:
            members_of[incident_id] = []
        for batch in range(0, len(missing), 500):
            for row in conn.execute(_MEMBERS_OF, {"ids": missing[batch:batch + 500]}):
                members_of[row.incident_id].append((_member(row), row.incident_id))
        later = {m.event_id: (m, i) for rows in members_of.values() for m, i in rows
                 if m.canon >= c_min and m.event_id not in found}
        if not later:
            return found, members_of
        found.update(later)


def recompute(conn: Connection, event_ids: Iterable[int], touched_incidents: Iterable[int] = (),
              written: Optional[dict] = None) -> None:
    """Re-place the events changed (and those that depend on them) into incidents; drop
    incidents left without events. ``written``: merge views of events inserted in this
    transaction (not read back)."""
    written = written or {}
    start = load_members(conn, event_ids, written)
    touched = set(touched_incidents)
    if not start:
        _drop_empty(conn, touched)
        return
    c_min = min(m.canon for m, _ in start.values())
    found, members_of = _affected(conn, start, c_min)
    fixed = {incident_id: [m for m, _ in rows if m.event_id not in found]
             for incident_id, rows in members_of.items()}
    fixed = {incident_id: sorted(group, key=lambda m: m.canon) for incident_id, group in fixed.items() if group}
    previous = {incident for _, incident in found.values() if incident is not None} | touched | set(members_of)
    current = {row.id: row for row in conn.execute(_INCIDENTS, {"ids": sorted(previous)})} if previous else {}
    groups = merge.cluster([m for m, _ in found.values()], fixed=list(fixed.values()))
    claimed = set(fixed)
    fixed_ids = {id(group): incident_id for incident_id, group in fixed.items()}
    for group in groups:
        incident_id = fixed_ids.get(id(group))
        if incident_id is None:
            # Keep an incident's id when its events stay together, so links to it stay valid.
            reusable = sorted({found[m.event_id][1] for m in group if m.event_id in found} - {None} - claimed)  # type: ignore[operator]
            incident_id = _save_incident(conn, group, reusable, current, claimed, group[0].event_id in written)
            claimed.add(incident_id)
        else:
            _write_incident(conn, incident_id, _incident_values(group), current)
        stale = [m.event_id for m in group if m.event_id in found and found[m.event_id][1] != incident_id]
        if stale:
            conn.execute(_SET_INCIDENT, {"ids": stale, "incident_id": incident_id})
    _drop_empty(conn, previous - claimed)  # incidents given a group this time are in use


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


def _drop_empty(conn: Connection, incident_ids: set[int]) -> None:
    if not incident_ids:
        return
    used = set(conn.execute(sa.select(events.c.incident_id).distinct()
                            .where(events.c.incident_id.in_(incident_ids))).scalars())
    empty = incident_ids - used
    if empty:
        conn.execute(incidents.delete().where(incidents.c.id.in_(empty)))
