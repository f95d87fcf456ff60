"""Newsroom usage that real reports share: towns, city quarters and camps of Sudan, Libya and
the West Bank that the source gazetteers lacked (src/rasd/data/gazetteer/places_towns.tsv), and
how Levantine and Palestinian outlets write gunfire and beatings. Texts written by us."""
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
