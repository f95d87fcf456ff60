"""Commands of the scale-out subsystem: `rasd watch` (feeds → store).

(`rasd extract --workers/--dask` lives in rasd.cli and calls rasd.scale.parallel
and rasd.scale.dask_runner.)
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def default_state_path(sources: Path) -> Path:
    """sources.yaml → sources.state.json, beside it."""
    return sources.with_name(f"{sources.stem}.state.json")


def watch(
    sources: Path = typer.Argument(..., help="sources.yaml: name, url, language, country, interval"),
    db: str = typer.Option(..., "--db", help="store URL (sqlite:///rasd.db, postgresql://...)"),
    once: bool = typer.Option(False, "--once", help="poll every source once, then exit"),
    state: Optional[Path] = typer.Option(None, "--state",
                                         help="health/resume file (default: <sources>.state.json)"),
    status: bool = typer.Option(False, "--status", help="print each source's health and exit"),
    extractor: Optional[str] = typer.Option(None, hidden=True, help="module:function to extract with (tests)"),
) -> None:
    """Poll RSS/Atom feeds and ingest new items into the store (Ctrl-C stops)."""
    from rasd.errors import RasdError
    from rasd.scale.watch import Watcher, load_sources
    from rasd.scale.watch.state import load_state

    state_path = state or default_state_path(sources)
    try:
        feeds = load_sources(sources)
        if status:
            print_health(feeds, load_state(state_path))
            raise typer.Exit(EXIT_OK)
        watcher = Watcher(feeds, _open_store(db, extractor), state_path, say=_say)
    except RasdError as exc:
        _say(f"rasd: {exc}")
        raise typer.Exit(EXIT_FATAL) from None
    try:
        outcomes = watcher.run(once=once)
    except KeyboardInterrupt:
        _say("stopped; state saved in " + str(state_path))
        raise typer.Exit(EXIT_OK) from None
    except OSError as exc:
        _say(f"rasd: cannot write the watch state {state_path}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FATAL) from None
    finally:
        watcher.close()
    raise typer.Exit(EXIT_OK if all(o.ok for o in outcomes) else EXIT_PARTIAL)


def _open_store(db: str, extractor: Optional[str] = None):
    from rasd.errors import InputError
    from rasd.store import Store
    from rasd.store.runner import load_extractor

    try:
        extract = load_extractor(extractor) if extractor else None
    except ValueError as exc:
        raise InputError("--extractor", str(exc)) from None
    try:
        return Store(db, extractor=extract)
    except Exception as exc:  # noqa: BLE001 - any driver error: a bad URL or an unreachable server
        raise InputError(db, f"cannot open the store ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})") from None


def _when(stamp: Optional[float]) -> str:
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ") if stamp else "-"


def print_health(feeds, state) -> None:
    """One line per source: status, last success, last error, items, next poll."""
    for feed in feeds:
        health = state.health(feed.name)
        error = f"{_when(health.last_error_at)} {health.last_error}" if health.last_error else "-"
        print(f"{feed.name}\t{feed.country or '-'}\t{health.status}\tlast success {_when(health.last_success)}"
              f"\tseen {health.items_seen}\tnew {health.items_new}\tnext poll {_when(health.next_poll or None)}"
              f"\tlast error {error}")


def register(app: typer.Typer) -> None:
    app.command("watch")(watch)
