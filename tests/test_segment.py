"""Sentence and clause breaks, found by one search of the text, are those a gap-by-gap
reading of the tokens finds."""
from hypothesis import example, given, settings, strategies as st

from rasd.lexicon.compiled import lexicons
from rasd.lexicon.loader import load_yaml
from rasd.lexicon.matcher import tokenize
from rasd.text.normalize import normalize, normalize_key
from rasd.text.segment import split_clauses, split_sentences

PIECES = ["قصف", "فيما", "ثم", "في", "حين", "2", "5", "م", "ع", "د", " ", " ", ". ", ".", ",", "،", "؛",
          ":", "!", "؟", "\n", " - ", "(", ")", "«", "»"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _reference_sentences(text, tokens):
    enders = load_yaml("segment.yaml")["sentence_end"]
    sentences, first = [], 0
    for i in range(1, len(tokens) + 1):
        gap = text[tokens[i - 1].end:tokens[i].start] if i < len(tokens) else ""
        if i == len(tokens) or (any(c in enders for c in gap) and not (gap.strip() == "." and (
                (tokens[i - 1].text.isdigit() and tokens[i].text.isdigit()) or len(tokens[i - 1].text) == 1))):
            sentences.append((first, i))
            first = i
    return sentences


def _reference_clauses(text, tokens, sentences):
    punctuation = load_yaml("segment.yaml")["clause_punctuation"]
    openers = {m.first for m in lexicons().clause_openers.find(tokens) if "opener" in m.payloads}
    clauses = []
    for sentence in sentences:
        first = sentence.first
        for i in range(sentence.first + 1, sentence.last + 1):
            gap = text[tokens[i - 1].end:tokens[i].start] if i < sentence.last else ""
            if i == sentence.last or any(c in punctuation for c in gap) or i in openers:
                clauses.append((first, i, sentence.index))
                first = i
    return clauses


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("قصف. 2.5 م.ع د. قصف")
@example("، قصف قصف ،")
def test_breaks_are_those_of_a_gap_by_gap_reading(raw):
    text = normalize(raw).text
    tokens = tokenize(text)
    sentences = split_sentences(text, tokens)
    assert [(s.first, s.last) for s in sentences] == _reference_sentences(text, tokens)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    clauses = split_clauses(text, tokens, sentences, lexicons().clause_openers)
    assert [(c.first, c.last, c.sentence) for c in clauses] == _reference_clauses(text, tokens, sentences)
    assert [c.index for c in clauses] == list(range(len(clauses)))


@given(st.text(max_size=60))
def test_a_token_of_normalised_text_is_its_own_key(raw):
    # recognisers use a token's text as its lexicon/gazetteer key without normalising again
    for token in tokenize(normalize(raw).text):
        assert normalize_key(token.text) == token.text
