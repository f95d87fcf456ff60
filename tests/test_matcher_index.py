"""The shared matching index: every matcher reads one scan of the tokens and one cache of word
analyses, and finds exactly what a plain leftmost-longest search over its entries finds."""
import gc
import pickle

from hypothesis import example, given, settings, strategies as st

from rasd.lexicon import matcher as matcher_module
from rasd.lexicon.matcher import PhraseMatcher, Token, word_forms

STEMS = ["قصف", "حقل", "العمر", "دير", "الزور", "شعيطات"]
CLITICS = ["", "", "", "و", "ب", "ال", "لل", "وال"]  # plain words most often, so phrases match
ENDINGS = ["", "", "ت"]


def _word_matches(pattern: str, words: tuple[str, ...]) -> bool:
    if pattern.endswith("*"):
        return any(w.startswith(pattern[:-1]) for w in words)
    return pattern in words


def _reference_at(entries: list[str], texts: list[str], index: int):
    """(last, exact) of the best phrase at ``index``, by trying every entry on its own."""
    best = None
    for form, clitic_len in word_forms(texts[index]):
        definite = texts[index][:clitic_len].endswith("ال")
        for entry in entries:
            words = entry.split()
            first = words[0]
            if not (form == first or (first.endswith("*") and len(first) > 2
                                      and form.startswith(first[:-1]))):
                continue
            last = index + 1
            for pattern in words[1:]:
                if last >= len(texts):
                    break
                text = texts[last]
                forms = (text, text[2:]) if definite and text.startswith("ال") and len(text) > 4 else (text,)
                if not _word_matches(pattern, forms):
                    break
                last += 1
            else:
                candidate = (last, clitic_len == 0)
                best = candidate if best is None or candidate > best else best
    return best


def _reference_find(entries: list[str], texts: list[str]) -> list[tuple[int, int, bool]]:
    found, index = [], 0
    while index < len(texts):
        best = _reference_at(entries, texts, index)
        if best is None:
            index += 1
            continue
        found.append((index, *best))
        index = best[0]
    return found


def _tokens(texts: list[str]) -> list[Token]:
    tokens, offset = [], 0
    for text in texts:
        tokens.append(Token(text, offset, offset + len(text)))
        offset += len(text) + 1
    return tokens


WORD = st.builds(lambda c, s, e: c + s + e, st.sampled_from(CLITICS), st.sampled_from(STEMS),
                 st.sampled_from(ENDINGS))
ENTRY = st.lists(st.builds(lambda s, star: s + ("*" if star else ""), st.sampled_from(STEMS), st.booleans()),
                 min_size=1, max_size=3).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=6, unique=True), st.lists(WORD, max_size=12))
@example(["دير الزور", "الزور"], ["دير", "الزور", "الزور"])  # no overlapping matches
@example(["قصف* شعيطات", "شعيطات"], ["وقصفت", "شعيطات"])
@example(["حقل شعيطات"], ["الحقل", "الشعيطات"])  # a definite phrase drops every article
def test_find_is_the_leftmost_longest_search(entries, texts):
    matcher = PhraseMatcher([(entry, entry) for entry in entries])
    found = matcher.find(_tokens(texts))
    assert [(m.first, m.last, m.exact) for m in found] == _reference_find(entries, texts)
    assert all(m.key in entries and m.payloads == (m.key,) for m in found)


def test_a_matcher_made_after_a_scan_still_sees_the_tokens():
    tokens = _tokens(["قصفت", "طائرات", "حقل", "العمر"])
    assert [m.key for m in PhraseMatcher([("قصف*", 1)]).find(tokens)] == ["قصف*"]
    later = PhraseMatcher([("حقل العمر", 2)])  # registers after the list was scanned
    assert [m.key for m in later.find(tokens)] == ["حقل العمر"]


def test_a_dropped_matcher_leaves_the_shared_index():
    word = "كلمهفريدهجدا"
    matcher = PhraseMatcher([(word, 1)])
    assert word in matcher_module._INDEX.exact
    del matcher
    gc.collect()
    assert word not in matcher_module._INDEX.exact


def test_an_unpickled_matcher_joins_the_index():
    copy = pickle.loads(pickle.dumps(PhraseMatcher([("دير الزور", "place")])))
    (match,) = copy.find(_tokens(["في", "بدير", "الزور"]))
    assert (match.first, match.last, match.exact, match.payloads) == (1, 3, False, ("place",))


def test_word_analyses_are_one_capped_cache():
    word_forms("والميليشيات")
    info = matcher_module.analyse_word.cache_info()
    assert info.maxsize == matcher_module.WORD_CACHE_SIZE and info.currsize >= 1


def test_matchers_reading_one_list_in_turn_each_find_their_phrases():
    cues, fields = PhraseMatcher([("قصف*", "cue")]), PhraseMatcher([("حقل العمر", "field")])
    tokens = _tokens(["قصفت", "حقل", "العمر", "وقصف"])
    for _ in range(2):  # the first reader gets its own positions, the next ones every matcher's
        assert [m.key for m in cues.find(tokens)] == ["قصف*", "قصف*"]
        assert [(m.first, m.last) for m in fields.find(tokens)] == [(1, 3)]
