"""Arabic normalisation that keeps a map back to the original offsets.

Every later stage works on the normalised string; every output offset is mapped
back with :meth:`NormalizedText.to_original` so that users only ever see spans
into the text they gave.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters dropped entirely: harakat, Quranic marks, tatweel, zero-width and
# directional marks, soft hyphen, BOM.
_DROP = set(
    "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656"
    "\u0657\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670"
    "\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3"
    "\u06e4\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
    "\u0640"  # tatweel
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
    "\u2068\u2069\u00ad\ufeff\u061c"
)

# One-to-one substitutions: letter variants, digits, punctuation and quotes.
_MAP = {
    **{c: "ا" for c in "أإآٱٲٳ"},
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "گ": "ك",
    "ڤ": "ف", "ڨ": "ق",
    "پ": "ب", "چ": "ج", "ژ": "ز",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "′": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
}


def normalize_char(ch: str) -> str:
    """The normalised form of one character ('' when it is dropped)."""
    if ch in _DROP:
        return ""
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    if "\uFB50" <= ch <= "\uFEFF":  # Arabic presentation forms
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed == ch:
            return ch  # an unassigned code point of the block ("\ufe6e"): nothing to decompose
        return "".join(normalize_char(c) for c in decomposed)
    return ch


@dataclass(frozen=True)
class NormalizedText:
    """The analysed text and, for each of its characters, the original offset."""

    original: str
    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` onto ``original``."""
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_slice(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]


_TRANSLATION = {ord(c): None for c in _DROP} | {ord(k): v for k, v in _MAP.items()}
_REPLACEMENT = {c: "" for c in _DROP} | _MAP
_CHANGED = re.compile("[" + re.escape("".join(sorted(_REPLACEMENT))) + "]")
_DROPPED = re.compile("[" + re.escape("".join(sorted(_DROP))) + "]")
_PRESENTATION_FORMS = re.compile("[\uFB50-\uFEFE]")


def normalize(original: str) -> NormalizedText:
    """Normalise ``original`` and record where each output character came from."""
    if _PRESENTATION_FORMS.search(original):
        return _normalize_slowly(original)
    text = _translate(original)
    if len(text) == len(original):
        offsets = tuple(range(len(original) + 1))
    else:
        dropped = {m.start() for m in _DROPPED.finditer(original)}
        offsets = tuple(i for i in range(len(original)) if i not in dropped) + (len(original),)
    return NormalizedText(original, text, offsets)


def _translate(text: str) -> str:
    """``text.translate(_TRANSLATION)``, four times quicker on Arabic text (translate looks up
    every character in the table; most need no change): each character that needs one is
    replaced throughout, once (no replacement is itself replaced)."""
    for changed in set(_CHANGED.findall(text)):
        text = text.replace(changed, _REPLACEMENT[changed])
    return text


def _normalize_slowly(original: str) -> NormalizedText:
    """Character by character, for text with presentation forms (one may become several)."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(original):
        out = normalize_char(ch)
        for piece in out:
            chars.append(piece)
            offsets.append(index)
    offsets.append(len(original))
    return NormalizedText(original, "".join(chars), tuple(offsets))


_SPACES = re.compile(r"\s+")


def normalize_key(name: str) -> str:
    """The normalised lookup key of a lexicon entry or place name.

    Same character rules as :func:`normalize`, plus folded white space and no
    surrounding punctuation, so that data files can be written in plain form.
    """
    if _PRESENTATION_FORMS.search(name):
        text = "".join(normalize_char(c) for c in name)
    else:  # the same, character by character in C
        text = _translate(name)
    text = text.replace('"', " ").replace("'", " ")
    return _SPACES.sub(" ", text).strip(" .,;:-_()[]")
