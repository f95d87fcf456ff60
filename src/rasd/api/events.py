"""/events: query and export (incident level by default), detail, corrections, bulk review."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from typing import Any, Callable, Iterator, Optional

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from fastapi.responses import JSONResponse, Response

from rasd.api.auth import require_reader, require_writer
from rasd.api.deps import get_store
from rasd.api.errors import found_or_404
from rasd.api.exports import acled_csv_text, event_record, geojson_text, row_record
from rasd.api.incident_schemas import BulkReviewIn, Level, RowPage
from rasd.api.review_filters import Sort, review_filter
from rasd.api.schemas import EventDetailOut
from rasd.api.validation import check_changes
from rasd.store.records import BulkOutcome, EventDetail, EventFilter, IncidentRow, StoredEvent

router = APIRouter(tags=["events"])

PAGE_MAX = 1000
EXPORT_CHUNK = 1000


class EventFormat(str, Enum):
    json = "json"
    geojson = "geojson"
    acled_csv = "acled-csv"


def _paged(fetch: Callable[[int, int], list], limit: Optional[int], offset: int) -> Iterator:
    """``limit`` rows (or all) from ``offset`` on, fetched a chunk at a time."""
    remaining = limit
    while remaining is None or remaining > 0:
        size = EXPORT_CHUNK if remaining is None else min(EXPORT_CHUNK, remaining)
        chunk = fetch(size, offset)
        yield from chunk
        if len(chunk) < size:
            return
        offset += len(chunk)
        if remaining is not None:
            remaining -= len(chunk)


def _all_matching(store, filters: EventFilter, limit: Optional[int], offset: int) -> Iterator[StoredEvent]:
    """Every matching per-report event (or ``limit`` of them) for an export."""
    if limit is None and offset == 0 and hasattr(store, "iter_events"):
        return store.iter_events(filters)  # the store streams exports itself
    return _paged(lambda size, start: store.query_events(filters, limit=size, offset=start), limit, offset)


def _all_incidents(store, filters: EventFilter, limit: Optional[int], offset: int, sort: str) -> Iterator[IncidentRow]:
    """Every matching incident row (or ``limit`` of them) for an export."""
    if limit is None and offset == 0:
        return store.iter_incidents(filters, sort=sort)
    return _paged(lambda size, start: store.query_incidents(filters, limit=size, offset=start, sort=sort).items,
                  limit, offset)


@router.get("/events", response_model=None, summary="Incidents (default) or per-report events matching the filters",
            responses={200: {"model": RowPage, "description": "JSON page (format=json)"}})
def list_events(
    filters: EventFilter = Depends(review_filter),
    level: Level = Query(Level.incident, description="incident: one row per real-world event (rejected "
                         "events left out, edits applied); report: every report's own events"),
    limit: Optional[int] = Query(None, ge=1, description=f"page size (JSON: default 100, at most {PAGE_MAX}; exports: all)"),
    offset: int = Query(0, ge=0),
    sort: Sort = Query(Sort.newest, description="incident level: newest or oldest event date first"),
    format: EventFormat = Query(EventFormat.json),
    excel: bool = Query(False, description="acled-csv: start with a UTF-8 byte-order mark, for Excel"),
    store=Depends(get_store),
    _reader=Depends(require_reader),
) -> Any:
    if format is EventFormat.json:
        if limit is not None and limit > PAGE_MAX:
            raise HTTPException(422, f"limit {limit} too large (at most {PAGE_MAX})")
        size = limit or 100
        if level is Level.incident:
            page = store.query_incidents(filters, limit=size, offset=offset, sort=sort.value)
            rows, total = [row_record(row) for row in page.items], page.total
        else:
            events, total = page_and_total(store, filters, size, offset)
            rows = [event_record(e) for e in events]
        # Plain dicts straight to JSON: re-validating 100 records through a model costs more
        # than the query on a warm database.
        return JSONResponse({"level": level.value, "total": total, "limit": size, "offset": offset,
                             "sort": sort.value if level is Level.incident else None, "events": rows})
    rows = (_all_incidents(store, filters, limit, offset, sort.value) if level is Level.incident
            else _all_matching(store, filters, limit, offset))
    name = "rasd-incidents" if level is Level.incident else "rasd-events"
    if format is EventFormat.geojson:
        return Response(geojson_text(rows), media_type="application/geo+json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.geojson"'})
    return Response(acled_csv_text(rows, excel=excel), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.patch("/events", response_model=BulkOutcome, summary="Approve or reject many events at once (audited)")
def bulk_review_events(body: BulkReviewIn, store=Depends(get_store),
                       user: str = Depends(require_writer)) -> BulkOutcome:
    return store.bulk_review(body.status, user, event_ids=body.ids)


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
    return found_or_404(store.get_event(event_id), "event", event_id)


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
