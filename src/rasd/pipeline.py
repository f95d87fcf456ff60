"""Runs the stages in order: normalise → segment → recognise → resolve → assemble → describe."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator, Optional

from rasd.errors import RasdError
from rasd.io.readers import ReadItem, make_report
from rasd.model import Event, Mention, Report


@dataclass
class ReportResult:
    """What became of one input report: its events, or why it failed (picklable)."""

    where: str
    doc_id: Optional[str]
    events: list[Event] = field(default_factory=list)
    error: Optional[str] = None
    explanations: list[dict] = field(default_factory=list)  # dropped or demoted candidates, on request


# Coding one report allocates some tens of thousands of short-lived objects. With Python's
# default first threshold (700) the collector runs dozens of times a report and moves the
# report's objects into older generations, whose collections then walk every long-lived
# cache (word analyses, place distances): ~8% of a batch's CPU. With this threshold a
# report's objects die young. Batches (`rasd extract`, `ingest`, workers) run under it.
BATCH_GC_THRESHOLD = 50_000


def tune_collection_for_batches() -> tuple[int, int, int]:
    """Raise the collector's first threshold to the batch setting; return the thresholds before."""
    before = gc.get_threshold()
    gc.set_threshold(max(BATCH_GC_THRESHOLD, before[0]), *before[1:])
    return before


@contextmanager
def batch_collection() -> Iterator[None]:
    """Run a batch of extractions with the collector tuned for it; restored afterwards."""
    before = tune_collection_for_batches()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def extract_report(report: Report, background: bool = False, use_model: bool = True) -> list[Event]:
    """The report's own events; with ``background`` also the earlier events it recalls;
    ``use_model`` False leaves out the sentence model's veto (rules only)."""
    from rasd.assemble.records import build_events
    from rasd.document import analyse

    return build_events(analyse(report), background, use_model)


def explain_report(report: Report, background: bool = False) -> tuple[list[Event], list[dict]]:
    """The events, and why every other candidate was dropped or demoted."""
    from rasd.assemble.records import explanations, extract_events
    from rasd.document import analyse

    doc = analyse(report)
    extraction = extract_events(doc)
    return extraction.events(background), explanations(doc, extraction)


def annotate_report(report: Report) -> list[Mention]:
    from rasd.document import analyse

    return analyse(report).mentions_out()


def extract(text: str, published: date, doc_id: str = "doc", source: Optional[str] = None,
            url: Optional[str] = None, background: bool = False) -> list[Event]:
    """Events coded from one Arabic report (raises :class:`RasdError` on bad input); with
    ``background`` also the earlier events it recalls, marked ``background``."""
    return extract_report(make_report(doc_id, doc_id, text, published, source, url), background)


def annotate(text: str, published: date, doc_id: str = "doc") -> list[Mention]:
    """Every mention found in one report: places, actors, cues, dates, numbers."""
    return annotate_report(make_report(doc_id, doc_id, text, published))


def process_item(item: ReadItem, background: bool = False, explain: bool = False) -> ReportResult:
    """Extract one read item; never raises, so one bad report cannot stop a batch."""
    if item.error is not None:
        return ReportResult(item.where, None, error=str(item.error))
    report = item.report
    assert report is not None
    try:
        if explain:
            return ReportResult(item.where, report.id, *_explained(report, background))
        return ReportResult(item.where, report.id, extract_report(report, background))
    except RasdError as exc:
        return ReportResult(item.where, report.id, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug on one report must not stop the batch
        return ReportResult(item.where, report.id,
                            error=f"{item.where}: internal error ({type(exc).__name__}: {exc})")


def _explained(report: Report, background: bool) -> tuple[list[Event], None, list[dict]]:
    events, explanations = explain_report(report, background)
    return events, None, explanations


def process_items(items: Iterable[ReadItem], background: bool = False,
                  explain: bool = False) -> Iterator[ReportResult]:
    with batch_collection():
        for item in items:
            yield process_item(item, background, explain)
