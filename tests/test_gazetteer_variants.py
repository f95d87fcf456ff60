"""Spelling variants of place names (spelling_variants.yaml): each rule, and its guards."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.errors import InputError
from rasd.gazetteer.index import Entry, Gazetteer, Place, spelling_variants, variant_rules


def place(pid: str, name: str, importance: float = 0.7, kind: str = "town") -> Place:
    return Place(pid, pid.title(), name, kind, 36.0, 41.0, "Iraq", None, None, None, importance,
                 None, 1, "user")


def rules_for(key: str, importance: float = 0.7, frequency: dict | None = None,
              names: frozenset[str] = frozenset()) -> dict[str, str]:
    """variant → the rule that made it, for one normalised key of a made-up place."""
    made = spelling_variants([key], place("p", key, importance), frequency or {}, names=names)
    return {variant: rule.name for variant, rule in made}


def test_a_medial_long_vowel_may_be_left_out():
    # a made-up Kurdish-looking town name, written "ساروكان" or "سروكان" or "ساركان"
    made = rules_for("ساروكان")
    assert made["سروكان"] == "long vowel dropped"
    assert made["ساركان"] == "long vowel dropped"
    assert made["ساروكن"] == "long vowel dropped"


def test_no_vowel_is_dropped_at_an_end_next_to_a_vowel_or_from_the_article():
    made = rules_for("الاوديني")
    assert "الوديني" not in made  # the article's ل is followed by the name's own alef
    assert "الاديني" not in made  # و after ا: a vowel cluster is kept whole
    assert "الاودين" not in made  # the final ي is not medial
    assert made["الاودني"] == "long vowel dropped"
    # the ي of "-انيا" stands before a vowel: it is a consonant there
    assert "كارانا" not in rules_for("كارانيا")
    assert {"كرانيا", "كارنيا"} <= set(rules_for("كارانيا"))


def test_short_results_are_never_made():
    # "دهوك" without its و would be three letters: too many ordinary words look like that
    assert "دهك" not in rules_for("دهوك")


def test_a_doubled_long_vowel_is_also_written_once():
    assert rules_for("طاووسيه")["طاوسيه"] == "doubled long vowel written once"
    assert "كيف" not in rules_for("كييف")  # too short: the word for "how"


def test_a_variant_that_is_a_listed_word_is_not_made():
    # any word the frequency table lists blocks a dropped vowel; the article rule needs zipf 4
    assert "سروكان" not in rules_for("ساروكان", frequency={"سروكان": 2.6})
    assert "روكان" in rules_for("الروكان", frequency={"روكان": 3.0})
    assert "روكان" not in rules_for("الروكان", frequency={"روكان": 4.5})


def test_a_variant_that_is_another_places_name_is_left_to_that_place():
    assert "سروكان" not in rules_for("ساروكان", names=frozenset({"سروكان"}))
    # the article form is shared: the important town ranks among its namesakes
    assert "روكان" in rules_for("الروكان", names=frozenset({"روكان"}))


def test_minor_places_get_no_variants():
    assert rules_for("ساروكان", importance=0.3) == {}


def test_the_gazetteer_finds_a_place_by_a_variant_and_says_which_rule():
    town = Entry(place("town", "ساروكان"), ["ساروكان"])
    other = Entry(place("other", "سروكان", importance=0.2, kind="village"), ["سروكان"])
    gazetteer = Gazetteer.from_entries([town, other])
    found = gazetteer.lookup("ساركان")
    assert [p.id for p in found] == ["town"]
    assert gazetteer.variant_rule("ساركان", found[0]) == "long vowel dropped"
    assert gazetteer.variant_rule("ساروكان", found[0]) is None  # its own name
    # the village really named so is not joined by the town's dropped-vowel form
    assert [p.id for p in gazetteer.lookup("سروكان")] == ["other"]


def test_every_shipped_rule_reads():
    names = [rule.name for rule in variant_rules()]
    assert names == ["article dropped", "final hamza dropped", "long vowel dropped",
                     "doubled long vowel written once"]


def test_a_bad_rule_is_named(monkeypatch):
    import rasd.gazetteer.index as index

    monkeypatch.setattr(index, "load_yaml", lambda name: {"rules": [{"name": "x", "pattern": "("}]})
    index.variant_rules.cache_clear()
    try:
        with pytest.raises(InputError, match="rule 1"):
            index.variant_rules()
    finally:
        index.variant_rules.cache_clear()


def test_the_frequency_column_lists_the_variants_words():
    from rasd.gazetteer.wordfreq_column import relevant_frequencies

    # a dropped-vowel form is only guarded if the build writes its frequency
    kept = relevant_frequencies({"سروكان": 1e-6, "غريب": 1e-6}, ["ساروكان"])
    assert kept == {"سروكان": 3.0}


ARABIC_KEYS = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويء ", min_size=1, max_size=14)


@given(ARABIC_KEYS)
def test_a_rule_never_returns_the_name_itself_nor_a_too_short_form(key):
    for rule in variant_rules():
        for variant in rule.apply(key):
            letters = variant.replace(" ", "")
            stem = letters[2:] if letters.startswith("ال") else letters
            assert variant != key
            assert len(letters) >= rule.min_length and len(stem) >= rule.min_stem
            assert not (rule.one_word and " " in key)
