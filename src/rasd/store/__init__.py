"""The event store: ingest reports (files, feeds), merge them into incidents, query, export.

Names are loaded on first use, so that ``rasd`` commands that never touch a database do not
pay for importing SQLAlchemy and Alembic at start-up.
"""
from __future__ import annotations

from importlib import import_module

_WHERE = {
    "Store": "rasd.store.store",
    **{name: "rasd.store.records" for name in (
        "AuditEntry", "EventDetail", "EventFilter", "IncidentDetail", "IngestOutcome",
        "ReportDetail", "SourceRef", "Stats", "StoredEvent")},
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'rasd.store' has no attribute {name!r}")
