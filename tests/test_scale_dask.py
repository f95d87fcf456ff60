"""rasd.scale.dask_runner on a 2-worker LocalCluster: same output as one process,
retries, reported failures, skipping finished shards."""
from __future__ import annotations

import functools
import json
import shutil
import sys
from pathlib import Path

import cloudpickle
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from rasd.errors import InputError
from rasd.io.readers import read_inputs
from rasd.model import Event
from rasd.pipeline import ReportResult, process_items
from rasd.scale import dask_runner, warmup
from rasd.scale.dask_runner import WarmUpPlugin, output_root, run_extract_on_dask, run_shards, summarise
from rasd.scale.event_table import EVENT_SCHEMA, EXTRA_COLUMNS, read_events
from rasd.scale.manifest import load_manifest
from rasd.scale.parallel import map_results
from rasd.scale.shard_task import code_shard
from rasd.scale.shards import ReadOptions, list_shards, read_shard
from rasd.scale.synthetic import synthetic_records

CORPUS = Path(__file__).parent / "fixtures" / "scale" / "corpus"
# Fake extractors below are defined here; workers get them by value, not by import.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=":0") as cluster, Client(cluster) as dask_client:
        dask_client.register_plugin(WarmUpPlugin(), name=WarmUpPlugin.name)
        yield dask_client


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The JSONL fixture shards plus one Parquet shard (with a non-Arabic row)."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    rows = list(synthetic_records(5, seed=3, chars=300, prefix="pq"))
    rows.append({"id": "pq-latin", "text": "Latin only text here", "published": "2023-01-02",
                 "source": None, "url": None})
    pq.write_table(pa.Table.from_pylist(rows), root / "2023-c.parquet")
    return root


def fake_process(item) -> ReportResult:
    """One event per sentence: real events whatever the state of the extraction engine."""
    if item.error is not None:
        return ReportResult(item.where, None, error=str(item.error))
    report = item.report
    sentences = [s.strip() for s in report.text.split(".") if s.strip()][:3]
    events = [Event(doc_id=report.id, event_date=report.published, disorder_type="Political violence",
                    event_type="Battles", sub_event_type="Armed clash", actor1=f"actor {n}",
                    assoc_actor_1=["a", "b"][: n + 1], weapons=["shelling"], latitude=35.0 + n,
                    notes=sentence, source=report.source, url=report.url)
              for n, sentence in enumerate(sentences)]
    return ReportResult(item.where, report.id, events)


def flaky_task(shard, out_root, options):
    """Fails the first attempt at each shard (a marker file remembers), then codes it."""
    marker = Path(out_root) / f"{shard.output_name}.tried"
    if not marker.exists():
        marker.write_text("1")
        raise OSError("storage went away")
    return code_shard(shard, out_root, options, process=fake_process)


def counting_task(shard, out_root, options):
    Path(out_root, f"{shard.output_name}.runs").open("a").write("x")
    return code_shard(shard, out_root, options, process=fake_process)


def dask_events(out: Path, shards) -> list[Event]:
    manifest, _ = load_manifest(str(out))
    events: list[Event] = []
    for shard in shards:
        events.extend(read_events(out / manifest.shards[shard.url].output))
    return events


def local_events(shards, options, process=None) -> tuple[list[Event], list[str]]:
    results = [(process or (lambda i: next(process_items([i]))))(item)
               for shard in shards for item in read_shard(shard, options)]
    return [e for r in results for e in r.events], [r.error for r in results if r.error]


def records(events):
    return [e.to_record() for e in events]


def by_doc_and_position(events):
    """Records sorted by (doc_id, index of the event among its report's events)."""
    position: dict[str, int] = {}
    keyed = []
    for event in events:
        n = position[event.doc_id] = position.get(event.doc_id, -1) + 1
        keyed.append(((event.doc_id, n), event.to_record()))
    return [record for _, record in sorted(keyed, key=lambda pair: pair[0])]


def test_parquet_schema_has_every_event_field():
    assert set(EVENT_SCHEMA.names) - set(EXTRA_COLUMNS) == set(Event.model_fields)


def test_output_root_keeps_urls():
    assert output_root(Path("s3://bucket/out")) == "s3://bucket/out"
    assert output_root(Path("/tmp/out")) == "/tmp/out"


def test_dask_equals_one_process_and_n_processes_real_pipeline(client, corpus, tmp_path):
    shards, problems = list_shards([str(corpus)])
    assert [s.kind for s in shards] == ["jsonl", "jsonl", "parquet"] and not problems
    options = ReadOptions()
    manifest = run_shards(client, shards, str(tmp_path / "out"), options, say=lambda _: None)

    items = [item for shard in shards for item in read_shard(shard, options)]
    single = list(process_items(items))
    parallel = list(map_results(items, 2))
    expected = [e for r in single for e in r.events]
    assert records(dask_events(tmp_path / "out", shards)) == records(expected)
    assert records(e for r in parallel for e in r.events) == records(expected)
    listed = [error for shard in shards for error in manifest.shards[shard.url].errors]
    assert listed == [r.error for r in single if r.error]
    assert any("text is not Arabic" in error for error in listed)
    # JSONL shards read exactly as `rasd extract` reads the same files
    extract_items = list(read_inputs([str(p) for p in sorted(corpus.glob("*.jsonl"))]))
    assert [i.where for i in extract_items] == [i.where for i in items[: len(extract_items)]]


def test_dask_equals_one_process_with_events(client, corpus, tmp_path):
    shards, _ = list_shards([str(corpus)])
    task = functools.partial(code_shard, process=fake_process)
    out = tmp_path / "out"
    manifest = run_shards(client, shards, str(out), ReadOptions(), task=task, say=lambda _: None)
    expected, errors = local_events(shards, ReadOptions(), fake_process)
    got = dask_events(out, shards)
    assert len(expected) > 20
    assert records(got) == records(expected)  # same order, field for field (lists, evidence)
    assert by_doc_and_position(got) == by_doc_and_position(expected)
    items = [item for shard in shards for item in read_shard(shard, ReadOptions())]
    in_two = [e for r in map_results(items, 2, process=fake_process) for e in r.events]
    assert records(in_two) == records(expected)
    assert sum(r.events for r in manifest.shards.values()) == len(expected)
    assert sum(r.failed_reports for r in manifest.shards.values()) == len(errors) == 4
    table = pq.read_table(out / manifest.shards[shards[0].url].output)
    assert table.schema.field("assoc_actor_1").type == pa.list_(pa.string())
    assert table.column("position").to_pylist()[:3] == [0, 1, 2]


def test_failed_attempt_is_retried(client, corpus, tmp_path):
    shards, _ = list_shards([str(corpus / "2023-a.jsonl")])
    out = tmp_path / "out"
    out.mkdir()
    messages: list[str] = []
    manifest = run_shards(client, shards, str(out), ReadOptions(), task=flaky_task, say=messages.append)
    record = manifest.shards[shards[0].url]
    assert (record.status, record.attempts) == ("done", 2)
    assert record.events > 0
    assert any("attempt 1 failed (OSError: storage went away); retrying" in m for m in messages)


def test_shard_failing_every_attempt_is_reported_and_retried_on_rerun(client, corpus, tmp_path):
    broken = corpus / "2023-d.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    shards, _ = list_shards([str(corpus)])
    out = tmp_path / "out"
    task = functools.partial(code_shard, process=fake_process)
    messages: list[str] = []
    manifest = run_shards(client, shards, str(out), ReadOptions(), task=task, say=messages.append)
    failed = manifest.shards[str(broken)]
    assert (failed.status, failed.attempts) == ("failed", dask_runner.MAX_ATTEMPTS)
    assert failed.error and failed.output is None
    assert [manifest.shards[s.url].status for s in shards if s.url != str(broken)] == ["done"] * 3
    assert summarise(manifest, shards, 0, messages.append) == 1
    assert any(m.startswith(f"error: {broken}: shard failed after 3 attempt(s)") for m in messages)
    saved = json.loads((out / "manifest.json").read_text())
    assert saved["shards"][str(broken)]["status"] == "failed"

    pq.write_table(pa.Table.from_pylist(list(synthetic_records(2, seed=9, chars=200))), broken)
    shards, _ = list_shards([str(corpus)])
    manifest = run_shards(client, shards, str(out), ReadOptions(), task=task, say=messages.append)
    assert manifest.shards[str(broken)].status == "done"
    assert any("skipping 3 finished shard(s)" in m for m in messages)


def test_rerun_skips_finished_shards_but_not_changed_or_missing_ones(client, corpus, tmp_path):
    shards, _ = list_shards([str(corpus)])
    out = tmp_path / "out"
    out.mkdir()
    run_shards(client, shards, str(out), ReadOptions(), task=counting_task, say=lambda _: None)
    first = {s.output_name: (out / f"{s.output_name}.runs").read_text() for s in shards}
    assert set(first.values()) == {"x"}

    run_shards(client, shards, str(out), ReadOptions(), task=counting_task, say=lambda _: None)
    assert all((out / f"{s.output_name}.runs").read_text() == "x" for s in shards)

    changed, removed, kept = shards
    with open(changed.url, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(next(synthetic_records(1, seed=5, prefix="new")), ensure_ascii=False) + "\n")
    (out / removed.output_name).unlink()
    shards, _ = list_shards([str(corpus)])
    run_shards(client, shards, str(out), ReadOptions(), task=counting_task, say=lambda _: None)
    runs = [(out / f"{s.output_name}.runs").read_text() for s in shards]
    assert runs == ["xx", "xx", "x"]

    run_shards(client, shards, str(out), ReadOptions(max_chars=50_000), task=counting_task,
               say=lambda _: None)  # other options give other events: everything is redone
    assert [(out / f"{s.output_name}.runs").read_text() for s in shards] == ["xxx", "xxx", "xx"]


def test_workers_warm_up_once(client, corpus, tmp_path):
    shards, _ = list_shards([str(corpus)])
    run_shards(client, shards, str(tmp_path / "out"), ReadOptions(), say=lambda _: None)
    assert set(client.run(warmup.warmups_done).values()) == {1}


def test_cli_extract_on_local_cluster(corpus, tmp_path):
    from rasd.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(corpus / "2023-b.jsonl"), "--dask", "local", "-o", str(out)])
    assert result.exit_code == 1, result.output  # the fixture has a report without a date
    manifest = json.loads((out / "manifest.json").read_text())
    (record,) = manifest["shards"].values()
    assert record["status"] == "done" and record["reports"] == 8
    assert any("missing 'published' date" in e for e in record["errors"])
    assert (out / record["output"]).exists()


def test_missing_out_or_inputs_cannot_run(tmp_path, capsys):
    assert run_extract_on_dask([str(CORPUS)], None, "local", None, None, 1000) == 2
    assert "--dask needs --out DIR" in capsys.readouterr().err
    assert run_extract_on_dask([str(tmp_path / "nope")], tmp_path / "o", "local", None, None, 1000) == 2
    assert f"error: {tmp_path / 'nope'}: no such file or directory" in capsys.readouterr().err


def test_a_large_file_is_coded_in_parts_exactly_as_in_one_process(client, tmp_path):
    lines = [json.dumps(r, ensure_ascii=False) for r in
             synthetic_records(30, seed=11, chars=300, prefix="big", open_vocabulary=True)]
    lines.insert(10, "{not json")  # errors and unnamed reports keep their line numbers
    lines.insert(20, json.dumps({"text": "قصفت طائرات حربية بلدة كفرنبل", "published": "2023-01-02"},
                                ensure_ascii=False))
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shards, _ = list_shards([str(big)])
    parts = dask_runner.split_for_tasks(shards, 7)
    assert [p.first_number for p in parts] == [1, 8, 15, 22, 29]
    out = tmp_path / "out"
    manifest = run_shards(client, parts, str(out), ReadOptions(), say=lambda _: None)

    single = list(process_items(read_shard(shards[0], ReadOptions())))
    got = [e for part in parts for e in read_events(out / manifest.shards[part.key].output)]
    assert records(got) == records(e for r in single for e in r.events) and got
    assert [e for p in parts for e in manifest.shards[p.key].errors] == [r.error for r in single if r.error]
    assert any(e.doc_id == "big-21" for e in got)  # the unnamed report on line 21
    saved = json.loads((out / "manifest.json").read_text())["shards"]
    assert saved[f"{big}#part-00001"]["part"] == {"file": str(big), "number": 1, "unit": "bytes",
                                                   "start": parts[1].start, "end": parts[2].start,
                                                   "first_number": 8}


def test_parquet_splits_by_row_groups_and_compressed_jsonl_stays_whole(tmp_path):
    import gzip

    rows = list(synthetic_records(10, seed=4, chars=200, prefix="rg"))
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "groups.parquet", row_group_size=3)
    with gzip.open(tmp_path / "packed.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    parquet, packed = sorted(list_shards([str(tmp_path)])[0], key=lambda s: s.kind, reverse=True)
    parts = dask_runner.split_for_tasks([parquet], 4)
    assert [(p.start, p.end, p.first_number) for p in parts] == [(0, 2, 1), (2, None, 7)]
    wheres = [i.where for part in parts for i in read_shard(part, ReadOptions())]
    assert wheres == [i.where for i in read_shard(parquet, ReadOptions())] and len(wheres) == 10
    assert dask_runner.split_for_tasks([packed], 4) == [packed]


def test_a_part_of_a_file_changed_since_the_split_is_refused(tmp_path):
    path = tmp_path / "moving.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                            for r in synthetic_records(6, seed=2, chars=100)), encoding="utf-8")
    second = dask_runner.split_for_tasks(list_shards([str(path)])[0], 3)[1]
    path.write_text("x" + path.read_text(encoding="utf-8"), encoding="utf-8")  # every line moves
    with pytest.raises(InputError, match="changed since it was split"):
        list(read_shard(second, ReadOptions()))


def _numbered_corpus(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in
                            synthetic_records(count, seed=5, chars=300, prefix="n", open_vocabulary=True)),
                    encoding="utf-8")
    return path


def test_cli_reports_per_task_splits_a_file_and_the_manifest_records_the_parts(tmp_path):
    from rasd.cli import app

    big, out = _numbered_corpus(tmp_path / "big.jsonl", 10), tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(big), "--dask", "local", "--reports-per-task", "4",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["reports_per_task"] == 4
    parts = sorted(manifest["shards"].values(), key=lambda r: r["part"]["number"])
    assert [(r["part"]["first_number"], r["reports"]) for r in parts] == [(1, 4), (5, 4), (9, 2)]
    single = [e for r in process_items(read_inputs([str(big)])) for e in r.events]
    coded = [e for r in parts for e in read_events(out / r["output"])]
    assert records(coded) == records(single) and coded


def test_reports_per_task_without_dask_is_refused(tmp_path):
    from rasd.cli import app

    result = CliRunner().invoke(app, ["extract", str(_numbered_corpus(tmp_path / "a.jsonl", 2)),
                                      "--reports-per-task", "4"])
    assert result.exit_code == 2 and "--reports-per-task" in result.output


def test_a_rerun_split_otherwise_codes_every_report_once(client, tmp_path):
    big, out = _numbered_corpus(tmp_path / "big.jsonl", 30), tmp_path / "out"
    shards, _ = list_shards([str(big)])
    said: list[str] = []
    for size in (7, 10):  # parts 1-4 of the first run hold other lines than parts 1-4 of the second
        parts = dask_runner.split_for_tasks(shards, size)
        manifest = run_shards(client, parts, str(out), ReadOptions(), task=counting_task, say=said.append,
                              reports_per_task=size)
    assert sorted(manifest.shards) == sorted(p.key for p in parts) and manifest.reports_per_task == 10
    assert sorted(p.name for p in out.glob("*.parquet")) == sorted(p.output_name for p in parts)
    assert any("removed 2 part(s)" in line for line in said)
    coded = [e for part in parts for e in read_events(out / manifest.shards[part.key].output)]
    single, _ = local_events(shards, ReadOptions(), process=fake_process)
    assert records(coded) == records(single) and coded
