"""RSS/Atom feeds: entries become reports (content, summary or a local page), feeds are
read from files and from a local HTTP server, and broken feeds are named, not fatal."""
from __future__ import annotations

import functools
import threading
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.store.feeds import load_feed, looks_like_feed, reports_from_feed, strip_tags
from rasd.store.sources import read_sources

FIXTURES = Path(__file__).parent / "fixtures" / "store"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    """The fixtures folder over HTTP on 127.0.0.1 (an ephemeral port)."""
    handler = functools.partial(QuietHandler, directory=str(FIXTURES))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def read(name: str, allow_local_links=None):
    location = str(FIXTURES / name)
    return list(reports_from_feed(load_feed(location), location, allow_local_links=allow_local_links))


def test_rss_entries_become_reports():
    items = read("news.xml", allow_local_links=FIXTURES)
    assert len(items) == 4
    first, second, page, undated = items
    assert first.report.published == date(2023, 11, 13) and first.report.source == "Test Outlet"
    assert first.report.url == "https://outlet.example/news/1"
    assert first.report.text.startswith("قصفت طائرات حربية روسية") and "<p>" not in first.report.text
    assert "ذيبان" in second.report.text and second.report.published == date(2023, 11, 14)
    assert "مدينة الأتارب" in page.report.text and "جميع الحقوق" not in page.report.text
    assert page.report.url.startswith("file://") and page.report.published == date(2023, 11, 20)
    assert undated.report is None and "news.xml#4" in str(undated.error) and "no date" in str(undated.error)


def test_atom_summary_and_source_override():
    location = str(FIXTURES / "atom.xml")
    [item] = reports_from_feed(load_feed(location), location, source="My name")
    assert item.report.source == "My name" and item.report.url == "https://atom.example/1"
    assert item.report.text.startswith("استهدفت طائرة مسيرة") and item.report.published == date(2023, 11, 15)


def test_malformed_feed_is_one_named_error():
    [item] = read("broken.xml")
    assert item.report is None and isinstance(item.error, InputError)
    assert str(item.error).startswith(str(FIXTURES / "broken.xml") + ": malformed feed")
    [garbage] = reports_from_feed(b"\x89PNG not a feed", "junk.xml")
    assert "junk.xml: malformed feed" in str(garbage.error)


def test_feed_over_http(server):
    content = load_feed(f"{server}/news.xml")
    items = list(reports_from_feed(content, f"{server}/news.xml"))
    assert [i.report.url for i in items[:2]] == ["https://outlet.example/news/1", "https://outlet.example/news/2"]
    assert items[2].report is None  # a relative page link of a remote feed is not a local file


def test_unreachable_feeds_are_input_errors(server, tmp_path):
    with pytest.raises(InputError, match="HTTP 404"):
        load_feed(f"{server}/missing.xml")
    with pytest.raises(InputError, match="cannot read feed"):
        load_feed(str(tmp_path / "nope.xml"))


def test_read_sources_mixes_files_directories_and_feeds(server, tmp_path):
    (tmp_path / "one.txt").write_text("قصف مدفعي على بلدة حاس في ريف إدلب اليوم.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_sources([str(tmp_path), f"{server}/atom.xml", str(FIXTURES / "broken.xml")],
                              published=date(2023, 11, 13)))
    assert [i.report.id if i.report else "error" for i in items] == ["one", "urn:test:atom:1", "error"]


def test_looks_like_feed(tmp_path):
    feed = tmp_path / "feed"
    feed.write_bytes(b"<?xml version='1.0'?><rss></rss>")
    text = tmp_path / "report.txt"
    text.write_text("قصف", encoding="utf-8")
    assert looks_like_feed(feed) and looks_like_feed(FIXTURES / "atom.xml") and not looks_like_feed(text)


def test_strip_tags():
    assert strip_tags("<p>أ &amp; ب</p><p>ج</p>") == "أ & ب\n\nج"
