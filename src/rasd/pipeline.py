"""Runs the stages in order: normalise → segment → recognise → resolve → assemble → describe."""
from __future__ import annotations

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


def extract_report(report: Report) -> list[Event]:
    from rasd.assemble.records import build_events
    from rasd.document import analyse

    return build_events(analyse(report))


def annotate_report(report: Report) -> list[Mention]:
    from rasd.document import analyse

    return analyse(report).mentions_out()


def extract(text: str, published: date, doc_id: str = "doc", source: Optional[str] = None,
            url: Optional[str] = None) -> list[Event]:
    """Events coded from one Arabic report (raises :class:`RasdError` on bad input)."""
    return extract_report(make_report(doc_id, doc_id, text, published, source, url))


def annotate(text: str, published: date, doc_id: str = "doc") -> list[Mention]:
    """Every mention found in one report: places, actors, cues, dates, numbers."""
    return annotate_report(make_report(doc_id, doc_id, text, published))


def process_item(item: ReadItem) -> ReportResult:
    """Extract one read item; never raises, so one bad report cannot stop a batch."""
    if item.error is not None:
        return ReportResult(item.where, None, error=str(item.error))
    report = item.report
    assert report is not None
    try:
        return ReportResult(item.where, report.id, extract_report(report))
    except RasdError as exc:
        return ReportResult(item.where, report.id, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug on one report must not stop the batch
        return ReportResult(item.where, report.id,
                            error=f"{item.where}: internal error ({type(exc).__name__}: {exc})")


def process_items(items: Iterable[ReadItem]) -> Iterator[ReportResult]:
    for item in items:
        yield process_item(item)
