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

from rasd.assemble.sentence_model import MODEL_FILE, labelled_rows, train
from rasd.lexicon.loader import data_path

ASSAULT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}

DEFAULT_GSR = Path(__file__).resolve().parents[2] / "shared" / "real" / "gsr-dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gsr", type=Path, default=DEFAULT_GSR)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()
    accepted = [r for r in labelled_rows(args.gsr) if r["family"] == "ASSAULT" and r["rules"] & ASSAULT]
    model = train(((r["text"], r["label"] == "yes") for r in accepted), args.min_count)
    out = data_path(MODEL_FILE)
    out.write_text(json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{out}: {len(model.weights)} features, {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
