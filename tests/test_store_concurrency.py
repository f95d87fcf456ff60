"""Many writers at once (API request threads, two `rasd ingest` processes) on one store:
every report stored exactly once, identical texts answered "duplicate", no error, and the
store keeps working afterwards (SQLite and PostgreSQL)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from rasd.model import Event, Report
from rasd.store import Store
from rasd.store.testing import sample_event

WRITERS = 12
REPORTS_PER_WRITER = 15
RASD = str(Path(sys.executable).with_name("rasd"))


def shared_names_extract(report: Report) -> list[Event]:
    """Two events per report, on a few places and actors every writer shares, so that
    concurrent transactions create the same new place and actor rows."""
    number = int(report.id.rsplit("-", 1)[1])
    return [sample_event(doc_id=report.id, event_date=report.published, location=f"Town {(number + k) % 6}",
                         latitude=33.0 + (number + k) % 6, longitude=36.0, gazetteer_id=None,
                         actor1=f"Brigade {(number + k) % 5}", actor2=f"Militia {(number + k) % 4}")
            for k in range(2)]


def report(writer: int, number: int) -> Report:
    serial = writer * 1000 + number
    return Report(id=f"w{writer}-{serial}", text=f"قصف مدفعي على موقع رقم {serial} في ريف حلب.",
                  published=date(2023, 11, 1 + serial % 20), source=f"outlet {writer}",
                  url=f"https://outlet{writer}.example/{serial}")


def run_writers(store: Store, work) -> list:
    start = threading.Barrier(WRITERS)

    def one(writer: int):
        start.wait()
        return work(writer)

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(one, range(WRITERS)))


def row_counts(store: Store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM events WHERE place_id IS NULL)")).one()


def test_concurrent_writers_store_every_report(db_url):
    store = Store(db_url, extractor=shared_names_extract)
    try:
        def write_all(writer: int) -> list[str]:
            return [store.ingest(report(writer, n)).status for n in range(REPORTS_PER_WRITER)]

        statuses = [status for batch in run_writers(store, write_all) for status in batch]
        assert statuses == ["new"] * WRITERS * REPORTS_PER_WRITER
        expected = WRITERS * REPORTS_PER_WRITER
        assert row_counts(store) == (expected, 2 * expected, 0)
        # the store still works, one write at a time, after the burst
        for n in range(5):
            assert store.ingest(report(99, n)).status == "new"
        assert row_counts(store)[0] == expected + 5
    finally:
        store.close()


def test_identical_concurrent_posts_are_duplicates(db_url):
    store = Store(db_url, extractor=shared_names_extract)
    try:
        for round_number in range(3):
            same = report(50 + round_number, 1)
            statuses = run_writers(store, lambda _writer: store.ingest(same).status)
            assert sorted(statuses) == ["duplicate"] * (WRITERS - 1) + ["new"]
        assert row_counts(store)[0] == 3
    finally:
        store.close()


def test_two_ingest_processes_on_one_database(db_url, tmp_path):
    batch = tmp_path / "batch.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for number in range(60):
            record = report(7, number)
            out.write(json.dumps({"id": record.id, "text": record.text, "published": str(record.published),
                                  "url": record.url}, ensure_ascii=False) + "\n")
    Store(db_url).close()  # the schema exists before both start
    command = [RASD, "ingest", str(batch), "--db", db_url, "--extractor",
               "test_store_concurrency:shared_names_extract"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                 for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read().decode()) for p in processes]
    for code, errors in results:
        assert code == 0, errors
    store = Store(db_url)
    try:
        assert row_counts(store) == (60, 120, 0)
    finally:
        store.close()


def test_several_processes_opening_a_new_database_at_once(db_url):
    """Each opening migrates the schema; on an empty database they must not collide."""
    script = "import sys; from rasd.store import Store; s = Store(sys.argv[1]); print(s.count_reports()); s.close()"
    processes = [subprocess.Popen([sys.executable, "-c", script, db_url], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [(p.wait(timeout=120), p.stdout.read().strip(), p.stderr.read()) for p in processes]
    assert [(code, out) for code, out, _ in results] == [(0, "0")] * 4, [err for _, _, err in results]
