"""The `rasd` command line: thin — parses, calls the API, prints.

Exit codes (every command): 0 all inputs processed; 1 some inputs failed (each
named on stderr, one line each; the others were processed and written); 2 the
command itself could not run (bad option, unwritable output).
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console

from rasd.io.readers import MAX_REPORT_CHARS, read_inputs

app = typer.Typer(add_completion=False, no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]},
                  help="rasd: Arabic conflict reports → ACLED-coded, geocoded events.")
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2

# Commands of other subsystems; each module exposes register(app).
_PLUGIN_MODULES = ("rasd.gazetteer.cli", "rasd.store.cli", "rasd.api.cli", "rasd.scale.cli")


class OutputFormat(str, Enum):
    """One name per format in every command: acled-csv (csv accepted), jsonl, geojson, table."""

    jsonl = "jsonl"
    acled_csv = "acled-csv"
    csv = "csv"
    geojson = "geojson"
    table = "table"


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"rasd {version('rasd')}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="print the version"),
) -> None:
    """rasd: Arabic conflict reports → ACLED-coded, geocoded events."""


def _parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@contextmanager
def _open_out(out: Optional[Path]) -> Iterator:
    if out is None or str(out) == "-":
        yield sys.stdout
        return
    try:
        handle = out.open("w", encoding="utf-8")
    except OSError as exc:
        err.print(f"rasd: cannot write {out}: {exc.strerror}")
        raise typer.Exit(EXIT_FATAL) from None
    with handle:
        yield handle


def report_error(message: str) -> None:
    err.print(f"error: {message}", markup=False)


@app.command()
def extract(
    inputs: List[str] = typer.Argument(..., help=".txt/.jsonl/.html files, directories, or - for stdin"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="output file (default stdout)"),
    fmt: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f",
                                     help="jsonl, acled-csv (or csv), geojson or table"),
    published: Optional[str] = typer.Option(None, help="publication date YYYY-MM-DD for .txt/stdin"),
    source: Optional[str] = typer.Option(None, help="outlet name for .txt/stdin"),
    max_chars: int = typer.Option(MAX_REPORT_CHARS, help="reject reports longer than this"),
    workers: int = typer.Option(1, help="local processes (0 = all cores)"),
    dask: Optional[str] = typer.Option(None, help="Dask scheduler address, or 'local'"),
    background: bool = typer.Option(False, "--background",
                                    help="also emit earlier events the reports recall (background: true)"),
    explain: bool = typer.Option(False, "--explain",
                                 help="list on stderr every dropped or demoted candidate and the marker that decided"),
    reports_per_task: Optional[int] = typer.Option(
        None, "--reports-per-task", min=1,
        help="with --dask: reports one task codes; larger files are split into parts of this many (default 500)"),
) -> None:
    """Extract events from reports."""
    anchor = _parse_date(published)
    started = time.monotonic()
    if reports_per_task is not None and not dask:
        err.print("rasd: --reports-per-task sizes the tasks of --dask; without --dask there are none")
        raise typer.Exit(EXIT_FATAL)
    if dask:
        if background or explain:
            err.print("rasd: --background and --explain run locally, not with --dask")
            raise typer.Exit(EXIT_FATAL)
        from rasd.scale.dask_runner import run_extract_on_dask

        raise typer.Exit(run_extract_on_dask(inputs, out, dask, anchor, source, max_chars, reports_per_task))
    from rasd.io.progress import counted, progress_bar
    from rasd.store.sources import estimate_reports

    with progress_bar(err, "extracting", estimate_reports(inputs), unit="reports") as advance:
        items = counted(read_inputs(inputs, anchor, source, max_chars), advance)
        code, summary = _extract_items(items, workers, out, fmt, background, explain)
    err.print(f"{summary}; {time.monotonic() - started:.1f} s", markup=False)
    raise typer.Exit(code)


def _extract_items(items, workers: int, out: Optional[Path], fmt: OutputFormat,
                   background: bool, explain: bool) -> tuple[int, str]:
    if workers != 1:
        from functools import partial

        from rasd.pipeline import process_item
        from rasd.scale.parallel import map_results

        results = map_results(items, workers, process=partial(process_item, background=background, explain=explain))
    else:
        from rasd.pipeline import process_items

        results = process_items(items, background, explain)
    return _write_results(results, out, fmt)


def _print_explanations(result) -> None:
    """One line per dropped or demoted candidate: what it was, what decided, and why."""
    for record in result.explanations:
        trigger, marker = record["trigger"], record.get("marker")
        decided = f" «{marker['text']}» {marker['span']}" if marker else ""
        err.print(f"explain {record['doc_id']}: {record['status']} {record['sub_event_type']} "
                  f"«{trigger['text']}» {trigger['span']} — {record['family']}{decided}: {record['reason']}",
                  markup=False)


def _write_results(results, out: Optional[Path], fmt: OutputFormat) -> tuple[int, str]:
    """Write the events; (exit code, closing summary)."""
    from rasd.io import writers

    failed = done = count = 0
    events = []
    with _open_out(out) as handle:
        for result in results:
            if result.error:
                failed += 1
                report_error(result.error)
                continue
            _print_explanations(result)
            done += 1
            count += len(result.events)
            if fmt is OutputFormat.jsonl:
                writers.write_jsonl(result.events, handle)
                handle.flush()
            else:
                events.extend(result.events)
        if fmt in (OutputFormat.csv, OutputFormat.acled_csv):
            written, skipped = writers.write_acled_csv(events, handle)
            if skipped:
                err.print(f"{skipped} event(s) without a resolved location left out of the CSV")
        elif fmt is OutputFormat.geojson:
            writers.write_geojson(events, handle)
        elif fmt is OutputFormat.table:
            _print_events_table(events, handle)
    summary = f"{done} report(s), {count} event(s), {failed} failed"
    return (EXIT_PARTIAL if failed else EXIT_OK), summary


def _print_events_table(events, handle) -> None:
    from rich.table import Table

    table = Table("date", "type", "actor1", "actor2", "location", "admin1", "deaths", "confidence")
    for e in events:
        table.add_row(e.event_date.isoformat(), e.sub_event_type, e.actor1, e.actor2 or "", e.location or "",
                      e.admin1 or "", str(e.fatalities), f"{e.confidence:.2f}")
    Console(file=handle, soft_wrap=False, width=None if handle is sys.stdout and sys.stdout.isatty() else 200,
            highlight=False).print(table)


@app.command()
def annotate(
    inputs: List[str] = typer.Argument(..., help=".txt/.jsonl/.html files, directories, or -"),
    out: Optional[Path] = typer.Option(None, "--out", "-o"),
    published: Optional[str] = typer.Option(None, help="publication date YYYY-MM-DD for .txt/stdin"),
    max_chars: int = typer.Option(MAX_REPORT_CHARS),
) -> None:
    """List every mention found (places, actors, cues, dates, numbers), one a line."""
    from rasd.pipeline import annotate_report

    failed = 0
    with _open_out(out) as handle:
        for item in read_inputs(inputs, _parse_date(published), None, max_chars):
            if item.error:
                failed += 1
                report_error(str(item.error))
                continue
            for mention in annotate_report(item.report):
                record = mention.model_dump(mode="json", exclude_none=True)
                record["doc_id"] = item.report.id
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    raise typer.Exit(EXIT_PARTIAL if failed else EXIT_OK)


@app.command("eval")
def evaluate_command(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="gold JSONL (coding-guide format)"),
    pred: Path = typer.Argument(..., exists=True, dir_okay=False, help="predicted events JSONL"),
    as_json: bool = typer.Option(False, "--json", help="print the scores as JSON"),
    details: bool = typer.Option(False, help="list misses and false positives"),
) -> None:
    """Score predicted events against gold by the coding guide's matching rules."""
    from rasd.evaluate import evaluate_files, format_scores

    try:
        scores = evaluate_files(gold, pred)
    except ValueError as exc:
        report_error(str(exc))
        raise typer.Exit(EXIT_FATAL) from None
    if as_json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        print(format_scores(scores, details=details))


def _register_plugins() -> None:
    for name in _PLUGIN_MODULES:
        try:
            present = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            present = False
        if present:
            importlib.import_module(name).register(app)


_register_plugins()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
