"""Incident totals kept until the store next changes.

Counting the incidents that match a filter reads every event (in ix_events_incident_filters:
tens of ms at 100,000 events), and every page of GET /events and the map need that total.
The store's ``version`` (table store_state) rises in every write transaction, from any
process (Store._write raises it), so a total stays right for as long as the version it
was counted at is the current one.
"""
from __future__ import annotations

import threading
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rasd.store.records import EventFilter
from rasd.store.schema import store_state

_VERSION = sa.select(store_state.c.version).where(store_state.c.id == 1)
_RAISE = store_state.update().where(store_state.c.id == 1).values(version=store_state.c.version + 1)


def raise_version(conn: Connection) -> None:
    """Mark the store changed (inside the write transaction, so it commits with the change)."""
    conn.execute(_RAISE)


class Totals:
    """Totals per (store version, filter); at most ``size`` kept."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._known: dict[tuple[int, str], int] = {}
        self._lock = threading.Lock()

    def get(self, conn: Connection, filters: EventFilter, count: Callable[[Connection, EventFilter], int]) -> int:
        # The version is read before counting: a write committed in between makes the total
        # newer than its version, never older, and the next reader sees the next version.
        key = (conn.execute(_VERSION).scalar_one(), filters.model_dump_json())
        with self._lock:
            known = self._known.get(key)
        if known is not None:
            return known
        total = count(conn, filters)
        with self._lock:
            if len(self._known) >= self.size:
                self._known.clear()  # mostly totals of earlier versions
            self._known[key] = total
        return total
