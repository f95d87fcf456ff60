"""Turning query parameters into the store's EventFilter (one dependency for every read)."""
from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import HTTPException, Query

from rasd.store.records import EventFilter, ReviewStatus


def parse_bbox(value: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    """``min_lon,min_lat,max_lon,max_lat`` → a tuple; 422 naming the problem otherwise."""
    if value is None or not value.strip():
        return None
    parts = value.split(",")
    try:
        box = tuple(float(p) for p in parts)
    except ValueError:
        box = ()
    if len(box) != 4:
        raise HTTPException(422, f"invalid bbox {value!r}: expected min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(422, f"invalid bbox {value!r}: corners out of range or out of order")
    return box  # type: ignore[return-value]


def event_filter(
    since: Optional[date] = Query(None, description="first event date, YYYY-MM-DD"),
    until: Optional[date] = Query(None, description="last event date, YYYY-MM-DD"),
    country: Optional[str] = Query(None),
    admin1: Optional[str] = Query(None, description="governorate"),
    event_type: Optional[str] = Query(None),
    sub_event_type: Optional[str] = Query(None),
    actor: Optional[str] = Query(None, description="actor1, actor2 or an associated actor"),
    min_confidence: Optional[float] = Query(None, ge=0, le=1),
    bbox: Optional[str] = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    status: Optional[ReviewStatus] = Query(None, description="unreviewed, approved or rejected"),
) -> EventFilter:
    if since and until and since > until:
        raise HTTPException(422, f"invalid date range: since {since} is after until {until}")
    return EventFilter(since=since, until=until, country=country, admin1=admin1,
                       event_type=event_type, sub_event_type=sub_event_type, actor=actor,
                       min_confidence=min_confidence, bbox=parse_bbox(bbox), status=status)
