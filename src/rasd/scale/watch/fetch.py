"""One poll of one feed over HTTP: conditional, time-limited, size-limited.

httpx's timeouts bound each connect and each read; a server that drips bytes
slowly could still hold a request for ever, so the whole request also has a
deadline, checked as the body streams in. The body is capped in size, so a
garbage endpoint cannot fill memory.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional

import httpx

MAX_FEED_BYTES = 20 * 1024 * 1024
USER_AGENT = "rasd-watch/0.1 (+conditional requests; polls at the configured interval)"


class FetchError(Exception):
    """The feed could not be fetched; str() is a short reason."""


@dataclass(frozen=True)
class FetchResult:
    not_modified: bool
    content: bytes = b""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    status_code: int = 200


def conditional_headers(etag: Optional[str], last_modified: Optional[str]) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def fetch_feed(client: httpx.Client, url: str, timeout: float, etag: Optional[str] = None,
               last_modified: Optional[str] = None, max_bytes: int = MAX_FEED_BYTES) -> FetchResult:
    """GET ``url`` with the validators of the last poll; raise :class:`FetchError` on any failure."""
    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url, headers=conditional_headers(etag, last_modified),
                           timeout=httpx.Timeout(timeout), follow_redirects=True) as response:
            if response.status_code == 304:
                return FetchResult(True, etag=etag, last_modified=last_modified, status_code=304)
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            content = _read_body(response, deadline, timeout, max_bytes)
            return FetchResult(False, content, response.headers.get("ETag"),
                               response.headers.get("Last-Modified"), response.status_code)
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {' '.join(str(exc).split()) or 'request failed'}") from None


def _read_body(response: httpx.Response, deadline: float, timeout: float, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"feed larger than {max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s (body still arriving)")
        chunks.append(chunk)
    return b"".join(chunks)
