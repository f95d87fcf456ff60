"""Progress of long commands on a terminal: items done (of how many, when known), rate,
time left and elapsed. Nothing is drawn when stderr is not a terminal (logs, pipes, tests)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Optional

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second, with the unit (reports/s, rows/s)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} {self.unit}/s" if speed else f"- {self.unit}/s")


@contextmanager
def progress_bar(console: Console, label: str, total: Optional[int] = None,
                 unit: str = "rows") -> Iterator[Callable[..., None]]:
    """Yields ``advance(n=1)``; draws only when ``console`` is a terminal."""
    columns: list = [SpinnerColumn(), TextColumn(label)]
    if total:
        columns += [BarColumn(), MofNCompleteColumn(), RateColumn(unit), TextColumn("ETA"), TimeRemainingColumn()]
    else:
        columns += [TextColumn("{task.completed} done"), RateColumn(unit)]
    columns.append(TimeElapsedColumn())
    # stdout is left alone: it carries the command's output (rasd export ... > file.csv)
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal,
                  redirect_stdout=False) as progress:
        task = progress.add_task(label, total=total or None)
        yield lambda n=1: progress.advance(task, n)


def counted(items, advance: Callable[..., None]):
    """``items`` unchanged, advancing the bar for each."""
    for item in items:
        advance()
        yield item
