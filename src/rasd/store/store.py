"""The event store: reports in, events and incidents out, analysts' edits kept."""
from __future__ import annotations

import random
import threading
import time
from typing import Any, Callable, Iterator, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rasd.errors import InputError
from rasd.io.readers import stored_field_problem, text_problem
from rasd.model import Event, Report
from rasd.store import database, editing, queries, totals
from rasd.store import incidents as incident_index
from rasd.store.ingest import KnownIds, ReportWriter, content_hash, find_known, now
from rasd.store.merge import explain
from rasd.store.records import (AuditEntry, EventDetail, EventFilter, IncidentDetail, IngestOutcome,
                                ReportDetail, SourceRef, Stats, StoredEvent)
from rasd.store.review import ReviewMixin
from rasd.store.schema import audit, corrections, events, incidents, reports

Extractor = Callable[[Report], list[Event]]

WRITE_ATTEMPTS = 6  # a transaction beaten by a deadlock or a concurrent writer is re-run


def default_extractor(report: Report) -> list[Event]:
    from rasd.pipeline import extract_report

    return extract_report(report)


class Store(ReviewMixin):
    """One database (SQLite file or PostgreSQL), migrated to the newest schema on open."""

    def __init__(self, url: str = "sqlite:///rasd.db", extractor: Optional[Extractor] = None) -> None:
        self.url = database.normalise_url(url)
        self.engine = database.make_engine(self.url)
        database.upgrade(self.engine)
        self.extractor = extractor or default_extractor
        self._known_ids = KnownIds()
        # Writes wait their turn here (a queue of one): concurrent request threads never
        # hold a connection while waiting, and SQLite never sees two writers of ours.
        self._write_turn = threading.Lock()
        # Extraction is CPU-bound Python: running one at a time leaves readers their share
        # of the interpreter (more at once would not finish sooner under the GIL anyway).
        self._extract_turn = threading.Lock()
        self._incident_totals = totals.Totals()

    # --- writing -----------------------------------------------------------------------------
    def ingest(self, report: Report, *, events: list[Event] | None = None) -> IngestOutcome:
        """Store a report and its events (extracted unless given) in one transaction.

        A known text adds nothing ("duplicate", without extracting again); new text under a
        known URL replaces that report's events ("updated")."""
        problem = stored_field_problem(report)
        if problem:
            raise InputError(f"report {report.id[:60]!r}", problem)
        # Known reports are recognised before extraction, so re-ingesting costs no extraction;
        # the write transaction checks again (another writer may have stored it meanwhile).
        with self.engine.connect() as conn:
            known = find_known(conn, report, content_hash(report.text))
            if known and known[1] == "duplicate":
                return IngestOutcome(report_id=known[0], status="duplicate",
                                     event_ids=ReportWriter(conn).event_ids(known[0]))
        extracted = self._extract(report) if events is None else events
        return self._write(lambda writer: writer.ingest(report, extracted))

    def _extract(self, report: Report) -> list[Event]:
        with self._extract_turn:
            return self.extractor(report)

    def reextract(self, report_id: int) -> IngestOutcome:
        """Run extraction again on a stored report (after a lexicon upgrade, say); its
        events are replaced and analysts' corrections re-applied."""
        detail = self.get_report(report_id)
        if detail is None:
            raise ValueError(f"no report {report_id}")
        with self.engine.connect() as conn:
            doc_id = conn.execute(sa.select(reports.c.doc_id).where(reports.c.id == report_id)).scalar_one()
        report = Report(id=doc_id, text=detail.text, published=detail.published, source=detail.source,
                        url=detail.url)
        extracted = self._extract(report)

        def replace(writer: ReportWriter) -> IngestOutcome:
            touched, neighbours = writer.replace_version(report_id, report, content_hash(report.text))
            ids = writer.insert_events(report_id, report, content_hash(report.text), extracted)
            incident_index.recompute(writer.conn, ids + sorted(neighbours), touched, writer.written)
            return IngestOutcome(report_id=report_id, status="updated", event_ids=ids)

        return self._write(replace)

    def _write(self, work: Callable[[ReportWriter], Any]) -> Any:
        """Run ``work`` in one write transaction, in this database's write turn; re-run it
        (a few times, with a growing random pause) when a concurrent writer beat it."""
        attempt = 1
        while True:
            try:
                with self._write_turn, self.engine.begin() as conn:
                    database.lock_writes(conn)
                    writer = ReportWriter(conn, self._known_ids)
                    result = work(writer)
                    totals.raise_version(conn)
            except sa.exc.DBAPIError as exc:
                if attempt >= WRITE_ATTEMPTS or not database.is_transient(exc):
                    raise
                time.sleep(random.uniform(0, 0.05 * 2 ** attempt))
                attempt += 1
                continue
            writer.adopt_into(self._known_ids)  # committed: its new ids are safe to share
            return result

    def rebuild_incidents(self) -> None:
        """Merge every stored event into incidents from scratch (maintenance, e.g. after a
        change of the merge rule); ingest and edits keep incidents current on their own."""
        self._write(lambda writer: incident_index.rebuild_all(writer.conn))

    def update_event(self, event_id: int, changes: dict[str, Any], user: str) -> StoredEvent:
        """Correct an event; raises ValueError naming a bad field or value. Every changed
        field is audited and kept as a correction that survives re-extraction. The event is
        read, checked and changed, with its audit entries, in one write transaction: an
        edit either applies whole to the current values or changes nothing."""
        unstorable = _unstorable(changes)
        if unstorable:
            raise ValueError(unstorable)

        def edit(writer: ReportWriter) -> None:
            row = writer.conn.execute(sa.select(events).where(events.c.id == event_id)).first()
            if row is None:
                raise ValueError(f"no event {event_id}")
            after = editing.corrected_record(row.record, changes)
            diff = editing.changed_fields(row.record, after, changes, row.status)
            if diff:
                self._apply_edit(writer, row, after, diff, user)

        self._write(edit)
        return self.get_event(event_id).event  # type: ignore[union-attr]

    def _apply_edit(self, writer: ReportWriter, row, after: dict, diff: dict, user: str) -> None:
        conn, stamp = writer.conn, now()
        for field, (old, new) in diff.items():
            target = dict(report_id=row.report_id, event_key=row.event_key, field=field)
            conn.execute(corrections.delete().filter_by(**target))
            conn.execute(corrections.insert().values(**target, value=new, user=user, at=stamp))
            conn.execute(audit.insert().values(report_id=row.report_id, event_key=row.event_key,
                                               event_id=row.id, at=stamp, user=user, field=field,
                                               old=old, new=new))
        status = diff.get("status", (None, row.status))[1]
        effective = Event.model_validate(after)
        conn.execute(events.update().where(events.c.id == row.id).values(
            record=after, status=status, **writer.columns(effective),
            **({"incident_id": None} if status == "rejected" else {})))
        writer.write_links(row.id, effective)
        neighbours = set()
        if row.incident_id is not None:
            neighbours = set(conn.execute(sa.select(events.c.id).where(
                events.c.incident_id == row.incident_id)).scalars())
        incident_index.recompute(conn, sorted(neighbours | {row.id}),
                                 [row.incident_id] if row.incident_id else [])

    # --- reading -----------------------------------------------------------------------------
    def query_events(self, filters: EventFilter, limit: int = 100, offset: int = 0) -> list[StoredEvent]:
        with self.engine.connect() as conn:
            rows = conn.execute(queries.select_events(filters).limit(limit).offset(offset)).all()
            return queries.stored_events(conn, rows)

    def iter_events(self, filters: EventFilter) -> Iterator[StoredEvent]:
        """Every matching event (for exports), without loading them all at once."""
        with self.engine.connect() as conn:
            yield from queries.iter_events(conn, filters)

    def count_events(self, filters: EventFilter) -> int:
        with self.engine.connect() as conn:
            return queries.count(conn, filters)

    def stats(self, filters: EventFilter) -> Stats:
        with self.engine.connect() as conn:
            return queries.stats(conn, filters)

    def count_reports(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(reports)).scalar_one()

    def get_event(self, event_id: int) -> EventDetail | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(events).where(events.c.id == event_id)).first()
            if row is None:
                return None
            event = queries.stored_events(conn, [row])[0]
            incident = _incident(conn, row.incident_id) if row.incident_id else None
            return EventDetail(event=event, incident=incident, sources=_sources(conn, [row.id]),
                               audit=_audit(conn, row.report_id, row.event_key))

    def audit_log(self, event_id: int) -> list[AuditEntry]:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(events.c.report_id, events.c.event_key)
                               .where(events.c.id == event_id)).first()
            return _audit(conn, row.report_id, row.event_key) if row else []

    def get_report(self, report_id: int) -> ReportDetail | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(reports).where(reports.c.id == report_id)).first()
            if row is None:
                return None
            stored = queries.stored_events(conn, conn.execute(
                sa.select(events).where(events.c.report_id == report_id).order_by(events.c.ordinal)))
        report = Report(id=row.doc_id, text=row.text, published=row.published, source=row.source,
                        url=row.url)
        return ReportDetail(id=row.id, text=row.text, source=row.source, url=row.url,
                            published=row.published, mentions=_mentions(report), events=stored)

    def get_incident(self, incident_id: int) -> IncidentDetail | None:
        with self.engine.connect() as conn:
            return _incident(conn, incident_id)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _unstorable(changes: dict[str, Any]) -> Optional[str]:
    """Why an edit cannot be stored (a NUL or an unpaired surrogate would break every
    later read of the event), or None."""
    for field, value in changes.items():
        for text in (field, *(value if isinstance(value, list) else [value])):
            problem = text_problem(text) if isinstance(text, str) else None
            if problem:
                return f"invalid value for {field[:100]!r}: {problem}"
    return None


def _mentions(report: Report) -> list:
    """Mentions are recomputed, not stored: they follow the current lexicons."""
    from rasd.pipeline import annotate_report

    try:
        return annotate_report(report)
    except Exception:  # noqa: BLE001 - a report view must open even if annotation breaks
        return []


def _audit(conn: Connection, report_id: int, event_key: str) -> list[AuditEntry]:
    rows = conn.execute(sa.select(audit).where(audit.c.report_id == report_id,
                                               audit.c.event_key == event_key).order_by(audit.c.id))
    return [AuditEntry(at=row.at, user=row.user, field=row.field, old=row.old, new=row.new) for row in rows]


def _sources(conn: Connection, event_ids: list[int]) -> list[SourceRef]:
    rows = conn.execute(sa.select(events.c.id, reports.c.id.label("report_id"), reports.c.source,
                                  reports.c.url, reports.c.published)
                        .join(reports, reports.c.id == events.c.report_id)
                        .where(events.c.id.in_(event_ids)).order_by(events.c.canon)).all()
    spans = queries.evidence_of(conn, [row.id for row in rows])
    return [SourceRef(report_id=row.report_id, source=row.source, url=row.url, published=row.published,
                      evidence=spans[row.id]) for row in rows]


def _incident(conn: Connection, incident_id: int) -> IncidentDetail | None:
    row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).first()
    if row is None:
        return None
    member_ids = list(conn.execute(sa.select(events.c.id).where(events.c.incident_id == incident_id)).scalars())
    members = sorted((m for m, _ in incident_index.load_members(conn, member_ids).values()),
                     key=lambda m: m.canon)
    return IncidentDetail(
        id=row.id, event_type=row.event_type, event_date=row.event_date, location=row.location,
        latitude=row.latitude, longitude=row.longitude, fatalities_low=row.fatalities_low,
        fatalities_best=row.fatalities_best, fatalities_high=row.fatalities_high, grade=row.grade,
        event_ids=[m.event_id for m in members], sources=_sources(conn, member_ids),
        explanation=explain(members) if members else [])
