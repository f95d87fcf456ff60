"""Event coreference (one event told several times, sub-actions, interventions, aftermath)
and cue words read in another sense. Texts written by us."""
from datetime import date

import pytest

from rasd.assemble.typing import other_sense
from rasd.document import analyse
from rasd.model import Report
from rasd.pipeline import explain_report, extract

PUBLISHED = date(2024, 3, 10)


def coded(text: str):
    return extract(text, PUBLISHED)


def test_the_destruction_a_strike_caused_is_part_of_the_strike():
    text = ("استهدفت غارة إسرائيلية صباح اليوم منزلا في بلدة عيتا الشعب جنوبي لبنان.\n"
            "وقصفت طائرة حربية إسرائيلية اليوم منزلا في عيتا الشعب ودمرته بالكامل.")
    assert [e.sub_event_type for e in coded(text)] == ["Air/drone strike"]
    _, explained = explain_report(Report(id="t", text=text, published=PUBLISHED))
    assert ("merged", "coreference") in [(e["status"], e["family"]) for e in explained]


def test_the_damage_a_strike_did_told_in_its_clause_is_the_strike():
    """"قصفت طائرة حربية منزلاً … ودمّرته": one air strike, not property destruction (nor nothing)."""
    assert [e.sub_event_type for e in coded("قصفت طائرة حربية منزلا في بلدة سرمين اليوم ودمرته بالكامل.")] == [
        "Air/drone strike"]
    assert [e.sub_event_type for e in coded("فجرت قوات الاحتلال اليوم منزل الأسير في بلدة قباطية.")] == [
        "Looting/property destruction"]


def test_headline_lead_and_body_restating_one_strike_make_one_event():
    text = ("غارة إسرائيلية على بلدة عيتا الشعب\n"
            "استهدفت غارة إسرائيلية صباح اليوم منزلا في بلدة عيتا الشعب جنوبي لبنان.\n"
            "وأوضحت الوكالة الوطنية للإعلام أن الغارة على عيتا الشعب دمرت المنزل بالكامل.")
    assert len(coded(text)) == 1


def test_a_governorate_restating_a_town_event_adds_nothing():
    text = ("قصفت قوات النظام صباح اليوم بلدة كفرنبل بقذائف المدفعية الثقيلة.\n"
            "ويأتي القصف على ريف إدلب في ظل تصعيد مستمر تشهده المنطقة.")
    assert [e.location_ar for e in coded(text)] == ["كفرنبل"]


def test_a_region_named_like_a_city_restating_a_town_event_adds_nothing():
    """"مقاطعة الشهباء" is the region of Tall Rifaat, though الشهباء is also Aleppo's epithet."""
    text = ("تعرضت قرى مقاطعة الشهباء اليوم لقصف مدفعي من جيش الاحتلال التركي.\n"
            "وقصف جيش الاحتلال التركي بالمدفعية الثقيلة مدينة تل رفعت اليوم.")
    assert [e.location_ar for e in coded(text)] == ["تل رفعت"]


@pytest.mark.parametrize("text", [
    "دارت اليوم اشتباكات عنيفة بين الجيش اليمني والحوثيين في مديرية حيس، واستهدف الحوثيون مواقع الجيش بقذائف الهاون.",
    "هاجم مقاتلو العشائر اليوم مواقع قسد في بلدة ذيبان واندلعت اشتباكات بين الطرفين، وقصفت قسد مواقع المهاجمين بالمدفعية في ذيبان.",
])
def test_shelling_by_a_side_during_a_battle_is_part_of_it(text):
    assert [e.sub_event_type for e in coded(text)] == ["Armed clash"]


def test_shelling_with_a_toll_of_its_own_stays_its_own_event():
    text = ("دارت اليوم اشتباكات عنيفة بين الجيش اليمني والحوثيين في مديرية حيس، "
            "وقصف الحوثيون حيا سكنيا في حيس بقذائف الهاون ما أدى إلى مقتل طفلين.")
    assert len(coded(text)) == 2


def test_a_dispersed_protest_is_one_protest_event():
    text = ("تظاهر مئات الشبان اليوم في ساحة الحبوبي بمدينة الناصرية احتجاجا على انقطاع الكهرباء، "
            "وأطلقت قوات مكافحة الشغب الغاز المسيل للدموع لتفريقهم.")
    found = coded(text)
    assert len(found) == 1 and found[0].event_type == "Protests"
    assert found[0].sub_event_type in ("Protest with intervention", "Excessive force against protesters")


def test_bodies_recovered_after_a_strike_are_no_second_event():
    text = ("قتل ثلاثة مدنيين بغارة جوية على بلدة معرة مصرين اليوم.\n"
            "وانتشلت فرق الدفاع المدني جثث الضحايا من تحت الأنقاض في معرة مصرين.")
    assert len(coded(text)) == 1


def test_two_named_villages_stay_two_events():
    text = "قصفت قوات النظام اليوم بلدتي كنصفرة والبارة في جبل الزاوية بقذائف المدفعية."
    assert len({e.location for e in coded(text)}) == 2


@pytest.mark.parametrize("text", [
    "واتهم البيان سلطات الاحتلال باغتصاب الأرض في قرية بيتا اليوم.",
    "وقال الوزير إن قواعد الاشتباك في الجنوب تغيرت اليوم.",
    "وتمتلك الجماعة ترسانة صواريخ كبيرة في جبال صعدة حسب تقرير صدر اليوم.",
    "تعرض وزير المالية لانتقادات حادة في بغداد اليوم.",
    "وشن النائب هجوما لاذعا على الحكومة في جلسة البرلمان ببيروت اليوم.",
    "وانفجر الحضور بالضحك في قاعة المسرح بدمشق اليوم.",
    "وانفجر الصراع اليوم بين رئيس الحكومة ورئيس البرلمان في بغداد حول الموازنة.",
    "وأعلن الطرفان اليوم وقف إطلاق النار في مدينة تعز برعاية أممية.",
    "وخرقت الجماعة اتفاق وقف إطلاق النار على جبهات الحديدة اليوم بحسب مصدر حكومي.",
    "وتجمع آلاف الأهالي مساء اليوم في الساحة الرئيسية بمدينة إدلب احتفالا بعودة المهجرين.",
    "وتجمع أكثر من عشرين ألف مشجع في ملعب المدينة الرياضية ببغداد اليوم.",
    "وأطلقت الجماعة اليوم سراح عشرة مختطفين في مدينة إب.",
])
def test_a_cue_word_in_another_sense_makes_no_event(text):
    assert coded(text) == []
    doc = analyse(Report(id="t", text=text, published=PUBLISHED))
    assert any(other_sense(doc, cue) for cue in doc.cues), "the sense rule itself must decide"


def test_a_march_is_no_drone_and_a_drone_is_no_march():
    march = coded("انطلقت اليوم مسيرة شعبية حاشدة في شوارع صنعاء.")
    drone = coded("استهدفت طائرة مسيرة اليوم سيارة في مدينة مأرب.")
    assert [e.event_type for e in march] == ["Protests"]
    assert [e.sub_event_type for e in drone] == ["Air/drone strike"]


def test_wildcard_suppressors_do_not_match_names_or_duals():
    """"سعيد" is a name, not a form of سعى; "يومي السبت والأحد" are two days, not "daily"."""
    for text in ("اغتال مسلحون مجهولون اليوم المختار سعيد الحمد في بلدة الصنمين.",
                 "قصفت قوات النظام يومي السبت والأحد بلدة كفرنبل بقذائف المدفعية."):
        doc = analyse(Report(id="t", text=text, published=PUBLISHED))
        assert not doc.suppressors, text
        assert coded(text), text
