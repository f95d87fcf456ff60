"""`rasd extract --dask ADDRESS`: a sharded corpus coded on a Dask cluster.

One task per input shard — large files split into parts of about REPORTS_PER_TASK
reports, so one big file keeps every worker busy — each writing one Parquet
partition, and a manifest recording every shard's (or part's) fate. A shard whose task fails (its file unreadable, its
worker killed) is submitted again, up to MAX_ATTEMPTS in all, then reported as
failed — never silently dropped. Finished shards are skipped on a re-run.
Workers load lexicons and gazetteer once, when they join (a worker plugin).
"""
from __future__ import annotations

import re
import sys
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator, Optional

import fsspec
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from rasd.errors import RasdError
from rasd.scale.manifest import (Manifest, ShardRecord, load_manifest, options_record, part_record,
                                 save_manifest)
from rasd.scale.shard_task import ShardOutcome, code_shard
from rasd.scale.shards import ReadOptions, Shard, list_shards, split_shard
from rasd.scale.warmup import warm_up

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2
MAX_ATTEMPTS = 3
# Reports a task codes: enough to make its fixed cost (a task, a partition) negligible, few
# enough that a 10k-report file gives two workers 20 tasks to share.
REPORTS_PER_TASK = 500
CONNECT_TIMEOUT = "20s"
Say = Callable[[str], None]
ShardTask = Callable[[Shard, str, ReadOptions], ShardOutcome]


class WarmUpPlugin(WorkerPlugin):
    """Loads the pipeline's data once in every worker process, as it joins."""

    name = "rasd-warm-up"

    def setup(self, worker) -> None:  # noqa: ARG002 - the WorkerPlugin interface
        warm_up()


def say_on_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def output_root(out: Path | str) -> str:
    """The output location as an fsspec URL; undoes Path's folding of "s3://b" into "s3:/b"."""
    text = str(out)
    return re.sub(r"^([A-Za-z][\w+.-]+):/(?!/)", r"\1://", text)


@contextmanager
def connect(address: str, workers: Optional[int] = None) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a fresh LocalCluster for "local"."""
    if address == "local":
        with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(address, timeout=CONNECT_TIMEOUT) as client:
            yield client


class _ShardRuns:
    """Submits shard tasks and resubmits failed ones, counting attempts per shard."""

    def __init__(self, client: Client, task: ShardTask, out_root: str, options: ReadOptions):
        self.client, self.task, self.out_root, self.options = client, task, out_root, options
        self.attempts: dict[str, int] = {}
        self.pending: dict = {}  # future -> shard

    def submit(self, shard: Shard):
        attempt = self.attempts[shard.key] = self.attempts.get(shard.key, 0) + 1
        key = f"rasd-shard-{shard.output_name}-{attempt}-{uuid.uuid4().hex[:8]}"
        future = self.client.submit(self.task, shard, self.out_root, self.options, key=key, pure=False)
        self.pending[future] = shard
        return future


def run_shards(client: Client, shards: list[Shard], out_root: str, options: ReadOptions, *,
               task: ShardTask = code_shard, max_attempts: int = MAX_ATTEMPTS,
               say: Say = say_on_stderr, reports_per_task: Optional[int] = None) -> Manifest:
    """Code every unfinished shard on the cluster; return the updated (saved) manifest
    (``reports_per_task``: the size the files were split by, recorded in it)."""
    fs, root = fsspec.core.url_to_fs(out_root)
    fs.makedirs(root, exist_ok=True)
    manifest, warning = load_manifest(out_root)
    if warning:
        say(f"warning: {warning}")
    _drop_other_splits(manifest, shards, out_root, say)
    if manifest.options != options_record(options):
        manifest = Manifest(options=options_record(options))  # other options, other events: redo all
    manifest.reports_per_task = reports_per_task
    outputs = _existing_outputs(out_root)
    todo = [s for s in shards if not manifest.is_finished(s, outputs)]
    if len(todo) < len(shards):
        say(f"skipping {len(shards) - len(todo)} finished shard(s) (see {out_root}/manifest.json)")
    runs = _ShardRuns(client, task, out_root, options)
    queue = as_completed([runs.submit(shard) for shard in todo])
    for future in queue:
        shard = runs.pending.pop(future)
        attempts = runs.attempts[shard.key]
        if future.status == "finished":
            manifest.shards[shard.key] = _done_record(shard, future.result(), attempts)
        else:
            problem = _one_line(future.exception())
            if attempts < max_attempts:
                say(f"{shard.key}: attempt {attempts} failed ({problem}); retrying")
                queue.add(runs.submit(shard))
                continue
            manifest.shards[shard.key] = ShardRecord(status="failed", part=part_record(shard),
                                                     fingerprint=shard.fingerprint, error=problem,
                                                     attempts=attempts)
        _say_shard(say, shard, manifest.shards[shard.key])
        save_manifest(out_root, manifest)
    save_manifest(out_root, manifest)
    return manifest


def _drop_other_splits(manifest: Manifest, shards: list[Shard], out_root: str, say: Say) -> None:
    """Parts of this run's files cut another way by an earlier run (another --reports-per-task,
    a file grown or shrunk since): their partitions would repeat or miss reports, so they go."""
    planned, files = {s.key for s in shards}, {s.url for s in shards}
    stale = [key for key, record in manifest.shards.items()
             if key not in planned and (record.part.file if record.part else key) in files]
    fs, root = fsspec.core.url_to_fs(out_root)
    for key in stale:
        output = manifest.shards.pop(key).output
        if output and fs.exists(f"{root}/{output}"):
            fs.rm(f"{root}/{output}")
    if stale:
        say(f"removed {len(stale)} part(s) of an earlier run that split the same file(s) otherwise")


def _existing_outputs(out_root: str) -> set[str]:
    fs, root = fsspec.core.url_to_fs(out_root)
    return {name.rsplit("/", 1)[-1] for name in fs.ls(root, detail=False)} if fs.exists(root) else set()


def _done_record(shard: Shard, outcome: ShardOutcome, attempts: int) -> ShardRecord:
    return ShardRecord(status="done", part=part_record(shard), fingerprint=shard.fingerprint,
                       output=outcome.output, reports=outcome.reports, events=outcome.events,
                       failed_reports=outcome.failed_reports, errors=outcome.errors,
                       attempts=attempts, seconds=outcome.seconds)


def _say_shard(say: Say, shard: Shard, record: ShardRecord) -> None:
    if record.status == "failed":
        say(f"error: {shard.key}: shard failed after {record.attempts} attempt(s): {record.error}")
        return
    for error in record.errors:
        say(f"error: {error}")
    if record.failed_reports > len(record.errors):
        say(f"error: {shard.key}: {record.failed_reports - len(record.errors)} more failed report(s)")
    say(f"{shard.key}: {record.reports} report(s), {record.events} event(s), "
        f"{record.failed_reports} failed → {record.output}")


def _one_line(error: BaseException | None) -> str:
    text = str(error) if error is not None else "unknown error"
    return " ".join(f"{type(error).__name__}: {text}".split()) if not isinstance(error, RasdError) else text


def summarise(manifest: Manifest, shards: list[Shard], input_problems: int, say: Say) -> int:
    """Print the totals for this corpus; the exit code: 1 if any input, shard or report failed."""
    records = [manifest.shards.get(shard.key) for shard in shards]
    done = [r for r in records if r is not None and r.status == "done"]
    failed_shards = len(records) - len(done)
    failed_reports = sum(r.failed_reports for r in done)
    say(f"{len(done)} of {len(shards)} shard(s) done, {failed_shards} failed; "
        f"{sum(r.reports for r in done)} report(s), {sum(r.events for r in done)} event(s), "
        f"{failed_reports} failed report(s) (listed in manifest.json)")
    return EXIT_PARTIAL if input_problems or failed_shards or failed_reports else EXIT_OK


def split_for_tasks(shards: list[Shard], reports_per_task: int = REPORTS_PER_TASK) -> list[Shard]:
    """Large shards as parts of about ``reports_per_task`` reports; a file that cannot be
    looked into stays whole (its task then fails and is reported)."""
    parts: list[Shard] = []
    for shard in shards:
        try:
            parts += split_shard(shard, reports_per_task)
        except (OSError, ValueError, ImportError):
            parts.append(shard)
    return parts


def run_extract_on_dask(inputs: list[str], out: Path | None, address: str, published: date | None,
                        source: str | None, max_chars: int, reports_per_task: Optional[int] = None) -> int:
    """Code the sharded corpus ``inputs`` on the Dask cluster at ``address`` ("local" for a
    LocalCluster) into Parquet partitions plus manifest.json in ``out``, files split into
    tasks of ``reports_per_task`` reports (default REPORTS_PER_TASK); return the exit code."""
    say = say_on_stderr
    reports_per_task = reports_per_task or REPORTS_PER_TASK
    if out is None or str(out) == "-":
        say("rasd: --dask needs --out DIR (one Parquet partition per input shard goes there)")
        return EXIT_FATAL
    root = output_root(out)
    shards, problems = list_shards(inputs)
    shards = split_for_tasks(shards, reports_per_task)
    for problem in problems:
        say(f"error: {problem}")
    if not shards:
        say("rasd: no input shards to code")
        return EXIT_FATAL
    try:
        fs, path = fsspec.core.url_to_fs(root)
        fs.makedirs(path, exist_ok=True)
    except (OSError, ValueError, ImportError) as exc:
        say(f"rasd: cannot write {root}: {exc}")
        return EXIT_FATAL
    options = ReadOptions(published, source, max_chars)
    try:
        with connect(address) as client:
            client.register_plugin(WarmUpPlugin(), name=WarmUpPlugin.name)
            manifest = run_shards(client, shards, root, options, say=say, reports_per_task=reports_per_task)
    except (OSError, TimeoutError) as exc:
        say(f"rasd: cannot use the Dask cluster at {address}: {_one_line(exc)}")
        return EXIT_FATAL
    return summarise(manifest, shards, len(problems), say)
