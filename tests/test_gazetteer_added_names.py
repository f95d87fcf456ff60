"""Arabic names the rasd developers add to GeoNames places
(``rasd/data/gazetteer/inputs/arabic_names_added.tsv``): the file's format, its
places in the shipped gazetteer, and the build step that merges them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rasd.gazetteer import Gazetteer, haversine_km
from rasd.gazetteer.build import (
    ADDED_NAMES_FILE,
    ADDED_NAMES_HEADER,
    build,
    read_added_names,
    readable_english,
)
from rasd.gazetteer.index import default_data_dir
from rasd.text.normalize import normalize_key

ADDED = default_data_dir() / ADDED_NAMES_FILE
FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"
# Plain Arabic letters (hamza forms, ta marbuta and alif maqsura included) and
# single spaces: no harakat, tatweel, digits, Latin or Persian/Kurdish letters.
PLAIN_ARABIC = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*$")
ID = re.compile(r"^(?:lb:gn|gn:)[0-9]+$")


def added_rows() -> list[list[str]]:
    lines = ADDED.read_text(encoding="utf-8").splitlines()
    assert tuple(lines[0].split("\t")) == ADDED_NAMES_HEADER
    return [line.split("\t") for line in lines[1:] if line.strip()]


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory) -> Gazetteer:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RASD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "rasd-cache"))
        patch.setenv("RASD_DATA_DIR", str(tmp_path_factory.mktemp("no-user-layer")))
        yield Gazetteer.load()


def test_file_format():
    rows = added_rows()
    assert len(rows) >= 400
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids)), "one row per place"
    for row in rows:
        assert len(row) == 4, row
        source_id, names, name_en, note = row
        assert ID.match(source_id), source_id
        assert name_en.strip() == name_en and name_en, row
        assert note.strip(), row
        split = names.split("|")
        assert len(split) == len({normalize_key(n) for n in split}), row
        for name in split:
            assert PLAIN_ARABIC.match(name), (source_id, name)


def test_file_is_not_loaded_as_a_table():
    # Every *.tsv beside the tables is read as a table: the file must stay apart.
    assert ADDED.parent != default_data_dir()
    assert ADDED.suffix == ".tsv" and ADDED.exists()


def test_every_place_is_in_the_built_gazetteer(gazetteer):
    for source_id, names, name_en, _ in added_rows():
        place = gazetteer.get(source_id)
        assert place is not None, source_id
        assert place.name_en == readable_english(name_en), source_id  # GeoNames' name, unaccented
        assert place.source in ("geonames", "geonames-lebanon"), source_id
        assert place.has_coords and place.precision == 1, source_id
        for name in names.split("|"):
            assert source_id in [p.id for p in gazetteer.lookup(name)], (source_id, name)


def test_rows_per_country(gazetteer):
    countries = [gazetteer.get(row[0]).country for row in added_rows()]
    assert countries.count("Lebanon") >= 300
    assert countries.count("Palestine") >= 40
    for country in ("Iraq", "Jordan", "Israel", "Turkey"):
        assert country in countries


def near(places, country: str, lat: float, lon: float, km: float = 5.0) -> list:
    return [p for p in places if p.country == country and p.has_coords
            and haversine_km(p.lat, p.lon, lat, lon) <= km]


@pytest.mark.parametrize("name, country, lat, lon", [
    ("الخيام", "Lebanon", 33.33, 35.61),
    ("حولا", "Lebanon", 33.21, 35.52),
    ("ميس الجبل", "Lebanon", 33.17, 35.52),
    ("عيناثا", "Lebanon", 33.13, 35.44),
    ("اللبوة", "Lebanon", 34.20, 36.35),
    ("القاع", "Lebanon", 34.34, 36.47),
    ("شتورة", "Lebanon", 33.82, 35.85),
    ("جرف الصخر", "Iraq", 32.99, 44.10),
    ("قره قوش", "Iraq", 36.27, 43.38),
    ("عانة", "Iraq", 34.37, 41.98),
    ("بيت حانون", "Palestine", 31.54, 34.54),
    ("بلاطة", "Palestine", 32.21, 35.29),
    ("الأزرق", "Jordan", 31.88, 36.83),
    ("كفرجلعادي", "Israel", 33.24, 35.58),
    ("جيلان بينار", "Turkey", 36.85, 40.05),
])
def test_lookups(gazetteer, name, country, lat, lon):
    assert near(gazetteer.lookup(name), country, lat, lon), name


def test_build_merges_added_names(tmp_path, capsys):
    added = tmp_path / "added.tsv"
    added.write_text(
        "\t".join(ADDED_NAMES_HEADER) + "\n"
        "# a comment\n"
        "lb:gn273872\tحولا\tHoula\ta Lebanon row with no Arabic name\n"
        "gn:314830\tعينتاب\tGaziantep\ta cities500 row that has Arabic names\n"
        "gn:1\tمكان\tNowhere\tno such place\n",
        encoding="utf-8")
    out = tmp_path / "out"
    build(FIXTURES / "shared", out, FIXTURES / "cities500.json", log=lambda *_: None,
          added_names=added)
    assert "warning: arabic_names_added.tsv: gn:1 " in capsys.readouterr().err
    lebanon = (out / "lebanon.tsv").read_text(encoding="utf-8")
    houla = next(line.split("\t") for line in lebanon.splitlines() if line.startswith("lb:gn273872\t"))
    assert houla[2] == "حولا" and houla[6] == "Lebanon" and houla[13] == "geonames-lebanon"
    geonames = (out / "geonames.tsv").read_text(encoding="utf-8")
    gaziantep = next(line.split("\t") for line in geonames.splitlines() if line.startswith("gn:314830\t"))
    assert gaziantep[2].split("|") == ["غازي عنتاب", "عينتاب"]  # GeoNames' own name stays first


def test_build_without_the_file_adds_nothing(tmp_path):
    out = tmp_path / "out"
    build(FIXTURES / "shared", out, FIXTURES / "cities500.json", log=lambda *_: None)
    assert "lb:gn273872\t" not in (out / "lebanon.tsv").read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    ("id\tnames_ar\n", "header"),
    ("\t".join(ADDED_NAMES_HEADER) + "\nlb:gn1\tHoula\tHoula\tx\n", "plain Arabic"),
    ("\t".join(ADDED_NAMES_HEADER) + "\nsy:C1\tحولا\tHoula\tx\n", "GeoNames id"),
    ("\t".join(ADDED_NAMES_HEADER) + "\ngn:1\t\tHoula\tx\n", "no Arabic name"),
])
def test_malformed_file_is_refused(tmp_path, content, message):
    path = tmp_path / "added.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_added_names(path)


def test_missing_file_adds_nothing(tmp_path):
    assert read_added_names(tmp_path / "none.tsv").names == {}
    assert read_added_names(None).names == {}
