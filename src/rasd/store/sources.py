"""Everything ``rasd ingest`` accepts, read in order: .jsonl/.txt/.html files, directories
(recursively, in a stable order) and RSS/Atom feeds (files or http(s) URLs).

Feed entries may link to local pages only under ``allow_local_links`` (default: the
RASD_ALLOW_LOCAL_LINKS environment variable; none when unset): see rasd.store.feeds."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional

from rasd.errors import InputError
from rasd.io.readers import MAX_REPORT_CHARS, REPORT_SUFFIXES, ReadItem, read_inputs, walk_files
from rasd.store.feeds import FEED_SUFFIXES, is_url, load_feed, looks_like_feed, reports_from_feed

ALLOW_LOCAL_LINKS_ENV = "RASD_ALLOW_LOCAL_LINKS"


def read_sources(inputs: Iterable[str], published: Optional[date] = None, source: Optional[str] = None,
                 max_chars: int = MAX_REPORT_CHARS, allow_local_links: Optional[Path] = None) -> Iterator[ReadItem]:
    allow = allow_local_links or (Path(os.environ[ALLOW_LOCAL_LINKS_ENV])
                                  if os.environ.get(ALLOW_LOCAL_LINKS_ENV) else None)
    for name in inputs:
        path = Path(name)
        if is_url(name) or (path.is_file() and looks_like_feed(path)):
            yield from _read_feed(name, source, allow)
        elif path.is_dir():
            for found in walk_files(path, REPORT_SUFFIXES | FEED_SUFFIXES):
                if isinstance(found, ReadItem):
                    yield found
                else:
                    yield from read_sources([str(found)], published, source, max_chars, allow)
        else:
            yield from read_inputs([name], published, source, max_chars)


def _read_feed(location: str, source: Optional[str], allow_local_links: Optional[Path]) -> Iterator[ReadItem]:
    try:
        content = load_feed(location)
    except InputError as exc:
        yield ReadItem(location, error=exc)
        return
    yield from reports_from_feed(content, location, source, allow_local_links)
