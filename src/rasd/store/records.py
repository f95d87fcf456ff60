"""Typed records at the store's boundary (what the API, CLI and web read and write)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from rasd.model import Event, Mention, Span

ReviewStatus = Literal["unreviewed", "approved", "rejected"]
REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "approved", "rejected")


class IngestOutcome(BaseModel):
    """What one ingest did: a new report, a duplicate (nothing added) or a new version."""

    report_id: int
    status: Literal["new", "duplicate", "updated"]
    event_ids: list[int] = Field(default_factory=list)


class EventFilter(BaseModel):
    """Filters shared by queries, counts, stats and exports (all optional, ANDed)."""

    since: Optional[date] = None
    until: Optional[date] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    event_type: Optional[str] = None  # matches event_type or sub_event_type
    sub_event_type: Optional[str] = None
    actor: Optional[str] = None  # actor1, actor2, an associated actor, or their family
    min_confidence: Optional[float] = None
    bbox: Optional[tuple[float, float, float, float]] = None  # min_lon, min_lat, max_lon, max_lat
    status: Optional[ReviewStatus] = None


class StoredEvent(Event):
    """An event as stored: analysts' corrections already applied."""

    id: int
    report_id: int
    incident_id: Optional[int] = None
    status: str = "unreviewed"


class SourceRef(BaseModel):
    """One report behind an event or incident, with the spans the event rests on."""

    report_id: int
    source: Optional[str] = None
    url: Optional[str] = None
    published: date
    evidence: dict[str, Span] = Field(default_factory=dict)


class AuditEntry(BaseModel):
    at: datetime
    user: str
    field: str
    old: Any = None
    new: Any = None


class IncidentDetail(BaseModel):
    """Events of several reports merged into one incident, with why they were merged."""

    id: int
    event_type: str
    event_date: date
    location: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    fatalities_low: int = 0
    fatalities_best: int = 0
    fatalities_high: int = 0
    grade: Literal["weak", "fair", "contested"] = "weak"
    event_ids: list[int] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    explanation: list[str] = Field(default_factory=list)


class EventDetail(BaseModel):
    event: StoredEvent
    incident: Optional[IncidentDetail] = None
    sources: list[SourceRef] = Field(default_factory=list)
    audit: list[AuditEntry] = Field(default_factory=list)


class ReportDetail(BaseModel):
    id: int
    text: str
    source: Optional[str] = None
    url: Optional[str] = None
    published: date
    mentions: list[Mention] = Field(default_factory=list)
    events: list[StoredEvent] = Field(default_factory=list)


class Stats(BaseModel):
    by_day: dict[str, int] = Field(default_factory=dict)
    by_type: dict[str, int] = Field(default_factory=dict)
    by_actor: dict[str, int] = Field(default_factory=dict)
    by_admin1: dict[str, int] = Field(default_factory=dict)
    total: int = 0
