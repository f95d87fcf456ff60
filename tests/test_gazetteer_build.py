"""Building the gazetteer tables from (miniature) shared data, and loading them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.gazetteer import index as index_module
from rasd.gazetteer.build import build, community_names
from rasd.gazetteer.index import Entry, Gazetteer, Place, read_table, write_table
from rasd.lexicon.matcher import tokenize
from rasd.text.normalize import normalize

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gazetteer-built")
    build(FIXTURES / "shared", out, FIXTURES / "cities500.json", log=lambda *_: None)
    shutil.copy(FIXTURES / "places_curated.tsv", out / "places_curated.tsv")
    return out


@pytest.fixture
def gaz(built, tmp_path, monkeypatch) -> Gazetteer:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RASD_DATA_DIR", str(tmp_path / "data"))
    return Gazetteer.load(built)


def ids(places: list[Place]) -> list[str]:
    return [p.id for p in places]


def test_tables_written(built):
    for name in ("syria", "lebanon", "iraq", "yemen", "geonames"):
        lines = (built / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        assert lines[0].split("\t")[:3] == ["id", "name_en", "names_ar"]
        assert len(lines) > 2


def test_compound_and_qualified_community_names(gaz):
    assert ids(gaz.lookup("دير حسان")) == ["sy:C9001"]
    assert ids(gaz.lookup("درحشان")) == ["sy:C9001"]
    assert "sy:C1002" in ids(gaz.lookup("اليرموك"))
    assert gaz.lookup("اليرموك دمشق") == []          # the parent qualifier is not a name
    assert ids(gaz.lookup("الخافية")) == ["sy:C9002"]  # "الخافية حلب" → الخافية
    assert "sy:C9003" in ids(gaz.lookup("كفر حلب"))    # not stripped to the bare head "كفر"
    assert gaz.lookup("كفر") == []
    assert ids(gaz.lookup("بقرص")) == ["sy:C9004"]     # "بقرص فوقاني" is also just بقرص


def test_community_names_split_and_strip():
    row = {"admin1Name_ar": "دمشق", "admin2Name_ar": "دمشق", "admin3Name_ar": "دمشق",
           "admin4Name_ar": "تشرين_دفيل", "admin4RefName_ar": "تشرين - دمشق"}
    assert community_names(row) == ["تشرين", "دفيل"]


def test_no_space_variants(gaz):
    assert {"sy:C5086", "sy-adm1:SY09"} <= set(ids(gaz.candidates("ديرالزور")))
    assert ids(gaz.candidates("كفركلبين")) == ["sy:C1568"]
    assert ids(gaz.candidates("طيرحرفا")) == ["lb:gn266752"]


def test_governorate_capital_is_city_and_governorate(gaz):
    places = gaz.lookup("دير الزور")
    kinds = [p.kind for p in places]
    assert kinds[0] == "city" and "admin1" in kinds and "admin2" in kinds
    governorate = gaz.get("sy-adm1:SY09")
    assert governorate.precision == 3 and governorate.admin1 == "Deir-ez-Zor"
    assert ids(gaz.lookup("محافظة دير الزور")) == ["sy-adm1:SY09"]


def test_candidates_sorted_by_importance(gaz):
    for key in gaz.keys():
        values = [p.importance for p in gaz.candidates(key)]
        assert values == sorted(values, reverse=True), key


def test_neighbourhoods_sit_at_their_town(gaz):
    (place,) = gaz.lookup("عش الورور")
    town = gaz.get("sy:C1001")
    assert place.id == "sy-nb:N0001" and place.kind == "neighbourhood"
    assert place.parent_id == "sy:C1001" and gaz.parent(place) == town
    assert (place.lat, place.lon, place.precision) == (town.lat, town.lon, 2)
    assert "sy-nb:N0004" not in ids(gaz.lookup("دمشق"))  # "تشرين - دمشق" qualifier dropped
    assert "sy-nb:A010" in ids(gaz.lookup("المزة"))         # the named area, too


def test_lebanon_only_rows_with_arabic_names(gaz):
    tripoli = gaz.get("lb:gn266826")
    assert tripoli.kind == "city" and tripoli.admin1 == "North Lebanon"
    assert "lb:gn266826" in ids(gaz.lookup("طرابلس الشام"))  # spelling merged from cities500
    assert gaz.get("lb:gn273872") is None                      # Houla: no Arabic name
    assert gaz.get("lb:gn278297").name_en == "North Lebanon"


def test_iraq_points_and_units(gaz):
    assert ids(gaz.lookup("حاوي العظيم")) == ["iq:IQG10Q01N01"]
    diyala = gaz.lookup("محافظة ديالى")[0]
    assert diyala.id == "iq:IQG10" and diyala.kind == "admin1" and diyala.precision == 3
    assert 33.9 < diyala.lat < 34.3
    assert {"iq:IQG10Q01", "iq:IQG10Q01N04"} <= set(ids(gaz.lookup("الخالص")))


def test_yemen_village_placement(gaz):
    own = gaz.get("ye:v1")       # a GeoNames point of that name in its governorate
    assert (own.lat, own.lon, own.precision) == (13.49, 43.83, 1)  # not the Marib namesake
    uzlah_point = gaz.get("ye:v2")  # no point of its own: its uzlah's
    assert (uzlah_point.lat, uzlah_point.lon, uzlah_point.precision) == (13.49, 43.83, 2)
    district_town = gaz.get("ye:v4")  # the district's own GeoNames point
    assert (district_town.lat, district_town.lon, district_town.precision) == (15.45, 45.02, 2)
    assert own.admin1 == "Taiz" and own.admin2 == "Maqbana" and own.admin3 == "Bani Sayf"
    assert gaz.get("ye:v3") is None          # "الجبل": an ordinary word, skipped
    assert gaz.get("ye:v6") is None          # no Arabic name
    assert gaz.get("ye:v5").name_ar == "تجمع بدو"
    assert gaz.get("ye:g12").lat == 13.57952 and gaz.get("ye:g12").precision == 3
    assert gaz.get("ye:v1").importance > gaz.get("ye:v2").importance


def test_geonames_region_filter_and_merge(gaz):
    assert gaz.lookup("غازي عنتاب") and gaz.lookup("مهران")
    assert gaz.lookup("ليون") == []  # outside the region and not a capital or a city of millions
    assert gaz.get("gn:174448") is None                # merged into the OCHA community
    assert ids(gaz.lookup("ابو كمال")) == ["sy:C5167"]
    assert gaz.get("sy:C5167").importance > 0.7         # population prior from GeoNames
    country = gaz.lookup("سوريا")[0]
    assert country.kind == "country" and country.precision == 3 and country.country == "Syria"
    assert [p.country for p in gaz.lookup("طرابلس")][:2] == ["Libya", "Lebanon"]


def test_world_layer_has_countries_and_big_cities(built, gaz):
    (istanbul,) = gaz.lookup("إسطنبول")  # outside the region, but a city of millions
    assert istanbul.kind == "city" and istanbul.country == "Turkey"
    world = (built / "world.tsv").read_text(encoding="utf-8")
    assert "\tIstanbul\t" in world and "\tIstanbul\t" not in (built / "geonames.tsv").read_text()
    qatar = gaz.lookup("قطر")[0]  # every country of inputs/country_names_ar.tsv
    assert qatar.kind == "country" and qatar.name_en == "Qatar" and qatar.precision == 3
    assert gaz.lookup("الولايات المتحدة")[0].name_en == "United States"


def test_ocha_pcodes_of_every_level(gaz):
    town = gaz.get("sy:C1001")
    assert town.pcodes.count("|") == 3 and town.pcode(4) == "C1001"
    assert town.pcode(1) and town.pcode(2).startswith(town.pcode(1))
    governorate = gaz.get("sy-adm1:SY09")
    assert governorate.pcode(1) == "SY09" and governorate.pcode(2) is None
    neighbourhood = gaz.get("sy-nb:N0001")  # its town's units, its own code
    assert neighbourhood.pcode(3) == town.pcode(3) and neighbourhood.pcode(4) == "N0001"
    iraq = gaz.get("iq:IQG10Q01N01")
    assert (iraq.pcode(1), iraq.pcode(2), iraq.pcode(3)) == ("IQG10", "IQG10Q01", "IQG10Q01N01")
    crossing = gaz.get("cur:sy-sikak-crossing")  # a site shares its town's units, not its code
    assert crossing.pcode(1) == gaz.get("sy:C5167").pcode(1) and crossing.pcode(4) is None
    assert gaz.get("lb:gn266826").pcodes is None  # GeoNames has no OCHA codes


def test_english_names_lose_diacritics():
    from rasd.gazetteer.build import readable_english

    assert readable_english("Khān Yūnis") == "Khan Yunis"
    assert readable_english("Bent Jbaïl") == "Bent Jbail"
    assert readable_english("Maʿarrat an Nuʿmān") == "Maarrat an Numan"


def test_curated_layer(gaz):
    field = gaz.get("cur:sy-omar-field")
    assert field.kind == "oil_field" and field.source == "curated"
    assert "cur:sy-omar-field" in ids(gaz.lookup("حقل العمر النفطي"))
    crossing = gaz.get("cur:sy-sikak-crossing")  # parent given by name, no coordinates
    town = gaz.get("sy:C5167")
    assert crossing.parent_id == "sy:C5167"
    assert (crossing.lat, crossing.lon, crossing.precision) == (town.lat, town.lon, 2)
    assert gaz.get("cur:sy-yarmuk-square").parent_id == "sy:C1002"


def test_matcher_over_keys(gaz):
    text = normalize("قصف على بالبوكمال وكفركلبين وحقل العمر").text
    keys = [m.key for m in gaz.matcher().find(tokenize(text))]
    assert keys == ["البوكمال", "كفركلبين", "حقل العمر"]
    assert set(gaz.keys()) == set(gaz.matcher().keys())


def test_load_is_cached_and_rebuilt_on_change(built, tmp_path, monkeypatch):
    data = tmp_path / "tables"
    shutil.copytree(built, data)
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RASD_DATA_DIR", str(tmp_path / "user"))
    first = Gazetteer.load(data)
    assert Gazetteer.load(data) is first
    assert list((tmp_path / "cache").glob("gazetteer-*.pickle"))

    # A new process reads the compiled form instead of parsing the tables.
    monkeypatch.setattr(index_module, "_LOADED", {})
    monkeypatch.setattr(index_module, "compile_layers",
                        lambda files: pytest.fail("compiled again despite a warm cache"))
    again = Gazetteer.load(data)
    assert again is not first and len(again) == len(first)
    monkeypatch.undo()
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RASD_DATA_DIR", str(tmp_path / "user"))

    with (data / "syria.tsv").open("a", encoding="utf-8") as handle:
        handle.write("sy:C9999\tNew Town\tبلدة جديدة تماما\tvillage\t35\t40\tSyria\t"
                     "Deir-ez-Zor\t\t\t0.3\t\t1\tocha-syria\n")
    assert Gazetteer.load(data) is first  # files are not looked at on every call
    changed = Gazetteer.load(data, refresh=True)
    assert changed is not first and changed.get("sy:C9999") is not None
    assert changed.cache_key != first.cache_key


def test_table_round_trip(tmp_path):
    place = Place("user:X1", "Somewhere", "مكان ما", "village", 33.5, 36.25, "Syria",
                  "Damascus", None, None, 0.3, None, 1, "user")
    write_table(tmp_path / "t.tsv", [Entry(place, ["مكان ما", "مكان"])])
    (entry,) = read_table(tmp_path / "t.tsv")
    assert entry.place == place and entry.names == ["مكان ما", "مكان"]


def test_bad_table_row_names_file_and_line(tmp_path):
    path = tmp_path / "user_bad.tsv"
    path.write_text("id\tnames_ar\tkind\nx1\tمكان\tvillage\nx2\tمكان\tcastle\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert f"{path}:3" in str(caught.value) and "castle" in str(caught.value)


def test_curated_layer_is_lenient(built, tmp_path, monkeypatch):
    data = tmp_path / "tables"
    shutil.copytree(built, data)
    with (data / "places_curated.tsv").open("a", encoding="utf-8") as handle:
        handle.write("odd-kind\tOdd\tمكان غريب\tfortress\t35.1\t40.1\tSyria\t\t\t\tfixture\n")
        handle.write("no-name\tNameless\t\tlandmark\t35.1\t40.1\tSyria\t\t\t\tfixture\n")
        handle.write("bad-lat\tBad\tمكان سيئ\tlandmark\tnorth\t40.1\tSyria\t\t\t\tfixture\n")
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RASD_DATA_DIR", str(tmp_path / "user"))
    with pytest.warns(UserWarning) as caught:
        gazetteer = Gazetteer.load(data)
    assert len(caught) == 3
    assert gazetteer.get("cur:odd-kind").kind == "landmark"
    assert gazetteer.get("cur:no-name") is None and gazetteer.get("cur:bad-lat") is None
    assert gazetteer.get("cur:sy-omar-field") is not None


def test_in_memory_gazetteer():
    place = Place("user:X1", "Somewhere", "السوق الكبير", "landmark", 33.5, 36.25, "Syria",
                  None, None, None, 0.5, None, 1, "user")
    gazetteer = Gazetteer.from_entries([Entry(place, ["السوق الكبير"])], common=["السوق"])
    assert gazetteer.lookup("السوق الكبير") == [place] and len(gazetteer) == 1
    assert gazetteer.is_common_word("السوق") and not gazetteer.is_common_word("السوق الكبير")
    assert list(gazetteer.keys()) == ["السوق الكبير", "السوقالكبير"]
