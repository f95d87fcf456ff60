"""Page structure before segmentation: debris is blanked (same length, offsets kept) and
hard-wrapped lines are joined. Texts written by us."""
from datetime import date

from hypothesis import given, strategies as st

from rasd.pipeline import extract
from rasd.text.page import clean_page, find_debris

NEWS = "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي."


def kinds(text: str) -> list[str]:
    return [d.kind for d in find_debris(text)]


def test_outlet_datelines_are_debris():
    for text in ("درعا – خاص\n" + NEWS, "صنعاء (سبأ) - " + NEWS, "بيروت – الأناضول\n" + NEWS):
        assert kinds(text) == ["dateline"], text
        assert clean_page(text).strip().startswith("قصفت")


def test_an_agency_named_inside_the_first_sentence_is_no_dateline():
    assert kinds("أفادت وكالة الأنباء اليمنية (سبأ) أن غارات استهدفت مديرية الصفراء.") == []


def test_captions_bylines_and_tickers_are_debris():
    text = "\n".join([NEWS, "الصورة: دخان يتصاعد فوق حي الكلاسة (أرشيف)", "كتب: سامر الأحمد",
                      "عاجل | انفجار في مدينة الباب"])
    assert kinds(text) == ["caption", "caption", "caption"]


def test_a_long_line_that_begins_like_a_byline_is_prose():
    text = "كتب الرئيس في رسالة إلى البرلمان أن الحكومة ستعيد النظر في قانون الانتخابات."
    assert kinds(text) == []


def test_a_read_also_block_takes_the_headlines_after_it():
    text = "\n".join([NEWS, "اقرأ أيضاً:", "غارات روسية على ريف إدلب", "مقتل عنصرين بانفجار لغم في درعا",
                      "", "وأضاف المراسل أن الدفاع المدني انتشل جثتين."])
    assert kinds(text) == ["link_block"] * 3
    assert "وأضاف المراسل" in clean_page(text)


def test_headlines_of_other_articles_make_no_events():
    text = NEWS + "\nالأكثر قراءة\nمقتل ثلاثة مدنيين بقصف على بلدة سراقب\nاشتباكات بين قسد والعشائر في ذيبان"
    found = extract(text, date(2024, 3, 10))
    assert [e.location_ar for e in found] == ["كفرنبل"]


def test_hard_wrapped_lines_are_one_sentence():
    text = "شنت طائرات حربية روسية غارات مكثفة على بلدات ريف\nإدلب الجنوبي صباح اليوم."
    assert clean_page(text) == text.replace("\n", " ")


def test_a_short_headline_line_stays_its_own_line():
    text = "غارات على إدلب\n" + NEWS
    assert clean_page(text) == text


@given(st.text(alphabet=st.sampled_from(list("قصف درعا–خاص:\n()اقرأ أيضاً.عاجل|")), max_size=200))
def test_cleaning_keeps_the_length_and_every_character_it_does_not_blank(text):
    cleaned = clean_page(text)
    assert len(cleaned) == len(text)
    assert all(c == o or c == " " for c, o in zip(cleaned, text))


def test_a_news_line_that_begins_like_a_share_bar_is_news():
    text = "شارك آلاف المواطنين اليوم في مسيرة حاشدة وسط مدينة تعز."
    assert kinds(text) == [] and clean_page(text) == text
