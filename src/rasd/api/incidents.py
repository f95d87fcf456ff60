"""/incidents and /map: an incident's sources side by side, merge and split, bulk review,
the map's points and the canonical actor list."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import JSONResponse

from rasd.api.auth import require_reader, require_writer
from rasd.api.deps import get_store
from rasd.api.errors import found_or_404
from rasd.api.incident_schemas import BulkReviewIn, Level, MapPoints, MergeIn, SplitIn
from rasd.api.review_filters import review_filter
from rasd.store.records import ActorChoice, BulkOutcome, EventFilter, IncidentView, MapPoint

router = APIRouter(tags=["incidents"])

T = TypeVar("T")
_COUNTER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="rasd-map-count")


def _store_call(work: Callable[[], T]) -> T:
    """Runs a store operation; its ValueError becomes 404 (unknown id) or 422 (bad request)."""
    try:
        return work()
    except ValueError as exc:
        message = str(exc)
        raise HTTPException(404 if message.startswith(("no incident", "no event")) else 422, message) from None


@router.get("/incidents/{incident_id}", response_model=IncidentView,
            summary="An incident: its row, every source's text and evidence, the figures each gives, the audit")
def get_incident(incident_id: int, store=Depends(get_store), _reader=Depends(require_reader)) -> IncidentView:
    return found_or_404(store.get_incident_view(incident_id), "incident", incident_id)


@router.post("/incidents/merge", response_model=IncidentView,
             summary="Join incidents that are one real-world event (audited)")
def merge_incidents(body: MergeIn, store=Depends(get_store), user: str = Depends(require_writer)) -> IncidentView:
    if len(set(body.incident_ids)) < 2:
        raise HTTPException(422, "incident_ids: give at least two different incidents")
    return _store_call(lambda: store.merge_incidents(body.incident_ids, user))


@router.post("/incidents/{incident_id}/split", response_model=list[IncidentView],
             summary="Move some events of an incident into a new incident (audited); returns [remaining, new]")
def split_incident(incident_id: int, body: SplitIn, store=Depends(get_store),
                   user: str = Depends(require_writer)) -> list[IncidentView]:
    return _store_call(lambda: store.split_incident(incident_id, body.event_ids, user))


@router.patch("/incidents", response_model=BulkOutcome,
              summary="Approve or reject many incidents (all their events) at once (audited)")
def bulk_review_incidents(body: BulkReviewIn, store=Depends(get_store),
                          user: str = Depends(require_writer)) -> BulkOutcome:
    return store.bulk_review(body.status, user, incident_ids=body.ids)


def _columns(points: list[MapPoint], level: Level, total: int) -> dict:
    """Parallel arrays: a third of the size of a list of objects, and quick to parse."""
    types: dict[str, int] = {}
    type_column = [types.setdefault(p.event_type, len(types)) for p in points]
    return {"level": level.value, "total": total, "located": len(points), "types": list(types),
            "id": [p.id for p in points], "lat": [p.latitude for p in points],
            "lon": [p.longitude for p in points], "type": type_column,
            "fatalities": [p.fatalities for p in points]}


@router.get("/map/points", response_model=MapPoints,
            summary="Every located incident (or event) matching the filters, newest first, for the map")
def map_points(filters: EventFilter = Depends(review_filter),
               level: Level = Query(Level.incident, description="incidents (default) or per-report events"),
               store=Depends(get_store), _reader=Depends(require_reader)) -> JSONResponse:
    if level is Level.incident:
        counting = _COUNTER.submit(store.count_incidents, filters)
        points = store.incident_points(filters)
    else:
        counting = _COUNTER.submit(store.count_events, filters)
        points = store.event_points(filters)
    # No response-model validation: 100,000 points go straight to JSON.
    return JSONResponse(_columns(points, level, counting.result()))


@router.get("/actors", response_model=list[ActorChoice], summary="The canonical actor names, for actor fields")
def list_actors(store=Depends(get_store), _reader=Depends(require_reader)) -> list[ActorChoice]:
    return store.canonical_actors()
