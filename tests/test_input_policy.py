"""What rasd reads from disk: local files only when the user names them (a feed's links
to local pages only under a folder the user allows), regular files only, read with a cap;
every input skipped is named; `rasd watch` refuses local links before opening anything
and saves its state while working through a long feed."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from fixtures.scale.feed_server import FeedServer
from rasd.errors import InputError
from rasd.io import readers
from rasd.io.readers import read_inputs
from rasd.model import Report
from rasd.scale.watch import FeedSource, Watcher
from rasd.scale.watch.state import load_state
from rasd.store.feeds import reports_from_feed
from rasd.store.records import IngestOutcome
from rasd.store.sources import read_sources

RASD = str(Path(sys.executable).with_name("rasd"))
ARABIC = "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين."
SECRET = "سر محلي لا يجوز أن يقرأه أحد من خلال خلاصة بعيدة في ريف إدلب."


def feed(links: list[str], with_text: bool = True) -> bytes:
    items = "".join(
        f"<item><guid>g{number}</guid><link>{escape(link)}</link><pubDate>Mon, 13 Nov 2023 08:00:00 +0000</pubDate>"
        + (f"<description>{escape(ARABIC)} {number}</description>" if with_text else "") + "</item>"
        for number, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()


@pytest.fixture
def secret_page(tmp_path) -> Path:
    page = tmp_path / "private" / "secret.html"
    page.parent.mkdir()
    page.write_text(f"<html><body><article><p>{SECRET}</p></article></body></html>", encoding="utf-8")
    return page


def stored_texts(items) -> str:
    return " ".join(item.report.text for item in items if item.report)


def test_a_remote_feed_cannot_make_ingest_read_a_local_file(secret_page):
    links = [f"file://localhost{secret_page}", secret_page.as_uri(), str(secret_page)]
    items = list(reports_from_feed(feed(links, with_text=False), "https://evil.example/feed.xml"))
    assert SECRET not in stored_texts(items)
    assert all(item.report is None and "not followed" in str(item.error) for item in items[:2])


def test_a_local_feed_reads_local_pages_only_under_the_allowed_folder(tmp_path, secret_page):
    outside = tmp_path / "other.html"
    outside.write_text(secret_page.read_text(encoding="utf-8"), encoding="utf-8")
    escape_link = secret_page.parent / "escape.html"
    escape_link.symlink_to(outside)  # a link inside the folder pointing out of it
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(feed([secret_page.as_uri(), str(outside), str(escape_link)], with_text=False))
    refused = list(read_sources([str(feed_file)]))
    assert SECRET not in stored_texts(refused) and all("RASD_ALLOW_LOCAL_LINKS" in str(i.error) for i in refused)
    allowed = list(read_sources([str(feed_file)], allow_local_links=secret_page.parent))
    assert allowed[0].report is not None and SECRET in allowed[0].report.text
    assert allowed[1].report is None and "outside" in str(allowed[1].error)
    assert allowed[2].report is None and "outside" in str(allowed[2].error)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                  "ftp://example.org/x", "vbscript:msgbox"])
def test_links_other_than_http_are_never_stored(link):
    [item] = reports_from_feed(feed([link]), "https://news.example/feed.xml")
    assert item.report is None and "not an http(s) URL" in str(item.error)


def test_http_links_are_kept_and_relative_ones_resolved_against_a_remote_feed():
    items = list(reports_from_feed(feed(["https://a.example/1", "/news/2"]), "https://news.example/feed.xml"))
    assert [item.report.url for item in items] == ["https://a.example/1", "https://news.example/news/2"]


@pytest.mark.timeout(30)
def test_devices_and_fifos_are_refused_even_under_the_allowed_folder(tmp_path):
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    items = list(reports_from_feed(feed([fifo.as_uri(), "file:///dev/zero"], with_text=False),
                                   str(tmp_path / "feed.xml"), allow_local_links=Path("/")))
    assert "not a regular file (a FIFO)" in str(items[0].error)
    assert "not a regular file (a character device)" in str(items[1].error)


def test_file_size_is_counted_while_reading_not_trusted(tmp_path):
    from rasd.io.readers import read_regular_file

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match="too large"):
        read_regular_file(big, str(big), 1000)
    assert read_regular_file(Path("/proc/self/status"), "status", 100_000)  # st_size 0, content real


class CountingSink:
    def __init__(self, fail_after: int = 10**9) -> None:
        self.reports: list[Report] = []
        self.fail_after = fail_after

    def ingest(self, report: Report) -> IngestOutcome:
        if len(self.reports) >= self.fail_after:
            raise KeyboardInterrupt  # the process is stopped in the middle of a long feed
        self.reports.append(report)
        return IngestOutcome(report_id=len(self.reports), status="new", event_ids=[])


@pytest.mark.timeout(60)
def test_watch_refuses_local_links_before_opening_them(tmp_path):
    fifo = tmp_path / "hang.html"
    os.mkfifo(fifo)
    with FeedServer() as server:
        server.route("/feed.xml", body=feed([fifo.as_uri(), "file:///dev/zero", "javascript:x",
                                             "https://news.example/ok"], with_text=True))
        source = FeedSource(name="evil", url=server.url("/feed.xml"), interval=60)
        sink = CountingSink()
        watcher = Watcher([source], sink, tmp_path / "state.json")
        [outcome] = watcher.run(once=True)
        watcher.close()
    assert [r.url for r in sink.reports] == ["https://news.example/ok"]
    assert len(outcome.failed_items) == 3


def test_watch_saves_its_state_while_working_through_a_long_feed(tmp_path):
    links = [f"https://news.example/{n}" for n in range(130)]
    with FeedServer() as server:
        server.route("/feed.xml", body=feed(links))
        source = FeedSource(name="long", url=server.url("/feed.xml"), interval=60)
        watcher = Watcher([source], CountingSink(fail_after=120), tmp_path / "state.json")
        with pytest.raises(KeyboardInterrupt):
            watcher.run(once=True)
        watcher.close()
    assert len(load_state(tmp_path / "state.json").health("long").seen) >= 100


# --- the command line ---------------------------------------------------------------------
def test_skipped_inputs_are_named(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "loop").symlink_to(folder)
    (folder / "ok.txt").write_text(ARABIC, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # as an unreadable directory looks to a non-root user
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    items = list(read_inputs([str(folder)], published=date(2023, 11, 13)))
    problems = {Path(item.where).name: str(item.error) for item in items if item.error}
    assert "cannot read directory (Permission denied)" in problems["locked"]
    assert "broken symbolic link" in problems["gone.txt"]
    assert "not followed" in problems["loop"]
    assert [item.report.id for item in items if item.report] == ["ok"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_fifos_and_devices_on_the_command_line_are_refused_with_a_clear_error(tmp_path, command):
    fifo = tmp_path / "reports.jsonl"
    os.mkfifo(fifo)
    extra = ["--db", f"sqlite:///{tmp_path}/s.db"] if command == "ingest" else []
    result = subprocess.run([RASD, command, str(fifo), "/dev/zero", "--published", "2023-11-13", *extra],
                            capture_output=True, text=True, timeout=50)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{fifo}: not a regular file (a FIFO)" in result.stderr
    assert "/dev/zero: not a regular file (a character device)" in result.stderr


def test_ingest_follows_local_links_only_under_the_folder_given_on_the_command_line(tmp_path, monkeypatch):
    """`--allow-local-links DIR` is the command-line form of RASD_ALLOW_LOCAL_LINKS."""
    from typer.testing import CliRunner

    from rasd.cli import app

    monkeypatch.delenv("RASD_ALLOW_LOCAL_LINKS", raising=False)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(
        "<html><body><article><p>قصفت طائرات حربية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، "
        "ما أدى إلى مقتل ثلاثة مدنيين.</p></article></body></html>", encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Outlet</title>'
        f'<item><title>خبر</title><link>file://{pages / "a.html"}</link>'
        '<pubDate>Mon, 13 Nov 2023 08:00:00 GMT</pubDate></item></channel></rss>', encoding="utf-8")

    def ingest(name, *extra):
        return CliRunner().invoke(app, ["ingest", str(feed), "--db", f"sqlite:///{tmp_path / name}", *extra])

    refused = ingest("refused.db")
    assert "0 report(s) stored" in refused.output, refused.output
    allowed = ingest("allowed.db", "--allow-local-links", str(pages))
    assert "1 report(s) stored" in allowed.output, allowed.output
