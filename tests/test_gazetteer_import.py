"""Importing GeoNames dumps and OCHA P-code tables into the user layer."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.gazetteer.build import build
from rasd.gazetteer.importers import AdminLocator, import_file
from rasd.gazetteer.index import Gazetteer, read_table

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gazetteer-built")
    build(FIXTURES / "shared", out, FIXTURES / "cities500.json", log=lambda *_: None)
    return out


@pytest.fixture
def user_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RASD_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data" / "gazetteer"


def test_geonames_dump(user_dir, built):
    locator = AdminLocator(Gazetteer.load(built))
    before = Gazetteer.load(built)
    result = import_file(FIXTURES / "IQ_sample.txt", country="IQ", locator=locator)
    assert result.path == user_dir / "user_IQ_sample.tsv"
    assert result.imported == 3 and result.skipped == 2  # a hill without Arabic, a Syrian row
    places = {e.place.id: e for e in read_table(result.path)}
    assert places["user:gn98001"].place.kind == "base"
    assert places["user:gn99071"].names == ["الفلوجة", "فلوجة"]
    assert places["user:gn99071"].place.country == "Iraq"

    merged = Gazetteer.load(built)  # the user layer is part of the cache key
    assert merged is not before and merged.cache_key != before.cache_key
    (kani,) = merged.lookup("كاني ماسي")
    assert kani.id == "user:gn99999" and kani.source == "user"


def test_ocha_csv(user_dir, built):
    result = import_file(FIXTURES / "ocha_pcodes.csv")
    assert (result.imported, result.skipped) == (2, 1)  # one row has no Arabic name
    gazetteer = Gazetteer.load(built)
    (village,) = gazetteer.lookup("المجاودة")
    assert village.id == "user:X9001" and gazetteer.lookup("القطعة")[0] == village
    assert gazetteer.lookup("الجلاء")[0].id != "user:X9001"  # the RefName's parent qualifier
    assert village.country == "Syria" and village.admin1 == "Deir-ez-Zor"
    assert village.admin2 == "Abu Kamal" and village.kind == "village"
    assert (village.lat, village.lon) == (34.656, 40.7947)


def test_ocha_xlsx(user_dir, built, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet0 = book.active
    sheet0.title = "admin0"
    sheet0.append(["admin0Name_en", "admin0Name_ar", "admin0Pcode"])
    sheet0.append(["Iraq", "العراق", "IQ"])
    sheet3 = book.create_sheet("admin3")
    sheet3.append(["ADM1_EN", "ADM1_AR", "ADM1_PCODE", "ADM2_EN", "ADM2_AR", "ADM2_PCODE",
                   "ADM3_EN", "ADM3_AR", "ADM3_PCODE", "ADM3ALT1AR", "latitude", "longitude"])
    sheet3.append(["Diyala", "ديالى", "IQG10", "Al-Khalis", "الخالص", "IQG10Q01",
                   "Al-Atheem", "العظيم", "IQG10Q01N01", "حاوي العظيم", 34.26, 44.58])
    path = tmp_path / "iraq_adm3.xlsx"
    book.save(path)
    result = import_file(path, country="Iraq")
    assert result.imported == 1
    (entry,) = read_table(result.path)
    assert entry.names == ["العظيم", "حاوي العظيم"]
    assert entry.place.kind == "admin3" and entry.place.precision == 2
    assert (entry.place.admin1, entry.place.admin2) == ("Diyala", "Al-Khalis")
    assert "user:IQG10Q01N01" in [p.id for p in Gazetteer.load(built).lookup("حاوي العظيم")]


@pytest.mark.parametrize("name, where, words", [
    ("bad_geonames.txt", "bad_geonames.txt:2", "19 tab-separated"),
    ("bad_latitude.csv", "bad_latitude.csv:3", "latitude"),
    ("no_admin_columns.csv", "no_admin_columns.csv:1", "admin<N>Name_ar"),
])
def test_bad_files_name_the_line(user_dir, name, where, words):
    with pytest.raises(InputError) as caught:
        import_file(FIXTURES / name, country="IQ")
    message = str(caught.value)
    assert where in message and words in message
    assert not user_dir.exists() or not list(user_dir.glob("user_*.tsv"))


def test_unreadable_inputs(user_dir, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        import_file(tmp_path / "missing.csv")
    odd = tmp_path / "places.json"
    odd.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="unknown file type"):
        import_file(odd)
    broken = tmp_path / "broken.xlsx"
    shutil.copy(FIXTURES / "ocha_pcodes.csv", broken)
    with pytest.raises(InputError, match="not a readable XLSX"):
        import_file(broken)
