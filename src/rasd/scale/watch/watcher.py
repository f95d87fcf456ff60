"""The polling loop of `rasd watch`: which feed is due, fetch it, ingest what is new.

Each source is polled at its interval; after a failure (timeout, HTTP error,
garbage, store error) the wait doubles each time, up to the source's cap, and
resets on success. Feeds are polled one after another: every request is bounded
by the source's timeout, so a hanging feed only delays the others by that much.
State is saved after every poll, and every ``SAVE_EVERY`` items within a long one
(a feed of thousands of items), so a restart resumes: conditional requests let
unchanged feeds answer 304, and remembered item keys keep items already
ingested from being ingested again. The validators (ETag, Last-Modified) are
only kept when every new item reached the store, so nothing is skipped for good.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Protocol

import httpx

from rasd.io.readers import ReadItem
from rasd.model import Report
from rasd.scale.watch.fetch import FetchError, FetchResult, fetch_feed
from rasd.scale.watch.sources import FeedSource
from rasd.scale.watch.state import SourceHealth, WatchState, load_state, save_state

FeedParser = Callable[[bytes, str, Optional[str]], Iterable[ReadItem]]
SAVE_EVERY = 50  # items stored between two saves of the state within one poll


class ReportSink(Protocol):
    """The part of :class:`rasd.store.Store` the watcher uses."""

    def ingest(self, report: Report): ...


def default_parser(content: bytes, where: str, source: Optional[str]) -> Iterator[ReadItem]:
    """The entries of a feed, under ``rasd ingest``'s link policy with no local folder
    allowed: a link to a local file is refused before anything is opened."""
    from rasd.store.feeds import reports_from_feed

    return reports_from_feed(content, where, source, allow_local_links=None)


def _dated_in_source_zone(items: list[ReadItem], content: bytes, source: FeedSource) -> list[ReadItem]:
    """Each item's publication day in the source's zone, before اليوم/أمس are resolved."""
    from rasd.store.sources import in_local_days, zone_of_source

    return in_local_days(items, content, source.name, zone_of_source(source.country, source.tz, source.name))


def item_key(report: Report) -> str:
    """Identity of a feed item: its id plus its text, so an edited item counts as new."""
    digest = hashlib.sha1(report.text.encode("utf-8")).hexdigest()[:16]
    return f"{report.url or report.id}#{digest}"


def retry_delay(source: FeedSource, failures: int) -> float:
    """Exponential backoff: 2, 4, 8... intervals after 1, 2, 3... failures, capped."""
    return min(source.interval * 2 ** failures, source.backoff_cap)


@dataclass
class PollOutcome:
    """What one poll of one source did."""

    source: str
    ok: bool
    not_modified: bool = False
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    skipped: int = 0  # items ingested on an earlier poll
    failed_items: list[str] = field(default_factory=list)
    error: Optional[str] = None
    next_in: float = 0.0

    def describe(self) -> str:
        if not self.ok:
            return f"error: {self.source}: {self.error}; next try in {self.next_in:g} s"
        if self.not_modified:
            return f"{self.source}: not modified"
        return (f"{self.source}: {self.new} new, {self.updated} updated, {self.duplicate} duplicate, "
                f"{self.skipped} already seen, {len(self.failed_items)} not usable")


class Watcher:
    """Polls ``sources`` into ``store``; health and resume data live in ``state_path``."""

    def __init__(self, sources: list[FeedSource], store: ReportSink, state_path: Path, *,
                 http: Optional[httpx.Client] = None, parse: FeedParser = default_parser,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 say: Callable[[str], None] = lambda message: None):
        self.sources = sources
        self.store = store
        self.state_path = state_path
        self.state: WatchState = load_state(state_path)
        self.http = http or httpx.Client()
        self.parse, self.clock, self.sleep, self.say = parse, clock, sleep, say

    def run(self, once: bool = False, max_rounds: Optional[int] = None) -> list[PollOutcome]:
        """Poll until stopped (or one round with ``once``); the outcomes of the last round."""
        rounds = 0
        while True:
            now = self.clock()
            due = self.sources if once else [s for s in self.sources if self.health(s).next_poll <= now]
            outcomes = [self.poll(source) for source in due]
            rounds += 1
            if once or (max_rounds is not None and rounds >= max_rounds):
                return outcomes
            self.sleep(max(0.0, min(self.health(s).next_poll for s in self.sources) - self.clock()))

    def health(self, source: FeedSource) -> SourceHealth:
        return self.state.health(source.name)

    def poll(self, source: FeedSource) -> PollOutcome:
        """Fetch one source and ingest its new items; never raises for a bad feed."""
        health = self.health(source)
        health.polls += 1
        health.last_poll = self.clock()
        try:
            fetched = fetch_feed(self.http, source.url, source.timeout, health.etag, health.last_modified)
            outcome = self._ingest(source, health, fetched)
        except FetchError as exc:
            outcome = PollOutcome(source.name, ok=False, error=f"{source.url}: {exc}")
        self._schedule(source, health, outcome)
        save_state(self.state_path, self.state)
        for problem in outcome.failed_items:
            self.say(f"error: {problem}")
        self.say(outcome.describe())
        return outcome

    def _ingest(self, source: FeedSource, health: SourceHealth, fetched: FetchResult) -> PollOutcome:
        outcome = PollOutcome(source.name, ok=True, not_modified=fetched.not_modified)
        if fetched.not_modified:
            return outcome
        seen = set(health.seen)
        store_failures = 0
        for item in _dated_in_source_zone(list(self.parse(fetched.content, source.url, source.name)),
                                          fetched.content, source):
            if item.report is None:
                if item.where == source.url:  # the feed itself is unusable (garbage, not a feed)
                    raise FetchError(str(item.error).removeprefix(f"{source.url}: "))
                outcome.failed_items.append(str(item.error))
                continue
            if item.report.url and not item.report.url.startswith(("http://", "https://")):
                # A remote feed must not make rasd read and store local files (file:// links).
                outcome.failed_items.append(f"{item.where}: link {item.report.url!r} is not an http(s) URL")
                continue
            key = item_key(item.report)
            if key in seen:
                outcome.skipped += 1
                continue
            health.items_seen += 1
            try:
                status = self.store.ingest(item.report).status
            except Exception as exc:  # noqa: BLE001 - the store's trouble must not end the watch
                store_failures += 1
                outcome.error = f"{item.where}: not stored ({type(exc).__name__}: {exc})"
                continue
            setattr(outcome, status, getattr(outcome, status) + 1)
            health.remember(key)
            seen.add(key)
            if len(seen) % SAVE_EVERY == 0:
                save_state(self.state_path, self.state)  # a crash mid-feed keeps what is stored
        if store_failures:
            outcome.ok = False  # keep the old validators: the next poll must see these items again
            return outcome
        health.etag, health.last_modified = fetched.etag, fetched.last_modified
        return outcome

    def _schedule(self, source: FeedSource, health: SourceHealth, outcome: PollOutcome) -> None:
        now = self.clock()
        health.items_new += outcome.new
        health.items_updated += outcome.updated
        health.items_duplicate += outcome.duplicate
        health.items_failed += len(outcome.failed_items)
        if outcome.ok:
            health.last_success = now
            health.consecutive_failures = 0
            outcome.next_in = source.interval
        else:
            health.last_error, health.last_error_at = outcome.error, now
            health.consecutive_failures += 1
            outcome.next_in = retry_delay(source, health.consecutive_failures)
        health.next_poll = now + outcome.next_in

    def close(self) -> None:
        self.http.close()
