"""Who was acted on (actor2) and how many died: one test per construction of issue 12.
Texts are our own; each names its construction."""
from datetime import date

from rasd.pipeline import extract

DAY = date(2024, 3, 10)


def events(text, published=DAY):
    return extract(text, published)


def only(text, published=DAY):
    found = events(text, published)
    assert len(found) == 1, [(e.sub_event_type, e.actor1, e.actor2, e.location) for e in found]
    return found[0]


# -- How many -------------------------------------------------------------------------------

def test_a_later_toll_update_gives_the_event_its_new_total():
    event = only("قصفت طائرات حربية إسرائيلية، اليوم، منزلاً في بلدة عيترون، ما أدى إلى مقتل ثلاثة أشخاص.\n"
                 "وفي وقت لاحق، ارتفع عدد القتلى إلى سبعة بعد انتشال جثث من تحت الأنقاض.")
    assert event.fatalities == 7


def test_a_total_since_a_date_is_not_the_events_toll():
    event = only("قصفت طائرات حربية إسرائيلية، اليوم، منزلاً في بلدة عيترون، ما أدى إلى مقتل ثلاثة أشخاص.\n"
                 "ويرتفع بذلك عدد القتلى في الجنوب منذ بداية الشهر إلى ٤٠ قتيلاً.")
    assert event.fatalities == 3


# -- Canonical names by context ---------------------------------------------------------------

def test_another_countrys_generic_phrase_yields_the_shorter_local_one():
    from rasd.pipeline import annotate
    mentions = annotate("في مدينة الديوانية، رشق محتجون عناصر الشرطة بالحجارة أمام مبنى المحافظة.", DAY)
    assert "Police Forces of Iraq" in {m.value for m in mentions if m.kind == "actor"}
