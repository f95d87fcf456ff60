"""Typed records at the package's boundaries: reports in, mentions and events out."""
from __future__ import annotations

from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

MentionKind = Literal["place", "actor", "cue", "date", "number", "weapon", "time"]


class Report(BaseModel):
    """One news report as handed to the extractor."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    published: date
    source: Optional[str] = None
    url: Optional[str] = None


class Span(BaseModel):
    """Where a field came from: a half-open character span of the original text."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str
    sentence: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


class PlaceInfo(BaseModel):
    """A gazetteer entry chosen for a place mention."""

    model_config = ConfigDict(frozen=True)

    gazetteer_id: str
    name_en: str
    name_ar: str
    kind: str
    latitude: Optional[float]
    longitude: Optional[float]
    country: str
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    admin3: Optional[str] = None
    # OCHA P-codes where the gazetteer knows them
    admin1_pcode: Optional[str] = None
    admin2_pcode: Optional[str] = None
    admin3_pcode: Optional[str] = None
    location_pcode: Optional[str] = None


class Mention(BaseModel):
    """Something recognised in the text (offsets into the original text)."""

    model_config = ConfigDict(frozen=True)

    doc_id: Optional[str] = None
    kind: MentionKind
    start: int
    end: int
    text: str
    value: Optional[str] = None  # canonical actor, sub-event type, ISO date, count...
    place: Optional[PlaceInfo] = None
    candidates: int = 0  # gazetteer candidates considered, for places


EVENT_FIELDS = (
    "event_date", "time_precision", "time_of_day", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "country", "admin1", "admin2", "location",
    "location_ar", "latitude", "longitude", "geo_precision", "fatalities", "injuries",
    "weapons", "notes", "source", "url",
)


class Event(BaseModel):
    """One event coded by the coding guide, with the text it rests on."""

    doc_id: str
    event_date: date
    time_precision: int = 1
    # the part of the day the report says it happened (times_of_day.yaml): dawn, morning, noon,
    # afternoon, evening or night; it breaks ties between incidents of one day and place
    time_of_day: Optional[str] = None
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: list[str] = Field(default_factory=list)
    inter1: Optional[str] = None
    actor2: Optional[str] = None
    assoc_actor_2: list[str] = Field(default_factory=list)
    inter2: Optional[str] = None
    interaction: Optional[str] = None
    civilian_targeting: bool = False
    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    admin3: Optional[str] = None
    # OCHA P-codes where the gazetteer knows them (extra columns after ACLED's in CSV).
    admin1_pcode: Optional[str] = None
    admin2_pcode: Optional[str] = None
    admin3_pcode: Optional[str] = None
    location_pcode: Optional[str] = None
    location: Optional[str] = None
    location_ar: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    fatalities: int = 0
    injuries: Optional[int] = None
    weapons: list[str] = Field(default_factory=list)
    notes: str = ""
    source: Optional[str] = None
    url: Optional[str] = None
    evidence: dict[str, Span] = Field(default_factory=dict)
    confidence: float = 0.5
    gazetteer_id: Optional[str] = None
    # An earlier event the report recalls (emitted only on request, with its own date).
    background: bool = False

    def to_record(self) -> dict:
        """The JSON-ready output record (dates as ISO strings, spans as [start, end])."""
        record = self.model_dump(mode="json", exclude={"evidence"})
        record["evidence"] = {
            name: {"span": [span.start, span.end], "text": span.text, "sentence": span.sentence}
            for name, span in self.evidence.items()
        }
        return record
