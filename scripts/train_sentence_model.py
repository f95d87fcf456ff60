"""Train the sentence model (src/rasd/data/sentence_model.json) on the visible half of the real
newswire set: python scripts/train_sentence_model.py [--gsr PATH] [--min-count N]

Uses the ASSAULT-family rows of ../shared/real/gsr-dev.jsonl (MIT, © 2018 Open Event Data
Alliance, openeventdata/arabic_event_gsr) that the rules accept (an assault event extracted
without the model): the model learns what tells the rules' true accepts from their false
ones, with their base rate, not the newswire's. Check the gain first with
benchmarks/measure_sentence_model.py (held-out folds).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from datetime import date

from rasd.assemble.sentence_model import MODEL_FILE, train
from rasd.lexicon.loader import data_path
from rasd.model import Report
from rasd.pipeline import extract_report

ASSAULT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def accepted_by_rules(row: dict) -> bool:
    report = Report(id=row["id"], text=row["text"], published=date.fromisoformat(row["published"]))
    return any(e.event_type in ASSAULT for e in extract_report(report, use_model=False))

DEFAULT_GSR = Path(__file__).resolve().parents[2] / "shared" / "real" / "gsr-dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gsr", type=Path, default=DEFAULT_GSR)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.gsr.read_text(encoding="utf-8").splitlines() if line.strip()]
    accepted = [r for r in rows if r["family"] == "ASSAULT" and accepted_by_rules(r)]
    model = train(((r["text"], r["label"] == "yes") for r in accepted), args.min_count)
    out = data_path(MODEL_FILE)
    out.write_text(json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{out}: {len(model.weights)} features, {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
