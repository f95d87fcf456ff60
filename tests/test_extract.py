"""End-to-end extraction on reports written by us."""
from datetime import date

import pytest

import rasd
from rasd.errors import InputError
from rasd.pipeline import annotate, extract

PUBLISHED = date(2023, 11, 13)

STRIKES = (
    "قصفت طائرة مسيّرة تركية صباح اليوم سيارة عسكرية لقوات سوريا الديمقراطية في بلدة تل تمر "
    "بريف الحسكة، ما أدى إلى مقتل عنصرين. "
    "وفي سياق متصل، استهدفت قوات النظام بقذائف المدفعية بلدة كنصفرة في جبل الزاوية جنوبي إدلب."
)


def by_place(events):
    return {e.location_ar: e for e in events}


def test_two_towns_give_two_events_with_their_own_attackers():
    events = by_place(extract(STRIKES, PUBLISHED, doc_id="t1"))
    assert set(events) >= {"تل تمر", "كنصفرة"}
    drone = events["تل تمر"]
    assert (drone.event_type, drone.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert drone.actor1 == "Military Forces of Turkey"
    assert drone.actor2 == "Syrian Democratic Forces"
    assert drone.fatalities == 2 and drone.event_date == PUBLISHED
    assert drone.country == "Syria" and drone.latitude is not None
    shelling = events["كنصفرة"]
    assert shelling.sub_event_type == "Shelling/artillery/missile attack"
    assert shelling.actor1 == "Military Forces of Syria (2000-2024)"


def test_evidence_spans_point_into_the_original_text():
    text = "  «عاجل»\u200f " + STRIKES.replace("مسيّرة", "مسيَّرة")
    for event in extract(text, PUBLISHED, doc_id="t2"):
        assert event.evidence, event
        for span in event.evidence.values():
            assert text[span.start:span.end] == span.text
            assert span.text in span.sentence


def test_regime_alias_means_the_new_government_after_december_2024():
    text = "قصفت قوات الحكومة السورية بالمدفعية بلدة كنصفرة جنوبي إدلب اليوم."
    before = extract(text, date(2024, 1, 5))
    after = extract(text, date(2025, 3, 1))
    assert before and before[0].actor1 == "Military Forces of Syria (2000-2024)"
    assert after and after[0].actor1 == "Military Forces of Syria (2024-)"


def test_unnamed_aircraft_are_unidentified_military_forces():
    text = "استهدفت طائرات مجهولة الهوية مساء أمس مواقع للميليشيات الإيرانية في مدينة البوكمال."
    events = extract(text, PUBLISHED)
    assert events and events[0].actor1 == "Unidentified Military Forces"
    assert events[0].event_date == date(2023, 11, 12)


def test_threats_and_habitual_attacks_are_not_events():
    text = ("وتتعرض مدينة إدلب لهجمات متكررة منذ أشهر. "
            "وهدد الجيش التركي بشن عملية عسكرية جديدة على مدينة منبج.")
    assert extract(text, PUBLISHED) == []


def test_notes_summarise_the_event_in_english():
    event = by_place(extract(STRIKES, PUBLISHED))["تل تمر"]
    assert event.notes.startswith("On 13 November 2023, Military Forces of Turkey")
    assert "2 killed" in event.notes


def test_annotate_lists_places_with_gazetteer_facts():
    mentions = annotate(STRIKES, PUBLISHED, doc_id="a1")
    places = [m for m in mentions if m.kind == "place"]
    assert any(m.text == "تل تمر" and m.place and m.place.country == "Syria" for m in places)
    assert {m.kind for m in mentions} >= {"place", "actor", "cue", "date", "number"}


@pytest.mark.parametrize("text, problem", [("", "empty text"), ("Breaking news in English only.", "not Arabic")])
def test_bad_text_raises_a_named_error(text, problem):
    with pytest.raises(InputError, match=problem):
        rasd.extract(text, published=PUBLISHED, doc_id="bad")


def test_suspected_attacker_and_joint_toll_go_to_the_notes():
    text = ("استهدفت طائرة مسيرة، يرجح أنها إسرائيلية، سيارة في بلدة كفرنبل بريف إدلب اليوم، "
            "ما أدى إلى مقتل وإصابة 7 أشخاص.")
    event = extract(text, PUBLISHED)[0]
    assert event.actor1 == "Unidentified Military Forces"  # suspected is not named (guide)
    assert (event.fatalities, event.injuries) == (3, 3)
    assert "7 killed and injured together" in event.notes
    assert "Suspected perpetrator: Military Forces of Israel" in event.notes
