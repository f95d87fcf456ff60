"""The event store: ingest reports (files, feeds), merge them into incidents, query, export."""
from rasd.store.records import (AuditEntry, EventDetail, EventFilter, IncidentDetail, IngestOutcome,
                                ReportDetail, SourceRef, Stats, StoredEvent)
from rasd.store.store import Store

__all__ = ["Store", "IngestOutcome", "EventFilter", "StoredEvent", "SourceRef", "AuditEntry",
           "EventDetail", "ReportDetail", "IncidentDetail", "Stats"]
