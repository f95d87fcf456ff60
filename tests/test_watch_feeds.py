"""`rasd watch` against feeds served on 127.0.0.1 that change, fail and hang."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from fixtures.scale.feed_server import FeedServer, rss
from rasd.errors import InputError
from rasd.scale.watch import FeedSource, Watcher, load_sources
from rasd.scale.watch.state import load_state
from rasd.scale.watch.watcher import retry_delay
from rasd.store import Store
from rasd.store.testing import quick_extract

ITEMS = [
    ("n1", "2024-05-01", "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين."),
    ("n2", "2024-05-02", "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة على محور الكبانة في ريف اللاذقية."),
    ("n3", "2024-05-03", "انفجرت عبوة ناسفة بسيارة عسكرية على طريق دير الزور الميادين، ما أسفر عن مقتل عنصرين."),
]


class FakeClock:
    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class CountingStore:
    """The real store, counting ingest calls (and failing them on demand)."""

    def __init__(self, url: str):
        self.store = Store(url, extractor=quick_extract)
        self.calls = 0
        self.broken = False

    def ingest(self, report):
        self.calls += 1
        if self.broken:
            raise OSError("database is locked")
        return self.store.ingest(report)

    def reports(self) -> int:
        return self.store.count_reports()


@pytest.fixture
def server():
    with FeedServer() as feeds:
        yield feeds


@pytest.fixture
def store(tmp_path):
    return CountingStore(f"sqlite:///{tmp_path / 'watch.db'}")


def source(server: FeedServer, path: str, **extra) -> FeedSource:
    # A loaded CI machine may take over half a second to answer: only the hanging feeds' tests
    # ask for a short timeout.
    fields = dict(name=path.strip("/"), url=server.url(path), country="Syria", interval=60, timeout=10.0)
    fields.update(extra)
    return FeedSource(**fields)


def watcher(sources, store, tmp_path, clock=None) -> Watcher:
    clock = clock or FakeClock()
    return Watcher(sources, store, tmp_path / "state.json", clock=clock, sleep=clock.sleep)


def test_new_items_then_not_modified_then_changed_feed(server, store, tmp_path):
    route = server.route("/feed", body=rss(ITEMS[:2]))
    feed = source(server, "/feed")
    watch = watcher([feed], store, tmp_path)

    first = watch.poll(feed)
    assert (first.ok, first.new, first.skipped) == (True, 2, 0)
    second = watch.poll(feed)
    assert second.not_modified and route.requests[-1]["If-None-Match"] == route.tag
    route.body = rss(ITEMS)
    third = watch.poll(feed)
    assert (third.new, third.skipped) == (1, 2)
    assert store.reports() == 3 and store.calls == 3
    health = load_state(tmp_path / "state.json").sources["feed"]
    assert (health.items_seen, health.items_new, health.polls, health.status) == (3, 3, 3, "ok")


def test_failing_and_hanging_feeds_do_not_stop_the_others(server, store, tmp_path):
    server.route("/good", body=rss(ITEMS))
    server.route("/garbage", body=b"\x89PNG not a feed at all <html")
    server.route("/gone", mode="status", status=404)
    server.route("/broken", mode="status", status=500)
    server.route("/hang", mode="hang", body=rss(ITEMS), delay=1.5)
    server.route("/drip", mode="drip", body=rss(ITEMS), delay=1.5)
    names = ["/garbage", "/gone", "/hang", "/broken", "/drip", "/good"]
    clock = FakeClock()
    watch = watcher([source(server, n, timeout=0.5) for n in names], store, tmp_path, clock)

    outcomes = {o.source: o for o in watch.run(once=True)}

    assert outcomes["good"].ok and outcomes["good"].new == 3
    assert "HTTP 404" in outcomes["gone"].error and "HTTP 500" in outcomes["broken"].error
    assert "timed out after 0.5 s" in outcomes["hang"].error
    assert "timed out" in outcomes["drip"].error
    assert "feed" in outcomes["garbage"].error  # "malformed feed" / "not an RSS/Atom feed"
    state = load_state(tmp_path / "state.json")
    for name in ["garbage", "gone", "hang", "broken", "drip"]:
        health = state.sources[name]
        assert health.consecutive_failures == 1 and health.last_error and health.last_success is None
        assert health.next_poll == clock.now + 120  # backing off: twice the interval
    assert state.sources["good"].last_success == clock.now and state.sources["good"].items_seen == 3
    assert store.reports() == 3


def test_backoff_doubles_up_to_the_cap_and_resets_on_success(server, store, tmp_path):
    route = server.route("/flaky", mode="status", status=503)
    feed = source(server, "/flaky", interval=10, max_backoff=35)
    watch = watcher([feed], store, tmp_path)
    assert [watch.poll(feed).next_in for _ in range(4)] == [20, 35, 35, 35]
    assert watch.health(feed).consecutive_failures == 4
    route.mode, route.body = "feed", rss(ITEMS[:1])
    recovered = watch.poll(feed)
    assert (recovered.ok, recovered.new, recovered.next_in) == (True, 1, 10)
    assert watch.health(feed).consecutive_failures == 0 and "HTTP 503" in watch.health(feed).last_error
    assert retry_delay(feed, 1) == 20


def test_loop_polls_each_source_at_its_interval(server, store, tmp_path):
    fast = server.route("/fast", body=rss(ITEMS[:1]))
    slow = server.route("/slow", body=rss(ITEMS[1:2]))
    clock = FakeClock()
    watch = watcher([source(server, "/fast", interval=10), source(server, "/slow", interval=30)],
                    store, tmp_path, clock)
    start = clock.now
    watch.run(max_rounds=7)  # polls at t = 0, 10, 20, 30, 40, 50, 60
    assert clock.now - start == 60
    assert (len(fast.requests), len(slow.requests)) == (7, 3)
    assert store.reports() == 2


def test_restart_resumes_without_reingesting(server, store, tmp_path):
    tagged = server.route("/tagged", body=rss(ITEMS[:2]))
    plain = server.route("/plain", body=rss(ITEMS[2:]), etag=False)  # no validators: full feed each time
    feeds = [source(server, "/tagged"), source(server, "/plain")]
    before = watcher(feeds, store, tmp_path)
    assert [o.new for o in before.run(once=True)] == [2, 1]
    before.close()

    after = watcher(feeds, store, tmp_path)  # a new process: only the state file carries over
    outcomes = after.run(once=True)
    assert outcomes[0].not_modified and tagged.requests[-1]["If-None-Match"] == tagged.tag
    assert (outcomes[1].new, outcomes[1].skipped) == (0, 1) and len(plain.requests) == 2
    assert store.calls == 3 and store.reports() == 3
    assert after.health(feeds[0]).polls == 2


def test_store_failure_keeps_items_for_the_next_poll(server, store, tmp_path):
    route = server.route("/feed", body=rss(ITEMS[:2]))
    feed = source(server, "/feed")
    watch = watcher([feed], store, tmp_path)
    store.broken = True
    failed = watch.poll(feed)
    assert not failed.ok and "database is locked" in failed.error
    assert watch.health(feed).etag is None  # so the next poll is not answered 304
    store.broken = False
    retried = watch.poll(feed)
    assert retried.ok and retried.new == 2 and "If-None-Match" not in route.requests[-1]


def test_items_that_are_not_reports_are_counted_not_fatal(server, store, tmp_path):
    items = ITEMS[:1] + [("en", "2024-05-04", "An English wire story, not for rasd.")]
    server.route("/mixed", body=rss(items))
    feed = source(server, "/mixed")
    outcome = watcher([feed], store, tmp_path).poll(feed)
    assert outcome.ok and outcome.new == 1 and len(outcome.failed_items) == 1
    assert "text is not Arabic" in outcome.failed_items[0]


def test_remote_feed_cannot_make_rasd_store_local_files(server, store, tmp_path):
    from rasd.io.readers import ReadItem, make_report

    def parse_to_local_page(content, where, source):  # as if the feed linked file:///...
        report = make_report(f"{where}#1", "n1", ITEMS[0][2], "2024-05-01", source, "file:///etc/secret.html")
        yield ReadItem(f"{where}#1", report=report)

    server.route("/evil", body=rss(ITEMS[:1]))
    feed = source(server, "/evil")
    watch = Watcher([feed], store, tmp_path / "state.json", parse=parse_to_local_page)
    outcome = watch.poll(feed)
    assert outcome.new == 0 and store.calls == 0
    assert outcome.failed_items == [f"{feed.url}#1: link 'file:///etc/secret.html' is not an http(s) URL"]


def write_sources(path: Path, entries) -> Path:
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return path


def test_sources_file_errors_name_the_file_and_entry(tmp_path):
    good = {"name": "a", "url": "https://x.example/feed", "language": "ar", "country": "Syria", "interval": 300}
    assert load_sources(write_sources(tmp_path / "ok.yaml", [good]))[0].interval == 300
    cases = {
        "no-url.yaml": ([{"name": "a", "interval": 5}], "source 1 (a): url: Field required"),
        "bad-interval.yaml": ([dict(good, interval=0)], "interval: Input should be greater than 0"),
        "file-url.yaml": ([dict(good, url="file:///etc/passwd")], "url: Value error, must be an http(s) URL"),
        "twice.yaml": ([good, good], "source names must be unique (a)"),
        "empty.yaml": ([], "expected a list of sources"),
    }
    for name, (entries, problem) in cases.items():
        with pytest.raises(InputError) as caught:
            load_sources(write_sources(tmp_path / name, entries))
        assert str(tmp_path / name) in str(caught.value) and problem in str(caught.value)
        assert "\n" not in str(caught.value)


def test_cli_watch_once_status_and_errors(server, tmp_path):
    from rasd.cli import app

    server.route("/good", body=rss(ITEMS[:1]))
    server.route("/gone", mode="status", status=404)
    entries = [{"name": n, "url": server.url(f"/{n}"), "language": "ar", "country": "Syria",
                "interval": 60, "timeout": 1} for n in ("good", "gone")]
    sources = write_sources(tmp_path / "sources.yaml", entries)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    quick = "--extractor=rasd.store.testing:quick_extract"  # storage only: no dependence on the lexicons
    result = runner.invoke(app, ["watch", str(sources), "--db", db, "--once", quick])
    assert result.exit_code == 1, result.output
    assert "error: gone: http://127.0.0.1" in result.output and "HTTP 404" in result.output
    assert "Traceback" not in result.output
    state = json.loads((tmp_path / "sources.state.json").read_text())
    assert state["sources"]["good"]["items_new"] == 1

    status = runner.invoke(app, ["watch", str(sources), "--db", db, "--status"])
    assert status.exit_code == 0 and "failing (1x)" in status.output and "good" in status.output

    bad = write_sources(tmp_path / "bad.yaml", [{"name": "x"}])
    result = runner.invoke(app, ["watch", str(bad), "--db", db, "--once"])
    assert result.exit_code == 2 and "bad.yaml: source 1 (x)" in result.output


class RecordingStore:
    """Keeps what the watcher hands over."""

    def __init__(self):
        self.reports = []

    def ingest(self, report):
        self.reports.append(report)
        return type("Outcome", (), {"status": "new"})()


@pytest.mark.parametrize("zone_fields,day", [
    ({"country": "Iraq"}, "2024-05-02"),        # 22:30 UTC is 01:30 in Baghdad: the next news day
    ({"country": "Iraq", "tz": "UTC"}, "2024-05-01"),  # the source's own tz wins over its country's
])
def test_a_sources_time_zone_dates_its_items_before_today_is_resolved(server, tmp_path, zone_fields, day):
    server.route("/late", body=rss([("late", "2024-05-01T22:30:00", ITEMS[0][2])]))
    sink = RecordingStore()
    watch = watcher([source(server, "/late", **zone_fields)], sink, tmp_path)
    watch.run(once=True)
    assert [str(r.published) for r in sink.reports] == [day]


def test_an_unknown_time_zone_in_sources_yaml_is_refused():
    with pytest.raises(ValueError, match="not a time zone name"):
        FeedSource(name="x", url="https://news.example/feed", interval=60, tz="Mars/Olympus")
