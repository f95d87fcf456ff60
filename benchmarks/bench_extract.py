"""Extraction speed and memory on one process: start-up, reports/s on ~2 KB reports, peak RSS.

Targets (issue 2): start-up (import + gazetteer load) ≤ 1.5 s, ≥ 100 reports/s, RSS ≤ 500 MB.
Run: python benchmarks/bench_extract.py [--reports N]
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from datetime import date

STARTUP = ("import time; t=time.perf_counter(); import rasd; from rasd.gazetteer.index import Gazetteer; "
           "from rasd.lexicon.compiled import lexicons; Gazetteer.load(); lexicons(); "
           "print(time.perf_counter()-t)")


def startup_seconds() -> float:
    subprocess.run([sys.executable, "-c", STARTUP], check=True, capture_output=True)  # warm the cache
    runs = [float(subprocess.run([sys.executable, "-c", STARTUP], check=True, capture_output=True,
                                 text=True).stdout) for _ in range(3)]
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=1150, help="characters a report (~2 KB UTF-8)")
    args = parser.parse_args()
    print(f"start-up (import + gazetteer + lexicons, warm cache): {startup_seconds():.2f} s (target ≤ 1.5 s)")

    import random

    from rasd.model import Report
    from rasd.pipeline import extract_report
    from rasd.scale.synthetic import synthetic_text

    rng = random.Random(7)
    reports = [Report(id=f"b{i}", text=synthetic_text(rng, args.chars), published=date(2023, 11, 13))
               for i in range(args.reports)]
    extract_report(reports[0])
    started, cpu_started = time.perf_counter(), time.process_time()
    events = sum(len(extract_report(r)) for r in reports)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    size = sum(len(r.text.encode()) for r in reports) / len(reports)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(reports)} reports of {size / 1024:.1f} KB: {len(reports) / elapsed:.0f} reports/s "
          f"wall clock, {len(reports) / cpu:.0f} reports/s of CPU time (target ≥ 100), {events} events")
    print(f"peak RSS: {rss:.0f} MB (target ≤ 500 MB)")


if __name__ == "__main__":
    main()
