"""Progress on a terminal (reports done, rate, time left) and none when piped; --version, -h."""
from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from rasd.cli import app
from rasd.io.progress import counted, progress_bar


def test_progress_shows_done_rate_and_eta_on_a_terminal():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with progress_bar(console, "ingesting", 4, unit="reports") as advance:
        assert list(counted(range(4), advance)) == [0, 1, 2, 3]
    text = screen.getvalue()
    assert "ingesting" in text and "4/4" in text and "reports/s" in text and "ETA" in text


def test_progress_without_a_total_counts_what_is_done():
    screen = io.StringIO()
    with progress_bar(Console(file=screen, force_terminal=True, width=120), "exporting") as advance:
        for _ in range(3):
            advance()
    assert "3 done" in screen.getvalue()


def test_nothing_is_drawn_when_piped():
    screen = io.StringIO()
    with progress_bar(Console(file=screen, force_terminal=False), "ingesting", 2) as advance:
        advance()
    assert screen.getvalue() == ""


def test_version_and_short_help():
    runner = CliRunner()
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("rasd ")
    helped = runner.invoke(app, ["export", "-h"])
    assert helped.exit_code == 0 and "--per-report" in helped.stdout and "--excel" in helped.stdout


def test_the_bar_leaves_stdout_to_the_output():
    import sys

    real = sys.stdout
    with progress_bar(Console(file=io.StringIO(), force_terminal=True), "exporting", 1) as advance:
        assert sys.stdout is real
        advance()
