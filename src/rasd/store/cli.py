"""Commands of the store: ``rasd ingest``, ``rasd events``, ``rasd export``, ``rasd incident``."""
from __future__ import annotations

import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from rasd.io.progress import counted, progress_bar
from rasd.io.readers import MAX_REPORT_CHARS

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2
DEFAULT_DB = "sqlite:///rasd.db"
err = Console(stderr=True, highlight=False, soft_wrap=True)
# The ingest loop's own messages: plain lines (the progress bar above is drawn by `err`).
QUIET_ERR = Console(stderr=True, highlight=False, soft_wrap=True, force_terminal=False)

DB_OPTION = typer.Option(DEFAULT_DB, "--db", envvar="RASD_DB",
                         help="database URL: sqlite:///FILE (default ./rasd.db) or postgresql://...")


# One name per format across commands; "csv" is accepted for "acled-csv".
EXPORT_FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
LIST_FORMATS = ("table", "jsonl", "acled-csv", "geojson")
FORMAT_ALIASES = {"csv": "acled-csv", "json": "jsonl"}


def _format(value: str, allowed: tuple[str, ...]) -> str:
    name = FORMAT_ALIASES.get(value.strip().lower(), value.strip().lower())
    if name not in allowed:
        raise _fail(f"--format {value!r}: expected {', '.join(allowed)}")
    return name


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


def _sqlite_file(db: str) -> Optional[Path]:
    """The file of a SQLite URL (None for other databases and in-memory ones)."""
    from rasd.store.database import normalise_url

    url = normalise_url(db)
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return None
    return Path(url.removeprefix("sqlite:///").split("?")[0])


def _open_store(db: str, extractor=None, create: bool = False):
    """Open a database; only ``ingest`` (``create``) may make a new SQLite file, and says so."""
    from rasd.store import Store

    try:
        target = _sqlite_file(db)
    except Exception:  # noqa: BLE001 - a malformed URL is reported by Store below
        target = None
    if target is not None and not target.exists():
        if not create:
            raise _fail(f"no database at {target} (--db {db}); `rasd ingest` creates one")
        err.print(f"creating database {target}", markup=False)
    try:
        return Store(db, extractor=extractor)
    except Exception as exc:  # noqa: BLE001 - any failure to open is "could not run"
        raise _fail(f"cannot open database {db}: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}") from None


def _filters(since, until, country, admin1, event_type, actor, min_confidence, bbox, status, review=None):
    from rasd.store import EventFilter

    if status and status not in ("unreviewed", "approved", "rejected"):
        raise _fail(f"--status {status!r}: expected unreviewed, approved or rejected")
    if review and review not in ("contested", "needs_review"):
        raise _fail(f"--review {review!r}: expected contested or needs_review")
    return EventFilter(since=_day(since, "since"), until=_day(until, "until"), country=country,
                       admin1=admin1, event_type=event_type, actor=actor,
                       min_confidence=min_confidence, bbox=_bbox(bbox), status=status, review=review)


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
    tz: Optional[str] = typer.Option(None, "--tz", help="time zone of feed timestamps, e.g. Asia/Damascus "
                                     "(default: the outlet's, from outlets.yaml, else its country's)"),
    allow_local_links: Optional[Path] = typer.Option(
        None, "--allow-local-links", metavar="DIR",
        help="follow feed entry links to local files under DIR (default: http(s) links only)"),
    extractor: Optional[str] = typer.Option(None, hidden=True, help="module:function to extract with (tests)"),
) -> None:
    """Store reports and their events; re-ingesting a report adds nothing. Creates the database if needed."""
    from rasd.store.runner import load_extractor, run_ingest
    from rasd.store.sources import read_sources

    try:
        extract = load_extractor(extractor) if extractor else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    from rasd.store.sources import estimate_reports, zone_for

    anchor = _day(published, "published")
    try:
        zone = zone_for(source, tz) if source or tz else None  # None: each feed's outlet's zone
    except ValueError as exc:
        raise _fail(str(exc)) from None
    started = time.monotonic()
    with _open_store(db, extract, create=True) as store:
        with progress_bar(err, "ingesting", estimate_reports(inputs), unit="reports") as advance:
            items = counted(read_sources(inputs, anchor, source, max_chars, allow_local_links, zone), advance)
            summary = run_ingest(store, items, QUIET_ERR)
        incidents = store.count_incidents(_no_filter())
    err.print(f"{summary.line()}; {incidents} incident(s) in the database; {time.monotonic() - started:.1f} s",
              markup=False)
    raise typer.Exit(EXIT_PARTIAL if summary.failed else EXIT_OK)


def _no_filter():
    from rasd.store import EventFilter

    return EventFilter()


PER_REPORT = typer.Option(False, "--per-report", help="one row per report's event instead of one per incident")
REVIEW = typer.Option(None, "--review", help="incidents: contested or needs_review")


def events(
    db: str = DB_OPTION, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    country: Optional[str] = COUNTRY, admin1: Optional[str] = ADMIN1, event_type: Optional[str] = TYPE,
    actor: Optional[str] = ACTOR, min_confidence: Optional[float] = MIN_CONFIDENCE,
    bbox: Optional[str] = BBOX, status: Optional[str] = STATUS, review: Optional[str] = REVIEW,
    per_report: bool = PER_REPORT,
    limit: int = typer.Option(50, help="how many to list"),
    offset: int = typer.Option(0),
    fmt: str = typer.Option("table", "--format", "-f", help="table, jsonl, acled-csv or geojson"),
    as_json: bool = typer.Option(False, "--json", hidden=True, help="same as --format jsonl"),
) -> None:
    """List incidents, newest first (one per real-world event; --per-report for reports' events)."""
    fmt = "jsonl" if as_json else _format(fmt, LIST_FORMATS)
    filters = _filters(since, until, country, admin1, event_type, actor, min_confidence, bbox, status, review)
    with _open_store(db) as store:
        if per_report:
            found = store.query_events(filters, limit=limit, offset=offset)
            total = store.count_events(filters)
        else:
            page = store.query_incidents(filters, limit=limit, offset=offset)
            found, total = page.items, page.total
    noun = "event(s)" if per_report else "incident(s)"
    if fmt == "table":
        _print_table(found, per_report)
    else:
        _guarded(lambda: _write_text(fmt, iter(found), None), None)
    err.print(f"{len(found)} of {total} matching {noun}")


def _print_table(found, per_report: bool) -> None:
    if per_report:
        table = Table("id", "date", "type", "actor1", "actor2", "location", "admin1", "deaths", "incident", "status")
        for e in found:
            table.add_row(str(e.id), e.event_date.isoformat(), e.sub_event_type, e.actor1, e.actor2 or "",
                          e.location or "", e.admin1 or "", str(e.fatalities), str(e.incident_id or ""), e.status)
    else:
        table = Table("incident", "date", "type", "actor1", "actor2", "location", "admin1", "deaths (range)",
                      "reports", "grade", "source")
        for row in found:
            deaths = str(row.fatalities) + (f" ({row.fatalities_low}-{row.fatalities_high})"
                                            if row.fatalities_low != row.fatalities_high else "")
            table.add_row(row.event_id_cnty, row.event_date.isoformat(), row.sub_event_type, row.actor1,
                          row.actor2 or "", row.location or "", row.admin1 or "", deaths, str(row.reports),
                          row.grade, row.source or "")
    out = Console(soft_wrap=False)
    if not out.is_terminal:
        out = Console(soft_wrap=False, width=200)  # piped: don't squeeze the table to 80 columns
    out.print(table)


def export(
    fmt: str = typer.Option(..., "--format", "-f", help="acled-csv (or csv), geojson, jsonl or parquet"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="output file (stdout if omitted; parquet needs a file)"),
    db: str = DB_OPTION, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    country: Optional[str] = COUNTRY, admin1: Optional[str] = ADMIN1, event_type: Optional[str] = TYPE,
    actor: Optional[str] = ACTOR, min_confidence: Optional[float] = MIN_CONFIDENCE,
    bbox: Optional[str] = BBOX, status: Optional[str] = STATUS, review: Optional[str] = REVIEW,
    per_report: bool = PER_REPORT,
    excel: bool = typer.Option(False, "--excel", help="acled-csv: start with a UTF-8 BOM so Excel reads Arabic"),
) -> None:
    """Export incidents (one row each; --per-report for reports' events), same filters as `rasd events`."""
    from rasd.store import export as exporters
    from rasd.store.records import IncidentRow, StoredEvent

    fmt = _format(fmt, EXPORT_FORMATS)
    filters = _filters(since, until, country, admin1, event_type, actor, min_confidence, bbox, status, review)
    if fmt == "parquet" and (out is None or str(out) == "-"):
        raise _fail("--format parquet needs --out FILE")
    if out is not None and str(out) != "-" and not out.parent.is_dir():
        raise _fail(f"cannot write {out}: no directory {out.parent}")
    started = time.monotonic()
    with _open_store(db) as store:
        total = store.count_events(filters) if per_report else store.count_incidents(filters)
        rows = store.iter_events(filters) if per_report else store.iter_incidents(filters)
        with progress_bar(err, "exporting", total) as advance:
            rows = counted(rows, advance)
            if fmt == "parquet":
                model = StoredEvent if per_report else IncidentRow
                count = _guarded(lambda: exporters.write_atomically(
                    out, lambda path: exporters.write_parquet(rows, path, model)), out)
            else:
                count = _guarded(lambda: _write_text(fmt, rows, out, excel), out)
    noun = "event(s)" if per_report else "incident(s)"
    err.print(f"{count} {noun} exported" + (f" to {out}" if out else "")
              + f" in {time.monotonic() - started:.1f} s")


def _write_text(fmt: str, rows, out: Optional[Path], excel: bool = False) -> int:
    from rasd.store import export as exporters

    def write(handle) -> int:
        if fmt == "acled-csv":
            written, skipped = exporters.write_acled_csv(rows, handle, excel=excel)
            if skipped:
                err.print(f"{skipped} row(s) without coordinates left out of the ACLED CSV")
            return written
        if fmt == "geojson":
            return exporters.write_geojson(rows, handle)
        return exporters.write_jsonl(rows, handle)

    if out is None or str(out) == "-":
        return write(sys.stdout)

    def to_file(path: Path) -> int:
        with path.open("w", encoding="utf-8", newline="") as handle:
            return write(handle)

    return exporters.write_atomically(out, to_file)


def _guarded(write, out: Optional[Path]) -> int:
    try:
        return write()
    except BrokenPipeError:  # `rasd export ... | head`: the reader has what it wanted
        sys.stderr.close()
        raise typer.Exit(EXIT_OK) from None
    except OSError as exc:
        raise _fail(f"cannot write {out or 'stdout'}: {exc.strerror or exc}") from None


def incident(
    incident_id: int = typer.Argument(..., help="incident id (see `rasd events`)"),
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="print the incident as JSON"),
) -> None:
    """Show an incident: its sources, each figure and where it comes from, grade, why merged."""
    with _open_store(db) as store:
        found = store.get_incident(incident_id)
        view = store.get_incident_view(incident_id)
    if found is None or view is None:
        raise _fail(f"no incident {incident_id} in {db}")
    if as_json:
        print(found.model_dump_json(indent=2))
        return
    row = view.row
    out = Console(highlight=False)
    out.print(f"incident {row.id} ({row.event_id_cnty}): {row.sub_event_type} on {row.event_date} at "
              f"{row.location or '?'} ({row.latitude}, {row.longitude})", markup=False)
    out.print(f"fatalities best {row.fatalities} (low {row.fatalities_low}, high {row.fatalities_high}); "
              f"grade: {row.grade}; {row.reports} report(s); events: {row.event_ids}", markup=False)
    if row.review_reasons:
        out.print(f"needs review: {', '.join(row.review_reasons)}", markup=False)
    for ref in found.sources:
        quote = next(iter(ref.evidence.values())).text if ref.evidence else ""
        out.print(f"  source: report {ref.report_id} {ref.source or ''} {ref.url or ''} "
                  f"({ref.published}) {quote}", markup=False)
    out.print("figures:")
    for claim in view.figures:
        quote = f' "{claim.evidence.text}"' if claim.evidence else ""
        out.print(f"  - {claim.fatalities} from {claim.outlet} (event {claim.event_id}){quote}: "
                  f"{'counted' if claim.counted else 'not counted'} ({claim.why})", markup=False)
    out.print("why merged:")
    for line in found.explanation:
        out.print(f"  - {line}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("events")(events)
    app.command("export")(export)
    app.command("incident")(incident)
