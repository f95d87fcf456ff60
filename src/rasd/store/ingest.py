"""Writing one report and its events (one transaction per report, by the caller).

Idempotency: a report is known by its normalised-text hash (the same text under any
URL is a duplicate) and by its URL (new text under a known URL is a corrected version:
its events are replaced, the old text and events kept in ``report_versions``, and
analysts' corrections re-applied by event key).
"""
from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections import Counter
from datetime import datetime, timezone
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from rasd.model import Event, Report
from rasd.store import incidents as incident_index
from rasd.store.families import family
from rasd.store.records import IngestOutcome
from rasd.store.schema import (actors, corrections, event_actors, events, evidence, places,
                               report_versions, reports)

_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f]")
_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the text as a reader sees it: diacritics, tatweel and spacing don't count."""
    normal = _SPACE.sub(" ", _DIACRITICS.sub("", unicodedata.normalize("NFKC", text))).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def event_keys(extracted: list[Event]) -> list[str]:
    """Keys that find "the same event" again when its report is re-extracted."""
    seen: Counter[str] = Counter()
    keys = []
    for event in extracted:
        base = f"{event.sub_event_type}|{event.gazetteer_id or event.location or ''}|{event.event_date}"
        keys.append(f"{base}#{seen[base]}")
        seen[base] += 1
    return keys


# Statements built once: building SQLAlchemy expressions per report costs more than running them.
_BY_HASH_OR_URL = sa.select(reports.c.id, reports.c.content_hash, reports.c.url).where(
    sa.or_(reports.c.content_hash == sa.bindparam("digest"), reports.c.url == sa.bindparam("url")))
_OLD_VERSION = sa.select(report_versions.c.id).where(report_versions.c.report_id == sa.bindparam("report_id"),
                                                     report_versions.c.content_hash == sa.bindparam("digest"))
_INSERT_REPORT = reports.insert().returning(reports.c.id)
_INSERT_EVENT = events.insert().returning(events.c.id)
_INSERT_EVIDENCE = evidence.insert()
_INSERT_LINK = event_actors.insert()
_DELETE_LINKS = event_actors.delete().where(event_actors.c.event_id == sa.bindparam("event_id"))
_CORRECTIONS = sa.select(corrections).where(corrections.c.report_id == sa.bindparam("report_id"))
_EVENT_IDS = (sa.select(events.c.id).where(events.c.report_id == sa.bindparam("report_id"))
              .order_by(events.c.ordinal))
_ACTOR = sa.select(actors.c.id).where(actors.c.name == sa.bindparam("name"))
_PLACE = sa.select(places.c.id).where(places.c.key == sa.bindparam("key"))


def find_known(conn: Connection, report: Report, digest: str) -> Optional[tuple[int, str]]:
    """(report id, "duplicate" | "updated") when the report is already known, else None."""
    rows = conn.execute(_BY_HASH_OR_URL, {"digest": digest, "url": report.url}).all()
    same_text = next((row.id for row in rows if row.content_hash == digest), None)
    if same_text is not None:
        return same_text, "duplicate"
    same_url = min((row.id for row in rows if report.url and row.url == report.url), default=None)
    if same_url is None:
        return None
    older = conn.execute(_OLD_VERSION, {"report_id": same_url, "digest": digest}).first()
    return same_url, "duplicate" if older else "updated"


class KnownIds:
    """name → id of actors and places whose rows are committed, shared by a store's writers.

    Only committed ids enter it (see :meth:`ReportWriter.adopt_into`): actor and place
    rows are never deleted, so a committed id stays valid for every transaction and every
    process. Ids a transaction creates stay private to it until it commits.
    """

    def __init__(self) -> None:
        self.actors: dict[str, int] = {}
        self.places: dict[str, int] = {}
        self._lock = threading.Lock()

    def adopt(self, actors: dict[str, int], places: dict[str, int]) -> None:
        with self._lock:
            self.actors.update(actors)
            self.places.update(places)


def _upsert(table: sa.Table, key: str, dialect: str):
    """INSERT … ON CONFLICT (key) DO NOTHING RETURNING id: no error when another
    transaction created the row first (the caller then reads its id)."""
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing(index_elements=[key]).returning(table.c.id)


_UPSERT_ACTOR = {dialect: _upsert(actors, "name", dialect) for dialect in ("postgresql", "sqlite")}
_UPSERT_PLACE = {dialect: _upsert(places, "key", dialect) for dialect in ("postgresql", "sqlite")}


class ReportWriter:
    """Writes reports, events, evidence, actors and places on one connection."""

    def __init__(self, conn: Connection, known: Optional[KnownIds] = None) -> None:
        self.conn = conn
        self.known = known or KnownIds()
        self.dialect = "postgresql" if conn.dialect.name == "postgresql" else "sqlite"
        # ids this transaction created or looked up: private until it commits
        self.actor_ids: dict[str, int] = {}
        self.place_ids: dict[str, int] = {}
        self.written: dict[int, incident_index.merge.Member] = {}  # events inserted, for merging

    def ingest(self, report: Report, extracted: list[Event]) -> IngestOutcome:
        digest = content_hash(report.text)
        known = find_known(self.conn, report, digest)
        if known and known[1] == "duplicate":
            return IngestOutcome(report_id=known[0], status="duplicate", event_ids=self.event_ids(known[0]))
        touched_incidents: set[int] = set()
        neighbours: set[int] = set()
        if known:
            report_id = known[0]
            touched_incidents, neighbours = self.replace_version(report_id, report, digest)
        else:
            report_id = self.insert_report(report, digest)
        event_ids = self.insert_events(report_id, report, digest, extracted, fresh=not known)
        incident_index.recompute(self.conn, event_ids + sorted(neighbours), touched_incidents, self.written)
        return IngestOutcome(report_id=report_id, status="updated" if known else "new", event_ids=event_ids)

    def event_ids(self, report_id: int) -> list[int]:
        return list(self.conn.execute(_EVENT_IDS, {"report_id": report_id}).scalars())

    def insert_report(self, report: Report, digest: str) -> int:
        stamp = now()
        return self.conn.execute(_INSERT_REPORT, dict(
            doc_id=report.id, url=report.url, source=report.source, published=report.published,
            text=report.text, content_hash=digest, version=1, first_seen=stamp, updated_at=stamp,
        )).scalar_one()

    def replace_version(self, report_id: int, report: Report, digest: str) -> tuple[set[int], set[int]]:
        """Archive the current text and events, drop the events; return (their incidents,
        the other events of those incidents) so the incidents can be rebuilt."""
        old = self.conn.execute(sa.select(reports).where(reports.c.id == report_id)).one()
        old_events = self.conn.execute(sa.select(events.c.id, events.c.record, events.c.incident_id)
                                       .where(events.c.report_id == report_id)).all()
        self.conn.execute(report_versions.insert().values(
            report_id=report_id, version=old.version, text=old.text, content_hash=old.content_hash,
            published=old.published, replaced_at=now(), events=[row.record for row in old_events]))
        touched = {row.incident_id for row in old_events if row.incident_id is not None}
        neighbours = set(self.conn.execute(sa.select(events.c.id).where(
            events.c.incident_id.in_(touched), events.c.report_id != report_id)).scalars()) if touched else set()
        self.conn.execute(events.delete().where(events.c.report_id == report_id))
        self.conn.execute(reports.update().where(reports.c.id == report_id).values(
            doc_id=report.id, source=report.source, published=report.published, text=report.text,
            content_hash=digest, version=old.version + 1, updated_at=now()))
        return touched, neighbours

    def insert_events(self, report_id: int, report: Report, digest: str, extracted: list[Event],
                      fresh: bool = False) -> list[int]:
        fixes = {} if fresh else self.corrections_of(report_id)  # a new report has none yet
        ids = []
        for ordinal, (key, event) in enumerate(zip(event_keys(extracted), extracted)):
            ids.append(self.insert_event(report_id, report, digest, ordinal, key, event, fixes.get(key, {})))
        return ids

    def corrections_of(self, report_id: int) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for row in self.conn.execute(_CORRECTIONS, {"report_id": report_id}):
            found.setdefault(row.event_key, {})[row.field] = row.value
        return found

    def insert_event(self, report_id: int, report: Report, digest: str, ordinal: int, key: str,
                     event: Event, fixes: dict[str, Any]) -> int:
        event = event.model_copy(update={"doc_id": report.id, "source": event.source or report.source,
                                         "url": event.url or report.url})
        extracted = event.model_dump(mode="json", exclude={"evidence"})
        status = fixes.get("status", "unreviewed")
        record = {**extracted, **{k: v for k, v in fixes.items() if k != "status"}}
        effective = Event.model_validate({**record, "evidence": event.evidence})
        canon = f"{report.published.isoformat()}|{digest}|{ordinal:04d}"
        event_id = self.conn.execute(_INSERT_EVENT, dict(
            report_id=report_id, ordinal=ordinal, event_key=key, incident_id=None, canon=canon,
            status=status, record=record, extracted=extracted, **self.columns(effective),
        )).scalar_one()
        self.write_links(event_id, effective, fresh=True)
        self.written[event_id] = incident_index.member_of(event_id, report_id, report, canon, status, effective)
        if event.evidence:
            self.conn.execute(_INSERT_EVIDENCE, [
                dict(event_id=event_id, field=name, start=span.start, end=span.end, text=span.text,
                     sentence=span.sentence) for name, span in event.evidence.items()])
        return event_id

    def columns(self, event: Event) -> dict[str, Any]:
        """The query columns of an event row (its effective values)."""
        return dict(
            event_date=event.event_date, event_type=event.event_type,
            sub_event_type=event.sub_event_type, actor1=event.actor1, actor2=event.actor2,
            country=event.country, admin1=event.admin1, location=event.location,
            gazetteer_id=event.gazetteer_id, latitude=event.latitude, longitude=event.longitude,
            geo_precision=event.geo_precision, fatalities=event.fatalities,
            confidence=event.confidence, place_id=self.place_id(event))

    def write_links(self, event_id: int, event: Event, fresh: bool = False) -> None:
        """(Re)write which actors an event names, by role."""
        if not fresh:
            self.conn.execute(_DELETE_LINKS, {"event_id": event_id})
        roles = [("actor1", event.actor1, event.inter1), ("actor2", event.actor2, event.inter2)]
        roles += [("assoc_actor_1", name, None) for name in event.assoc_actor_1]
        roles += [("assoc_actor_2", name, None) for name in event.assoc_actor_2]
        rows = {(self.actor_id(name, inter), role) for role, name, inter in roles if name}
        if rows:
            self.conn.execute(_INSERT_LINK, [dict(event_id=event_id, actor_id=actor_id, role=role)
                                                      for actor_id, role in sorted(rows)])

    def adopt_into(self, known: KnownIds) -> None:
        """After commit: the ids this transaction met become known to every writer."""
        known.adopt(self.actor_ids, self.place_ids)

    def actor_id(self, name: str, inter: Optional[str]) -> int:
        found = self.actor_ids.get(name) or self.known.actors.get(name)
        if found is None:
            group = family(name)
            found = self._get_or_create(_ACTOR, {"name": name}, _UPSERT_ACTOR, dict(
                name=name, inter=inter, family=group if group != name else None))
        self.actor_ids[name] = found
        return found

    def place_id(self, event: Event) -> Optional[int]:
        if event.gazetteer_id:
            key = event.gazetteer_id
        elif event.location and event.latitude is not None and event.longitude is not None:
            key = f"{event.location}|{event.latitude:.5f}|{event.longitude:.5f}"
        else:
            return None
        found = self.place_ids.get(key) or self.known.places.get(key)
        if found is None:
            found = self._get_or_create(_PLACE, {"key": key}, _UPSERT_PLACE, dict(
                key=key, gazetteer_id=event.gazetteer_id, name=event.location, name_ar=event.location_ar,
                latitude=event.latitude, longitude=event.longitude, country=event.country,
                admin1=event.admin1, admin2=event.admin2))
        self.place_ids[key] = found
        return found

    def _get_or_create(self, lookup: sa.Select, key: dict[str, str], upserts: dict, values: dict[str, Any]) -> int:
        """The id of the row ``lookup`` finds, inserted from ``values`` when missing."""
        found = self.conn.execute(lookup, key).scalar()
        if found is None:
            found = self.conn.execute(upserts[self.dialect], values).scalar()
        if found is None:  # another transaction created it after our lookup
            found = self.conn.execute(lookup, key).scalar_one()
        return found
