"""Incident-level reading and analysts' review operations, mixed into :class:`rasd.store.Store`.

Reading: one row per incident (rejected events excluded, edits applied), filtered, sorted
newest first, with the true total; an incident's sources side by side.
Writing (each audited per event, in one transaction): merging incidents and splitting one
(kept as "pins" among analysts' corrections, so they survive re-extraction and re-merging),
approving or rejecting many events or incidents at once.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rasd.store import incident_queries, queries
from rasd.store import incidents as incident_index
from rasd.store.incident_queries import Sort, display_outlet
from rasd.store.incident_rows import MemberEvent, figure_claims
from rasd.store.ingest import now
from rasd.store.merge import explain
from rasd.store.records import (REVIEW_STATUSES, ActorChoice, AuditEntry, BulkOutcome, EventFilter,
                                IncidentPage, IncidentRow, IncidentSource, IncidentView, MapPoint, Stats)
from rasd.store.schema import actors, audit, corrections, events, reports
from rasd.store.totals import Totals

PIN_FIELD = incident_index.PIN_FIELD


class ReviewMixin:
    """Needs ``self.engine`` and the Store's ``_write``/``_apply_edit`` (see store.py)."""

    engine: Any
    _incident_totals: Totals

    # --- reading -------------------------------------------------------------------------------
    def query_incidents(self, filters: EventFilter, limit: int = 100, offset: int = 0,
                        sort: Sort = "newest") -> IncidentPage:
        with self.engine.connect() as conn:
            total = self._incident_totals.get(conn, filters, incident_queries.count)
            ids = incident_queries.page_ids(conn, filters, limit, offset, sort)
            return IncidentPage(items=incident_queries.rows_for(conn, ids), total=total)

    def iter_incidents(self, filters: EventFilter, sort: Sort = "oldest",
                       evidence: bool = True) -> Iterator[IncidentRow]:
        """Every matching incident (exports), a batch at a time."""
        with self.engine.connect() as conn:
            for ids in incident_queries.iter_ids(conn, filters, sort):
                yield from incident_queries.rows_for(conn, ids, evidence=evidence)

    def count_incidents(self, filters: EventFilter) -> int:
        with self.engine.connect() as conn:
            return self._incident_totals.get(conn, filters, incident_queries.count)

    def incident_stats(self, filters: EventFilter) -> Stats:
        with self.engine.connect() as conn:
            return incident_queries.stats(conn, filters)

    def incident_points(self, filters: EventFilter) -> list[MapPoint]:
        """Map markers of the matching located incidents, newest first."""
        with self.engine.connect() as conn:
            return incident_queries.points(conn, filters)

    def event_points(self, filters: EventFilter) -> list[MapPoint]:
        """Map markers of the matching located per-report events (``id`` is the event id), newest first."""
        statement = (sa.select(events.c.id, events.c.latitude, events.c.longitude, events.c.event_type,
                               events.c.event_date, events.c.fatalities)
                     .where(*queries.conditions(filters), events.c.latitude.isnot(None), events.c.longitude.isnot(None))
                     .order_by(events.c.event_date.desc(), events.c.id.desc()))
        with self.engine.connect() as conn:
            return list(map(MapPoint._make, conn.execute(statement)))

    def incident_of_event(self, event_id: int) -> Optional[int]:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(events.c.incident_id).where(events.c.id == event_id)).scalar()

    def get_incident_view(self, incident_id: int) -> Optional[IncidentView]:
        with self.engine.connect() as conn:
            return _view(conn, incident_id)

    def canonical_actors(self) -> list[ActorChoice]:
        """The actor dictionary's names, and any other name already stored (analysts' own)."""
        from rasd.lexicon.compiled import lexicons
        from rasd.store.families import family

        found = {name: ActorChoice(name=name, family=family(name) if family(name) != name else None,
                                   inter=entry.inter) for name, entry in lexicons().actor_by_name.items()}
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(actors.c.name, actors.c.family, actors.c.inter)):
                found.setdefault(row.name, ActorChoice(name=row.name, family=row.family, inter=row.inter))
        return sorted(found.values(), key=lambda a: a.name.casefold())

    # --- writing -------------------------------------------------------------------------------
    def merge_incidents(self, incident_ids: list[int], user: str) -> IncidentView:
        """Make incidents one (they stay one whatever the merge rule says; later reports may join)."""
        wanted = sorted(set(incident_ids))
        if len(wanted) < 2:
            raise ValueError("incident_ids: give at least two different incidents")

        def work(writer) -> int:
            members = _members(writer.conn, wanted)
            label = f"merged:{min(row.id for row in members)}"
            _pin(writer.conn, [(row, label) for row in members], wanted, user)
            return writer.conn.execute(sa.select(events.c.incident_id).where(
                events.c.id == members[0].id)).scalar_one()

        merged = self._write(work)  # type: ignore[attr-defined]
        return self.get_incident_view(merged)  # type: ignore[return-value]

    def split_incident(self, incident_id: int, event_ids: list[int], user: str) -> list[IncidentView]:
        """Move ``event_ids`` out of an incident into a new one; returns [remaining, new]."""
        def work(writer) -> tuple[int, int]:
            members = _members(writer.conn, [incident_id])
            leaving = set(event_ids)
            unknown = leaving - {row.id for row in members}
            if unknown:
                raise ValueError(f"event_ids: {sorted(unknown)} not (non-rejected) events of incident {incident_id}")
            staying = [row for row in members if row.id not in leaving]
            if not staying or not leaving:
                raise ValueError("event_ids: a split needs events on both sides")
            moved = [row for row in members if row.id in leaving]
            pins = ([(row, f"split:{min(r.id for r in staying)}") for row in staying]
                    + [(row, f"split:{min(leaving)}") for row in moved])
            _pin(writer.conn, pins, [incident_id], user)
            ids = dict(writer.conn.execute(sa.select(events.c.id, events.c.incident_id).where(
                events.c.id.in_([staying[0].id, moved[0].id]))).all())
            return ids[staying[0].id], ids[moved[0].id]

        kept, new = self._write(work)  # type: ignore[attr-defined]
        return [self.get_incident_view(kept), self.get_incident_view(new)]  # type: ignore[list-item]

    def bulk_review(self, status: str, user: str, *, event_ids: Iterable[int] = (),
                    incident_ids: Iterable[int] = ()) -> BulkOutcome:
        """Approve or reject many events, or every event of many incidents, in one transaction."""
        if status not in REVIEW_STATUSES:
            raise ValueError(f"status {status!r}: expected one of {', '.join(REVIEW_STATUSES)}")
        event_ids, incident_ids = sorted(set(event_ids)), sorted(set(incident_ids))
        outcome = BulkOutcome(status=status)  # type: ignore[arg-type]

        def work(writer) -> None:
            conn = writer.conn
            rows = _event_rows(conn, events.c.id.in_(event_ids)) if event_ids else []
            outcome.missing += sorted(set(event_ids) - {row.id for row in rows})
            if incident_ids:
                members = _event_rows(conn, events.c.incident_id.in_(incident_ids))
                outcome.missing += sorted(set(incident_ids) - {row.incident_id for row in members})
                rows += [row for row in members if row.id not in set(event_ids)]
            changing = [row for row in rows if row.status != status]
            outcome.unchanged = sorted(row.id for row in rows if row.status == status)
            outcome.event_ids = sorted(row.id for row in changing)
            if changing:
                _set_status(writer, changing, status, user)

        self._write(work)  # type: ignore[attr-defined]
        return outcome


# --- helpers -----------------------------------------------------------------------------------

def _event_rows(conn: Connection, condition) -> list:
    return conn.execute(sa.select(events).where(condition).order_by(events.c.id)).all()


def _members(conn: Connection, incident_ids: list[int]) -> list:
    rows = _event_rows(conn, sa.and_(events.c.incident_id.in_(incident_ids), events.c.status != "rejected"))
    missing = sorted(set(incident_ids) - {row.incident_id for row in rows})
    if missing:
        raise ValueError(f"no incident {', '.join(map(str, missing))}")
    return rows


def _pin(conn: Connection, pins: list[tuple[Any, str]], old_incidents: list[int], user: str) -> None:
    """Keep each event's group as a correction, re-merge, and audit old → new incident for
    the events that changed incident (the pin is kept for all: it holds the group together)."""
    stamp = now()
    for row, label in pins:
        target = dict(report_id=row.report_id, event_key=row.event_key, field=PIN_FIELD)
        conn.execute(corrections.delete().filter_by(**target))
        conn.execute(corrections.insert().values(**target, value=label, user=user, at=stamp))
    incident_index.recompute(conn, [row.id for row, _ in pins], old_incidents)
    placed = dict(conn.execute(sa.select(events.c.id, events.c.incident_id).where(
        events.c.id.in_([row.id for row, _ in pins]))).all())
    moved = [dict(report_id=row.report_id, event_key=row.event_key, event_id=row.id, at=stamp, user=user,
                  field=PIN_FIELD, old=row.incident_id, new=placed[row.id])
             for row, _ in pins if placed[row.id] != row.incident_id]
    if moved:
        conn.execute(audit.insert(), moved)


def _set_status(writer, rows: list, status: str, user: str) -> None:
    """Audited status changes; rejected events leave their incidents, others may rejoin."""
    conn, stamp = writer.conn, now()
    for row in rows:
        target = dict(report_id=row.report_id, event_key=row.event_key, field="status")
        conn.execute(corrections.delete().filter_by(**target))
        conn.execute(corrections.insert().values(**target, value=status, user=user, at=stamp))
    conn.execute(audit.insert(), [dict(report_id=row.report_id, event_key=row.event_key, event_id=row.id, at=stamp,
                                       user=user, field="status", old=row.status, new=status) for row in rows])
    ids = [row.id for row in rows]
    conn.execute(events.update().where(events.c.id.in_(ids)).values(
        status=status, **({"incident_id": None} if status == "rejected" else {})))
    if status == "rejected" or any(row.status == "rejected" for row in rows):
        touched = sorted({row.incident_id for row in rows if row.incident_id is not None})
        incident_index.recompute(conn, ids, touched)


def _view(conn: Connection, incident_id: int) -> Optional[IncidentView]:
    rows = incident_queries.rows_for(conn, [incident_id])
    if not rows:
        return None
    row = rows[0]
    members = conn.execute(
        sa.select(events.c.id, events.c.canon, events.c.report_id, events.c.event_key, reports.c.source,
                  reports.c.url, reports.c.published, reports.c.text, reports.c.updated_at)
        .join(reports, reports.c.id == events.c.report_id)
        .where(events.c.id.in_(row.event_ids)).order_by(events.c.canon)).all()
    stored = {e.id: e for e in queries.stored_events(conn, conn.execute(
        sa.select(events).where(events.c.id.in_(row.event_ids))))}
    sources = [IncidentSource(event=stored[m.id], report_id=m.report_id,
                              outlet=display_outlet(m.source, m.url, m.report_id), source=m.source, url=m.url,
                              published=m.published, text=m.text, evidence=stored[m.id].evidence) for m in members]
    claims = figure_claims([MemberEvent(event=s.event, outlet=s.outlet, canon=m.canon, changed_at=m.updated_at)
                            for s, m in zip(sources, members)])
    merge_members = sorted((m for m, _ in incident_index.load_members(conn, row.event_ids).values()),
                           key=lambda m: m.canon)
    explanation = explain(merge_members) + [_figure_line(c) for c in claims]
    keys = [(m.report_id, m.event_key) for m in members]
    entries = conn.execute(sa.select(audit).where(sa.tuple_(audit.c.report_id, audit.c.event_key).in_(keys))
                           .order_by(audit.c.id)).all() if keys else []
    return IncidentView(row=row, sources=sources, figures=claims, explanation=explanation,
                        audit=[AuditEntry(at=e.at, event_id=e.event_id, user=e.user, field=e.field, old=e.old,
                                          new=e.new) for e in entries])


def _figure_line(claim) -> str:
    quote = f' ("{claim.evidence.text}")' if claim.evidence else ""
    use = "counted" if claim.counted else "not counted"
    return f"figure {claim.fatalities} from {claim.outlet} (event {claim.event_id}){quote}: {use} — {claim.why}"
