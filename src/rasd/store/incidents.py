"""Keeping incidents up to date in the database after events change.

After an ingest or an edit, the events touched and every event reachable from them
through *candidate* links (same event_type, dates within a day, nearby or same-named
place — a superset of merge compatibility) form a closed component. Re-clustering that
whole component with :func:`rasd.store.merge.cluster` gives the same incidents as
clustering the entire database in canonical order, whatever order reports came in.
"""
from __future__ import annotations

import math
from datetime import timedelta
from typing import Iterable
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
_CANDIDATES = _select_members().where(
    events.c.event_type == sa.bindparam("event_type"),
    events.c.event_date.between(sa.bindparam("day0"), sa.bindparam("day1")),
    sa.or_(sa.and_(events.c.latitude.between(sa.bindparam("lat0"), sa.bindparam("lat1")),
                   events.c.longitude.between(sa.bindparam("lon0"), sa.bindparam("lon1"))),
           events.c.gazetteer_id == sa.bindparam("gazetteer_id"),
           events.c.location == sa.bindparam("location")))
_INCIDENT_BY_KEY = sa.select(incidents.c.id).where(incidents.c.key == sa.bindparam("key"))
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


def load_members(conn: Connection, event_ids: Iterable[int]) -> dict[int, tuple[merge.Member, int | None]]:
    ids = sorted(set(event_ids))
    found: dict[int, tuple[merge.Member, int | None]] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(_MEMBERS, {"ids": ids[start:start + 500]})
        found.update({row.id: (_member(row), row.incident_id) for row in rows})
    return found


def _candidate_links(conn: Connection, member: merge.Member):
    """Rows of events that could merge with ``member`` (cheap, generous pre-filter)."""
    day = timedelta(days=merge.MAX_DAYS)
    box = dict(lat0=None, lat1=None, lon0=None, lon1=None)  # NULL bounds match nothing
    if member.latitude is not None and member.longitude is not None:
        dlat = merge.MAX_KM / KM_PER_DEGREE
        dlon = merge.MAX_KM / (KM_PER_DEGREE * max(0.01, math.cos(math.radians(member.latitude))))
        box = dict(lat0=member.latitude - dlat, lat1=member.latitude + dlat,
                   lon0=member.longitude - dlon, lon1=member.longitude + dlon)
    if box["lat0"] is None and not member.gazetteer_id and not member.location:
        return []
    return conn.execute(_CANDIDATES, dict(
        event_type=member.event_type, day0=member.event_date - day, day1=member.event_date + day,
        gazetteer_id=member.gazetteer_id, location=member.location, **box)).all()


def component(conn: Connection, seeds: dict[int, tuple[merge.Member, int | None]]):
    """Every event linked to the seeds through candidate links, with its current incident."""
    found = dict(seeds)
    frontier = list(seeds.values())
    while frontier:
        member, _ = frontier.pop()
        for row in _candidate_links(conn, member):
            if row.id not in found:
                found[row.id] = (_member(row), row.incident_id)
                frontier.append(found[row.id])
    return found


def recompute(conn: Connection, event_ids: Iterable[int], touched_incidents: Iterable[int] = ()) -> None:
    """Re-cluster the component of ``event_ids``; drop incidents left without events."""
    found = component(conn, load_members(conn, event_ids))
    previous = {incident for _, incident in found.values() if incident is not None}
    previous.update(touched_incidents)
    claimed: set[int] = set()
    for group in merge.cluster([member for member, _ in found.values()]):
        # Keep an incident's id when its events stay together, so links to it stay valid.
        reusable = sorted({found[m.event_id][1] for m in group} - {None} - claimed)  # type: ignore[operator]
        incident_id = _save_incident(conn, group, reusable)
        claimed.add(incident_id)
        stale = [m.event_id for m in group if found[m.event_id][1] != incident_id]
        if stale:
            conn.execute(_SET_INCIDENT, {"ids": stale, "incident_id": incident_id})
    _drop_empty(conn, previous)


def _save_incident(conn: Connection, group: list[merge.Member], reusable: list[int]) -> int:
    seed = group[0]
    placed = min(group, key=lambda m: (m.latitude is None, m.geo_precision or 9, m.canon))
    low, best, high = merge.fatality_range([m.fatalities for m in group])
    values = dict(event_type=seed.event_type, event_date=seed.event_date, location=placed.location,
                  latitude=placed.latitude, longitude=placed.longitude, fatalities_low=low,
                  fatalities_best=best, fatalities_high=high, grade=merge.grade(group))
    existing = conn.execute(_INCIDENT_BY_KEY, {"key": seed.canon}).scalar()
    if existing is None and reusable:
        existing = reusable[0]
    if existing is not None:
        conn.execute(incidents.update().where(incidents.c.id == existing).values(key=seed.canon, **values))
        return existing
    return conn.execute(_INSERT_INCIDENT, dict(key=seed.canon, **values)).scalar_one()


def _drop_empty(conn: Connection, incident_ids: set[int]) -> None:
    if not incident_ids:
        return
    used = set(conn.execute(sa.select(events.c.incident_id).distinct()
                            .where(events.c.incident_id.in_(incident_ids))).scalars())
    empty = incident_ids - used
    if empty:
        conn.execute(incidents.delete().where(incidents.c.id.in_(empty)))
