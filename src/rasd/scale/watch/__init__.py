"""`rasd watch`: poll RSS/Atom feeds and ingest new items into the store.

- :mod:`.sources`: the sources.yaml list (name, url, language, country, interval).
- :mod:`.state`: per-source health and resume data, persisted as JSON.
- :mod:`.fetch`: one conditional HTTP request with timeouts and a size cap.
- :mod:`.watcher`: the polling loop: schedule, backoff, ingest.
"""
from rasd.scale.watch.sources import FeedSource, load_sources
from rasd.scale.watch.state import SourceHealth, WatchState
from rasd.scale.watch.watcher import PollOutcome, Watcher

__all__ = ["FeedSource", "load_sources", "SourceHealth", "WatchState", "PollOutcome", "Watcher"]
