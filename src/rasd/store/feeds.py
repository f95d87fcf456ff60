"""Reports from RSS/Atom feeds (a file or an http(s) URL).

Each entry becomes a :class:`Report`: its text from the entry's content or summary
(HTML turned into text), or from a local HTML page when the entry's link is a file
path or file:// URL; its date from the entry; its url from the entry's link.
"""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Iterator, Optional
from urllib.parse import unquote, urljoin, urlparse

from rasd.errors import InputError
from rasd.io.readers import ReadItem, html_to_text, make_report, read_text_file

FEED_SUFFIXES = {".xml", ".rss", ".atom"}
FETCH_TIMEOUT_S = 20.0
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|br|div|li|h[1-6])\b[^>]*>", re.IGNORECASE)


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def looks_like_feed(path: Path) -> bool:
    """A feed file: by suffix, or by its first bytes (<rss, <feed, <rdf)."""
    if path.suffix.lower() in FEED_SUFFIXES:
        return True
    if path.suffix.lower() not in {"", ".txt"} or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip().lower()
    except OSError:
        return False
    return head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf"))


def load_feed(location: str) -> bytes:
    """The bytes of a feed: a file path, or an http(s) URL fetched with a timeout."""
    if is_url(location):
        import httpx

        try:
            response = httpx.get(location, timeout=FETCH_TIMEOUT_S, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            raise InputError(location, f"feed not fetched (HTTP {exc.response.status_code})") from None
        except httpx.HTTPError as exc:
            raise InputError(location, f"feed not fetched ({type(exc).__name__}: {exc})") from None
        return response.content
    try:
        return Path(location).read_bytes()
    except OSError as exc:
        raise InputError(location, f"cannot read feed ({exc.strerror})") from None


def reports_from_feed(content: bytes, where: str, source: str | None = None) -> Iterator[ReadItem]:
    """One ReadItem per entry; a malformed feed gives one ReadItem with its error."""
    import feedparser

    parsed = feedparser.parse(content)
    broken = _parse_problem(parsed)
    if not parsed.entries and (broken or not parsed.get("version")):
        yield ReadItem(where, error=InputError(where, f"malformed feed ({broken or 'not an RSS/Atom feed'})"))
        return
    outlet = source or parsed.feed.get("title") or None
    items = [_entry_item(entry, f"{where}#{number}", outlet, where)
             for number, entry in enumerate(parsed.entries, start=1)]
    if broken and all(item.report is None for item in items):
        # feedparser recovers what it can from broken XML; if nothing usable came of it,
        # the feed itself is the problem, not its entries
        yield ReadItem(where, error=InputError(where, f"malformed feed ({broken})"))
        return
    yield from items


def _parse_problem(parsed) -> Optional[str]:
    """Why the XML is broken, ignoring harmless encoding notices."""
    import feedparser

    problem = getattr(parsed, "bozo_exception", None) if parsed.bozo else None
    if problem is None or isinstance(problem, (feedparser.CharacterEncodingOverride,
                                               feedparser.NonXMLContentType)):
        return None
    return _one_line(problem)


def _entry_item(entry, where: str, outlet: Optional[str], feed_location: str) -> ReadItem:
    link = entry.get("link")
    local = _local_page(link, feed_location)
    if link and is_url(feed_location) and not is_url(link):
        link = urljoin(feed_location, link)
    try:
        if local is not None:
            published = _entry_date(entry, where, required=False)
            item = read_text_file(local, published, outlet)
            if item.report is None:
                return ReadItem(where, error=InputError(where, str(item.error)))
            report = item.report.model_copy(update={"url": link if link.startswith("file://") else local.resolve().as_uri(),
                                                    "id": entry.get("id") or local.stem})
            return ReadItem(where, report=report)
        published = _entry_date(entry, where)
        text = _entry_text(entry, where)
        doc_id = entry.get("id") or link or where
        return ReadItem(where, report=make_report(where, doc_id, text, published, outlet, link))
    except InputError as exc:
        return ReadItem(where, error=exc)


def _local_page(link: Optional[str], feed_location: str) -> Optional[Path]:
    """The local HTML file an entry links to (file:// URL, absolute or feed-relative path)."""
    if not link or is_url(link):
        return None
    if link.startswith("file://"):
        return Path(unquote(urlparse(link).path))
    if is_url(feed_location):
        return None  # relative to a remote feed: a web page, not a local file
    return Path(link) if Path(link).is_absolute() else Path(feed_location).parent / link


def _entry_date(entry, where: str, required: bool = True) -> Optional[date]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = entry.get(key)
        if stamp:
            return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    if not required:
        return None  # the linked page's own date is used
    raise InputError(where, "feed entry has no date")


def _entry_text(entry, where: str) -> str:
    contents = entry.get("content") or []
    body = contents[0].get("value", "") if contents else entry.get("summary", "")
    if not body.strip():
        raise InputError(where, "feed entry has no text")
    if "<" not in body:
        return body
    try:
        return html_to_text(body, where)[0]
    except InputError:
        return strip_tags(body)  # short snippets are too small for trafilatura


def strip_tags(markup: str) -> str:
    text = _TAG.sub("", _BLOCK.sub("\n", markup))
    return re.sub(r"\n\s*\n+", "\n\n", html.unescape(text)).strip()


def _one_line(problem: object) -> str:
    return " ".join(str(problem).split())[:200]
