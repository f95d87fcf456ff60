"""Incident-level exports: one row per real-world event, whatever the number of reports.

The issue's acceptance test: the dev reports ingested twice, the second time under other
outlets' names with small edits, export exactly one ACLED CSV row per incident with both
outlets in ``source``."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.io.writers import ACLED_COLUMNS, CSV_COLUMNS
from rasd.model import Report
from rasd.store import EventFilter, Store
from rasd.store.export import write_acled_csv
from rasd.store.testing import sample_event

DEV = Path(__file__).parent / "data" / "dev.jsonl"
runner = CliRunner()


def dev_reports() -> list[Report]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Report(id=r["id"], text=r["text"], published=date.fromisoformat(r["published"]), source=r["source"],
                   url=r.get("url")) for r in rows]


def retold(report: Report) -> Report:
    """The same report as another outlet carries it: its own name, URL and a touch of editing."""
    text = report.text.replace("،", "، ", 3).rstrip() + "\nوتابعت مصادر محلية الحدث."
    return report.model_copy(update={"id": f"{report.id}-b", "text": text, "source": f"Other {report.source}",
                                     "url": f"https://other.example/{report.id}"})


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('dev')}/twice.db"
    with Store(db) as store:
        for report in dev_reports():
            store.ingest(report)
        first = store.count_incidents(EventFilter())
        located_first = sum(1 for row in store.iter_incidents(EventFilter()) if row.latitude is not None)
        for report in dev_reports():
            store.ingest(retold(report))
        yield store, first, located_first


def test_dev_reports_twice_give_one_row_per_incident_with_both_outlets(twice):
    store, first, located_first = twice
    assert store.count_incidents(EventFilter()) == first
    out = io.StringIO()
    written, _ = write_acled_csv(store.iter_incidents(EventFilter()), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows) == located_first > 10
    for row in rows:
        outlets = row["source"].split("; ")
        assert any(o.startswith("Other ") for o in outlets) and any(not o.startswith("Other ") for o in outlets), row
    assert len({row["event_id_cnty"] for row in rows}) == len(rows)
    per_report = store.count_events(EventFilter())
    assert per_report >= 2 * first


def test_event_ids_are_stable_across_exports(twice):
    store = twice[0]
    ids = [[row.event_id_cnty for row in store.iter_incidents(EventFilter())] for _ in range(2)]
    assert ids[0] == ids[1] and all(i.startswith("RASD-") for i in ids[0])


@pytest.fixture
def store(tmp_path):
    opened = Store(f"sqlite:///{tmp_path}/rows.db")
    yield opened
    opened.close()


def ingest(store, doc: str, source: str, **fields) -> None:
    store.ingest(Report(id=doc, text=f"غارة على كفرنبل {doc}", published=date(2023, 11, 13), source=source),
                 events=[sample_event(**fields)])


def test_incident_row_figures_outlets_and_notes(store):
    ingest(store, "a", "SANA", fatalities=3)
    ingest(store, "b", "Al Jazeera", fatalities=4)
    ingest(store, "c", "Enab Baladi", fatalities=4, actor1="Unidentified Military Forces")
    [row] = store.query_incidents(EventFilter()).items
    assert (row.fatalities_low, row.fatalities, row.fatalities_high) == (3, 4, 4)
    assert set(row.source.split("; ")) == {"SANA", "Al Jazeera", "Enab Baladi"}
    assert row.source_scale == "National-International"
    assert row.reports == 3 and len(row.event_ids) == 3 and row.grade == "fair"
    assert "3 report(s) from 3 outlet(s)" in row.notes and "differ on" in row.notes and "fatalities 3-4" in row.notes
    assert row.actor1 == "Military Forces of Russia"  # the best-supported event's, not the unknown one
    assert "conflicting figures (3-4)" in row.review_reasons


def test_a_running_total_is_not_the_incidents_figure(store):
    from rasd.model import Span

    toll = Span(start=0, end=5, text="40 قتيلاً", sentence="ليرتفع عدد القتلى منذ بداية الشهر إلى 40 قتيلاً")
    ingest(store, "a", "SANA", fatalities=3)
    ingest(store, "b", "Al Jazeera", fatalities=40, evidence={"fatalities": toll})
    view = store.get_incident_view(store.query_incidents(EventFilter()).items[0].id)
    assert (view.row.fatalities_low, view.row.fatalities, view.row.fatalities_high) == (3, 3, 3)
    assert [c.counted for c in view.figures] == [True, False] or [c.counted for c in view.figures] == [False, True]
    assert any("running total" in line for line in view.explanation)


def test_rejected_events_and_edits_reach_the_rows(store):
    ingest(store, "a", "SANA", fatalities=3)
    ingest(store, "b", "Al Jazeera", fatalities=9)
    [row] = store.query_incidents(EventFilter()).items
    store.update_event(row.event_ids[-1], {"status": "rejected"}, "huda")
    [row] = store.query_incidents(EventFilter()).items
    assert row.reports == 1 and row.fatalities_low == row.fatalities_high
    store.update_event(row.event_ids[0], {"fatalities": 5}, "huda")
    [after] = store.query_incidents(EventFilter()).items
    assert after.fatalities == 5 and after.updated_at >= row.updated_at


def test_acled_csv_cells(store):
    ingest(store, "a", "=HYPERLINK(\"http://x\")", fatalities=3, notes="-2 killed", actor2="Civilians",
           inter2="Civilians", civilian_targeting=True)
    ingest(store, "p", "SANA", location="Atarib", latitude=36.1386, longitude=36.8286, event_type="Protests",
           sub_event_type="Peaceful protest", disorder_type="Demonstrations", actor1="Protesters (Syria)",
           inter1="Protesters", fatalities=0)
    out = io.StringIO()
    write_acled_csv(store.iter_incidents(EventFilter()), out, excel=True)
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS and CSV_COLUMNS[:len(ACLED_COLUMNS)] == ACLED_COLUMNS
    strike, protest = rows
    assert strike["source"].startswith("'=") and strike["notes"].startswith("'")
    assert strike["interaction"] == "External/Other forces-Civilians" or strike["interaction"] == "Civilians-External/Other forces"
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert protest["interaction"] == "Protesters only" and protest["inter2"] == "" and protest["actor2"] == ""
    assert protest["tags"] == "crowd size=no report"
    assert strike["latitude"].startswith("35.") and not strike["latitude"].startswith("'")
    assert int(strike["timestamp"]) > 1_700_000_000


def test_interaction_order_follows_the_codebook():
    from rasd.io.writers import interaction_text

    assert interaction_text("External/Other forces", "Civilians") == "Civilians-External/Other forces"
    assert interaction_text("State forces", "Rebel group") == "State forces-Rebel group"
    assert interaction_text("Rebel group", "State forces") == "State forces-Rebel group"
    assert interaction_text("Rioters", None) == "Rioters only"
    assert interaction_text(None, None) == ""


def test_cli_export_is_atomic_and_never_removes_the_target(store, tmp_path):
    ingest(store, "a", "SANA")
    db = store.url
    target = tmp_path / "out.parquet"
    target.write_text("keep me", encoding="utf-8")
    broken = runner.invoke(app, ["export", "-f", "parquet", "-o", str(target), "--db", db, "--since", "2099-01-01",
                                 "--bbox", "x"])
    assert broken.exit_code == 2 and target.read_text(encoding="utf-8") == "keep me"
    result = runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "out.csv"), "--db", db, "--excel"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("\ufeffevent_id_cnty")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_failed_write_leaves_the_target(tmp_path, monkeypatch):
    from rasd.store import export

    target = tmp_path / "keep.csv"
    target.write_text("old", encoding="utf-8")

    def failing(path):
        path.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        export.write_atomically(target, failing)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


def test_commands_need_an_existing_database_but_ingest(tmp_path):
    missing = f"sqlite:///{tmp_path}/none.db"
    for command in (["events"], ["export", "-f", "jsonl"], ["incident", "1"]):
        result = runner.invoke(app, [*command, "--db", missing])
        assert result.exit_code == 2 and "no database at" in result.output, command
    assert not (tmp_path / "none.db").exists()
    report = tmp_path / "r.txt"
    report.write_text("قصف على كفرنبل", encoding="utf-8")
    made = runner.invoke(app, ["ingest", str(report), "--db", missing, "--published", "2023-11-13",
                               "--extractor", "rasd.store.testing:quick_extract"])
    assert made.exit_code == 0 and "creating database" in made.output and "1 incident(s)" in made.output


def test_events_table_and_formats(store):
    ingest(store, "a", "SANA")
    ingest(store, "b", "Al Jazeera")
    table = runner.invoke(app, ["events", "--db", store.url])
    assert table.exit_code == 0 and "RASD-SYR-" in table.stdout and "1 of 1 matching incident(s)" in table.output
    per_report = runner.invoke(app, ["events", "--db", store.url, "--per-report", "-f", "jsonl"])
    assert len(per_report.stdout.splitlines()) == 2
    csv_rows = runner.invoke(app, ["events", "--db", store.url, "-f", "csv"])
    assert csv_rows.stdout.startswith("event_id_cnty")
    bad = runner.invoke(app, ["events", "--db", store.url, "-f", "xlsx"])
    assert bad.exit_code == 2 and "expected table, jsonl, acled-csv, geojson" in bad.output


def test_json_rows_write_interaction_as_the_codebook_does(store):
    ingest(store, "a", "SANA", inter1="External/Other forces", interaction="External/Other forces")
    [row] = store.query_incidents(EventFilter()).items
    assert row.interaction == "External/Other forces only" and row.to_record()["interaction"] == row.interaction
