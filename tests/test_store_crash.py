"""Crash safety: `rasd ingest` killed with SIGKILL in the middle of a batch, then run
again, stores every report exactly once (SQLite and PostgreSQL)."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from rasd.store.database import make_engine

REPORTS = 3000
RASD = str(Path(sys.executable).with_name("rasd"))




def write_batch(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number in range(REPORTS):
            text = f"قصفت طائرات حربية صباح اليوم موقعا رقم {number} في ريف إدلب، ما أدى إلى مقتل {number % 9} أشخاص."
            record = {"id": f"r{number}", "text": text, "published": f"2023-11-{1 + number % 28:02d}",
                      "source": f"outlet {number % 5}", "url": f"https://outlet{number % 5}.example/{number}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def counts(url: str) -> tuple[int, int, int, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            reports, distinct, events = conn.execute(sa.text(
                "SELECT (SELECT count(*) FROM reports), (SELECT count(DISTINCT doc_id) FROM reports), "
                "(SELECT count(*) FROM events)")).one()
            orphans = conn.execute(sa.text(
                "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.report_id = r.id)"
            )).scalar_one()
        return reports, distinct, events, orphans
    except sa.exc.DBAPIError:
        return 0, 0, 0, 0  # schema not created yet
    finally:
        engine.dispose()


def ingest_command(batch: Path, url: str) -> list[str]:
    return [RASD, "ingest", str(batch), "--db", url, "--extractor", "rasd.store.testing:quick_extract"]


def test_kill_and_resume_stores_every_report_once(db_url, tmp_path):
    batch = tmp_path / "batch.jsonl"
    write_batch(batch)
    process = subprocess.Popen(ingest_command(batch, db_url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while counts(db_url)[0] < 300 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be killed; make it bigger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    stored_at_kill = counts(db_url)
    assert 300 <= stored_at_kill[0] < REPORTS
    assert stored_at_kill[0] == stored_at_kill[2] and stored_at_kill[3] == 0  # no half-stored report

    rerun = subprocess.run(ingest_command(batch, db_url), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{REPORTS - stored_at_kill[0]} report(s) stored" in rerun.stderr
    assert f"{stored_at_kill[0]} skipped as already stored, 0 failed" in rerun.stderr
    assert counts(db_url) == (REPORTS, REPORTS, REPORTS, 0)
