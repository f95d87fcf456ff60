"""Feed timestamps are dated in the outlet's time zone before اليوم/أمس are resolved, and
the input size is estimated for the progress bar."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from rasd.store.sources import estimate_reports, local_day, read_sources, zone_for

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{title}</title>
  <id>urn:test:tz</id>
  <updated>2023-11-13T22:30:00Z</updated>
  <entry>
    <title>قصف ليلي</title>
    <id>urn:test:tz:1</id>
    <link href="https://tz.example/1"/>
    <updated>2023-11-13T22:30:00Z</updated>
    <summary>قصفت قوات مجهولة بلدة كفرنبل مساء اليوم.</summary>
  </entry>
</feed>
"""


def feed(tmp_path, title: str = "Some Syrian Outlet"):
    path = tmp_path / "night.xml"
    path.write_text(FEED.format(title=title), encoding="utf-8")
    return path


def test_a_late_evening_utc_item_is_next_day_in_damascus(tmp_path):
    [item] = list(read_sources([str(feed(tmp_path))]))
    assert item.report.published == date(2023, 11, 14)  # 01:30 in Damascus (UTC+3)


def test_tz_option_and_outlet_zone(tmp_path):
    [utc] = list(read_sources([str(feed(tmp_path))], zone=zone_for(tz="UTC")))
    assert utc.report.published == date(2023, 11, 13)
    [london] = list(read_sources([str(feed(tmp_path, "SOHR"))]))  # outlets.yaml: Europe/London
    assert london.report.published == date(2023, 11, 13)


def test_unknown_zone_is_a_clear_error():
    with pytest.raises(ValueError, match="--tz 'Mars/Base'"):
        zone_for(tz="Mars/Base")


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_local_day_never_moves_more_than_one_day(hour, minute):
    stamp = (2023, 11, 13, hour, minute, 0)
    day = local_day(stamp, zone_for("Enab Baladi"))
    assert day in (date(2023, 11, 13), date(2023, 11, 14))
    assert (day == date(2023, 11, 14)) == (hour >= 21)


def test_estimate_reports(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"x": 1}\n\n{"x": 2}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("نص", encoding="utf-8")
    assert estimate_reports([str(tmp_path)]) == 3
    assert estimate_reports([str(tmp_path / "a.jsonl"), "https://example.org/feed"]) is None
    feed(tmp_path)
    assert estimate_reports([str(tmp_path)]) is None


def test_ingest_dates_a_feed_in_its_zone_and_refuses_an_unknown_tz(tmp_path):
    from typer.testing import CliRunner

    from rasd.cli import app
    from rasd.store import EventFilter, Store

    runner = CliRunner()
    db = f"sqlite:///{tmp_path}/tz.db"
    bad = runner.invoke(app, ["ingest", str(feed(tmp_path)), "--db", db, "--tz", "Mars/Base"])
    assert bad.exit_code == 2 and "not a time zone name" in bad.output
    done = runner.invoke(app, ["ingest", str(feed(tmp_path)), "--db", db,
                               "--extractor", "rasd.store.testing:quick_extract"])
    assert done.exit_code == 0, done.output
    with Store(db) as store:
        [event] = store.query_events(EventFilter())
        assert store.get_report(event.report_id).published == date(2023, 11, 14)
