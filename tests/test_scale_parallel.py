"""rasd.scale.parallel.map_results: same results as one process, in order, crash-proof."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pytest

from rasd.errors import InputError
from rasd.io.readers import ReadItem, make_report
from rasd.model import Event
from rasd.pipeline import ReportResult, process_items
from rasd.scale import parallel, warmup
from rasd.scale.parallel import map_results, resolve_workers

TEXTS = [
    "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين.",
    "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة على محور بلدة الكبانة في ريف اللاذقية.",
    "انفجرت عبوة ناسفة بسيارة عسكرية على طريق دير الزور الميادين، ما أسفر عن مقتل عنصرين.",
    "تظاهر مئات الأهالي في مدينة السويداء مطالبين بتحسين الأوضاع المعيشية.",
]
CRASH_MARK = "انهيار"


def item(number: int, text: str | None = None) -> ReadItem:
    where = f"corpus.jsonl:{number}"
    report = make_report(where, f"r{number}", text or TEXTS[number % len(TEXTS)], date(2024, 3, 1))
    return ReadItem(where, report=report)


def bad_item(number: int) -> ReadItem:
    where = f"corpus.jsonl:{number}"
    return ReadItem(where, error=InputError(where, "malformed JSON"))


def fake_process(read: ReadItem) -> ReportResult:
    """A stand-in extractor: one event per sentence, deterministic, or a worker crash."""
    if read.error is not None:
        return ReportResult(read.where, None, error=str(read.error))
    report = read.report
    if CRASH_MARK in report.text:
        os._exit(3)  # a segfault or OOM kill, as the pool sees it
    sentences = [s for s in report.text.split("،") if s.strip()]
    events = [Event(doc_id=report.id, event_date=report.published, disorder_type="Political violence",
                    event_type="Battles", sub_event_type="Armed clash", actor1=f"actor {n}",
                    notes=sentence.strip()) for n, sentence in enumerate(sentences)]
    return ReportResult(read.where, report.id, events)


def raising_process(read: ReadItem) -> ReportResult:
    if read.report is not None and read.report.id == "r2":
        raise RuntimeError("bug outside process_item's guard")
    return fake_process(read)


def as_records(results):
    return [(r.where, r.doc_id, r.error, [e.to_record() for e in r.events]) for r in results]


def test_resolve_workers():
    assert resolve_workers(0) == os.cpu_count()
    assert resolve_workers(3) == 3
    with pytest.raises(ValueError):
        resolve_workers(-1)


def test_same_results_in_input_order_as_one_process():
    items = [item(n) for n in range(60)] + [bad_item(60)] + [item(n) for n in range(61, 90)]
    expected = as_records(map(fake_process, items))
    got = as_records(map_results(iter(items), 2, process=fake_process, chunk_size=3))
    assert got == expected
    assert got[60][2] == "corpus.jsonl:60: malformed JSON"
    assert sum(len(r[3]) for r in got) > 90


def test_real_pipeline_matches_process_items():
    items = [item(n) for n in range(8)] + [bad_item(8)]
    expected = as_records(process_items(items))
    assert as_records(map_results(items, 2)) == expected


def test_worker_crash_becomes_that_reports_error_and_the_batch_goes_on():
    items = [item(n) for n in range(30)]
    items[13] = item(13, "تقرير يسبب " + CRASH_MARK + " العامل في مدينة حلب الشمالية.")
    results = list(map_results(items, 2, process=fake_process, chunk_size=4))
    assert [r.where for r in results] == [i.where for i in items]
    assert results[13].error == "corpus.jsonl:13: the worker process died while coding this report"
    assert results[13].doc_id == "r13"
    others = [r for n, r in enumerate(results) if n != 13]
    assert all(r.error is None and r.events for r in others)
    assert as_records(others) == as_records(fake_process(i) for n, i in enumerate(items) if n != 13)


def test_exception_escaping_the_worker_is_that_reports_error():
    items = [item(n) for n in range(6)]
    results = list(map_results(items, 2, process=raising_process, chunk_size=3))
    assert [r.doc_id for r in results] == [f"r{n}" for n in range(6)]
    assert "RuntimeError" in results[2].error and results[2].error.startswith("corpus.jsonl:2:")
    assert all(r.error is None for n, r in enumerate(results) if n != 2)


def test_workers_warm_up_once_in_the_initializer():
    context = parallel.multiprocessing.get_context(parallel.START_METHOD)
    with ProcessPoolExecutor(2, mp_context=context, initializer=warmup.warm_up) as pool:
        counts = [pool.submit(warmup.warmups_done).result() for _ in range(6)]
    assert counts == [1] * 6


def test_stream_is_consumed_lazily():
    pulled = 0

    def endless():
        nonlocal pulled
        number = 0
        while True:
            pulled += 1
            yield item(number)
            number += 1

    results = map_results(endless(), 2, process=fake_process, chunk_size=2)
    first = [next(results) for _ in range(5)]
    results.close()
    assert [r.doc_id for r in first] == ["r0", "r1", "r2", "r3", "r4"]
    assert pulled <= 2 * (2 * parallel.CHUNKS_PER_WORKER + 3)  # window + a few chunks, not the stream


def test_read_errors_survive_pickling():
    import pickle

    from rasd.errors import ExtractionError

    for error in (InputError("a.jsonl:3", "malformed JSON"), ExtractionError("doc", "no text")):
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), copy.where, copy.problem, str(copy)) == (type(error), error.where,
                                                                      error.problem, str(error))
