"""``rasd serve``: the REST API and web review map (registered into rasd.cli)."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer

EXIT_FATAL = 2
DEMO_TOKEN = "demo"


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def serve(
    db: Optional[str] = typer.Option(None, "--db", help="store URL (default sqlite:///rasd.db; with --demo a temporary SQLite file)"),
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
    demo: bool = typer.Option(False, "--demo", help="load the bundled demo reports first"),
    tokens_file: Optional[Path] = typer.Option(None, "--tokens-file", help="'user:token' lines allowed to write"),
    reads_closed: bool = typer.Option(False, "--reads-closed", help="reads need a token too"),
    max_body: int = typer.Option(2_000_000, help="largest request body accepted, in bytes"),
) -> None:
    """Serve the API (/docs) and the web review map (/) over a store."""
    token = os.environ.get("RASD_API_TOKEN") or None
    # The demo's temporary database lives only as long as the server.
    demo_dir = Path(tempfile.mkdtemp(prefix="rasd-demo-")) if demo and not db else None
    url = db or (f"sqlite:///{demo_dir / 'demo.db'}" if demo_dir else "sqlite:///rasd.db")
    try:
        _serve(url, token, demo, host, port, tokens_file, reads_closed, max_body)
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _serve(url: str, token: Optional[str], demo: bool, host: str, port: int, tokens_file: Optional[Path],
           reads_closed: bool, max_body: int) -> None:
    import uvicorn

    from rasd.api.app import create_app
    from rasd.api.demo import load_demo

    if demo and not token and not tokens_file:
        token = DEMO_TOKEN  # the demo is for trying edits; it listens on loopback by default
        _say(f"demo: write token is '{DEMO_TOKEN}' (set RASD_API_TOKEN to choose another)")
    try:
        from rasd.store import Store

        store = Store(url)
        app = create_app(url, token=token, tokens_file=tokens_file, reads_open=not reads_closed,
                         max_body=max_body, store=store)
    except Exception as exc:  # noqa: BLE001 - any start-up failure is one line, exit 2
        _say(f"rasd serve: cannot start: {exc}")
        raise typer.Exit(EXIT_FATAL) from None
    if demo:
        loaded = load_demo(store)
        _say(f"demo: {loaded.reports} reports, {loaded.events} events in {url}"
             + (f" ({loaded.hand_coded} reports with hand-coded events)" if loaded.hand_coded else ""))
    if not token and not tokens_file:
        _say("no RASD_API_TOKEN or --tokens-file: the API is read-only")
    _say(f"rasd: serving http://{host}:{port}/  (API docs at /docs)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except OSError as exc:
        _say(f"rasd serve: cannot listen on {host}:{port}: {exc.strerror}")
        raise typer.Exit(EXIT_FATAL) from None
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
