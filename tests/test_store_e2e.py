"""End to end with the real extractor: reports we wrote → `rasd ingest` → stored events,
incidents and exports. (Other store tests pass events in, to test the store alone.)"""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.model import Report
from rasd.store import EventFilter, Store

pytest.importorskip("rasd.assemble.events", reason="extraction engine not present")

STRIKES = [
    ("e1", "Outlet One", "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين."),
    ("e2", "Outlet Two", "شنت الطائرات الحربية الروسية صباح اليوم غارات على بلدة كفرنبل جنوبي إدلب، ما أسفر عن مقتل خمسة مدنيين."),
]


def test_reports_become_stored_events_and_merge(tmp_path):
    with Store(f"sqlite:///{tmp_path}/e2e.db") as store:
        outcomes = [store.ingest(Report(id=doc, text=text, published=date(2023, 11, 13), source=source,
                                        url=f"https://{doc}.example/1")) for doc, source, text in STRIKES]
        assert all(o.status == "new" and o.event_ids for o in outcomes)
        events = store.query_events(EventFilter(event_type="Air/drone strike"))
        assert {e.doc_id for e in events} == {"e1", "e2"}
        assert all(e.event_date == date(2023, 11, 13) and e.evidence for e in events)
        assert all(e.latitude is not None for e in events)
        # two outlets, one strike: one incident, figures 3 and 5
        assert events[0].incident_id == events[1].incident_id
        incident = store.get_incident(events[0].incident_id)
        assert incident.grade == "fair" and len(incident.sources) == 2
        assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (3, 3, 5)
        detail = store.get_report(outcomes[0].report_id)
        assert {m.kind for m in detail.mentions} >= {"place", "actor"} and detail.events[0].id == outcomes[0].event_ids[0]
        again = store.ingest(Report(id="e1", text=STRIKES[0][2], published=date(2023, 11, 13), source="Outlet One",
                                    url="https://e1.example/1"))
        assert again.status == "duplicate" and store.count_reports() == 2


def test_cli_ingest_and_export_with_real_extraction(tmp_path):
    batch = tmp_path / "reports.jsonl"
    batch.write_text("\n".join(json.dumps({"id": doc, "text": text, "published": "2023-11-13", "source": source},
                                          ensure_ascii=False) for doc, source, text in STRIKES) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path}/cli.db"
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(batch), "--db", db])
    assert ingested.exit_code == 0, ingested.output
    assert "2 report(s) stored" in ingested.output
    exported = runner.invoke(app, ["export", "--format", "jsonl", "--db", db, "--type", "Air/drone strike",
                                   "--per-report"])
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {r["doc_id"] for r in records} == {"e1", "e2"}
    incidents = runner.invoke(app, ["export", "--format", "jsonl", "--db", db])
    [incident] = [json.loads(line) for line in incidents.stdout.splitlines()]
    assert incident["reports"] == 2 and len(incident["source"].split("; ")) == 2
    assert all(r["evidence"] and r["sub_event_type"] == "Air/drone strike" for r in records)
