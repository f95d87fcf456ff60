"""How often a gazetteer name is written as an ordinary Arabic word (build time).

The decision "is صاحب here the village or the word 'owner'?" weighs the name's
frequency as a word against the place's rank. The frequencies come from the
``wordfreq`` package (its Arabic list; data CC BY-SA 4.0, see SOURCES.md), read
once at build time: only the words that can matter are written, to
``word_frequency.txt`` beside the tables, so the 58 MB package is not needed at
run time. A word matters when it, or the word left after a proclitic is taken
off ("ولد" → "لد"), is a one-word gazetteer name or one of its spelling variants
(spelling_variants.yaml; a word list cannot say how often a phrase is said).

File format: one ``key<TAB>zipf`` line per normalised word (zipf = log10 of
occurrences per billion words, 2 decimals), ``#`` lines are comments.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from rasd.lexicon.matcher import ARTICLE, word_forms
from rasd.text.normalize import normalize_key

MIN_ZIPF = 2.5  # rarer words are never mistaken for common ones
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u064b-\u0652\u0670]+$")


def arabic_frequencies() -> dict[str, float]:
    """Normalised Arabic word → summed frequency (a fraction of all words) from wordfreq."""
    import wordfreq  # build-time only: pip install wordfreq

    freq: dict[str, float] = defaultdict(float)
    for word, value in wordfreq.get_frequency_dict("ar").items():
        if _ARABIC_WORD.match(word):
            key = normalize_key(word)
            if key:
                freq[key] += value
    return freq


def zipf(value: float) -> float:
    return round(math.log10(value * 1e9), 2) if value > 0 else 0.0


def relevant_frequencies(freq: dict[str, float], name_keys: Iterable[str]) -> dict[str, float]:
    """Zipf values of the words that are, or hold after a proclitic, a one-word name."""
    name_words = {key for key in name_keys if " " not in key}
    name_words |= {key[len(ARTICLE):] for key in name_words if key.startswith(ARTICLE)}  # recognizer: the bare word
    name_words |= {form for key in name_words for form in respellings(key)}
    kept = {}
    for word, value in freq.items():
        z = zipf(value)
        if z >= MIN_ZIPF and any(form in name_words for form, _ in word_forms(word)):
            kept[word] = z
    return kept


def respellings(key: str) -> set[str]:
    """The forms index.spelling_variants may give a name (without the article, a long vowel
    dropped…): their frequency decides whether a variant is too common a word to keep."""
    from rasd.gazetteer.index import variant_rules  # index reads this module's table

    return {form for rule in variant_rules() for form in rule.apply(key)}


def write_frequencies(path: Path, zipfs: dict[str, float]) -> int:
    lines = ["# word<TAB>zipf: how often each word is written in Arabic text (wordfreq, CC BY-SA 4.0)"]
    lines += [f"{word}\t{value:.2f}" for word, value in sorted(zipfs.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(zipfs)


def read_frequencies(path: Path) -> dict[str, float]:
    """The ``word_frequency.txt`` table; a missing file gives an empty table."""
    if not path.exists():
        return {}
    table = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        word, _, value = line.partition("\t")
        try:
            table[word] = float(value)
        except ValueError:
            raise ValueError(f"{path}:{number}: frequency is not a number: {value!r}") from None
    return table
