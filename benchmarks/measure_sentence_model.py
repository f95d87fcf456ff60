"""Measure, then choose: does a small statistical sentence classifier beat the factuality rules?

Trains the sentence model (rasd/assemble/sentence_model.py: naive Bayes on the normalised
words and word pairs) on the visible
half of the real newswire set (../shared/real/gsr-dev.jsonl), with 5 folds split by source
document, and compares on each held-out fold: the rules alone (rasd's extraction), the model
alone, and both (a sentence the rules accept and the model does not reject). As in
scripts/train_sentence_model.py, the model learns from the sentences the rules accept. Prints F1 per
family. Pure Python, no dependency. The rules are run without the shipped model (it was trained on
these very sentences).

Run: python benchmarks/measure_sentence_model.py [--gsr PATH]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from rasd.assemble.sentence_model import labelled_rows, train

FAMILIES = {"ASSAULT": {"Battles", "Explosions/Remote violence", "Violence against civilians"},
            "PROTEST": {"Protests", "Riots"}}
FOLDS = 5
DEFAULT_GSR = Path(__file__).resolve().parents[2] / "shared" / "real" / "gsr-dev.jsonl"


def f1(pairs: list[tuple[bool, bool]]) -> float:
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gsr", type=Path, default=DEFAULT_GSR)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()
    rows = labelled_rows(args.gsr)
    for family, types in FAMILIES.items():
        subset = [r for r in rows if r["family"] == family]
        fold_of = {doc: i % FOLDS for i, doc in enumerate(sorted({r["id"].rsplit("-", 1)[0] for r in subset}))}
        results = {"rules": [], "model": [], "both": []}
        for fold in range(FOLDS):
            test = [r for r in subset if fold_of[r["id"].rsplit("-", 1)[0]] == fold]
            model = train(((r["text"], r["label"] == "yes") for r in subset  # as the shipped one: on
                           if fold_of[r["id"].rsplit("-", 1)[0]] != fold and r["rules"] & types),  # accepts
                          args.min_count)
            for row in test:
                gold, rules = row["label"] == "yes", bool(row["rules"] & types)
                said = model.positive(row["text"])
                results["rules"].append((rules, gold))
                results["model"].append((said, gold))
                results["both"].append((rules and said, gold))
        print(family, "  ".join(f"{name} F1={f1(pairs):.3f}" for name, pairs in results.items()))


if __name__ == "__main__":
    main()
