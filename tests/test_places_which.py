"""Which place a name is: word frequency against rank, support, far namesakes, the word
frequency column and the hand-written site layer. Small gazetteers built in the test."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rasd.gazetteer.index import Entry, Gazetteer, Place
from rasd.gazetteer.wordfreq_column import read_frequencies, relevant_frequencies, write_frequencies, zipf
from rasd.lexicon.matcher import tokenize
from rasd.recognize.places import find_places, news_rank, resolve_places, word_evidence
from rasd.text.normalize import normalize


def entry(pid: str, name: str, kind: str, lat: float, lon: float, country: str = "Syria",
          importance: float = 0.3, admin1: str = "Idleb") -> Entry:
    return Entry(Place(pid, pid, name, kind, lat, lon, country, admin1, None, None, importance,
                       None, 1, "user"), [name])


# A village named like a common word ("مكتب", office), a town and a far namesake village.
ENTRIES = [
    entry("office", "مكتب", "village", 35.70, 36.60),
    entry("town", "سرمدا", "town", 36.18, 36.71, importance=0.5),
    entry("near", "الغدير", "village", 35.75, 36.65),
    entry("far", "الغدير", "village", 15.30, 44.20, country="Yemen", admin1="Sanaa"),
    entry("capital", "العاصمة الكبرى", "city", 33.50, 36.30, importance=0.95),
    entry("lid", "لد", "village", 36.15, 36.70),
]
FREQUENCY = {"مكتب": 5.0, "سرمدا": 2.6, "لد": 3.2, "ولد": 5.4}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_entries(ENTRIES, frequency=FREQUENCY)


def mentions(text: str, gazetteer: Gazetteer):
    norm = normalize(text).text
    found = find_places(tokenize(norm), norm, gazetteer, set())
    resolved, _ = resolve_places(found, gazetteer, "Syria")
    return {m.found.value: m for m in resolved}


def test_rank_sets_how_common_a_word_may_be(gazetteer):
    village, capital = gazetteer.get("office"), gazetteer.get("capital")
    assert word_evidence("مكتب", news_rank(village), gazetteer).word_like
    assert not word_evidence("مكتب", news_rank(capital), gazetteer).word_like
    assert "reads as a word" in word_evidence("مكتب", 0.3, gazetteer).describe()


def test_news_rank_keeps_villages_and_foreign_towns_minor():
    big_village = Place("v", "v", "x", "village", 1, 1, "Syria", None, None, None, 0.7, None, 1, "user")
    foreign_town = Place("f", "f", "x", "city", 1, 1, "Indonesia", None, None, None, 0.89, None, 1, "user")
    country = Place("c", "c", "x", "country", 1, 1, "France", None, None, None, 1.0, None, 3, "user")
    assert news_rank(big_village) < 0.5 and news_rank(foreign_town) < 0.5
    assert news_rank(country) == 1.0


def test_a_word_like_name_needs_a_head(gazetteer):
    assert "مكتب" not in mentions("زار الوزير مكتب المحافظ.", gazetteer)
    assert "مكتب" in mentions("قصفت الطائرات قرية مكتب.", gazetteer)


def test_after_a_preposition_a_word_like_name_needs_a_place_nearby(gazetteer):
    assert "مكتب" not in mentions("وقع انفجار في مكتب صغير.", gazetteer)
    assert "مكتب" in mentions("وقع انفجار في مكتب قرب قرية الغدير.", gazetteer)


def test_a_clitic_reading_yields_to_the_whole_word(gazetteer):
    # "ولد" (was born) is a word far more common than و + the village "لد"
    assert "لد" not in mentions("ولد الطفل في بلدة سرمدا.", gazetteer)
    assert "لد" in mentions("قصف على بلدة سرمدا وقرية لد.", gazetteer)  # named with its head


def test_a_far_namesake_yields_to_a_near_reading(gazetteer):
    found = mentions("اشتباكات في بلدة سرمدا وقرية الغدير.", gazetteer)
    assert found["الغدير"].best.id == "near"
    assert found["الغدير"].best.country == "Syria"


# -- the word-frequency column -----------------------------------------------------------

def test_frequency_column_keeps_only_words_of_one_word_names(tmp_path):
    raw = {"مكتب": 1e-4, "ومكتب": 1e-6, "كتاب": 1e-4, "دير": 1e-4, "نادر": 1e-12}
    kept = relevant_frequencies(raw, ["مكتب", "دير الزور", "نادر"])
    assert set(kept) == {"مكتب", "ومكتب"}  # "دير" only begins a phrase; "نادر" is too rare
    assert kept["مكتب"] == zipf(1e-4) == 5.0
    path = tmp_path / "word_frequency.txt"
    assert write_frequencies(path, kept) == 2
    assert read_frequencies(path) == kept


def test_frequency_column_names_a_bad_line(tmp_path):
    path = tmp_path / "word_frequency.txt"
    path.write_text("مكتب\tكثير\n", encoding="utf-8")
    with pytest.raises(ValueError, match="word_frequency.txt:1"):
        read_frequencies(path)


# -- the hand-written site layer ---------------------------------------------------------

GAZETTEER_DIR = Path(__file__).resolve().parents[1] / "src" / "rasd" / "data" / "gazetteer"
# places_towns.tsv: towns, city quarters and camps of Sudan, Libya, Palestine and Lebanon that
# the sources lack; same columns and rules as the site layer.
SITE_FILES = (GAZETTEER_DIR / "places_sites.tsv", GAZETTEER_DIR / "places_towns.tsv")
BOXES = {"Palestine": (31.2, 32.6, 34.2, 35.6), "Sudan": (8.6, 22.3, 21.8, 38.7),
         "Libya": (19.5, 33.2, 9.3, 25.2), "Iraq": (29.0, 37.45, 38.75, 48.65),
         "Syria": (32.3, 37.4, 35.6, 42.45), "Lebanon": (33.04, 34.7, 35.09, 36.65),
         "Israel": (29.4, 33.4, 34.2, 35.9), "Yemen": (12.0, 19.1, 41.8, 54.6)}


WAW_WORDS = {"وادي", "ولاية", "وسط", "ورشفانة", "ورشفانه"}  # names whose own first letter is و


def site_rows() -> list[list[str]]:
    rows = []
    for path in SITE_FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].split("\t")[:4] == ["id", "name_en", "names_ar", "kind"]
        rows += [line.split("\t") for line in lines[1:]]
    return rows


@pytest.mark.parametrize("row", site_rows(), ids=lambda row: row[0])
def test_site_rows_are_well_formed(row):
    assert len(row) == 11 and re.fullmatch(r"[a-z]{2}(-[a-z0-9]+)+", row[0])
    lat_min, lat_max, lon_min, lon_max = BOXES[row[6]]
    assert lat_min <= float(row[4]) <= lat_max and lon_min <= float(row[5]) <= lon_max
    assert row[10], "every coordinate says where it comes from"
    # no proclitic written in (the matcher strips them), but وادي، ولاية، وسط begin with و
    assert all(name and (not name.startswith(("و", "بال")) or name.split()[0] in WAW_WORDS)
               for name in row[2].split("|"))


def test_a_town_is_also_found_without_its_article():
    from rasd.gazetteer.index import spelling_variants

    town = Place("t", "t", "الميادين", "city", 35.0, 40.4, "Syria", None, None, None, 0.7, None, 1, "user")
    village = Place("v", "v", "الغدير", "village", 35.0, 40.4, "Syria", None, None, None, 0.3, None, 1, "user")

    def bare(key, place, frequency):
        return [v for v, rule in spelling_variants([key], place, frequency) if rule.name == "article dropped"]

    assert bare("الميادين", town, {}) == ["ميادين"]
    assert spelling_variants(["الغدير"], village, {}) == []  # only towns are written both ways
    assert bare("الباب", town, {"باب": 5.0}) == []  # a common word bare
    assert bare("دير الزور", town, {}) == []  # phrases keep their article
    assert [v for v, _ in spelling_variants(["صنعاء"], town, {})] == ["صنعا"]  # a final hamza dropped


@pytest.mark.parametrize("source,url,country", [
    ("Syria TV", None, "Syria"), (None, "https://www.sana.sy/?p=1", "Syria"),
    ("وكالة وفا", None, "Palestine"), ("وكالة الوفاق", None, None), ("gsr", None, None),
])
def test_an_outlet_says_which_country_a_report_is_from(source, url, country):
    from rasd.recognize.places import outlet_country

    assert outlet_country(source, url) == country


def test_the_outlets_country_decides_between_namesakes():
    # two villages named alike, one in Syria, one in Lebanon; nothing else in the text
    twins = Gazetteer.from_entries([entry("sy", "الغدير", "village", 35.75, 36.65),
                                    entry("lb", "الغدير", "village", 33.9, 35.6, country="Lebanon")])
    norm = normalize("قصف على قرية الغدير").text
    found = find_places(tokenize(norm), norm, twins, set())
    (mention,), country = resolve_places(found, twins, None, "Lebanon")
    assert country == "Lebanon" and mention.best.id == "lb"


@pytest.mark.parametrize("arabic,english", [
    ("كركر", "Karkar"), ("الصلول", "As Salul"), ("دير البلح", "Dayr al Balah"),
    ("بني لحيه", "Bani Lahiyah"), ("خريشه السفلى", "Kharishah as Sufla"), ("نقعه", "Naq'ah"),
])
def test_one_romanisation_scheme_for_names_given_letter_by_letter(arabic, english):
    from rasd.gazetteer.romanize import romanize

    assert romanize(arabic) == english


@pytest.mark.parametrize("name,letter_by_letter", [
    ("Al-Kmb", True), ("Jzyrt As-Srj", True), ("Kdamh", True), ("Athwb", True),
    ("Bani Sayf", False), ("Ash Shihr", False), ("Al Hudaydah", False),
])
def test_letter_by_letter_names_are_recognised(name, letter_by_letter):
    from rasd.gazetteer.romanize import unreadable

    assert unreadable(name) is letter_by_letter


def test_namesakes_before_west_of_x_are_read_west_of_x():
    compass = Gazetteer.from_entries([
        entry("city", "المدينة الكبيرة", "city", 13.58, 44.02, country="Yemen", importance=0.9),
        entry("east", "الربوة", "village", 13.45, 44.18, country="Yemen", importance=0.2),
        entry("west", "الربوة", "village", 13.50, 43.75, country="Yemen", importance=0.1),
    ])
    norm = normalize("قصف مدفعي على قرية الربوة غرب المدينة الكبيرة").text
    found = find_places(tokenize(norm), norm, compass, set())
    resolved, _ = resolve_places(found, compass, "Yemen")
    village = next(m for m in resolved if m.found.value == "الربوه")
    assert village.best.id == "west" and "west" not in village.scored[1].place.id
    assert any("as the text says" in r for r in village.scored[0].reasons)


def test_a_latin_name_in_parentheses_says_which_namesake_is_meant():
    # two made-up villages written alike in Arabic, romanised differently
    twins = Gazetteer.from_entries([
        Entry(Place("east", "Tell Hamra", "تل حمرا", "village", 36.9, 41.9, "Syria", "Al-Hasakeh", None, None,
                    0.3, None, 1, "user"), ["تل حمرا"]),
        Entry(Place("west", "Tal Humayra", "تل حمرا", "village", 35.9, 36.6, "Syria", "Idleb", None, None,
                    0.3, None, 1, "user"), ["تل حمرا"])])
    norm = normalize("قصف على قرية تل حمرا (Tal Humaira) صباحا").text
    (mention,) = find_places(tokenize(norm), norm, twins, set())
    assert mention.gloss == "Tal Humaira" and [p.id for p in mention.candidates] == ["west"]
    # no gloss, or one that fits neither: both stay
    plain = normalize("قصف على قرية تل حمرا صباحا").text
    assert len(find_places(tokenize(plain), plain, twins, set())[0].candidates) == 2
    other = normalize("قصف على قرية تل حمرا (Qamishli)").text
    assert len(find_places(tokenize(other), other, twins, set())[0].candidates) == 2


def test_a_latin_gloss_makes_a_word_like_name_a_place():
    # "مكتب" (office) is a village here only when something says so: its romanisation does
    gazetteer = Gazetteer.from_entries([Entry(Place("office", "Maktab", "مكتب", "village", 35.7, 36.6, "Syria",
                                                    "Idleb", None, None, 0.3, None, 1, "user"), ["مكتب"])],
                                       frequency=FREQUENCY)
    bare = normalize("اجتمعوا في مكتب الحزب").text
    (weak,) = find_places(tokenize(bare), bare, gazetteer, set())
    assert not weak.strong and weak.needs_support  # a place only if the report's places are near
    glossed = normalize("اجتمعوا في مكتب (Maktab) أمس").text
    (mention,) = find_places(tokenize(glossed), glossed, gazetteer, set())
    assert mention.strong and not mention.needs_support and mention.candidates[0].id == "office"


def test_latin_gloss_matching_ignores_case_article_and_diacritics():
    from rasd.recognize.places import _gloss_fits, latin_gloss

    town = Place("q", "Al-Qāmishlī", "القامشلي", "city", 37.0, 41.2, "Syria", None, None, None, 0.9, None, 1, "user")
    assert _gloss_fits("qamishli", town) and _gloss_fits("QAMISHLY", town)
    assert not _gloss_fits("Hasakah", town)
    assert latin_gloss("في القامشلي ( Qamishli )", 11) == "Qamishli"
    assert latin_gloss("في القامشلي، (Qamishli)", 11) is None  # not right after the name


# -- the report's country from its dialect ------------------------------------------------

def test_quoted_speech_tells_the_country_when_the_places_leave_it_open(gazetteer):
    """"الغدير" alone has a Syrian and a Yemeni namesake; a resident quoted in Yemeni speech
    tips it to Yemen, one quoted in Levantine speech to Syria (whose vote Lebanon, Palestine
    and Jordan share)."""
    from rasd.recognize.places import dialect_votes

    def country(text: str) -> str:
        norm = normalize(text).text
        tokens = tokenize(norm)
        found = find_places(tokens, norm, gazetteer, set())
        resolved, chosen = resolve_places(found, gazetteer, None, None, dialect_votes(tokens))
        return chosen

    assert country("وقال أحد السكان: «ذلحين القصف ما وقف» في قرية الغدير.") == "Yemen"
    assert country("وقال أحد السكان: «هلق القصف ما وقف» في قرية الغدير.") == "Syria"


def test_dialect_words_are_data_and_split_their_vote():
    from rasd.recognize.places import DIALECT_VOTE, dialect_votes

    votes = dialect_votes(tokenize(normalize("قال شاهد: شلون نطلع؟ القصف هيك كل ليلة").text))
    assert votes["Iraq"] == pytest.approx(DIALECT_VOTE)
    assert votes["Syria"] == pytest.approx(DIALECT_VOTE / 4) == votes["Lebanon"]
