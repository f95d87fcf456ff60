"""Request and response bodies of the API (what clients send and get back)."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rasd.api.validation import ReportDate, ReportId, ReportSource, ReportText, ReportUrl
from rasd.store.records import AuditEntry, IncidentDetail, SourceRef


class ReportIn(BaseModel):
    """A report to ingest: its text, or an HTML page to take the article text from."""

    model_config = ConfigDict(extra="forbid")

    text: ReportText = Field(None, description="the report's Arabic text")
    html: ReportText = Field(None, description="an article page; its main text is extracted")
    published: ReportDate = Field(None, description="YYYY-MM-DD (for HTML, taken from the page if absent)")
    source: ReportSource = None
    url: ReportUrl = None
    id: ReportId = Field(None, description="the client's id for the report (default: a hash of its text)")

    @model_validator(mode="after")
    def one_body(self) -> "ReportIn":
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class IngestOut(BaseModel):
    report_id: int
    status: Literal["new", "duplicate", "updated"]
    events: list[dict[str, Any]]


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    events: list[dict[str, Any]]


class EventDetailOut(BaseModel):
    event: dict[str, Any]
    incident: Optional[IncidentDetail] = None
    sources: list[SourceRef] = Field(default_factory=list)
    audit: list[AuditEntry] = Field(default_factory=list)


class ReportOut(BaseModel):
    id: int
    text: str
    source: Optional[str] = None
    url: Optional[str] = None
    published: date
    mentions: list[dict[str, Any]]
    events: list[dict[str, Any]]
