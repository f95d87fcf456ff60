"""Request and response bodies of the incident-level API (review, merge/split, bulk, map)."""
from __future__ import annotations

from enum import Enum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from rasd.store.records import ReviewStatus

BULK_MAX = 10_000  # ids in one bulk review: a day's work, not a whole database by accident


class Level(str, Enum):
    """What a row is: an incident (all reports of one real-world event) or one report's event."""

    incident = "incident"
    report = "report"


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    incident_ids: list[int] = Field(..., min_length=2, description="the incidents to join into one")


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_ids: list[int] = Field(..., min_length=1, description="events that leave into a new incident")


class BulkReviewIn(BaseModel):
    """Approve or reject many events (PATCH /events) or incidents (PATCH /incidents) at once."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] = Field(..., min_length=1, max_length=BULK_MAX)
    status: ReviewStatus


class MapPoints(BaseModel):
    """Every located incident (or event) matching the filters, as parallel arrays (compact:
    100,000 points stay a few megabytes). ``type`` indexes ``types``. Newest first."""

    level: Level
    total: int = Field(description="every matching row, located or not")
    located: int = Field(description="rows with coordinates: the length of each array")
    types: list[str]
    id: list[int]
    lat: list[float]
    lon: list[float]
    type: list[int]
    fatalities: list[int]


class RowPage(BaseModel):
    """A page of GET /events: incident rows (level=incident) or per-report events."""

    level: Level
    total: int
    limit: int
    offset: int
    events: list[dict]
    sort: Optional[str] = None
