"""Reading incidents back: filters → SQL on the incidents table, incidents → rows.

An incident matches a filter when any of its non-rejected events matches it. Rejected
events belong to no incident, so they never reach an incident row.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Iterator, Literal, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rasd.store import queries
from rasd.store.incident_rows import LOW_CONFIDENCE, EventSummary, MemberEvent, best_supported, build_row
from rasd.store.incidents import outlet_name
from rasd.store.records import EventFilter, IncidentRow, MapPoint, Stats, StoredEvent
from rasd.store.schema import audit, events, incidents, reports

Sort = Literal["newest", "oldest"]
BATCH = 500


def _member_conditions(filters: EventFilter) -> list:
    """The filter's conditions on events (an incident matches when one of its events does)."""
    return queries.conditions(filters.model_copy(update={"review": None, "incident_id": None}))


def _has_matching_member(filters: EventFilter, member_conditions: list):
    """Whether an incident has a non-rejected event matching the filter. Correlated (EXISTS):
    a page newest first then walks the incidents' date index and probes each incident's
    events in ix_events_incident_filters, stopping after the page. A closed date range is
    the exception: its events are found by their date and the incidents picked from them
    (IN), instead of probing every newer incident first."""
    if filters.since and filters.until:
        return incidents.c.id.in_(sa.select(events.c.incident_id).where(
            *member_conditions, events.c.status != "rejected"))
    return sa.exists().where(events.c.incident_id == incidents.c.id, events.c.status != "rejected",
                             *member_conditions)


def conditions(filters: EventFilter) -> list:
    """SQL conditions on the incidents table (all ANDed)."""
    where = []
    member_conditions = _member_conditions(filters)
    if member_conditions:
        where.append(_has_matching_member(filters, member_conditions))
    if filters.incident_id is not None:
        where.append(incidents.c.id == filters.incident_id)
    if filters.review == "contested":
        where.append(sa.or_(incidents.c.grade == "contested",
                            incidents.c.fatalities_low != incidents.c.fatalities_high))
    elif filters.review == "needs_review":
        unsure = sa.select(events.c.incident_id).where(events.c.confidence < LOW_CONFIDENCE,
                                                       events.c.status != "rejected")
        unreviewed = sa.select(events.c.incident_id).where(events.c.status == "unreviewed")
        where.append(sa.or_(incidents.c.grade != "fair", incidents.c.fatalities_low != incidents.c.fatalities_high,
                            incidents.c.id.in_(unsure)))
        where.append(incidents.c.id.in_(unreviewed))
    return where


def _order(sort: Sort) -> tuple:
    if sort == "newest":
        return incidents.c.event_date.desc(), incidents.c.id.desc()
    return incidents.c.event_date, incidents.c.id


def count(conn: Connection, filters: EventFilter) -> int:
    member_conditions = _member_conditions(filters)
    if member_conditions and filters.review is None and filters.incident_id is None:
        # Only event filters: count the incidents among the matching events' incident ids,
        # one pass over ix_events_incident_filters (in incident order, so no sort).
        matched = (sa.select(events.c.incident_id)
                   .where(events.c.incident_id.isnot(None), events.c.status != "rejected", *member_conditions)
                   .group_by(events.c.incident_id).subquery())
        return conn.execute(sa.select(sa.func.count()).select_from(matched)).scalar_one()
    return conn.execute(sa.select(sa.func.count()).select_from(incidents).where(*conditions(filters))).scalar_one()


def page_ids(conn: Connection, filters: EventFilter, limit: int, offset: int, sort: Sort) -> list[int]:
    statement = (sa.select(incidents.c.id).where(*conditions(filters)).order_by(*_order(sort))
                 .limit(limit).offset(offset))
    return list(conn.execute(statement).scalars())


def iter_ids(conn: Connection, filters: EventFilter, sort: Sort) -> Iterator[list[int]]:
    """Matching incident ids in batches: one ordered read of the ids (a few MB for a million
    incidents), then the rows a batch at a time — no repeated sort or OFFSET scan."""
    statement = sa.select(incidents.c.id).where(*conditions(filters)).order_by(*_order(sort))
    ids = list(conn.execute(statement).scalars())
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


# What choosing the lead and summing up needs, straight from the query columns; only each
# incident's lead event is read whole (its JSON record validated), which keeps exports fast.
_LIGHT_COLUMNS = ("id", "report_id", "incident_id", "status", "event_date", "event_type", "sub_event_type",
                  "actor1", "actor2", "country", "admin1", "location", "gazetteer_id", "latitude", "longitude",
                  "geo_precision", "fatalities", "confidence")
_MEMBER_ROWS = (sa.select(*(events.c[name] for name in _LIGHT_COLUMNS), events.c.canon,
                          reports.c.source.label("report_source"), reports.c.url.label("report_url"),
                          reports.c.updated_at.label("report_updated"))
                .join(reports, reports.c.id == events.c.report_id)
                .where(events.c.incident_id.in_(sa.bindparam("ids", expanding=True)), events.c.status != "rejected")
                .order_by(events.c.canon))
_RECORDS = sa.select(events.c.id, events.c.record).where(events.c.id.in_(sa.bindparam("ids", expanding=True)))
_LAST_EDITS = (sa.select(audit.c.event_id, sa.func.max(audit.c.at))
               .where(audit.c.event_id.in_(sa.bindparam("ids", expanding=True))).group_by(audit.c.event_id))


def display_outlet(source: Optional[str], url: Optional[str], report_id: int) -> str:
    """Who published a report, as written (merging compares them case-folded)."""
    return source.strip() if source and source.strip() else outlet_name(None, url, report_id)


def rows_for(conn: Connection, incident_ids: list[int], evidence: bool = True) -> list[IncidentRow]:
    """Incident rows, in the order of ``incident_ids`` (missing ids are left out)."""
    if not incident_ids:
        return []
    grades = dict(conn.execute(sa.select(incidents.c.id, incidents.c.grade).where(incidents.c.id.in_(incident_ids))).all())
    rows = conn.execute(_MEMBER_ROWS, {"ids": incident_ids}).all()
    edited = dict(conn.execute(_LAST_EDITS, {"ids": [row.id for row in rows]}).all()) if rows else {}
    spans = queries.evidence_of(conn, [row.id for row in rows]) if evidence else {}
    members: dict[int, list[MemberEvent]] = {}
    for row in rows:
        light = EventSummary(**{name: getattr(row, name) for name in _LIGHT_COLUMNS}, evidence=spans.get(row.id, {}))
        changed: datetime = max(filter(None, (row.report_updated, edited.get(row.id))))
        members.setdefault(row.incident_id, []).append(MemberEvent(
            event=light, outlet=display_outlet(row.report_source, row.report_url, row.report_id),
            canon=row.canon, changed_at=changed))
    leads = {incident_id: best_supported(group) for incident_id, group in members.items()}
    records = dict(conn.execute(_RECORDS, {"ids": [m.event.id for m in leads.values()]}).all())
    for incident_id, lead in leads.items():
        light = lead.event
        full = StoredEvent.model_validate({**records[light.id], "id": light.id, "report_id": light.report_id,
                                           "incident_id": light.incident_id, "status": light.status})
        full.evidence = light.evidence  # Span objects already
        leads[incident_id] = replace(lead, event=full)
    return [build_row(incident_id, grades[incident_id], members[incident_id], leads[incident_id])
            for incident_id in incident_ids if incident_id in members]


def points(conn: Connection, filters: EventFilter) -> list[MapPoint]:
    """Map markers of the matching located incidents, newest first: columns of the incidents
    table only (the map needs no per-incident report count), as plain tuples."""
    statement = (sa.select(incidents.c.id, incidents.c.latitude, incidents.c.longitude, incidents.c.event_type,
                           incidents.c.event_date, incidents.c.fatalities_best)
                 .where(*conditions(filters), incidents.c.latitude.isnot(None), incidents.c.longitude.isnot(None))
                 .order_by(*_order("newest")))
    return list(map(MapPoint._make, conn.execute(statement)))


def _tally(conn: Connection, column, filters: EventFilter, through_events: bool = False) -> dict[str, int]:
    """Incidents per value of ``column`` (an events column counts each incident once per value)."""
    where = conditions(filters)
    if through_events:
        statement = (sa.select(column, sa.func.count(sa.distinct(events.c.incident_id)))
                     .where(events.c.status != "rejected", events.c.incident_id.in_(
                         sa.select(incidents.c.id).where(*where)) if where else sa.true())
                     .group_by(column))
    else:
        statement = sa.select(column, sa.func.count()).where(*where).group_by(column)
    return {str(key): total for key, total in conn.execute(statement.order_by(column)) if key is not None}


def stats(conn: Connection, filters: EventFilter) -> Stats:
    by_day = {key[:10]: total for key, total in _tally(conn, incidents.c.event_date, filters).items()}
    return Stats(by_day=by_day, by_type=_tally(conn, incidents.c.event_type, filters),
                 by_actor=_tally(conn, events.c.actor1, filters, through_events=True),
                 by_admin1=_tally(conn, events.c.admin1, filters, through_events=True),
                 total=count(conn, filters))
