"""Checks on the curated place layer (src/rasd/data/gazetteer/places_curated.tsv).

The file is hand-curated: oil and gas fields, bases, airports, crossings, dams,
bridges, prisons, camps, landmarks, city neighbourhoods and regions that the
town/village gazetteers lack. These tests keep its format honest; they do not
(and cannot) prove that a coordinate is right.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "src" / "rasd" / "data" / "gazetteer" / "places_curated.tsv"

HEADER = ["id", "name_en", "names_ar", "kind", "lat", "lon", "country",
          "admin1", "admin2", "parent", "coord_source"]

KINDS = {"oil_field", "gas_field", "base", "airport", "crossing", "dam", "bridge",
         "prison", "camp", "landmark", "neighbourhood", "region"}

# Rough bounding boxes (lat_min, lat_max, lon_min, lon_max), a little generous.
BOXES = {
    "Syria": (32.3, 37.4, 35.6, 42.45),
    "Iraq": (29.0, 37.45, 38.75, 48.65),
    "Lebanon": (33.04, 34.7, 35.09, 36.65),
    "Yemen": (12.0, 19.1, 41.8, 54.6),
    "Jordan": (29.15, 33.4, 34.9, 39.35),
    "Turkey": (35.8, 42.15, 25.6, 44.85),
}

PREFIX = {"sy": "Syria", "iq": "Iraq", "lb": "Lebanon", "ye": "Yemen", "jo": "Jordan", "tr": "Turkey"}

SYRIA_ADMIN1 = {"Deir-ez-Zor", "Al-Hasakeh", "Ar-Raqqa", "Aleppo", "Idleb", "Hama", "Homs",
                "Dar'a", "As-Sweida", "Quneitra", "Rural Damascus", "Damascus", "Lattakia",
                "Tartous"}

# Arabic letters (hamza .. yeh, without tatweel or diacritics) and ASCII digits,
# single spaces between words. Digits are allowed for names such as "البرج 22".
ARABIC_WORD = "[\u0621-\u063a\u0641-\u064a0-9]+"
NAME_RE = re.compile(rf"^{ARABIC_WORD}( {ARABIC_WORD})*$")
HAS_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a]")

# A first word may not carry a proclitic: the matcher strips those itself.
CLITIC_ARTICLE_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ولل", "فلل")
# Genuine first words that begin with و (the conjunction is never written in).
WAW_WORDS = {"وادي", "وسط"}
SINGLE_CLITICS = "وبفكل"

COORD_RE = re.compile(r"^-?\d{1,3}(\.\d{1,4})?$")
ID_RE = re.compile(r"^(sy|iq|lb|ye|jo|tr)-[a-z0-9]+(-[a-z0-9]+)*$")


def _read_lines() -> list[str]:
    raw = PATH.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "file must not start with a BOM"
    assert b"\r" not in raw, "file must use LF line endings"
    text = raw.decode("utf-8")
    assert text.endswith("\n"), "file must end with a newline"
    return text[:-1].split("\n")


LINES = _read_lines()
ROWS = [line.split("\t") for line in LINES[1:]]
BY_ID = {row[0]: row for row in ROWS if row}


def test_header_exact():
    assert LINES[0] == "\t".join(HEADER)


def test_row_count_reasonable():
    assert 250 <= len(ROWS) <= 520


@pytest.mark.parametrize("lineno,line", list(enumerate(LINES[1:], start=2)))
def test_eleven_columns(lineno, line):
    assert line.strip(), f"line {lineno} is empty"
    assert len(line.split("\t")) == 11, f"line {lineno}: {len(line.split(chr(9)))} columns"


def test_ids_unique_and_well_formed():
    ids = [row[0] for row in ROWS]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not ID_RE.match(i)]
    assert not bad, f"malformed ids: {bad}"


def test_id_prefix_matches_country():
    bad = [(r[0], r[6]) for r in ROWS if PREFIX[r[0].split("-")[0]] != r[6]]
    assert not bad, bad


def test_kinds_allowed():
    bad = [(r[0], r[3]) for r in ROWS if r[3] not in KINDS]
    assert not bad, bad


def test_name_en_ascii_and_present():
    bad = [r[0] for r in ROWS if not r[1].strip() or not r[1].isascii()]
    assert not bad, bad


def test_coordinates_format_and_inside_country_box():
    bad = []
    for r in ROWS:
        pid, lat_s, lon_s, country = r[0], r[4], r[5], r[6]
        if not (COORD_RE.match(lat_s) and COORD_RE.match(lon_s)):
            bad.append((pid, "format", lat_s, lon_s))
            continue
        lat, lon = float(lat_s), float(lon_s)
        if country not in BOXES:
            bad.append((pid, "no box for country", country))
            continue
        lat0, lat1, lon0, lon1 = BOXES[country]
        if not (lat0 <= lat <= lat1 and lon0 <= lon <= lon1):
            bad.append((pid, "outside box", country, lat, lon))
    assert not bad, bad


def test_admin1_present_and_syrian_spellings():
    missing = [r[0] for r in ROWS if not r[7].strip()]
    assert not missing, f"admin1 missing: {missing}"
    bad = [(r[0], r[7]) for r in ROWS if r[6] == "Syria" and r[7] not in SYRIA_ADMIN1]
    assert not bad, f"non-OCHA Syrian admin1: {bad}"


def test_names_ar_plain_arabic():
    bad = []
    for r in ROWS:
        names = r[2].split("|")
        if not names or any(not n for n in names):
            bad.append((r[0], "empty form"))
        for n in names:
            if not NAME_RE.match(n) or not HAS_ARABIC_LETTER.search(n):
                bad.append((r[0], n))
        dupes = [n for n, c in Counter(names).items() if c > 1]
        if dupes:
            bad.append((r[0], "duplicate forms", dupes))
    assert not bad, bad


def test_names_ar_without_clitics():
    bad = []
    for r in ROWS:
        names = r[2].split("|")
        forms = set(names)
        for n in names:
            first = n.split(" ")[0]
            if first.startswith(CLITIC_ARTICLE_PREFIXES):
                bad.append((r[0], n, "preposition/conjunction on the article"))
            if first.startswith("و") and first not in WAW_WORDS:
                bad.append((r[0], n, "leading waw"))
            if n[0] in SINGLE_CLITICS and n[1:] in forms:
                bad.append((r[0], n, "clitic-prefixed duplicate of another form"))
    assert not bad, bad


def test_coord_source_present():
    bad = [r[0] for r in ROWS if len(r[10].strip()) < 10]
    assert not bad, bad


def test_neighbourhoods_have_parent():
    bad = [r[0] for r in ROWS if r[3] == "neighbourhood" and not r[9].strip()]
    assert not bad, bad


def _close(pid: str, lat: float, lon: float, tol: float = 0.01) -> bool:
    row = BY_ID[pid]
    return math.isclose(float(row[4]), lat, abs_tol=tol) and math.isclose(float(row[5]), lon, abs_tol=tol)


def test_reference_points_from_brief():
    assert _close("sy-omar-field", 35.0, 40.56)
    assert _close("sy-conoco-field", 35.27, 40.30)
    assert _close("sy-sikak-crossing", 34.46, 40.93)
    for pid in ("sy-mayadin-tamu", "sy-mayadin-arbaeen"):
        assert _close(pid, 35.0191, 40.4531, tol=0.0001)
        assert BY_ID[pid][9] == "Al Mayadin"


def test_key_places_present():
    expected = {
        "حقل العمر": "sy-omar-field", "حقل كونيكو": "sy-conoco-field",
        "قاعدة التنف": "sy-tanf-base", "معبر السكك": "sy-sikak-crossing",
        "مخيم الهول": "sy-hol-camp", "سد تشرين": "sy-tishrin-dam",
        "جسر الميادين": "sy-mayadin-bridge", "حي التمو": "sy-mayadin-tamu",
        "قاعدة عين الأسد": "iq-ain-al-asad", "المنطقة الخضراء": "iq-baghdad-green-zone",
        "ساحة الحبوبي": "iq-nasiriyah-habboubi-square", "جبال حمرين": "iq-hamrin-mountains",
        "حارة حريك": "lb-haret-hreik", "إقليم التفاح": "lb-iqlim-al-tuffah",
        "مطار صنعاء": "ye-sanaa-airport", "باب المندب": "ye-bab-al-mandab",
        "البرج 22": "jo-tower-22",
    }
    for name, pid in expected.items():
        assert pid in BY_ID, pid
        assert name in BY_ID[pid][2].split("|"), (pid, name)


def test_bare_ordinary_words_not_listed_alone():
    # Bare forms that are everyday words must only appear inside longer names.
    ordinary = {"العمر", "السكك", "البادية", "الزاوية", "المحطة", "الصناعة", "الموظفين",
                "القصور", "الأربعين", "الميدان", "الحميدية", "المصنع", "الضاحية", "الحدث"}
    bad = [(r[0], n) for r in ROWS for n in r[2].split("|") if n in ordinary]
    assert not bad, bad
