"""Reports from RSS/Atom feeds (a file or an http(s) URL).

Each entry becomes a :class:`Report`: its text from the entry's content or summary
(HTML turned into text); its date from the entry; its url from the entry's link.

What a feed may make rasd read (the one policy of ``rasd ingest`` and ``rasd watch``):
an entry's link is kept only when it is an http(s) URL (it is never fetched: the text
comes from the feed). A link to a local file (a file:// URL or a path) is read only
under the directory the user names with ``allow_local_links`` (RASD_ALLOW_LOCAL_LINKS
for ``rasd ingest``), and only if it is a regular file, read with a size
cap; any other link (javascript:, data:, ftp:...) makes the entry fail, naming it.
"""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Iterator, Optional
from urllib.parse import unquote, urljoin, urlparse

from rasd.errors import InputError
from rasd.io.readers import ReadItem, html_to_text, make_report, read_regular_file, read_text_file

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
    """The bytes of a feed: a regular file, or an http(s) URL fetched as ``rasd watch``
    fetches (a deadline for the whole body, a size cap)."""
    from rasd.scale.watch.fetch import MAX_FEED_BYTES, FetchError, fetch_feed

    if not is_url(location):
        try:
            return read_regular_file(Path(location), location, MAX_FEED_BYTES)
        except InputError as exc:
            raise InputError(location, exc.problem.replace("cannot read file", "cannot read feed")) from None
    import httpx

    try:
        with httpx.Client() as client:
            return fetch_feed(client, location, FETCH_TIMEOUT_S).content
    except FetchError as exc:
        raise InputError(location, f"feed not fetched ({exc})") from None


def reports_from_feed(content: bytes, where: str, source: str | None = None,
                      allow_local_links: Optional[Path] = None) -> Iterator[ReadItem]:
    """One ReadItem per entry; a malformed feed gives one ReadItem with its error.
    Entries may link to local files only below ``allow_local_links``."""
    import feedparser

    parsed = feedparser.parse(content)
    broken = _parse_problem(parsed)
    if not parsed.entries and (broken or not parsed.get("version")):
        yield ReadItem(where, error=InputError(where, f"malformed feed ({broken or 'not an RSS/Atom feed'})"))
        return
    outlet = source or parsed.feed.get("title") or None
    items = [_entry_item(entry, f"{where}#{number}", outlet, where, allow_local_links)
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


def _entry_item(entry, where: str, outlet: Optional[str], feed_location: str,
                allow_local: Optional[Path]) -> ReadItem:
    try:
        link, local = entry_link(entry.get("link"), feed_location, allow_local, where)
        if local is not None:
            published = _entry_date(entry, where, required=False)
            item = read_text_file(local, published, outlet)
            if item.report is None:
                return ReadItem(where, error=InputError(where, str(item.error)))
            report = item.report.model_copy(update={"url": local.as_uri(), "id": entry.get("id") or local.stem})
            return ReadItem(where, report=report)
        published = _entry_date(entry, where)
        text = _entry_text(entry, where)
        doc_id = entry.get("id") or link or where
        return ReadItem(where, report=make_report(where, doc_id, text, published, outlet, link))
    except InputError as exc:
        return ReadItem(where, error=exc)


def entry_link(link: Optional[str], feed_location: str, allow_local: Optional[Path],
               where: str) -> tuple[Optional[str], Optional[Path]]:
    """(the http(s) URL to keep, or the local file to read) for an entry's link; raises
    InputError for a link the policy (module docstring) does not let through."""
    if not link or not link.strip():
        return None, None
    link = link.strip()
    if is_url(feed_location) and not urlparse(link).scheme:
        link = urljoin(feed_location, link)  # relative to a remote feed: a web page
    scheme = urlparse(link).scheme.lower()
    if scheme in ("http", "https"):
        return link, None
    if scheme == "file":
        return None, _allowed_local(_file_url_path(link), allow_local, where)
    if not scheme:  # a path, relative to a local feed's folder
        path = Path(link) if Path(link).is_absolute() else Path(feed_location).parent / link
        return None, _allowed_local(path, allow_local, where)
    raise InputError(where, f"link {link[:80]!r} is not an http(s) URL; not followed or stored")


def _file_url_path(link: str) -> Path:
    """The path of a file:// URL. feedparser turns ``file:///tmp/x`` into
    ``file://tmp/x``: a host other than localhost is read as the path's first folder."""
    parts = urlparse(link)
    host = "" if parts.netloc.lower() in ("", "localhost") else "/" + parts.netloc
    return Path(unquote(host + parts.path))


def _allowed_local(path: Path, allow_local: Optional[Path], where: str) -> Path:
    if allow_local is None:
        raise InputError(where, f"link to the local file {path} not followed "
                                "(local pages are read only under a folder allowed with RASD_ALLOW_LOCAL_LINKS=DIR)")
    resolved = path.resolve()  # symbolic links and ".." cannot lead out of the folder
    if not resolved.is_relative_to(allow_local.resolve()):
        raise InputError(where, f"link to the local file {path} not followed (outside {allow_local})")
    return resolved


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
