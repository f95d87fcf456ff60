"""Fingerprints of rasd's outputs, one per report, to prove a change leaves them byte-identical.

For every report of the dev set, the held-out set, the shared seed (when present) and a
3,000-report open-vocabulary synthetic corpus, the fingerprint is the sha256 (first 16 hex
digits) of its events as `rasd extract` writes them (JSONL) followed by its mentions.
tests/test_output_identity.py compares the installed code against the stored fixture.

    .venv/bin/python scripts/output_hashes.py --write     # regenerate the fixture (one command)
    .venv/bin/python scripts/output_hashes.py             # list the reports whose output changed

Regenerate it whenever outputs change on purpose (an extraction change), in its own commit.
The synthetic corpus comes from src/rasd/scale/synthetic.py, loaded by path, so the script
also runs under an older installed rasd (another virtualenv) to fingerprint the code before
a change: /other/venv/bin/python scripts/output_hashes.py --write.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "output_hashes.json"
CORPORA = {
    "dev": ROOT / "tests" / "data" / "dev.jsonl",
    "heldout": ROOT / "tests" / "data" / "heldout.jsonl",
    "seed": ROOT.parent / "shared" / "gold" / "seed.jsonl",
}
SYNTHETIC = {"name": "open-vocabulary", "count": 3000, "seed": 2026, "chars": 1500}


def load_synthetic():
    spec = importlib.util.spec_from_file_location("rasd_synthetic", ROOT / "src" / "rasd" / "scale" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic_lines() -> Iterator[str]:
    records = load_synthetic().synthetic_records(SYNTHETIC["count"], SYNTHETIC["seed"], SYNTHETIC["chars"],
                                                 prefix="ov", open_vocabulary=True)
    for record in records:
        yield json.dumps(record, ensure_ascii=False)


def corpus_lines(name: str) -> Iterator[str] | None:
    """The JSONL lines of a corpus, or None when its file is absent (the seed lives outside)."""
    if name == SYNTHETIC["name"]:
        return synthetic_lines()
    path = CORPORA[name]
    return iter(path.read_text(encoding="utf-8").splitlines()) if path.exists() else None


def report_hash(report) -> str:
    from rasd.io.writers import write_jsonl
    from rasd.pipeline import annotate_report, extract_report

    class Sink(list):
        write = list.append

    sink = Sink()
    write_jsonl(extract_report(report), sink)
    sink += [json.dumps(m.model_dump(mode="json"), ensure_ascii=False) for m in annotate_report(report)]
    return hashlib.sha256("\n".join(sink).encode()).hexdigest()[:16]


def corpus_hashes(lines: Iterator[str], name: str) -> dict[str, str]:
    from rasd.io.readers import read_jsonl_lines

    out: dict[str, str] = {}
    for item in read_jsonl_lines(lines, name):
        if item.report is None:
            raise SystemExit(f"{name}: unreadable report: {item.error}")
        out[item.report.id] = report_hash(item.report)
    return out


def all_hashes() -> dict[str, dict[str, str]]:
    result = {}
    for name in [*CORPORA, SYNTHETIC["name"]]:
        lines = corpus_lines(name)
        if lines is not None:
            result[name] = corpus_hashes(lines, name)
    return result


def differences(expected: dict, actual: dict) -> list[str]:
    """Reports whose fingerprint differs, per corpus present in both."""
    changed = []
    for name in sorted(expected.keys() & actual.keys()):
        want, got = expected[name], actual[name]
        changed += [f"{name}:{doc_id}" for doc_id in sorted(want.keys() | got.keys())
                    if want.get(doc_id) != got.get(doc_id)]
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write the fixture ({FIXTURE.relative_to(ROOT)})")
    args = parser.parse_args()
    hashes = all_hashes()
    if args.write:
        FIXTURE.write_text(json.dumps(hashes, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {sum(map(len, hashes.values()))} fingerprints to {FIXTURE}")
        return 0
    changed = differences(json.loads(FIXTURE.read_text(encoding="utf-8")), hashes)
    print("\n".join(changed) or "all outputs identical")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
