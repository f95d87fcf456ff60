"""/stats and /incidents: aggregate views for the map's timeline and filters."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException

from rasd.api.auth import require_reader
from rasd.api.deps import get_store
from rasd.api.filters import event_filter
from rasd.store.records import EventFilter, IncidentDetail, Stats

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=Stats, summary="Counts by day, type, actor and governorate")
def get_stats(filters: EventFilter = Depends(event_filter), store=Depends(get_store),
              _reader=Depends(require_reader)) -> Stats:
    return store.stats(filters)


@router.get("/incidents/{incident_id}", response_model=IncidentDetail,
            summary="Events of several reports merged into one incident, and why")
def get_incident(incident_id: int, store=Depends(get_store), _reader=Depends(require_reader)) -> IncidentDetail:
    incident = store.get_incident(incident_id)
    if incident is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return incident
