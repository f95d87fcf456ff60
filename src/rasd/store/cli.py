"""Commands of the store: ``rasd ingest``, ``rasd events``, ``rasd export``, ``rasd incident``."""
from __future__ import annotations

import json
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from rasd.io.readers import MAX_REPORT_CHARS

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2
DEFAULT_DB = "sqlite:///rasd.db"
err = Console(stderr=True, highlight=False, soft_wrap=True)

DB_OPTION = typer.Option(DEFAULT_DB, "--db", envvar="RASD_DB",
                         help="database URL: sqlite:///FILE (default ./rasd.db) or postgresql://...")


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    jsonl = "jsonl"
    parquet = "parquet"


def _fail(message: str) -> typer.Exit:
    err.print(f"rasd: {message}", markup=False)
    return typer.Exit(EXIT_FATAL)


def _day(value: Optional[str], name: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise _fail(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from None


def _bbox(value: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    if value is None:
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        raise _fail(f"--bbox {value!r}: expected min_lon,min_lat,max_lon,max_lat")
    return parts  # type: ignore[return-value]


def _open_store(db: str, extractor=None):
    from rasd.store import Store

    try:
        return Store(db, extractor=extractor)
    except Exception as exc:  # noqa: BLE001 - any failure to open is "could not run"
        raise _fail(f"cannot open database {db}: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}") from None


def _filters(since, until, country, admin1, event_type, actor, min_confidence, bbox, status):
    from rasd.store import EventFilter

    if status and status not in ("unreviewed", "approved", "rejected"):
        raise _fail(f"--status {status!r}: expected unreviewed, approved or rejected")
    return EventFilter(since=_day(since, "since"), until=_day(until, "until"), country=country,
                       admin1=admin1, event_type=event_type, actor=actor,
                       min_confidence=min_confidence, bbox=_bbox(bbox), status=status)


# Filter options shared by `events` and `export`.
SINCE = typer.Option(None, help="events on or after YYYY-MM-DD")
UNTIL = typer.Option(None, help="events on or before YYYY-MM-DD")
COUNTRY = typer.Option(None, help="country, e.g. Syria")
ADMIN1 = typer.Option(None, help="governorate, e.g. Idleb")
TYPE = typer.Option(None, "--type", help="event type or sub-event type, e.g. 'Air/drone strike'")
ACTOR = typer.Option(None, help="actor (actor1, actor2 or associated) or actor family")
MIN_CONFIDENCE = typer.Option(None, help="only events at least this confident (0-1)")
BBOX = typer.Option(None, help="min_lon,min_lat,max_lon,max_lat")
STATUS = typer.Option(None, help="unreviewed, approved or rejected")


def ingest(
    inputs: List[str] = typer.Argument(..., help=".jsonl/.txt/.html files, directories, RSS/Atom feeds (file or URL)"),
    db: str = DB_OPTION,
    published: Optional[str] = typer.Option(None, help="publication date YYYY-MM-DD for .txt files"),
    source: Optional[str] = typer.Option(None, help="outlet name for .txt files and feeds"),
    max_chars: int = typer.Option(MAX_REPORT_CHARS, help="reject reports longer than this"),
    extractor: Optional[str] = typer.Option(None, hidden=True, help="module:function to extract with (tests)"),
) -> None:
    """Store reports and their events; re-ingesting a report adds nothing."""
    from rasd.store.runner import load_extractor, run_ingest
    from rasd.store.sources import read_sources

    try:
        extract = load_extractor(extractor) if extractor else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    anchor = _day(published, "published")
    with _open_store(db, extract) as store:
        summary = run_ingest(store, read_sources(inputs, anchor, source, max_chars), err)
    err.print(summary.line(), markup=False)
    raise typer.Exit(EXIT_PARTIAL if summary.failed else EXIT_OK)


def events(
    db: str = DB_OPTION, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    country: Optional[str] = COUNTRY, admin1: Optional[str] = ADMIN1, event_type: Optional[str] = TYPE,
    actor: Optional[str] = ACTOR, min_confidence: Optional[float] = MIN_CONFIDENCE,
    bbox: Optional[str] = BBOX, status: Optional[str] = STATUS,
    limit: int = typer.Option(50, help="how many to list"),
    offset: int = typer.Option(0),
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table"),
) -> None:
    """List stored events (oldest first)."""
    filters = _filters(since, until, country, admin1, event_type, actor, min_confidence, bbox, status)
    with _open_store(db) as store:
        found = store.query_events(filters, limit=limit, offset=offset)
        total = store.count_events(filters)
    if as_json:
        for event in found:
            print(json.dumps({**event.to_record(), "id": event.id, "report_id": event.report_id,
                              "incident_id": event.incident_id, "status": event.status}, ensure_ascii=False))
        return
    table = Table("id", "date", "type", "actor1", "actor2", "location", "admin1", "deaths", "incident", "status")
    for e in found:
        table.add_row(str(e.id), e.event_date.isoformat(), e.sub_event_type, e.actor1, e.actor2 or "",
                      e.location or "", e.admin1 or "", str(e.fatalities), str(e.incident_id or ""), e.status)
    out = Console(soft_wrap=False)
    if not out.is_terminal:
        out = Console(soft_wrap=False, width=200)  # piped: don't squeeze the table to 80 columns
    out.print(table)
    err.print(f"{len(found)} of {total} matching event(s)")


def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="acled-csv, geojson, jsonl or parquet"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="output file (stdout if omitted; parquet needs a file)"),
    db: str = DB_OPTION, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    country: Optional[str] = COUNTRY, admin1: Optional[str] = ADMIN1, event_type: Optional[str] = TYPE,
    actor: Optional[str] = ACTOR, min_confidence: Optional[float] = MIN_CONFIDENCE,
    bbox: Optional[str] = BBOX, status: Optional[str] = STATUS,
) -> None:
    """Export stored events (same filters as `rasd events`)."""
    from rasd.store import export as exporters

    filters = _filters(since, until, country, admin1, event_type, actor, min_confidence, bbox, status)
    if fmt is ExportFormat.parquet and out is None:
        raise _fail("--format parquet needs --out FILE")
    with _open_store(db) as store:
        found = store.iter_events(filters)
        if fmt is ExportFormat.parquet:
            count = _guarded(lambda: exporters.write_parquet(found, out), out)
        else:
            count = _guarded(lambda: _write_text(fmt, found, out), out)
    err.print(f"{count} event(s) exported" + (f" to {out}" if out else ""))


def _write_text(fmt: ExportFormat, found, out: Optional[Path]) -> int:
    from rasd.store import export as exporters

    handle = sys.stdout if out is None or str(out) == "-" else out.open("w", encoding="utf-8", newline="")
    try:
        if fmt is ExportFormat.acled_csv:
            written, skipped = exporters.write_acled_csv(found, handle)
            if skipped:
                err.print(f"{skipped} event(s) without coordinates left out of the ACLED CSV")
            return written
        if fmt is ExportFormat.geojson:
            return exporters.write_geojson(found, handle)
        return exporters.write_jsonl(found, handle)
    finally:
        if handle is not sys.stdout:
            handle.close()


def _guarded(write, out: Optional[Path]) -> int:
    try:
        return write()
    except BrokenPipeError:  # `rasd export ... | head`: the reader has what it wanted
        sys.stderr.close()
        raise typer.Exit(EXIT_OK) from None
    except OSError as exc:
        raise _fail(f"cannot write {out}: {exc.strerror or exc}") from None


def incident(
    incident_id: int = typer.Argument(..., help="incident id (see `rasd events`)"),
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="print the incident as JSON"),
) -> None:
    """Show an incident: its sources, fatality range, grade and why its reports were merged."""
    with _open_store(db) as store:
        found = store.get_incident(incident_id)
    if found is None:
        raise _fail(f"no incident {incident_id} in {db}")
    if as_json:
        print(found.model_dump_json(indent=2))
        return
    out = Console(highlight=False)
    out.print(f"incident {found.id}: {found.event_type} on {found.event_date} at {found.location or '?'} "
              f"({found.latitude}, {found.longitude})", markup=False)
    out.print(f"fatalities low/best/high: {found.fatalities_low}/{found.fatalities_best}/"
              f"{found.fatalities_high}; grade: {found.grade}; events: {found.event_ids}", markup=False)
    for ref in found.sources:
        quote = next(iter(ref.evidence.values())).text if ref.evidence else ""
        out.print(f"  source: report {ref.report_id} {ref.source or ''} {ref.url or ''} "
                  f"({ref.published}) {quote}", markup=False)
    out.print("why merged:")
    for line in found.explanation:
        out.print(f"  - {line}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("events")(events)
    app.command("export")(export)
    app.command("incident")(incident)
