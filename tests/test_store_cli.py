"""`rasd ingest / events / export / incident` from the command line, and exports read
back with pandas and GeoPandas."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.io.writers import CSV_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "store"
QUICK = ["--extractor", "rasd.store.testing:quick_extract"]
runner = CliRunner()


def rasd(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def batch(tmp_path) -> Path:
    """A folder of reports: JSONL (one line broken), a text file, an HTML page, a feed."""
    folder = tmp_path / "reports"
    folder.mkdir()
    lines = [line for line in (FIXTURES / "one_strike_five_outlets.jsonl").read_text(encoding="utf-8").splitlines()]
    (folder / "outlets.jsonl").write_text("\n".join(lines[:3] + ["{not json"] + lines[3:]) + "\n", encoding="utf-8")
    (folder / "short.txt").write_text("قصفت قوات النظام بلدة حاس في ريف إدلب صباح اليوم.", encoding="utf-8")
    shutil.copy(FIXTURES / "pages" / "atarib.html", folder / "atarib.html")
    shutil.copy(FIXTURES / "atom.xml", folder / "atom.xml")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    return folder


def test_ingest_counts_and_names_bad_input(batch, tmp_path):
    db = f"sqlite:///{tmp_path}/cli.db"
    result = rasd("ingest", str(batch), str(tmp_path / "missing.jsonl"), "--db", db,
                  "--published", "2023-11-13", *QUICK)
    assert result.exit_code == 1, result.output
    assert "outlets.jsonl:4: malformed JSON" in result.output
    assert "binary.txt" in result.output and "missing.jsonl: no such file" in result.output
    assert "8 report(s) stored, 8 event(s), 0 skipped as already stored, 3 failed" in result.output
    again = rasd("ingest", str(batch), "--db", db, "--published", "2023-11-13", *QUICK)
    assert "0 report(s) stored, 0 event(s), 8 skipped as already stored, 2 failed" in again.output


def test_extraction_failure_is_counted_not_fatal(batch, tmp_path):
    db = f"sqlite:///{tmp_path}/fail.db"
    result = rasd("ingest", str(batch / "outlets.jsonl"), "--db", db,
                  "--extractor", "rasd.store.testing:failing_extract")
    assert result.exit_code == 1
    assert "(id o2): not stored (RuntimeError: extractor broke on o2)" in result.output
    assert "4 report(s) stored, 4 event(s), 0 skipped as already stored, 2 failed" in result.output


def test_feed_url_is_ingested(tmp_path):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(FIXTURES)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/news.xml"
        result = rasd("ingest", url, "--db", f"sqlite:///{tmp_path}/feed.db", *QUICK)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "2 report(s) stored" in result.output
    assert "news.xml#3: feed entry has no text" in result.output and "news.xml#4: feed entry has no date" in result.output


def test_bad_options_exit_2(tmp_path):
    assert rasd("ingest", "x", "--db", "nosuchdriver://x").exit_code == 2
    assert rasd("events", "--db", f"sqlite:///{tmp_path}/e.db", "--since", "last week").exit_code == 2
    assert rasd("events", "--db", f"sqlite:///{tmp_path}/e.db", "--bbox", "1,2,3").exit_code == 2
    assert rasd("export", "--format", "parquet", "--db", f"sqlite:///{tmp_path}/e.db").exit_code == 2
    assert rasd("incident", "42", "--db", f"sqlite:///{tmp_path}/e.db").exit_code == 2


@pytest.fixture
def stored(tmp_path) -> str:
    db = f"sqlite:///{tmp_path}/stored.db"
    result = rasd("ingest", str(FIXTURES / "one_strike_five_outlets.jsonl"),
                  str(FIXTURES / "neighbouring_towns.jsonl"), "--db", db, *QUICK)
    assert result.exit_code == 0, result.output
    return db


def test_events_lists_with_filters(stored):
    result = rasd("events", "--db", stored, "--json", "--since", "2023-11-14", "--country", "Syria",
                  "--type", "Air/drone strike")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1 and records[0]["doc_id"] == "o4" and records[0]["id"] > 0
    table = rasd("events", "--db", stored, "--type", "Battles")
    assert "0 of 0 matching" in table.output


def test_exports_load_in_pandas_and_geopandas(stored, tmp_path):
    import geopandas
    import pandas

    outputs = {fmt: tmp_path / f"events.{fmt}" for fmt in ("acled-csv", "geojson", "jsonl", "parquet")}
    for fmt, out in outputs.items():
        result = rasd("export", "--format", fmt, "--out", str(out), "--db", stored)
        assert result.exit_code == 0 and "7 event(s) exported" in result.output

    with outputs["acled-csv"].open(encoding="utf-8") as handle:
        assert tuple(next(csv.reader(handle))) == CSV_COLUMNS
    acled = pandas.read_csv(outputs["acled-csv"])
    assert len(acled) == 7 and acled["event_id_cnty"].str.startswith("SYR").all()
    assert acled["latitude"].dtype == float and set(acled["sub_event_type"]) == {"Air/drone strike"}

    frame = geopandas.read_file(outputs["geojson"])
    assert len(frame) == 7 and frame.geometry.geom_type.eq("Point").all()
    assert frame.crs.to_epsg() == 4326 and frame["fatalities"].dtype.kind == "i"

    lines = pandas.read_json(outputs["jsonl"], lines=True)
    assert len(lines) == 7 and {"id", "incident_id", "evidence"} <= set(lines.columns)

    table = pandas.read_parquet(outputs["parquet"])
    assert len(table) == 7 and table["fatalities"].dtype.kind == "i"
    geo = geopandas.read_parquet(outputs["parquet"])
    assert geo.crs.to_string() in ("OGC:CRS84", "EPSG:4326")
    assert geo.geometry.x.round(4).tolist() == table["longitude"].round(4).tolist()


def test_export_filters_and_stdout(stored):
    result = rasd("export", "--format", "jsonl", "--db", stored, "--since", "2023-11-14")
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["o4"]


def test_incident_command_explains(stored):
    listed = [json.loads(line) for line in rasd("events", "--db", stored, "--json").stdout.splitlines()]
    # quick_extract places every report elsewhere, so each stands alone
    result = rasd("incident", str(listed[0]["incident_id"]), "--db", stored)
    assert result.exit_code == 0 and "why merged:" in result.stdout and "seed" in result.stdout
    as_json = json.loads(rasd("incident", str(listed[0]["incident_id"]), "--db", stored, "--json").stdout)
    assert as_json["grade"] == "weak" and as_json["event_ids"] == [listed[0]["id"]]
