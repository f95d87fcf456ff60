"""The part of the day an event happened (recognize/times.py, data/times_of_day.yaml)."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from rasd.document import analyse
from rasd.model import Report
from rasd.pipeline import extract
from rasd.recognize.times import day_parts

DAY = date(2024, 3, 1)


def parts_in(text: str) -> list[str]:
    return [found.value for found in analyse(Report(id="t", text=text, published=DAY)).times]


@pytest.mark.parametrize("text, part", [
    ("استهدفت المدفعية فجراً أطراف البلدة", "dawn"),         # an adverb stands alone
    ("وقع الانفجار مساءً قرب السوق", "evening"),
    ("قصفت الطائرات صباح اليوم مواقع في البلدة", "morning"),  # a noun tied to a day
    ("اندلعت اشتباكات ليلة الثلاثاء في المدينة", "night"),
    ("تجددت الاشتباكات خلال الليل على أطراف المدينة", "night"),  # a definite form after a word of time
    ("وعند الفجر اقتحمت القوات القرية", "dawn"),
    ("سقطت القذائف قرابة الساعة 15:30 على الحي", "afternoon"),  # a 24-hour clock time
    ("سقطت القذائف قرابة الساعة الثالثة فجراً على الحي", "dawn"),  # the part word after a clock time
])
def test_a_part_of_the_day_told_as_newsrooms_tell_it(text, part):
    assert parts_in(text) == [part]


@pytest.mark.parametrize("text", [
    "فجر مسلحون عبوة ناسفة في السوق",        # فجّر: a verb, not dawn
    "قال صباح الأحمد إن الوضع هادئ",          # a name
    "تعود الآثار إلى العصر الروماني",          # an era
    "سقطت القذائف قرابة الساعة العاشرة على الحي",  # morning or night: not said
])
def test_a_word_that_only_may_name_a_time_does_not_here(text):
    assert parts_in(text) == []


def test_the_event_carries_its_part_of_the_day_and_the_words_it_rests_on():
    text = "قصفت طائرات حربية روسية فجر اليوم بلدة كفرنبل في ريف إدلب الجنوبي."
    (event,) = extract(text, DAY)
    assert event.time_of_day == "dawn"
    assert event.evidence["time_of_day"].text == "فجر"
    assert event.to_record()["time_of_day"] == "dawn"


def test_a_time_told_in_another_sentence_is_not_the_events():
    text = "شهدت المدينة فجر اليوم هدوءاً حذراً. وقصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب."
    assert [e.time_of_day for e in extract(text, DAY)] == [None]


@given(st.integers(min_value=0, max_value=23))
def test_every_hour_falls_in_exactly_one_part(hour):
    parts = day_parts()
    holding = [part for part, start, end in parts.hours
               if ((start <= hour < end) if start < end else (hour >= start or hour < end))]
    assert len(holding) == 1 and parts.part_at(hour) == holding[0]


def test_an_analyst_may_set_the_part_of_the_day_but_only_to_one_of_the_parts(tmp_path):
    from rasd.store import EventFilter, Store
    from rasd.store.testing import sample_event

    store = Store(f"sqlite:///{tmp_path}/times.db")
    store.ingest(Report(id="r", text="غارة على كفرنبل", published=DAY), events=[sample_event()])
    (event,) = store.query_events(EventFilter(), limit=1)
    assert store.update_event(event.id, {"time_of_day": "night"}, "huda").time_of_day == "night"
    with pytest.raises(ValueError, match="time_of_day"):
        store.update_event(event.id, {"time_of_day": "teatime"}, "huda")
    store.close()
