"""Throughput and memory of rasd at scale: 1 and 2 local processes, and a 2-worker
LocalCluster (on 1,000-report shards, and on the same reports as one file), on 1k, 20k
and 100k synthetic open-vocabulary reports (≈2 KB each; every report brings new words).

    .venv/bin/python benchmarks/bench_scale.py            # 1k, 20k, 100k (long: hours on 2 cores)
    .venv/bin/python benchmarks/bench_scale.py --quick    # 1k and 10k
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000 --modes cli
        # `rasd extract FILE` against `rasd extract FILE --dask local` on one 10k-report file

The corpus is written to JSONL shards of 1,000 reports in a temporary directory
and streamed from there; nothing holds it in memory. Peak RSS is the largest
resident size any one worker process reached (sampled every 0.2 s). Targets: flat
throughput and flat peak RSS as the corpus grows, peak RSS ≤ 250 MB per process
after 100k open-vocabulary reports, and `--dask local` on one file ≥ 1.5× one process.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from rasd.io import writers
from rasd.io.readers import read_inputs
from rasd.scale.dask_runner import WarmUpPlugin, run_shards, split_for_tasks
from rasd.scale.parallel import map_results
from rasd.scale.shards import ReadOptions, list_shards
from rasd.scale.synthetic import write_jsonl_shards

PER_SHARD = 1000


class PeakRss:
    """Samples the resident size of every descendant process (the workers) in a thread,
    but those in ``exclude`` (the idle cluster's, while local processes are measured)."""

    def __init__(self, interval: float = 0.2, exclude: frozenset[int] = frozenset()):
        self.interval, self.peak, self.exclude = interval, 0, exclude
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.interval):
            for child in me.children(recursive=True):
                if child.pid in self.exclude:
                    continue
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except psutil.Error:
                    pass

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Row:
    mode: str
    reports: int
    seconds: float
    events: int
    failed: int
    peak_rss_mb: float
    cpu_seconds: float = 0.0  # CPU time of every process of the run (CLI runs only)

    def line(self) -> str:
        rate = self.reports / self.seconds if self.seconds else 0.0
        cpu = f" {self.cpu_seconds:>9.1f}" if self.cpu_seconds else ""
        return (f"{self.mode:<22} {self.reports:>8,} {self.seconds:>9.1f} {rate:>10.1f} "
                f"{self.events:>9,} {self.failed:>8,} {self.peak_rss_mb:>10.0f}{cpu}")


def cluster_pids(client) -> frozenset[int]:
    workers = set(client.run(os.getpid).values())
    return frozenset(workers | {psutil.Process(pid).ppid() for pid in workers})  # and their nannies


def bench_local(shards: list[Path], workers: int, idle: frozenset[int]) -> Row:
    events = failed = reports = 0
    started = time.perf_counter()
    with PeakRss(exclude=idle) as rss, open(os.devnull, "w", encoding="utf-8") as sink:
        for result in map_results(read_inputs([str(p) for p in shards]), workers):
            reports += 1
            failed += result.error is not None
            events += writers.write_jsonl(result.events, sink)
    return Row(f"{workers} process(es)", reports, time.perf_counter() - started, events, failed,
               rss.peak / 2**20)


def bench_dask(client, shards: list[Path], out: Path, label: str = "dask LocalCluster (2)") -> Row:
    found, _ = list_shards([str(p) for p in shards])
    started = time.perf_counter()
    with PeakRss() as rss:
        manifest = run_shards(client, split_for_tasks(found), str(out), ReadOptions(), say=lambda _: None)
    records = manifest.shards.values()
    return Row(label, sum(r.reports for r in records), time.perf_counter() - started,
               sum(r.events for r in records), sum(r.failed_reports for r in records), rss.peak / 2**20)


def one_file(shards: list[Path], path: Path) -> Path:
    with path.open("wb") as joined:
        for shard in shards:
            with shard.open("rb") as part:
                shutil.copyfileobj(part, joined)
    return path


def bench_cli(path: Path, out: Path, dask: bool, idle: frozenset[int]) -> Row:
    """`rasd extract` itself, start-up and (for Dask) cluster start included."""
    rasd = Path(sys.executable).with_name("rasd")
    command = [str(rasd), "extract", str(path), "-o", str(out)] + (["--dask", "local"] if dask else [])
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with PeakRss(exclude=idle) as rss:
        subprocess.run(command, check=False, capture_output=True)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reports = sum(1 for _ in path.open("rb"))
    events = sum(1 for _ in out.open("rb")) if not dask else _manifest_events(out)
    cpu = sum(getattr(cpu_after, f) - getattr(cpu_before, f) for f in ("ru_utime", "ru_stime"))
    return Row(f"rasd extract{' --dask local' if dask else ''}"[:22], reports, time.perf_counter() - started,
               events, 0, rss.peak / 2**20, cpu)


def _manifest_events(out: Path) -> int:
    import json

    return sum(r["events"] for r in json.loads((out / "manifest.json").read_text())["shards"].values())


MODES = ("local1", "local2", "dask", "dask-file", "cli")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k reports only")
    parser.add_argument("--sizes", type=int, nargs="*", help="corpus sizes (overrides --quick)")
    parser.add_argument("--modes", nargs="*", choices=MODES, default=["local1", "local2", "dask", "dask-file"],
                        help="which runs: 1 process, 2 processes, 2-worker LocalCluster on shards or on "
                             "one file, the CLI on one file (one process and --dask local)")
    parser.add_argument("--closed", action="store_true", help="closed-vocabulary corpus (flatters caches)")
    args = parser.parse_args()
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [1_000, 20_000, 100_000])
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        print(f"writing {max(sizes):,} synthetic reports…", file=sys.stderr)
        shards = write_jsonl_shards(Path(tmp) / "corpus", max(sizes), PER_SHARD, open_vocabulary=not args.closed)
        print(f"{'mode':<22} {'reports':>8} {'seconds':>9} {'reports/s':>10} {'events':>9} "
              f"{'failed':>8} {'peak RSS MB per process':>10} {'CPU s (CLI)':>9}")
        rows: list[Row] = []
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            client.register_plugin(WarmUpPlugin(), name=WarmUpPlugin.name)
            idle = cluster_pids(client)  # not sampled while other modes run
            for size in sizes:
                subset = shards[: max(1, size // PER_SHARD)]
                joined = Path(tmp) / f"one-{size}.jsonl"
                runs = {"local1": lambda: [bench_local(subset, 1, idle)],
                        "local2": lambda: [bench_local(subset, 2, idle)],
                        "dask": lambda: [bench_dask(client, subset, Path(tmp) / f"out-{size}")],
                        "dask-file": lambda: [bench_dask(client, [one_file(subset, joined)],
                                                         Path(tmp) / f"file-out-{size}", "dask (2), one file")],
                        "cli": lambda: [bench_cli(one_file(subset, joined), Path(tmp) / f"cli-{size}.jsonl", False, idle),
                                        bench_cli(joined, Path(tmp) / f"cli-dask-{size}", True, idle)]}
                for mode in args.modes:
                    for row in runs[mode]():
                        rows.append(row)
                        print(row.line(), flush=True)
        print_flatness(rows)
    return 0


def print_flatness(rows: list[Row]) -> None:
    """Throughput and memory at the largest size relative to the smallest, per mode."""
    print()
    for mode in dict.fromkeys(r.mode for r in rows):
        mine = [r for r in rows if r.mode == mode]
        small, large = mine[0], mine[-1]
        ratio = (large.reports / large.seconds) / (small.reports / small.seconds)
        print(f"{mode:<22} throughput ×{ratio:.2f} and peak RSS ×{large.peak_rss_mb / max(small.peak_rss_mb, 1):.2f}"
              f" from {small.reports:,} to {large.reports:,} reports")
    if rows and all(r.failed == r.reports for r in rows):
        print("note: every report failed — the extraction engine is not in place; figures show overhead only")


if __name__ == "__main__":
    sys.exit(main())
