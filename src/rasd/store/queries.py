"""Reading events back: filters → SQL, rows → StoredEvent, stats."""
from __future__ import annotations

from typing import Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles

from rasd.model import Span
from rasd.store.records import EventFilter, Stats, StoredEvent
from rasd.store.schema import actors, event_actors, events, evidence


class folded_equals(sa.sql.functions.FunctionElement):
    """``folded_equals(column, value)``: the column equals ``value`` (given lower-case) ignoring
    ASCII case. SQLite compares with NOCASE, which folds exactly what its lower() does at half
    the cost of calling lower() on every row scanned; other databases compare lower(column)."""

    type = sa.Boolean()
    name = "folded_equals"
    inherit_cache = True


@compiles(folded_equals)
def _lower_equals(element, compiler, **kw) -> str:
    column, value = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"lower({column}) = {value}"


@compiles(folded_equals, "sqlite")
def _nocase_equals(element, compiler, **kw) -> str:
    column, value = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({column} = {value} COLLATE NOCASE)"


def conditions(filters: EventFilter) -> list:
    """SQL conditions on the events table for a filter (all ANDed)."""
    where = []
    if filters.since:
        where.append(events.c.event_date >= filters.since)
    if filters.until:
        where.append(events.c.event_date <= filters.until)
    if filters.country:
        where.append(folded_equals(events.c.country, filters.country.lower()))
    if filters.admin1:
        where.append(folded_equals(events.c.admin1, filters.admin1.lower()))
    if filters.event_type:
        where.append(sa.or_(events.c.event_type == filters.event_type,
                            events.c.sub_event_type == filters.event_type))
    if filters.sub_event_type:
        where.append(events.c.sub_event_type == filters.sub_event_type)
    if filters.actor:
        # actor ids first: their events are then read from ix_event_actors_actor_event alone
        wanted = sa.select(actors.c.id).where(sa.or_(actors.c.name == filters.actor, actors.c.family == filters.actor))
        named = sa.select(event_actors.c.event_id).where(event_actors.c.actor_id.in_(wanted))
        where.append(events.c.id.in_(named))
    if filters.min_confidence is not None:
        where.append(events.c.confidence >= filters.min_confidence)
    if filters.bbox:
        min_lon, min_lat, max_lon, max_lat = filters.bbox
        where.append(events.c.longitude.between(min_lon, max_lon))
        where.append(events.c.latitude.between(min_lat, max_lat))
    if filters.status:
        where.append(events.c.status == filters.status)
    return where


def select_events(filters: EventFilter):
    """Matching events, oldest event date first (ties by id)."""
    return sa.select(events).where(*conditions(filters)).order_by(events.c.event_date, events.c.id)


def evidence_of(conn: Connection, event_ids: list[int]) -> dict[int, dict[str, Span]]:
    found: dict[int, dict[str, Span]] = {event_id: {} for event_id in event_ids}
    for start in range(0, len(event_ids), 500):
        rows = conn.execute(sa.select(evidence).where(evidence.c.event_id.in_(event_ids[start:start + 500]))
                            .order_by(evidence.c.id))
        for row in rows:
            found[row.event_id][row.field] = Span(start=row.start, end=row.end, text=row.text,
                                                  sentence=row.sentence)
    return found


def stored_events(conn: Connection, rows: Iterable) -> list[StoredEvent]:
    rows = list(rows)
    spans = evidence_of(conn, [row.id for row in rows])
    return [StoredEvent.model_validate({**row.record, "evidence": spans[row.id], "id": row.id,
                                        "report_id": row.report_id, "incident_id": row.incident_id,
                                        "status": row.status}) for row in rows]


def iter_events(conn: Connection, filters: EventFilter, batch: int = 1000) -> Iterator[StoredEvent]:
    """Every matching event, fetched in batches (exports of any size)."""
    offset = 0
    while True:
        rows = conn.execute(select_events(filters).limit(batch).offset(offset)).all()
        yield from stored_events(conn, rows)
        if len(rows) < batch:
            return
        offset += batch


def count(conn: Connection, filters: EventFilter) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(events).where(*conditions(filters))).scalar_one()


def _tally(conn: Connection, column, filters: EventFilter) -> dict[str, int]:
    rows = conn.execute(sa.select(column, sa.func.count()).where(*conditions(filters))
                        .group_by(column).order_by(column))
    return {str(key): total for key, total in rows if key is not None}


def stats(conn: Connection, filters: EventFilter) -> Stats:
    by_day = {key[:10]: total for key, total in _tally(conn, events.c.event_date, filters).items()}
    return Stats(by_day=by_day, by_type=_tally(conn, events.c.event_type, filters),
                 by_actor=_tally(conn, events.c.actor1, filters),
                 by_admin1=_tally(conn, events.c.admin1, filters), total=count(conn, filters))
