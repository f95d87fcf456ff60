"""Readable English names for places that have none (build time): one scheme, close to
ACLED's spellings, for names whose source gives only a letter-by-letter form ("Al-Kmb",
the Yemen villages). Sources with curated English names (OCHA, GeoNames) keep theirs.

Arabic writes no short vowels, so a name is read by syllables: a consonant followed by
another consonant with no vowel yet in its syllable takes a short "a" ("كركر" → Karkar);
و and ي are vowels between consonants (u, i) and consonants elsewhere (w, y); a final
ة/ه after a consonant is "ah", final "ية" is "iyah". Whole words with an established form
(بني → Bani, بيت → Bayt) and the article (assimilated: "الصلول" → As Salul) come from
``romanization.yaml``.
"""
from __future__ import annotations

from functools import lru_cache

from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import ARTICLE
from rasd.text.normalize import normalize_key


@lru_cache(maxsize=1)
def _scheme() -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    raw = load_yaml("romanization.yaml")
    words = {normalize_key(k): v for k, v in raw["words"].items()}
    return dict(raw["consonants"]), frozenset(raw["sun_letters"]), words


_VOWELS = set("aeiouAEIOU")


_DIGRAPHS = ("sh", "kh", "th", "gh", "dh")


def unreadable(name_en: str) -> bool:
    """A letter-by-letter name ("Al-Kmb", "Jzyrt As-Srj", "Kdamh", "Athwb"): some word
    begins with two consonants or holds three in a row (sh, kh, th, gh, dh count as one),
    or there is no English name at all."""
    if not name_en.strip():
        return True
    for word in "".join(c if c.isalpha() else " " for c in name_en.lower()).split():
        for digraph in _DIGRAPHS:
            word = word.replace(digraph, "c")
        shape = "".join("v" if c in _VOWELS else "c" for c in word)
        if len(word) >= 3 and (shape.startswith("cc") or "ccc" in shape or "v" not in shape):
            return True
    return False


def romanize(name: str) -> str:
    """"المقاعشه الجنوبيه" → "Al Maqa'ashah al Janubiyah"."""
    consonants, sun, words = _scheme()
    out = []
    for position, word in enumerate(normalize_key(name).split()):
        if word in words:
            roman = words[word]
        elif word.startswith(ARTICLE) and len(word) > 3:
            first = word[2]
            article = f"a{consonants.get(first, 'l')}" if first in sun else "al"
            roman = f"{article} {_word(word[2:], consonants)}"
        else:
            roman = _word(word, consonants)
        out.append(roman)
    text = " ".join(out).replace("' ", " ").strip("'")
    return text[:1].upper() + text[1:] if text else text


def _word(word: str, consonants: dict[str, str]) -> str:
    letters = _letters(word)
    out, has_vowel = [], False
    for i, (kind, roman) in enumerate(letters):
        following = letters[i + 1][0] if i + 1 < len(letters) else "end"
        if kind == "vowel":
            out.append(roman)
            has_vowel = True
        elif following == "vowel":
            out.append(roman)
            has_vowel = False
        elif has_vowel:
            out.append(roman)  # closes the syllable
            has_vowel = False
        elif following == "end" and out:
            out.append("a" + roman)  # "البلح": Balah, not Balh
        else:
            out.append(roman + "a")
            has_vowel = True
    return "".join(out).lstrip("'").capitalize()


def _letters(word: str) -> list[tuple[str, str]]:
    """(consonant|vowel, roman) for each letter, و/ي/ة/ى read by their neighbours."""
    consonants, _, _ = _scheme()
    out: list[tuple[str, str]] = []
    for i, letter in enumerate(word):
        before = out[-1][0] if out else "start"
        last = i == len(word) - 1
        if letter in "ةه" and last and before == "consonant":
            out.append(("vowel", "ah"))
        elif letter == "ى" and last:
            out.append(("vowel", "a"))
        elif letter == "ا":
            out.append(("vowel", "a"))
        elif letter in "وي":
            nxt = word[i + 1] if i + 1 < len(word) else ""
            vowel = before == "consonant" and (nxt == "" or nxt not in "اوىي")
            if letter == "ي" and word[i + 1:] in ("ه", "ة") and before == "consonant":
                out.append(("vowel", "iyah"))
                break
            if vowel:
                out.append(("vowel", "u" if letter == "و" else "i"))
            else:
                out.append(("consonant", "w" if letter == "و" else "y"))
        else:
            out.append(("consonant", consonants.get(letter, "")))
    return out
