"""Date resolution against the publication date, and casualty figures."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from rasd.lexicon.matcher import tokenize
from rasd.recognize.dates import find_dates
from rasd.recognize.numbers import casualty_figures, find_casualty_words, find_counts, sum_casualties
from rasd.text.normalize import normalize

PUBLISHED = date(2023, 11, 13)  # a Monday


def dates_in(text, published=PUBLISHED):
    norm = normalize(text).text
    return [f.value.day for f in find_dates(norm, tokenize(norm), published)]


@pytest.mark.parametrize("phrase, expected", [
    ("فجر اليوم", date(2023, 11, 13)),
    ("مساء أمس", date(2023, 11, 12)),
    ("الليلة الماضية", date(2023, 11, 12)),
    ("أول أمس", date(2023, 11, 11)),
    ("مساء أمس الأحد", date(2023, 11, 12)),
    ("يوم الخميس", date(2023, 11, 9)),
    ("في 8 كانون الأول/ديسمبر", date(2022, 12, 8)),
    ("في 23 تشرين الثاني/نوفمبر الماضي", date(2023, 11, 23) if False else date(2022, 11, 23)),
    ("الخامس من تموز 2018", date(2018, 7, 5)),
    ("بتاريخ 2022/6/9", date(2022, 6, 9)),
    ("يوم 14 أكتوبر 2023", date(2023, 10, 14)),
    ("في ١٠ نوفمبر", date(2023, 11, 10)),
])
def test_date_phrases(phrase, expected):
    assert dates_in(f"قصفت الطائرات البلدة {phrase} وفق مصادر") == [expected]


def test_weekday_next_to_an_explicit_date_defers_to_it():
    assert dates_in("صباح اليوم السبت 11 تشرين الثاني") == [date(2023, 11, 11)]


def test_hijri_date():
    assert dates_in("في 15 رمضان 1445") == [date(2024, 3, 25)]


MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
          "تشرين الأول", "تشرين الثاني", "كانون الأول"]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), st.booleans())
def test_any_written_date_parses_to_itself(day, egyptian_too):
    month = MONTHS[day.month - 1]
    if egyptian_too:
        month += "/" + ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                        "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"][day.month - 1]
    assert dates_in(f"وقع الهجوم في {day.day} {month} {day.year} صباحاً") == [day]


def figures(text):
    norm = normalize(text).text
    tokens = tokenize(norm)
    counts = find_counts(tokens, norm)
    found = casualty_figures(tokens, find_casualty_words(tokens, norm), counts)
    return sum_casualties([f.value for f in found])


@pytest.mark.parametrize("text, expected", [
    ("أسفر القصف عن مقتل عنصرين", (2, None)),
    ("ما أدى إلى مقتل أكثر من سبعة عناصر", (7, None)),
    ("موقعاً 17 قتيلاً و28 جريحاً", (17, 28)),
    ("قُتل ٤ مدنيين وأُصيب طفلان", (4, 2)),
    ("تسبب بمقتل وإصابة عدد من المدنيين", (3, 3)),
    ("وسط أنباء عن سقوط قتلى", (3, None)),
    ("دون وقوع إصابات", (0, 0)),
    ("وأصيب خمسة وعشرون شخصاً", (0, 25)),
    ("ارتكبت الطائرات مجزرة في البلدة", (10, None)),
    # the count before the verb, with its noun and "at least" between
    ("قال الدفاع المدني إن 40 شخصاً على الأقل قتلوا في الغارة", (40, None)),
    # a share is never a count of people
    ("أصيب 60% من ركاب الحافلة", (0, 3)),
    ("نزح 70 في المئة من سكان القرية بعد مقتل راعٍ", (1, None)),
    # a named victim is one, however many words tell of his death
    ("قُتل الصحفي المعروف سامر الحلبي، إذ أطلق مسلح النار عليه فأرداه قتيلاً", (1, None)),
    ("قُتل المدعو خالد السعيد برصاص مجهولين قرب منزله", (1, None)),
    # a word with no figure tells of the dead a figure beside it counts
    ("أدت الغارة إلى مقتل شخص، وأكدت المديرية سقوط شهيد", (1, None)),
])
def test_casualty_figures(text, expected):
    assert figures(text) == expected
