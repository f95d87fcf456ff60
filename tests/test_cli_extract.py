"""`rasd extract` / `annotate` / `eval` on files, with bad input mixed in."""
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from rasd.cli import app

runner = CliRunner()
GOOD = "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين."


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_batch_with_bad_lines_processes_the_good_ones(tmp_path):
    batch = write_jsonl(tmp_path / "batch.jsonl", [
        record(id="ok-1", text=GOOD, published="2023-11-13"),
        "{not json",
        record(id="empty", text="   ", published="2023-11-13"),
        record(id="english", text="Only English words in this one.", published="2023-11-13"),
        record(id="nodate", text=GOOD),
        record(id="baddate", text=GOOD, published="13/11/2023"),
        record(id="huge", text=GOOD * 40_000, published="2023-11-13"),
        record(id="ok-2", text=GOOD, published="2023-11-14"),
    ])
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(batch), "--out", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 6
    for fragment in (":2", "id empty", "id english", "id nodate", "id baddate", "id huge"):
        assert any(fragment in line for line in errors), fragment
    assert "Traceback" not in result.output
    docs = {json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert docs == {"ok-1", "ok-2"}


def test_binary_and_non_utf8_files_are_named_errors(tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin.txt").write_bytes("قصف".encode("utf-8") + b"\xff\xfe")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--published", "2023-11-13"])
    assert result.exit_code == 1
    assert "blob.txt: binary" in result.stderr and "latin.txt: not UTF-8" in result.stderr
    assert '"doc_id": "good"' in result.stdout


def test_stdin_csv_and_geojson(tmp_path):
    result = runner.invoke(app, ["extract", "-", "--published", "2023-11-13", "--format", "csv"], input=GOOD)
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,year,time_precision,disorder_type")
    result = runner.invoke(app, ["extract", "-", "--published", "2023-11-13", "--format", "geojson"], input=GOOD)
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection" and collection["features"]


def test_html_page_gives_text_and_date(tmp_path):
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><meta property='article:published_time' content='2023-11-13T08:00:00Z'>"
        f"<title>خبر</title></head><body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>",
        encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 0, result.stderr
    assert '"event_date": "2023-11-13"' in result.stdout


def test_annotate_and_eval(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["annotate", str(report), "--published", "2023-11-13"])
    kinds = {json.loads(line)["kind"] for line in result.stdout.splitlines()}
    assert {"place", "cue", "actor"} <= kinds
    gold = write_jsonl(tmp_path / "gold.jsonl", [json.dumps({"id": "r", "published": "2023-11-13", "text": GOOD, "events": [
        {"event_date": "2023-11-13", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "actor1": "Military Forces of Russia", "actor2": "Civilians", "latitude": 35.53, "longitude": 36.56,
         "fatalities": 3, "optional": False}]}, ensure_ascii=False)])
    pred = tmp_path / "pred.jsonl"
    runner.invoke(app, ["extract", str(report), "--published", "2023-11-13", "--out", str(pred)])
    result = runner.invoke(app, ["eval", str(gold), str(pred), "--json"])
    scores = json.loads(result.stdout)
    assert scores["recall"] == 1.0 and scores["agreement"]["actor1"] == 1.0


def test_console_script_reports_usage_errors_without_traceback(tmp_path):
    rasd = Path(sys.executable).parent / "rasd"
    done = subprocess.run([str(rasd), "extract", str(tmp_path / "missing.jsonl")], capture_output=True, text=True)
    assert done.returncode == 1
    assert "missing.jsonl: no such file" in done.stderr and "Traceback" not in done.stderr
