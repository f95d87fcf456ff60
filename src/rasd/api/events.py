"""/events: query, export, detail and analysts' corrections."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from typing import Any, Iterator, Optional

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from fastapi.responses import JSONResponse, Response

from rasd.api.auth import require_reader, require_writer
from rasd.api.deps import get_store
from rasd.api.exports import acled_csv_text, event_record, geojson_text
from rasd.api.filters import event_filter
from rasd.api.schemas import EventDetailOut, EventPage
from rasd.api.validation import check_changes
from rasd.store.records import EventDetail, EventFilter, StoredEvent

router = APIRouter(tags=["events"])

PAGE_MAX = 1000
EXPORT_CHUNK = 1000


class EventFormat(str, Enum):
    json = "json"
    geojson = "geojson"
    acled_csv = "acled-csv"


def _all_matching(store, filters: EventFilter, limit: Optional[int], offset: int) -> Iterator[StoredEvent]:
    """Every matching event (or ``limit`` of them), fetched a chunk at a time."""
    if limit is None and offset == 0 and hasattr(store, "iter_events"):
        yield from store.iter_events(filters)  # the store streams exports itself
        return
    remaining = limit
    while remaining is None or remaining > 0:
        size = EXPORT_CHUNK if remaining is None else min(EXPORT_CHUNK, remaining)
        chunk = store.query_events(filters, limit=size, offset=offset)
        yield from chunk
        if len(chunk) < size:
            return
        offset += len(chunk)
        if remaining is not None:
            remaining -= len(chunk)


@router.get("/events", response_model=None, summary="Events matching the filters",
            responses={200: {"model": EventPage, "description": "JSON page (format=json)"}})
def list_events(
    filters: EventFilter = Depends(event_filter),
    limit: Optional[int] = Query(None, ge=1, description=f"page size (JSON: default 100, at most {PAGE_MAX}; exports: all)"),
    offset: int = Query(0, ge=0),
    format: EventFormat = Query(EventFormat.json),
    store=Depends(get_store),
    _reader=Depends(require_reader),
) -> Any:
    if format is EventFormat.json:
        if limit is not None and limit > PAGE_MAX:
            raise HTTPException(422, f"limit {limit} too large (at most {PAGE_MAX})")
        size = limit or 100
        events, total = page_and_total(store, filters, size, offset)
        # Plain dicts straight to JSON: re-validating 100 records through a model costs more
        # than the query on a warm database.
        return JSONResponse({"total": total, "limit": size, "offset": offset,
                             "events": [event_record(e) for e in events]})
    events = _all_matching(store, filters, limit, offset)
    if format is EventFormat.geojson:
        return Response(geojson_text(events), media_type="application/geo+json",
                        headers={"Content-Disposition": 'attachment; filename="rasd-events.geojson"'})
    return Response(acled_csv_text(events), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="rasd-events.csv"'})


# Counting and fetching a page are independent queries: run them side by side
# (SQLite releases the GIL while it works), so a page costs the slower of the two.
_COUNTER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="rasd-count")


def page_and_total(store, filters: EventFilter, size: int, offset: int) -> tuple[list[StoredEvent], int]:
    counting = _COUNTER.submit(store.count_events, filters)
    events = store.query_events(filters, limit=size, offset=offset)
    return events, counting.result()


def detail_out(detail: EventDetail) -> EventDetailOut:
    return EventDetailOut(event=event_record(detail.event), incident=detail.incident,
                          sources=detail.sources, audit=detail.audit)


def _detail_or_404(store, event_id: int) -> EventDetail:
    detail = store.get_event(event_id)
    if detail is None:
        raise HTTPException(404, f"no event {event_id}")
    return detail


@router.get("/events/{event_id}", response_model=EventDetailOut,
            summary="An event, its incident, every source report with evidence spans, its audit trail")
def get_event(event_id: int, store=Depends(get_store), _reader=Depends(require_reader)) -> EventDetailOut:
    return detail_out(_detail_or_404(store, event_id))


@router.patch("/events/{event_id}", response_model=EventDetailOut,
              summary="Correct fields or set status (unreviewed / approved / rejected)")
def patch_event(
    event_id: int,
    changes: dict[str, Any] = Body(..., examples=[{"status": "approved", "fatalities": 4}]),
    store=Depends(get_store),
    user: str = Depends(require_writer),
) -> EventDetailOut:
    if not changes:
        raise HTTPException(422, "no changes given")
    check_changes(changes)
    _detail_or_404(store, event_id)
    try:
        store.update_event(event_id, changes, user)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    except LookupError:
        raise HTTPException(404, f"no event {event_id}") from None
    return detail_out(_detail_or_404(store, event_id))


@router.get("/events/{event_id}/audit", summary="Who changed what, when (old → new)")
def get_audit(event_id: int, store=Depends(get_store), _reader=Depends(require_reader)) -> list[dict]:
    _detail_or_404(store, event_id)
    return [entry.model_dump(mode="json") for entry in store.audit_log(event_id)]
