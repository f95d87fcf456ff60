"""Newsroom usage that real reports share (issues 8 and 12): towns, quarters and camps the source
gazetteers lacked (src/rasd/data/gazetteer/places_towns.tsv), names that are adjectives or teams,
how Levantine, Palestinian, Yemeni and Iraqi outlets write gunfire, beatings, storming, rallies,
demands and tolls. Texts written by us."""
from datetime import date

import pytest

from rasd.pipeline import extract

DAY = date(2024, 6, 1)


@pytest.mark.parametrize("text, location, country", [
    ("قصفت قوات الدعم السريع، أمس الجمعة، أحياء مدينة الدلنج بالمدفعية الثقيلة، ما أسفر عن مقتل خمسة مدنيين.",
     "Dilling", "Sudan"),
    ("هاجمت قوات الدعم السريع مدينة كتم في ولاية شمال دارفور اليوم وقتلت عشرة مدنيين.", "Kutum", "Sudan"),
    ("اقتحمت قوات الاحتلال الإسرائيلي فجر اليوم بلدة بيت أمر شمال الخليل واعتقلت ثلاثة شبان.",
     "Beit Ummar", "Palestine"),
    ("اندلعت اشتباكات مسلحة مساء أمس في مدينة ترهونة جنوب شرقي طرابلس بين مجموعتين مسلحتين.",
     "Tarhuna", "Libya"),
])
def test_an_event_in_a_newly_listed_town_is_placed_there(text, location, country):
    events = extract(text, DAY)
    assert [(e.location, e.country) for e in events] == [(location, country)]


def test_a_city_quarter_is_coded_to_its_city():
    """"حي أبو سليم" in Tripoli: a neighbourhood is coded to its town (geo_precision 2)."""
    events = extract("اندلعت اشتباكات عنيفة صباح اليوم في حي أبو سليم بالعاصمة الليبية طرابلس.", DAY)
    assert [(e.location, e.country, e.geo_precision) for e in events] == [("Tripoli", "Libya", 2)]


def test_a_frequent_word_named_like_a_town_stays_a_word():
    """"طويلة" (long) is also the Darfur town Tawila: no head, no place."""
    events = extract("استمرت المعارك فترة طويلة أمس بين الجيش وقوات الدعم السريع في الفاشر.", DAY)
    assert {e.location for e in events} == {"El Fasher"}


# -- how newsrooms write gunfire and beatings (cues.yaml) --------------------------------

@pytest.mark.parametrize("text, actor1", [
    ("فتحت قوات الاحتلال النار على مزارعين شرق بلدة عبسان اليوم.", "Military Forces of Israel"),
    ("أطلقت قوات الاحتلال النار باتجاه سيارة قرب بلدة حوارة أمس ما أدى إلى مقتل شاب.", "Military Forces of Israel"),
    ("اعتدى مستوطنون بالضرب على مواطنين في قرية المغير شرق رام الله اليوم.", "Settlers (Israel)"),
])
def test_gunfire_or_a_beating_aimed_at_people_is_an_attack_not_shelling(text, actor1):
    """The subject between "فتحت/أطلقت" and "النار" (verb-subject order) and "بالضرب" no
    longer leave the act untyped or typed as shelling by the generic verb."""
    assert [(e.sub_event_type, e.actor1) for e in extract(text, DAY)] == [("Attack", actor1)]


# -- names that are also adjectives, and countries that are teams (place_heads.yaml,
#    place_roles.yaml) ------------------------------------------------------------------

def _places(text: str) -> list[str]:
    from rasd.pipeline import annotate

    return [m.text for m in annotate(text, DAY) if m.kind == "place"]


@pytest.mark.parametrize("text, word", [
    ("وقال الوزير إن الوضع القائم على الحدود لا يمكن أن يستمر.", "القائم"),
    ("وتملك الدول الخمس الدائمة العضوية حق النقض.", "الخمس"),
    ("وتعيش الأسود البيضاء في محميات قليلة.", "البيضاء"),
])
def test_a_place_name_agreeing_with_the_definite_noun_before_it_is_an_adjective(text, word):
    assert word not in _places(text)


def test_the_same_names_with_a_head_or_a_preposition_stay_places():
    assert "القائم" in _places("قصفت طائرات مسيرة مواقع في مدينة القائم على الحدود السورية.")
    assert "البيضاء" in _places("اندلعت اشتباكات عنيفة اليوم في البيضاء بين الجيش والحوثيين.")


def test_a_country_named_by_a_match_report_is_its_team():
    assert "إيطاليا" not in _places("وتعادل إيطاليا مع ضيفه بهدف لمثله أمس.")
    assert "تايلاند" not in _places("وتابع اللاعبون مباراة تايلاند مع ضيفها أمس.")


# -- how newsrooms write protests -----------------------------------------------------------

@pytest.mark.parametrize("text, sub_event_type", [
    # "للمطالبة بـ" says what a protest demands; it does not make the protest a statement
    ("تظاهر المئات في مدينة السويداء اليوم للمطالبة بإطلاق سراح المعتقلين.", "Peaceful protest"),
    ("اعتصم العشرات اليوم أمام مبنى المحافظة في درعا للمطالبة بالإفراج عن المعتقلين.", "Peaceful protest"),
    # Yemeni rallies: "مسيرات حاشدة" is a march, and the march is a protest
    ("خرج آلاف اليمنيين اليوم في مسيرات حاشدة في مدينة الحديدة.", "Peaceful protest"),
    # the force's verb before an indefinite crowd anchors it ("فرقت الشرطة متظاهرين")
    ("فرقت الشرطة متظاهرين في ساحة التحرير ببغداد مساء أمس.", "Protest with intervention"),
])
def test_a_protest_told_as_newsrooms_tell_it_is_coded(text, sub_event_type):
    assert [e.sub_event_type for e in extract(text, DAY)] == [sub_event_type]


def test_provision_is_no_death():
    """"للمطالبة بتوفير الكهرباء": توفير (provision) begins like توفي (died)."""
    events = extract("تجمع مئات المتظاهرين اليوم أمام مبنى المحافظة في البصرة للمطالبة بتوفير الكهرباء.", DAY)
    assert [(e.event_type, e.fatalities) for e in events] == [("Protests", 0)]


def test_the_cause_of_a_rally_is_not_where_it_gathered():
    """"تضامناً مع غزة": Gaza is what the Sanaa rally stands for, not a second protest."""
    events = extract("خرج آلاف اليمنيين اليوم في مسيرات حاشدة في صنعاء تضامنا مع غزة.", DAY)
    assert [e.location for e in events] == ["Sanaa"]


def test_a_place_across_the_border_from_the_reports_places_is_kept():
    """An Israeli kibbutz shelled from Lebanon, in a report whose other places are Lebanese."""
    events = extract("قصف حزب الله اليوم مستوطنة كفر جلعادي بالصواريخ، فيما شن الطيران الإسرائيلي "
                     "غارة على بلدة عيترون.", DAY)
    assert sorted((e.actor1, e.location) for e in events) == [
        ("Hezbollah", "Kfar Giladi"), ("Military Forces of Israel", "Aitaroun")]


@pytest.mark.parametrize("text, sub_event_type", [
    ("اقتحم المئات من أنصار التيار الصدري مبنى المحافظة في البصرة اليوم.", "Violent demonstration"),
    ("وقال شهود إن مسلحين اقتحموا منزلا في بلدة الصنمين اليوم.", "Armed clash"),
    ("اقتحمت قوات الاحتلال مخيم جنين فجر اليوم.", "Armed clash"),
])
def test_a_crowd_storming_is_a_riot_and_armed_men_storming_a_clash(text, sub_event_type):
    """One wildcard key for every storming cue: a whole word listed elsewhere would hide it."""
    assert [e.sub_event_type for e in extract(text, DAY)] == [sub_event_type]


def test_one_person_assassinated_is_one_killed_and_a_dual_two():
    """"اغتيل مسؤول" names one victim with a passive verb and no number."""
    one = extract("اغتيل مسؤول محلي برصاص مسلحين مجهولين في مدينة عدن اليوم.", DAY)
    two = extract("اغتيلا برصاص مسلحين مجهولين في مدينة عدن اليوم.", DAY)
    assert [e.fatalities for e in one] == [1] and [e.fatalities for e in two] == [2]


def test_the_act_answered_is_not_the_answers_place_or_type():
    """"ردّاً على الغارة على بلدة كفركلا": the raid answered is told already; the rockets fell on
    Kiryat Shmona."""
    events = extract("أطلق حزب الله اليوم رشقة صاروخية على كريات شمونة ردا على الغارة على بلدة كفركلا.", DAY)
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Shelling/artillery/missile attack", "Qiryat Shmona")]


def test_shells_counted_since_the_start_of_the_month_are_no_event():
    assert extract("وتعرضت بلدة كفرنبل منذ مطلع الشهر الجاري لأكثر من مئتي قذيفة.", DAY) == []


def test_a_military_position_named_after_a_village_is_placed_there():
    """"موقع المطلة" in a Lebanese report is the Israeli position at Metula, not a website."""
    events = extract("قصف حزب الله اليوم موقع المطلة بالأسلحة الصاروخية، فيما قصفت مدفعية العدو "
                     "أطراف بلدة عيترون.", DAY)
    assert sorted(e.location for e in events) == ["Aitaroun", "Metula"]


def test_a_rally_under_a_slogan_is_a_protest_where_it_marched_not_drones_on_the_slogans_place():
    """"خرجت حشود جماهيرية … في مسيرات تحت شعار «مع غزة»": marches, not drones, in Sanaa only."""
    events = extract('وخرجت حشود جماهيرية في العاصمة صنعاء اليوم في مسيرات تحت شعار "مع غزة".', DAY)
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Sanaa")]


def test_another_sides_act_is_not_placed_where_the_first_side_struck():
    """The army's strike names no place the gazetteer knows; it does not take the place of the
    RSF shelling told before it."""
    events = extract("قصفت قوات الدعم السريع اليوم أحياء مدينة الفاشر بالمدفعية الثقيلة.\n"
                     "من جهته، أعلن الجيش أن طيرانه الحربي نفذ اليوم غارات على تجمعات للدعم السريع "
                     "في منطقة قوز الحمد.", DAY)
    placed = {e.actor1: e.location for e in events}
    assert placed["Rapid Support Forces"] == "El Fasher"
    assert placed["Military Forces of Sudan (2019-)"] != "El Fasher"


def test_an_assassination_told_in_the_passive_is_an_attack():
    events = extract("اغتيلت ناشطة في مدينة البصرة مساء أمس.", DAY)
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Attack", 1)]


def test_a_drone_that_targets_a_car_is_no_car_rally():
    """"مسيرة … سيارة": a drone and its target; only "مسيرة بالسيارات" is a car rally."""
    strike = extract("استهدفت مسيرة إسرائيلية اليوم سيارة في بلدة الخيام.", DAY)
    rally = extract("جابت مسيرة بالسيارات شوارع مدينة صيدا اليوم.", DAY)
    assert [e.sub_event_type for e in strike] == ["Air/drone strike"]
    assert [e.event_type for e in rally] == ["Protests"]


def test_houses_demolished_are_anchored_by_the_verb():
    """"هدمت جرافات الاحتلال منزلين": a finite verb of destruction, with no time told."""
    demolition = extract("هدمت جرافات الاحتلال منزلين في قرية الولجة شمال غرب بيت لحم.", DAY)
    assert [(e.sub_event_type, e.location) for e in demolition] == [("Looting/property destruction", "Al Walaja")]
