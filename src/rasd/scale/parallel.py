"""The pipeline on N local processes, results in input order, memory flat.

Reports are sent to a process pool in small chunks with a bounded number of
chunks in flight, so reading, coding and writing overlap and a corpus of
millions of reports never sits in memory. Each worker warms up (loads lexicons
and gazetteer) once, in the pool's initializer. If a worker dies (segfault,
out-of-memory kill) the reports it held are re-run one at a time in a fresh
pool: the one that kills its worker again becomes that report's error, and the
rest of the batch goes on.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Callable, Iterable, Iterator

from rasd.io.readers import ReadItem
from rasd.pipeline import ReportResult, process_item
from rasd.scale.warmup import warm_up

ProcessFn = Callable[[ReadItem], ReportResult]

CHUNK_SIZE = 8  # reports per task: amortises pickling and IPC over a few reports
CHUNKS_PER_WORKER = 4  # in-flight chunks per worker: keeps workers busy, memory bounded
# forkserver, not fork: the parent may run threads (Dask client, HTTP), which fork copies badly.
START_METHOD = "forkserver"



def resolve_workers(workers: int) -> int:
    """``workers`` as a process count: 0 means every core."""
    if workers < 0:
        raise ValueError(f"workers must be 0 (all cores) or more, not {workers}")
    return workers or os.cpu_count() or 1


def crash_result(item: ReadItem, problem: str) -> ReportResult:
    """The error result for a report whose worker failed, naming the report."""
    doc_id = item.report.id if item.report is not None else None
    return ReportResult(item.where, doc_id, error=f"{item.where}: {problem}")


def _process_chunk(process: ProcessFn, chunk: list[ReadItem]) -> list[ReportResult]:
    return [process(item) for item in chunk]


class _Pool:
    """A process pool that can be replaced when a worker death breaks it."""

    def __init__(self, workers: int):
        self.workers = workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(START_METHOD)
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=warm_up)

    def submit(self, process: ProcessFn, chunk: list[ReadItem]) -> Future:
        return self.executor.submit(_process_chunk, process, chunk)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _run_alone(pool: _Pool, process: ProcessFn, item: ReadItem) -> ReportResult:
    """One report on its own, so a crash is pinned on the report that caused it."""
    try:
        return pool.submit(process, [item]).result()[0]
    except BrokenProcessPool:
        pool.restart()
        return crash_result(item, "the worker process died while coding this report")
    except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
        return crash_result(item, f"internal error in worker ({type(exc).__name__}: {exc})")


def map_results(items: Iterable[ReadItem], workers: int, *, process: ProcessFn = process_item,
                chunk_size: int = CHUNK_SIZE) -> Iterator[ReportResult]:
    """``process`` applied to every item on ``workers`` processes, in input order.

    Gives the same results as :func:`rasd.pipeline.process_items`; ``workers``
    0 means one process per core.
    """
    pool = _Pool(resolve_workers(workers))
    window = pool.workers * CHUNKS_PER_WORKER
    in_flight: deque[tuple[list[ReadItem], Future]] = deque()
    source = iter(items)
    try:
        while chunk := list(islice(source, chunk_size)):
            in_flight.append((chunk, pool.submit(process, chunk)))
            while len(in_flight) >= window:
                yield from _drain_head(pool, process, in_flight)
        while in_flight:
            yield from _drain_head(pool, process, in_flight)
    finally:
        pool.close()


def _drain_head(pool: _Pool, process: ProcessFn,
                in_flight: deque[tuple[list[ReadItem], Future]]) -> Iterator[ReportResult]:
    chunk, future = in_flight.popleft()
    try:
        yield from future.result()
        return
    except BrokenProcessPool:
        # Every chunk in flight died with the pool: re-run them all, one report at a time.
        stranded = [chunk] + [pending for pending, _ in in_flight]
        in_flight.clear()
        pool.restart()
    except Exception:  # noqa: BLE001 - find which report of the chunk is at fault
        stranded = [chunk]
    for lost in stranded:
        for item in lost:
            yield _run_alone(pool, process, item)
