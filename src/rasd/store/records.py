"""Typed records at the store's boundary (what the API, CLI and web read and write)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, NamedTuple, Optional

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
    # Incident-level review filters: "contested" (outlets claim different perpetrators or
    # give different death tolls), "needs_review" (low confidence, a single source, or
    # conflicting figures, and not yet approved as a whole).
    review: Optional[Literal["contested", "needs_review"]] = None
    incident_id: Optional[int] = None


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
    event_id: Optional[int] = None
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


IncidentSort = Literal["newest", "oldest"]


class IncidentRow(Event):
    """One row per incident (exports, lists, maps): the fields of its best-supported event,
    with the incident's figures, outlets and review state. ``fatalities`` is the best figure."""

    id: int  # the incident id
    event_id_cnty: str  # e.g. "RASD-SYR-42": stable, outside ACLED's own id namespace
    fatalities_low: int = 0
    fatalities_high: int = 0
    grade: Literal["weak", "fair", "contested"] = "weak"
    source_scale: str = ""
    reports: int = 1  # number of reports (one event each) merged into the incident
    event_ids: list[int] = Field(default_factory=list)
    report_ids: list[int] = Field(default_factory=list)
    lead_event_id: int  # the best-supported event whose fields the row carries
    status: str = "unreviewed"  # approved when every member is approved, else unreviewed
    contested: bool = False
    review_reasons: list[str] = Field(default_factory=list)  # empty: nothing asks for review
    updated_at: datetime  # when this row last changed (report stored or edited)


class IncidentPage(BaseModel):
    items: list[IncidentRow] = Field(default_factory=list)
    total: int = 0  # every matching incident, not just this page


class MapPoint(NamedTuple):
    """A map marker (an incident, or a per-report event): a plain tuple, light enough to
    build 100,000 of them without validation."""

    id: int
    latitude: float
    longitude: float
    event_type: str
    event_date: date
    fatalities: int


class FigureClaim(BaseModel):
    """The death toll one outlet gives for this incident, and the words it rests on."""

    event_id: int
    outlet: str
    fatalities: int
    evidence: Optional[Span] = None
    counted: bool = True  # False: left out of low/best/high (e.g. a total of other things)
    why: str = ""


class IncidentSource(SourceRef):
    """One report behind an incident, shown side by side with the others: its event, who
    published it, and its whole text (``evidence`` spans point into it)."""

    event: StoredEvent
    outlet: str
    text: str


class IncidentView(BaseModel):
    """Everything an analyst reviews for one incident."""

    row: IncidentRow
    sources: list[IncidentSource] = Field(default_factory=list)
    figures: list[FigureClaim] = Field(default_factory=list)
    explanation: list[str] = Field(default_factory=list)
    audit: list[AuditEntry] = Field(default_factory=list)  # merges, splits, bulk reviews of its events


class BulkOutcome(BaseModel):
    status: ReviewStatus
    event_ids: list[int] = Field(default_factory=list)  # events whose status changed
    unchanged: list[int] = Field(default_factory=list)  # already had that status
    missing: list[int] = Field(default_factory=list)  # ids (events or incidents) not found


class ActorChoice(BaseModel):
    """An actor from the canonical list, for actor fields."""

    name: str
    family: Optional[str] = None
    inter: Optional[str] = None
