"""The ingest loop behind ``rasd ingest``: one transaction per report, bad input
counted and named, never stopping the batch."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from rasd.errors import RasdError
from rasd.io.readers import ReadItem
from rasd.pipeline import batch_collection
from rasd.store.store import Store


@dataclass
class IngestSummary:
    reports: int = 0  # stored: new or updated
    events: int = 0
    skipped: int = 0  # already stored (duplicates)
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.reports} report(s) stored, {self.events} event(s), "
                f"{self.skipped} skipped as already stored, {self.failed} failed")


def load_extractor(spec: str) -> Callable:
    """``module:function`` → the function (an alternative extractor)."""
    module, _, name = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ValueError(f"--extractor {spec!r}: {exc}") from None


def ingest_one(store: Store, item: ReadItem, summary: IngestSummary) -> Optional[str]:
    """Ingest one read item into the summary; the error line when it failed."""
    if item.error is not None or item.report is None:
        return str(item.error or f"{item.where}: no report")
    try:
        outcome = store.ingest(item.report)
    except RasdError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug or a database hiccup on one report must not stop the batch
        return f"{item.where}: not stored ({type(exc).__name__}: {' '.join(str(exc).split())[:300]})"
    if outcome.status == "duplicate":
        summary.skipped += 1
    else:
        summary.reports += 1
        summary.events += len(outcome.event_ids)
    return None


def run_ingest(store: Store, items: Iterable[ReadItem], console: Console) -> IngestSummary:
    summary = IngestSummary()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as progress, \
            batch_collection():
        task = progress.add_task(summary.line())
        for item in items:
            problem = ingest_one(store, item, summary)
            if problem:
                summary.failed += 1
                summary.errors.append(problem)
                progress.console.print(f"error: {problem}", markup=False, highlight=False)
            progress.update(task, description=summary.line())
    return summary
