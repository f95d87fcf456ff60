"""The bundled demo set: Arabic reports written for rasd, with hand-coded events.

``serve --demo`` ingests it so a newcomer sees a populated map at once. Each report
is run through the extractor; where the extractor finds nothing (or fails), the
report's hand-coded events are stored instead, so the map is never empty.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Iterator

from rasd.model import Event, Report

DEMO_FILE = "reports.jsonl"


@dataclass(frozen=True)
class DemoReport:
    report: Report
    coded_events: list[Event]


@dataclass(frozen=True)
class DemoLoad:
    reports: int
    events: int
    hand_coded: int  # reports whose hand-coded events were used


def demo_reports() -> Iterator[DemoReport]:
    path = resources.files("rasd") / "data" / "demo" / DEMO_FILE
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        coded = [Event.model_validate({**event, "doc_id": record["id"]}) for event in record.pop("events", [])]
        yield DemoReport(Report.model_validate(record), coded)


def _extracted(report: Report) -> list[Event]:
    from rasd.pipeline import extract_report

    try:
        return extract_report(report)
    except Exception:  # noqa: BLE001 - the demo must start even while the extractor is unfinished
        return []


def load_demo(store, *, use_extractor: bool = True) -> DemoLoad:
    """Ingest every demo report into ``store``; returns what was loaded."""
    reports = events = hand_coded = 0
    for demo in demo_reports():
        found = _extracted(demo.report) if use_extractor else []
        if not found:
            found = demo.coded_events
            hand_coded += 1
        outcome = store.ingest(demo.report, events=found)
        reports += 1
        events += len(outcome.event_ids)
    return DemoLoad(reports, events, hand_coded)
