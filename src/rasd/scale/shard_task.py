"""Coding one input shard into one Parquet partition: the unit of work on a Dask worker.

Per-report failures are collected, not raised. Anything that stops the shard
itself (unreadable file, lost storage) raises, so the scheduler can retry it;
the partition is written under a temporary name and moved into place only when
complete, so a half-written file never looks finished.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Callable

import fsspec

from rasd.io.readers import ReadItem
from rasd.pipeline import ReportResult, process_item
from rasd.scale.event_table import EventPartWriter
from rasd.scale.manifest import MAX_LISTED_ERRORS
from rasd.scale.shards import ReadOptions, Shard, read_shard
from rasd.scale.warmup import warm_up

ProcessFn = Callable[[ReadItem], ReportResult]


@dataclass
class ShardOutcome:
    """What coding one shard produced (sent back to the client)."""

    url: str
    output: str
    reports: int = 0
    events: int = 0
    failed_reports: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, result: ReportResult) -> None:
        self.reports += 1
        if result.error is None:
            return
        self.failed_reports += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(result.error)


def code_shard(shard: Shard, out_root: str, options: ReadOptions,
               process: ProcessFn = process_item) -> ShardOutcome:
    """Code every report of ``shard`` and write its events to ``out_root``/<partition>."""
    warm_up()  # a no-op where the worker plugin already warmed this process
    started = time.perf_counter()
    fs, root = fsspec.core.url_to_fs(out_root)
    final = f"{root.rstrip('/')}/{shard.output_name}"
    temporary = f"{final}.{uuid.uuid4().hex}.tmp"
    outcome = ShardOutcome(shard.url, shard.output_name)
    try:
        with fs.open(temporary, "wb") as handle:
            writer = EventPartWriter(handle)
            for item in read_shard(shard, options):
                result = process(item)
                outcome.add(result)
                writer.add(result.events)
            writer.close()
        fs.mv(temporary, final)
    except BaseException:
        if fs.exists(temporary):
            fs.rm(temporary)
        raise
    outcome.events = writer.count
    outcome.seconds = round(time.perf_counter() - started, 3)
    return outcome
