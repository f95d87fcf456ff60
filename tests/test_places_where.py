"""Where an event happened and which place a name is: the constructions of issue 12
(place half), on reports written by us, with the shipped gazetteer."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from rasd.io.writers import ACLED_COLUMNS, CSV_COLUMNS, PCODE_COLUMNS, write_acled_csv
from rasd.pipeline import annotate, extract

DAY = date(2024, 3, 10)


def places(text: str) -> dict[str, str]:
    """Place mentions of ``annotate``: text as written → English name."""
    return {m.text: m.value for m in annotate(text, DAY) if m.kind == "place"}


def located(text: str) -> list[tuple[str, int]]:
    """(Arabic place, geo_precision) of each extracted event."""
    return [(e.location_ar, e.geo_precision) for e in extract(text, DAY)]


# -- countries, capitals and big cities are place mentions -------------------------------

def test_countries_and_capitals_named_in_news_are_place_mentions():
    found = places("استقبل وزير الخارجية في الدوحة نظيره القادم من واشنطن، وبحثا الوضع في "
                   "الصين والكويت.")
    assert found["الدوحة"] == "Doha" and found["واشنطن"] == "Washington"
    assert found["الصين"] == "China" and found["الكويت"] == "Kuwait"


def test_a_state_named_as_the_attacker_is_a_mention_but_not_the_event_place():
    text = "قصفت إسرائيل بالمدفعية أطراف بلدة الخيام في جنوب لبنان صباح اليوم."
    assert places(text)["إسرائيل"] == "Israel"
    assert [e.country for e in extract(text, DAY)] == ["Lebanon"]


# -- ordinary words are not villages ------------------------------------------------------

def test_a_frequent_word_named_like_a_village_is_no_place_without_a_head():
    found = places("وقال صاحب المحل إن مجال العمل ضاق على الشباب.")
    assert "صاحب" not in found and "مجال" not in found


def test_a_whole_word_wins_over_a_clitic_and_a_town():
    # "ولد" is "was born", not و + the town "لد"
    assert "لد" not in places("ولد الكاتب في قرية صغيرة ودرس في المدينة.")


def test_a_team_is_not_a_place():
    found = places("فاز منتخب فرنسا على ريال مدريد في مباراة ودية أمس.")
    assert "فرنسا" not in found and "مدريد" not in found


def test_a_city_named_like_a_word_stays_a_place_with_a_head_or_support():
    assert places("سقطت قذائف على مدينة صور جنوب لبنان.")["صور"] == "Tyre"


# -- where the event happened -------------------------------------------------------------

def test_a_job_title_names_no_event_place():
    text = "أعلن محافظ حمص أن قصفا مدفعيا استهدف بلدة تلبيسة اليوم."
    assert [p for p, _ in located(text)] == ["تلبيسة"]


def test_an_origin_names_no_event_place():
    text = "قُتل شاب من أهالي مدينة سراقب برصاص مسلحين مجهولين في بلدة سرمدا."
    assert [p for p, _ in located(text)] == ["سرمدا"]


def test_a_destination_names_no_event_place():
    text = "أصيب أربعة مدنيين بقصف مدفعي على بلدة كفرنبل، ونُقل المصابون إلى مشفى في مدينة إدلب."
    assert [p for p, _ in located(text)] == ["كفرنبل"]


def test_a_facility_named_after_another_town_is_where_it_stands():
    text = "استهدف قصف مدفعي مشفى إدلب الوطني في بلدة سرمين."
    assert [p for p, _ in located(text)] == ["سرمين"]


def test_a_reference_point_alone_gives_a_coarser_precision():
    assert located("سقطت قذائف هاون جنوب مدينة درعا اليوم.") == [("درعا", 2)]


def test_a_named_place_near_a_town_keeps_the_town_as_reference():
    assert [p for p, _ in located("استهدفت طائرة مسيرة قاعدة كي وان قرب كركوك.")] == ["قاعدة كي وان"]


# -- gazetteer coverage and namesakes ------------------------------------------------------

def test_a_gaza_neighbourhood_is_in_gaza():
    (event,) = extract("استشهد ثلاثة مواطنين في غارة على منزل في حي الشجاعية بمدينة غزة.", DAY)
    assert event.country == "Palestine" and event.location == "Gaza"


@pytest.mark.parametrize("text,country", [
    ("قصفت قوات الدعم السريع مخيم زمزم للنازحين جنوب الفاشر.", "Sudan"),
    ("استهدفت غارة مطار معيتيقة في طرابلس.", "Libya"),
    ("استهدفت مسيرات محطة كهرباء سد مروي بالولاية الشمالية.", "Sudan"),
])
def test_camps_and_airports_of_sudan_and_libya(text, country):
    assert [e.country for e in extract(text, DAY)] == [country]


# -- P-codes ------------------------------------------------------------------------------

def test_events_carry_ocha_pcodes_and_csv_adds_them_after_acleds_columns():
    (event,) = extract("قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي.", DAY)
    assert event.admin1_pcode == "SY07" and event.location_pcode.startswith("C")
    assert event.admin3_pcode.startswith(event.admin2_pcode)
    out = io.StringIO()
    write_acled_csv([event], out)
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(header) == CSV_COLUMNS and tuple(header[:len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert dict(zip(header, row))["admin1_pcode"] == "SY07"
    assert header[-len(PCODE_COLUMNS):] == list(PCODE_COLUMNS)


def test_place_mentions_carry_pcodes():
    (mention,) = [m for m in annotate("قصف على مدينة الباب", DAY) if m.kind == "place"]
    assert mention.place.admin1_pcode == "SY02" and mention.place.location_pcode


def test_a_clause_naming_only_an_area_takes_the_towns_listed_next():
    text = "قصفت طائرات حربية روسية ريف إدلب الجنوبي صباح اليوم، ما أدى إلى دمار في بلدات كفرنبل وحاس."
    assert sorted(p for p, _ in located(text)) == ["حاس", "كفرنبل"]


def test_a_photo_caption_names_no_event_place():
    assert "مدينة إدلب" not in [p for p, _ in located("قصف مدفعي (صورة من مدينة إدلب) يقتل مدنيين.")]


def test_a_country_named_like_an_adjective_after_a_definite_noun_is_the_adjective():
    assert "السعودية" not in places("قالت الحكومة السعودية إنها ستدعم الاتفاق.")
    assert places("زار الوفد الأردن، السعودية وقطر.")["السعودية"] == "Saudi Arabia"


def test_the_gaza_strip_and_the_west_bank_are_places():
    found = places("تتواصل الغارات على قطاع غزة والاقتحامات في الضفة الغربية.")
    assert found["قطاع غزة"] == "Gaza Strip" and found["الضفة الغربية"] == "West Bank"


def test_towns_people_fled_to_are_not_the_towns_listed_for_an_area():
    text = "قصفت طائرات حربية روسية ريف إدلب الجنوبي صباح اليوم، ونزح الأهالي إلى بلدات سرمدا والدانا."
    assert not {"سرمدا", "الدانا"} & {p for p, _ in located(text)}


def test_the_unit_a_place_belongs_to_is_only_a_reference():
    text = "قصفت المدفعية الإيرانية أطراف بلدة كويه التابعة لإدارة سوران."
    assert [p for p, _ in located(text)] == ["كويه"]


def test_where_flights_were_diverted_to_is_not_where_the_clashes_were():
    from rasd.assemble.places import event_places
    from rasd.document import analyse
    from rasd.model import Report

    text = "اندلعت اشتباكات عنيفة في محيط مطار معيتيقة، ما أدى إلى تحويل الرحلات إلى مطار مصراتة."
    doc = analyse(Report(id="t", text=text, published=DAY))
    named = {p.place.name_en for c in doc.clauses for p in event_places(doc, c.first, c.last)}
    assert named == {"Mitiga International Airport"}
