"""Span tests the recognisers run once per mention, kept linear in the report: they answer
as the plain definitions do."""
from hypothesis import given, strategies as st

from rasd.recognize.found import Found, inside_any
from rasd.recognize.places import _after_parenthesis

SPAN = st.tuples(st.integers(0, 30), st.integers(1, 6)).map(lambda p: Found("x", p[0], p[0] + p[1], 0, 0))


@given(st.lists(SPAN, max_size=12), st.lists(SPAN, max_size=12))
def test_inside_any_is_inside_one_of_the_spans(spans, tested):
    inside = inside_any(spans)
    for found in tested:
        assert inside(found) == any(s.first <= found.first and found.last <= s.last for s in spans)


@given(st.text(alphabet="( \n\tاب", max_size=12), st.integers(0, 12))
def test_after_parenthesis_reads_back_over_white_space_only(text, at):
    at = min(at, len(text))
    assert _after_parenthesis(text, at) == text[:at].rstrip().endswith("(")
