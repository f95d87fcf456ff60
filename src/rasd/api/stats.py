"""/stats: counts for the map's timeline, filters and totals (incidents by default)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from rasd.api.auth import require_reader
from rasd.api.deps import get_store
from rasd.api.incident_schemas import Level
from rasd.api.review_filters import review_filter
from rasd.store.records import EventFilter, Stats

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=Stats, summary="Counts by day, type, actor and governorate")
def get_stats(filters: EventFilter = Depends(review_filter),
              level: Level = Query(Level.incident, description="count incidents (default) or per-report events"),
              store=Depends(get_store), _reader=Depends(require_reader)) -> Stats:
    return store.incident_stats(filters) if level is Level.incident else store.stats(filters)
