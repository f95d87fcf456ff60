"""The feeds to watch, from sources.yaml.

```yaml
- name: enab-baladi            # unique; names the source in health and messages
  url: https://example.org/feed.xml
  language: ar
  country: Syria               # the country the outlet covers (its news day's time zone by default)
  tz: Asia/Damascus            # optional: the zone of the feed's timestamps, if not the country's
  interval: 300                # seconds between polls
  timeout: 20                  # optional: seconds before a hanging feed counts as failed
  max_backoff: 3600            # optional: longest wait after repeated failures
```
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rasd.errors import InputError

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BACKOFF = 3600.0


class FeedSource(BaseModel):
    """One feed: where it is, what it covers, how often to poll it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    url: str
    language: str = "ar"
    country: Optional[str] = None
    tz: Optional[str] = None
    interval: float = Field(gt=0)
    timeout: float = Field(DEFAULT_TIMEOUT, gt=0)
    max_backoff: float = Field(DEFAULT_MAX_BACKOFF, gt=0)

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return url

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, tz: Optional[str]) -> Optional[str]:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        if tz is not None:
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"{tz!r} is not a time zone name (e.g. Asia/Damascus)") from None
        return tz

    @property
    def backoff_cap(self) -> float:
        return max(self.max_backoff, self.interval)


def load_sources(path: Path) -> list[FeedSource]:
    """The sources in ``path``; raise :class:`InputError` naming the file and entry."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read sources ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"not valid YAML ({' '.join(str(exc).split())})") from None
    entries = raw.get("sources") if isinstance(raw, dict) else raw
    if not isinstance(entries, list) or not entries:
        raise InputError(str(path), "expected a list of sources (name, url, language, country, interval)")
    sources = [_source(entry, f"{path}: source {number}") for number, entry in enumerate(entries, start=1)]
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(str(path), f"source names must be unique ({', '.join(duplicates)})")
    return sources


def _source(entry: object, where: str) -> FeedSource:
    if not isinstance(entry, dict):
        raise InputError(where, "must be a mapping with name, url, interval")
    try:
        return FeedSource.model_validate(entry)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "entry"
        name = entry.get("name")
        raise InputError(f"{where}{f' ({name})' if name else ''}", f"{field}: {first['msg']}") from None
