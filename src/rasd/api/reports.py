"""/reports: ingest a report (text or HTML page) and read one back with its spans."""
from __future__ import annotations

import hashlib

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from rasd.api.auth import require_reader, require_writer
from rasd.api.deps import get_store
from rasd.api.errors import found_or_404
from rasd.api.exports import event_record
from rasd.api.schemas import IngestOut, ReportIn, ReportOut
from rasd.errors import RasdError
from rasd.io.readers import html_to_text, make_report
from rasd.model import Report

router = APIRouter(tags=["reports"])

WHERE = "request body"


def report_from_body(body: ReportIn, max_chars: int) -> Report:
    """A validated Report; raises InputError (bad input) or HTTPException 413 (too long)."""
    text, published, url = body.text, body.published, body.url
    if body.html is not None:
        text, page_date, page_url = html_to_text(body.html, WHERE)
        published = published or page_date
        url = url or page_url
    if text is not None and len(text) > max_chars:
        raise HTTPException(413, f"text too large ({len(text):,} characters; limit {max_chars:,})")
    # Same text → same id, so re-posting a report is recognised as a duplicate.
    doc_id = body.id or "api-" + hashlib.sha1((text or "").encode()).hexdigest()[:16]
    return make_report(WHERE, doc_id, text, published, body.source, url, max_chars)


@router.post("/reports", response_model=IngestOut, status_code=201,
             summary="Store a report, extract its events and merge them; idempotent")
def post_report(body: ReportIn, request: Request, store=Depends(get_store),
                _writer: str = Depends(require_writer)):
    try:
        report = report_from_body(body, request.app.state.max_chars)
        outcome = store.ingest(report)
    except RasdError as exc:
        raise HTTPException(422, str(exc)) from None
    except (HTTPException, SQLAlchemyError):
        raise  # an answer already chosen, or the database's fault, not the input's: a 500
    except Exception as exc:  # noqa: BLE001 - an extractor failure on odd input is still a 4xx
        raise HTTPException(422, f"{WHERE}: could not extract events ({type(exc).__name__}: {exc})") from None
    events = []
    for event_id in outcome.event_ids:
        detail = store.get_event(event_id)
        if detail is not None:
            events.append(event_record(detail.event))
    result = IngestOut(report_id=outcome.report_id, status=outcome.status, events=events)
    # 201 only when something was created; a duplicate is a plain 200.
    return JSONResponse(result.model_dump(mode="json"), status_code=201 if outcome.status == "new" else 200)


@router.get("/reports/{report_id}", response_model=ReportOut,
            summary="A report's text with the spans of each mention and event")
def get_report(report_id: int, store=Depends(get_store), _reader=Depends(require_reader)) -> ReportOut:
    detail = found_or_404(store.get_report(report_id), "report", report_id)
    return ReportOut(id=detail.id, text=detail.text, source=detail.source, url=detail.url,
                     published=detail.published,
                     mentions=[m.model_dump(mode="json", exclude_none=True) for m in detail.mentions],
                     events=[event_record(e) for e in detail.events])
