"""The store's tables (SQLAlchemy Core). Alembic migrations create them; this module
describes them for queries. Keep the two in step: a change here needs a new migration.

reports          one row per report (URL or text); the current text, hash and dates
report_versions  earlier texts of a report replaced by a corrected version, with their events
events           per-report events; query columns hold the effective (corrected) values,
                 ``record`` the whole effective record and ``extracted`` what extraction said
evidence         the text spans each event field rests on
actors, event_actors   canonical actors (with their family) and which events name them
places           gazetteer places events are located at
incidents        events of several reports merged into one incident
corrections      analysts' edits, keyed by (report, event_key) so they survive re-extraction
audit            every edit: who, when, field, old and new value
store_state      one row: ``version``, which every write transaction raises (totals cached per version)
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("doc_id", sa.String(200), nullable=False),
    sa.Column("url", sa.Text, index=True),
    sa.Column("source", sa.String(200)),
    sa.Column("published", sa.Date, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

report_versions = sa.Table(
    "report_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
    sa.Column("published", sa.Date, nullable=False),
    sa.Column("replaced_at", sa.DateTime, nullable=False),
    sa.Column("events", sa.JSON, nullable=False),
)

places = sa.Table(
    "places", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(300), nullable=False, unique=True),
    sa.Column("gazetteer_id", sa.String(200)),
    sa.Column("name", sa.String(300)),
    sa.Column("name_ar", sa.String(300)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("country", sa.String(100)),
    sa.Column("admin1", sa.String(200)),
    sa.Column("admin2", sa.String(200)),
)

actors = sa.Table(
    "actors", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(300), nullable=False, unique=True),
    sa.Column("inter", sa.String(100)),
    sa.Column("family", sa.String(300)),
)

incidents = sa.Table(
    "incidents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(200), nullable=False, unique=True),
    sa.Column("event_type", sa.String(100), nullable=False),
    sa.Column("event_date", sa.Date, nullable=False),
    sa.Column("location", sa.String(300)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("fatalities_low", sa.Integer, nullable=False, default=0),
    sa.Column("fatalities_best", sa.Integer, nullable=False, default=0),
    sa.Column("fatalities_high", sa.Integer, nullable=False, default=0),
    sa.Column("grade", sa.String(20), nullable=False),
    sa.Index("ix_incidents_date_id", "event_date", "id"),  # pages newest first
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("event_key", sa.String(400), nullable=False),
    sa.Column("canon", sa.String(200), nullable=False, index=True),
    sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="SET NULL")),
    sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id")),
    sa.Column("status", sa.String(20), nullable=False, default="unreviewed"),
    sa.Column("event_date", sa.Date, nullable=False, index=True),
    sa.Column("event_type", sa.String(100), nullable=False),
    sa.Column("sub_event_type", sa.String(100), nullable=False),
    sa.Column("actor1", sa.String(300), nullable=False),
    sa.Column("actor2", sa.String(300)),
    sa.Column("country", sa.String(100)),
    sa.Column("admin1", sa.String(200)),
    sa.Column("location", sa.String(300)),
    sa.Column("gazetteer_id", sa.String(200)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("fatalities", sa.Integer, nullable=False, default=0),
    sa.Column("confidence", sa.Float, nullable=False, default=0.5),
    sa.Column("record", sa.JSON, nullable=False),
    sa.Column("extracted", sa.JSON, nullable=False),
    sa.Index("ix_events_type_date", "event_type", "event_date"),
    # Covers every review filter but the actor, led by the incident (migration 0002 says why).
    sa.Index("ix_events_incident_filters", "incident_id", "status", "event_date", "event_type", "sub_event_type",
             "country", "admin1", "confidence", "latitude", "longitude"),
    # An incident's fatality range and place, refreshed as reports join it (migration 0003).
    sa.Index("ix_events_incident_figures", "incident_id", "status", "fatalities", "latitude", "geo_precision",
             "canon", "location", "longitude"),
)

event_actors = sa.Table(
    "event_actors", metadata,
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), primary_key=True),
    sa.Column("role", sa.String(20), primary_key=True),
    sa.Index("ix_event_actors_actor_event", "actor_id", "event_id"),  # an actor's events, index only
)

evidence = sa.Table(
    "evidence", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("field", sa.String(100), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
)

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("event_key", sa.String(400), nullable=False),
    sa.Column("field", sa.String(100), nullable=False),
    sa.Column("value", sa.JSON),
    sa.Column("user", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("report_id", "event_key", "field", name="uq_corrections_target"),
)

audit = sa.Table(
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("event_key", sa.String(400), nullable=False),
    sa.Column("event_id", sa.Integer),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("user", sa.String(200), nullable=False),
    sa.Column("field", sa.String(100), nullable=False),
    sa.Column("old", sa.JSON),
    sa.Column("new", sa.JSON),
    sa.Index("ix_audit_target", "report_id", "event_key"),
)

store_state = sa.Table(
    "store_state", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False, default=0),
)
