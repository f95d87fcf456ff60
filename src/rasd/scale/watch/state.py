"""Per-source health and resume data, kept in a JSON file between runs.

Besides health (last success, last error, items seen), the state holds what a
restart needs to avoid re-ingesting: the validators for conditional requests
(ETag, Last-Modified) and the keys of the items already ingested.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, Field, ValidationError

from rasd.errors import InputError

SEEN_KEYS_KEPT = 5000  # per source: far more than a feed lists at once


class SourceHealth(BaseModel):
    polls: int = 0
    last_poll: Optional[float] = None  # Unix time
    last_success: Optional[float] = None
    last_error: Optional[str] = None
    last_error_at: Optional[float] = None
    consecutive_failures: int = 0
    next_poll: float = 0.0
    items_seen: int = 0  # distinct feed items met (ingested or not)
    items_new: int = 0
    items_updated: int = 0
    items_duplicate: int = 0
    items_failed: int = 0  # items that are not valid reports (no date, not Arabic...)
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    seen: list[str] = Field(default_factory=list)  # oldest first

    @property
    def status(self) -> str:
        if self.polls == 0:
            return "new"
        return "ok" if self.consecutive_failures == 0 else f"failing ({self.consecutive_failures}x)"

    def remember(self, key: str) -> None:
        self.seen.append(key)
        del self.seen[:-SEEN_KEYS_KEPT]


class WatchState(BaseModel):
    version: int = 1
    sources: dict[str, SourceHealth] = Field(default_factory=dict)

    def health(self, name: str) -> SourceHealth:
        return self.sources.setdefault(name, SourceHealth())


def load_state(path: Path) -> WatchState:
    """The saved state (empty when the file does not exist yet)."""
    if not path.exists():
        return WatchState()
    try:
        return WatchState.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        raise InputError(str(path), f"unreadable watch state ({type(exc).__name__}); "
                                    "move it aside to start afresh") from None


def save_state(path: Path, state: WatchState) -> None:
    """Replace the state file in one step, so a crash never leaves half of it."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(state.model_dump_json(indent=1), encoding="utf-8")
    os.replace(temporary, path)
