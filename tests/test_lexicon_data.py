"""The lexicon data files: they load, use the guide's strings, and keep their core words."""
from pathlib import Path

import pytest

from rasd.lexicon.compiled import lexicons
from rasd.lexicon.loader import data_path, load_yaml
from rasd.lexicon.matcher import tokenize
from rasd.text.normalize import normalize, normalize_key

TAXONOMY = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Air/drone strike", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Chemical weapon"},
    "Violence against civilians": {"Attack", "Abduction/forced disappearance", "Sexual violence"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Arrests", "Looting/property destruction", "Headquarters or base established",
                               "Non-violent transfer of territory", "Disrupted weapons use", "Agreement",
                               "Change to group/activity", "Other"},
}


@pytest.mark.parametrize("name", sorted(p.name for p in Path(data_path("")).glob("*.yaml")))
def test_every_data_file_loads(name):
    assert load_yaml(name) is not None


def test_cue_types_are_the_guides_taxonomy():
    cues = load_yaml("cues.yaml")
    for sub, event_type in cues["sub_event_types"].items():
        assert sub in TAXONOMY[event_type]
    for group in cues["cues"]:
        assert group["type"] in cues["sub_event_types"]
        assert group["role"] in {"trigger", "marker", "generic"}


def kinds_in(text, matcher):
    return [m.payloads[0] for m in matcher.find(tokenize(normalize(text).text))]


def test_core_place_heads_are_present():
    heads = {payload[0] for payload in kinds_in("مدينة بلدة قرية حي ريف حقل معبر قاعدة مطار جسر محافظة", lexicons().heads)}
    assert heads >= {"settlement", "neighbourhood", "countryside", "site", "region"}
    assert len(kinds_in("بحقل وبمعبر ومطار", lexicons().heads)) == 3


@pytest.mark.parametrize("text, kind", [("قتلى", "killed"), ("جرحى", "injured"), ("مقتل وإصابة", "joint"),
                                        ("مجزرة", "massacre"), ("فارق الحياة", "killed_one")])
def test_casualty_words(text, kind):
    assert kinds_in(text, lexicons().casualties) == [kind]


def test_months_cover_the_year_in_both_calendars():
    months = load_yaml("dates.yaml")["months"]
    assert sorted(int(m) for m in months) == list(range(1, 13))
    assert all(len(names) >= 2 for names in months.values())


def test_function_words_and_lexicon_words_are_not_bare_places():
    lexical = lexicons().lexical_words
    assert {normalize_key("إلى"), normalize_key("على"), "قصف", "مدينه"} <= lexical
