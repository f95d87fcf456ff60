"""Everything ``rasd ingest`` accepts, read in order: .jsonl/.txt/.html files, directories
(recursively, in a stable order) and RSS/Atom feeds (files or http(s) URLs)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional

from rasd.errors import InputError
from rasd.io.readers import MAX_REPORT_CHARS, REPORT_SUFFIXES, ReadItem, read_inputs
from rasd.store.feeds import FEED_SUFFIXES, is_url, load_feed, looks_like_feed, reports_from_feed


def read_sources(inputs: Iterable[str], published: Optional[date] = None, source: Optional[str] = None,
                 max_chars: int = MAX_REPORT_CHARS) -> Iterator[ReadItem]:
    for name in inputs:
        path = Path(name)
        if is_url(name) or (path.is_file() and looks_like_feed(path)):
            yield from _read_feed(name, source)
        elif path.is_dir():
            yield from read_sources(_files_below(path), published, source, max_chars)
        else:
            yield from read_inputs([name], published, source, max_chars)


def _read_feed(location: str, source: Optional[str]) -> Iterator[ReadItem]:
    try:
        content = load_feed(location)
    except InputError as exc:
        yield ReadItem(location, error=exc)
        return
    yield from reports_from_feed(content, location, source)


def _files_below(root: Path) -> list[str]:
    wanted = REPORT_SUFFIXES | FEED_SUFFIXES
    return [str(p) for p in sorted(root.rglob("*")) if p.is_file() and p.suffix.lower() in wanted]
