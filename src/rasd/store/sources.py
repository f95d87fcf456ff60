"""Everything ``rasd ingest`` accepts, read in order: .jsonl/.txt/.html files, directories
(recursively, in a stable order) and RSS/Atom feeds (files or http(s) URLs).

Feed entries may link to local pages only under ``allow_local_links`` (default: the
RASD_ALLOW_LOCAL_LINKS environment variable; none when unset): see rasd.store.feeds.

Time zones: a feed's timestamps are instants (feedparser gives them in UTC). A report's
publication *day* — the anchor of اليوم and أمس — is the day in the outlet's own zone: an
item stamped 22:30 UTC in Damascus (UTC+3) was published the next day. The zone is ``--tz``,
else the outlet's (data/outlets.yaml), else its country's, else the default country's.
"""
from __future__ import annotations

import os
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rasd.errors import InputError
from rasd.io.readers import MAX_REPORT_CHARS, REPORT_SUFFIXES, ReadItem, read_inputs, walk_files
from rasd.store.feeds import FEED_SUFFIXES, is_url, load_feed, looks_like_feed, reports_from_feed

ALLOW_LOCAL_LINKS_ENV = "RASD_ALLOW_LOCAL_LINKS"


DEFAULT_COUNTRY = "Syria"


@lru_cache(maxsize=1)
def _zone_data() -> dict:
    from rasd.lexicon.loader import load_yaml

    return load_yaml("outlets.yaml")


def zone_for(outlet: Optional[str] = None, tz: Optional[str] = None) -> ZoneInfo:
    """The time zone of an outlet's timestamps (see the module docstring); ValueError for an unknown ``tz``."""
    from rasd.store.incident_rows import outlet_facts

    if tz:
        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"--tz {tz!r}: not a time zone name (e.g. Asia/Damascus)") from None
    facts = outlet_facts(outlet)
    zones = _zone_data()["country_zones"]
    return ZoneInfo(facts.get("tz") or zones.get(facts.get("country"), zones[DEFAULT_COUNTRY]))


def zone_of_source(country: Optional[str], tz: Optional[str], outlet: Optional[str] = None) -> ZoneInfo:
    """A watched source's zone (sources.yaml): its own ``tz``, else its country's, else its outlet's."""
    if tz or not country:
        return zone_for(outlet, tz)
    zones = _zone_data()["country_zones"]
    return ZoneInfo(zones.get(country) or zones[DEFAULT_COUNTRY])


def local_day(stamp, zone: ZoneInfo) -> date:
    """The day in ``zone`` of a UTC struct_time (as feedparser gives)."""
    return datetime(*stamp[:6], tzinfo=timezone.utc).astimezone(zone).date()


def read_sources(inputs: Iterable[str], published: Optional[date] = None, source: Optional[str] = None,
                 max_chars: int = MAX_REPORT_CHARS, allow_local_links: Optional[Path] = None,
                 zone: Optional[ZoneInfo] = None) -> Iterator[ReadItem]:
    """``zone``: of every feed's timestamps (default: each feed's outlet's zone)."""
    allow = allow_local_links or (Path(os.environ[ALLOW_LOCAL_LINKS_ENV])
                                  if os.environ.get(ALLOW_LOCAL_LINKS_ENV) else None)
    for name in inputs:
        path = Path(name)
        if is_url(name) or (path.is_file() and looks_like_feed(path)):
            yield from _read_feed(name, source, allow, zone)
        elif path.is_dir():
            for found in walk_files(path, REPORT_SUFFIXES | FEED_SUFFIXES):
                if isinstance(found, ReadItem):
                    yield found
                else:
                    yield from read_sources([str(found)], published, source, max_chars, allow, zone)
        else:
            yield from read_inputs([name], published, source, max_chars)


def _read_feed(location: str, source: Optional[str], allow_local_links: Optional[Path],
               zone: Optional[ZoneInfo] = None) -> Iterator[ReadItem]:
    try:
        content = load_feed(location)
    except InputError as exc:
        yield ReadItem(location, error=exc)
        return
    yield from in_local_days(list(reports_from_feed(content, location, source, allow_local_links)), content, source, zone)


def in_local_days(items: list[ReadItem], content: bytes, source: Optional[str],
                   zone: Optional[ZoneInfo]) -> list[ReadItem]:
    """Items whose publication day is the outlet's local day of the entry's timestamp."""
    import feedparser

    parsed = feedparser.parse(content)
    if len(parsed.entries) != len(items):
        return items  # a broken feed reported as one item: nothing to date
    zone = zone or zone_for(source or parsed.feed.get("title"))
    dated = []
    for entry, item in zip(parsed.entries, items):
        stamp = next((entry.get(k) for k in ("published_parsed", "updated_parsed", "created_parsed")
                      if entry.get(k)), None)
        if item.report is not None and stamp is not None:
            item = ReadItem(item.where, report=item.report.model_copy(update={"published": local_day(stamp, zone)}))
        dated.append(item)
    return dated


def estimate_reports(inputs: Iterable[str]) -> Optional[int]:
    """How many reports the inputs hold, for the progress bar (None: not knowable cheaply —
    URLs, feeds, stdin)."""
    total = 0
    for name in inputs:
        path = Path(name)
        if name == "-" or is_url(name):
            return None
        files = [Path(p) for p in _files_below(path)] if path.is_dir() else [path]
        for file in files:
            if not file.is_file():
                continue
            if file.suffix.lower() in FEED_SUFFIXES or looks_like_feed(file):
                return None
            total += _count_lines(file) if file.suffix.lower() == ".jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    count = 0
    try:
        with path.open("rb") as handle:
            for line in handle:
                count += bool(line.strip())
    except OSError:
        return 0
    return count


def _files_below(root: Path) -> list[str]:
    wanted = REPORT_SUFFIXES | FEED_SUFFIXES
    return [str(p) for p in sorted(root.rglob("*")) if p.is_file() and p.suffix.lower() in wanted]
