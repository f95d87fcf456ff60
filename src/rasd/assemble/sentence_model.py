"""A small naive Bayes model of whether a sentence reports an assault (data/sentence_model.json).

Trained by scripts/train_sentence_model.py on the visible half of a labelled real-newswire set
(ASSAULT family). Alone it is weak; as a veto on candidates the rules accept it raised
held-out-fold F1 (benchmarks/measure_sentence_model.py), so the factuality stage consults
it for the violent families only. Features: the words and word pairs of the sentence, tokenised as the pipeline tokenises.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable, Sequence

from rasd.lexicon.loader import data_path
from rasd.lexicon.matcher import tokenize
from rasd.text.normalize import normalize

MODEL_FILE = "sentence_model.json"
_NO_PAIRS: dict[str, float] = {}


def word_features(words: Sequence[str]) -> set[str]:
    """The words and word pairs of a sentence, as the tokeniser splits its normalised text."""
    return set(words) | {f"{a}_{b}" for a, b in zip(words, words[1:])}


def features(text: str) -> set[str]:
    return word_features([t.text for t in tokenize(normalize(text).text)])


@dataclass(frozen=True)
class SentenceModel:
    prior: float  # log odds of a positive sentence
    weights: dict[str, float]  # log likelihood ratio of each kept feature
    unseen: float  # log likelihood ratio of a feature the model never kept

    def positive(self, text: str) -> bool:
        return self.positive_words([t.text for t in tokenize(normalize(text).text)])

    def positive_words(self, words: Sequence[str]) -> bool:
        # word_features' pairs looked up as (a, b) (words hold no "_"): no string is built per pair
        weights, pairs, unseen = self.weights, self._pair_weights, self.unseen
        score = self.prior + sum(weights.get(word, unseen) for word in set(words))
        return score + sum(pairs.get(a, _NO_PAIRS).get(b, unseen) for a, b in set(zip(words, words[1:]))) > 0

    @cached_property
    def _pair_weights(self) -> dict[str, dict[str, float]]:
        """The weights of word pairs ("a_b"), by first word then second."""
        pairs: dict[str, dict[str, float]] = {}
        for feature, weight in self.weights.items():
            first, sep, second = feature.partition("_")
            if sep:
                pairs.setdefault(first, {})[second] = weight
        return pairs

    def to_json(self) -> dict:
        return {"prior": self.prior, "unseen": self.unseen, "weights": self.weights}


def train(samples: Iterable[tuple[str, bool]], min_count: int = 1) -> SentenceModel:
    """Multinomial naive Bayes over feature presence, add-one smoothed; features seen fewer
    than ``min_count`` times are folded into the unseen weight (a smaller file)."""
    counts, docs = {True: Counter(), False: Counter()}, Counter()
    for text, label in samples:
        docs[label] += 1
        counts[label].update(features(text))
    vocab = len(set(counts[True]) | set(counts[False]))
    totals = {k: sum(v.values()) + vocab for k, v in counts.items()}
    ratio = lambda f: (math.log((counts[True][f] + 1) / totals[True])  # noqa: E731
                       - math.log((counts[False][f] + 1) / totals[False]))
    kept = {f for f in set(counts[True]) | set(counts[False]) if counts[True][f] + counts[False][f] >= min_count}
    return SentenceModel(math.log((docs[True] + 1) / (docs[False] + 1)), {f: round(ratio(f), 4) for f in kept},
                         round(math.log(totals[False] / totals[True]), 4))


@lru_cache(maxsize=1)
def sentence_model() -> SentenceModel:
    import json

    raw = json.loads(data_path(MODEL_FILE).read_text(encoding="utf-8"))
    return SentenceModel(float(raw["prior"]), raw["weights"], float(raw["unseen"]))


def labelled_rows(path) -> list[dict]:
    """The rows of a labelled sentence file (``gsr-dev.jsonl``), each with ``rules``: the event
    types rasd's rules (without this model) extract from it. For training and measuring."""
    import json
    from datetime import date
    from pathlib import Path

    from rasd.model import Report
    from rasd.pipeline import extract_report

    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        report = Report(id=row["id"], text=row["text"], published=date.fromisoformat(row["published"]))
        row["rules"] = {e.event_type for e in extract_report(report, use_model=False)}
    return rows
