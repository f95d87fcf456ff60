"""Extraction speed on one process: start-up, then reports/s, KB/s and CPU time per corpus.

Corpora (synthetic, seeded): "closed" recombines a few dozen sentences (~2 KB reports; every
cache is warm after a few reports, which flatters the figure); "open" also fills templates with
made-up place, actor and filler words, so every report brings new words as real corpora do
(~2 KB, ~20 KB and ~80 KB reports). Each case runs in a fresh child process, three times; the
figure is the minimum CPU time (the machine is shared: wall clock measures the neighbours).
Each code runs its reports as its own batch paths (`rasd extract`, `ingest`, workers) do:
under `rasd.pipeline.batch_collection` where that exists (the garbage collector tuned for
batches), plainly in older code.

    .venv/bin/python benchmarks/bench_extract.py                       # this checkout
    .venv/bin/python benchmarks/bench_extract.py --before /other/venv/bin/python
        # the same corpora on another installed rasd (e.g. an earlier commit), interleaved

Targets (issue 10): open-vocabulary throughput ≥ 1.8× the code before it; KB/s on 80 KB reports
within 25% of KB/s on 2 KB reports; start-up ≤ 1.5 s (issue 2).
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP = ("import time; t=time.perf_counter(); import rasd; from rasd.gazetteer.index import Gazetteer; "
           "from rasd.lexicon.compiled import lexicons; Gazetteer.load(); lexicons(); "
           "print(time.perf_counter()-t)")
# (name, open vocabulary, characters a report, reports at --scale 1)
CASES = (("closed 2 KB", False, 1150, 1000), ("open 2 KB", True, 1150, 1000),
         ("open 20 KB", True, 11500, 100), ("open 80 KB", True, 46000, 25))


def synthetic_module():
    """The generator of this checkout, loaded by path: an older rasd may not have it."""
    spec = importlib.util.spec_from_file_location("rasd_synthetic", ROOT / "src" / "rasd" / "scale" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_corpus(path: Path, open_vocabulary: bool, chars: int, count: int) -> None:
    records = synthetic_module().synthetic_records(count + 1, seed=7, chars=chars, prefix="b",
                                                   open_vocabulary=open_vocabulary)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:  # the first report warms the process up and is not timed
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def measure(corpus: Path) -> dict:
    """Run in the child: extract every report of ``corpus`` but the first, timed."""
    from datetime import date

    from rasd.model import Report
    from rasd.pipeline import extract_report
    try:  # what every batch path of this rasd runs under (absent in older code)
        from rasd.pipeline import batch_collection
    except ImportError:
        batch_collection = contextlib.nullcontext

    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    reports = [Report(id=r["id"], text=r["text"], published=date.fromisoformat(r["published"]))
               for r in records]
    extract_report(reports[0])
    with batch_collection():
        started, cpu_started = time.perf_counter(), time.process_time()
        events = sum(len(extract_report(r)) for r in reports[1:])
    return {"cpu": time.process_time() - cpu_started, "wall": time.perf_counter() - started,
            "reports": len(reports) - 1, "kb": sum(len(r.text.encode()) for r in reports[1:]) / 1024,
            "events": events, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(python: str, corpus: Path) -> dict:
    done = subprocess.run([python, __file__, "--measure", str(corpus)], check=True, capture_output=True,
                          text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def startup_seconds(python: str) -> float:
    subprocess.run([python, "-c", STARTUP], check=True, capture_output=True)  # warm the cache
    return min(float(subprocess.run([python, "-c", STARTUP], check=True, capture_output=True,
                                    text=True).stdout) for _ in range(3))


def line(case: str, code: str, best: dict) -> str:
    return (f"{case:<12} {code:<7} {best['reports']:>7} {best['kb'] / best['reports']:>8.1f} "
            f"{best['reports'] / best['cpu']:>10.1f} {best['kb'] / best['cpu']:>8.0f} {best['cpu']:>7.2f} "
            f"{best['events']:>7} {best['rss_mb']:>7.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="python of another rasd install to compare with, in the same run")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every case's report count")
    parser.add_argument("--runs", type=int, default=3, help="runs per case and code (the minimum counts)")
    parser.add_argument("--cases", nargs="*", choices=[c[0] for c in CASES], default=[c[0] for c in CASES])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    codes = {"after": sys.executable, **({"before": args.before} if args.before else {})}
    for code, python in codes.items():
        print(f"start-up ({code}: import + gazetteer + lexicons, warm cache): {startup_seconds(python):.2f} s")
    print(f"{'case':<12} {'code':<7} {'reports':>7} {'KB each':>8} {'reports/s':>10} {'KB/s':>8} "
          f"{'CPU s':>7} {'events':>7} {'RSS MB':>7}   (per CPU second, min of {args.runs})")
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        for case, open_vocabulary, chars, count in CASES:
            if case not in args.cases:
                continue
            corpus = Path(tmp) / "corpus.jsonl"
            write_corpus(corpus, open_vocabulary, chars, max(2, round(count * args.scale)))
            runs: dict[str, list[dict]] = {code: [] for code in codes}
            for _ in range(args.runs):
                for code, python in codes.items():  # interleaved: both see the same load
                    runs[code].append(run_child(python, corpus))
            best = {code: min(results, key=lambda r: r["cpu"]) for code, results in runs.items()}
            for code in codes:
                print(line(case, code, best[code]), flush=True)
            if "before" in best:
                print(f"{case:<12} after/before CPU throughput ×{best['before']['cpu'] / best['after']['cpu']:.2f}"
                      f"{'' if best['before']['events'] == best['after']['events'] else ' (event counts differ!)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
