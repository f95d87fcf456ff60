"""The gazetteer: places with Arabic name keys, loaded once per process.

The tables under ``rasd/data/gazetteer/`` are tab-separated, UTF-8, one place a
line after a header naming the columns (see :data:`COLUMNS`). Columns are found
by name, so the curated layer (``places_curated.tsv``, which has no importance,
precision or source columns but a ``coord_source`` one) and the user layer
(``$RASD_DATA_DIR/gazetteer/user_*.tsv``) are read by the same code.

Parsing ~60k rows and building the phrase matcher takes seconds, so the result
is compiled once into a pickle in a cache directory, keyed by a hash of every
input file (and of the code that shapes keys), and reused by later processes.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import sys
import tempfile
import threading
import time
import unicodedata
import warnings
from dataclasses import astuple, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from rasd.errors import InputError
from rasd.gazetteer.wordfreq_column import read_frequencies
from rasd.lexicon.loader import data_path, load_yaml
from rasd.lexicon.matcher import ARTICLE, PhraseMatcher
from rasd.text.normalize import normalize_key

KINDS = frozenset(
    "country admin1 admin2 admin3 city town village neighbourhood oil_field gas_field "
    "base crossing airport dam bridge landmark region camp prison".split()
)
SOURCES = frozenset(
    "ocha-syria opensyria geonames-lebanon ocha-iraq yemen-regions geonames curated user".split()
)
# Column order of the tables this project writes.
COLUMNS = (
    "id", "name_en", "names_ar", "kind", "lat", "lon", "country", "admin1", "admin2",
    "admin3", "importance", "parent", "precision", "source", "pcodes",
)
CURATED_FILE = "places_curated.tsv"
CURATED_GLOB = "places_*.tsv"  # every hand-written layer: places_curated.tsv, places_sites.tsv
COMMON_WORDS_FILE = "common_words.txt"
FREQUENCY_FILE = "word_frequency.txt"  # written by the build from wordfreq (wordfreq_column.py)
# Bump when the compiled form changes shape, so stale caches are not unpickled.
FORMAT_VERSION = "gazetteer-6"

# Importance and precision of rows that do not state them (curated and user rows).
DEFAULT_IMPORTANCE = {
    "country": 1.0, "admin1": 0.8, "region": 0.7, "city": 0.85, "admin2": 0.6,
    "town": 0.5, "admin3": 0.45, "oil_field": 0.7, "gas_field": 0.7, "base": 0.65,
    "crossing": 0.65, "airport": 0.7, "dam": 0.65, "bridge": 0.55, "landmark": 0.5,
    "camp": 0.55, "prison": 0.5,
    "village": 0.3, "neighbourhood": 0.25,
}
AREA_PRECISION = {"country": 3, "admin1": 3, "region": 3, "admin2": 2, "admin3": 2}


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name_en: str
    name_ar: str
    kind: str
    lat: float | None
    lon: float | None
    country: str
    admin1: str | None
    admin2: str | None
    admin3: str | None
    importance: float
    parent_id: str | None
    precision: int
    source: str
    # OCHA P-codes "admin1|admin2|admin3|location" (empty parts unknown); None without any
    pcodes: str | None = None

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lon is not None

    def pcode(self, level: int) -> str | None:
        """OCHA P-code of the place's admin ``level`` (1–3) or, for 4, of the place itself."""
        parts = (self.pcodes or "").split("|")
        return (parts[level - 1] or None) if level <= len(parts) else None


@dataclass(slots=True)
class Entry:
    """A place and every Arabic name it may be written as (first = primary)."""

    place: Place
    names: list[str]


# ---------------------------------------------------------------------------
# TSV tables


def _opt(value: str) -> str | None:
    value = value.strip()
    return value or None


def _float(value: str, where: str, column: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise InputError(where, f"{column} is not a number: {value!r}") from None


def _fmt_float(value: float | None, digits: int = 6) -> str:
    return "" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def entry_to_row(entry: Entry) -> list[str]:
    p = entry.place
    names = "|".join(_clean_cell(n) for n in entry.names)
    return [
        p.id, _clean_cell(p.name_en), names, p.kind, _fmt_float(p.lat), _fmt_float(p.lon),
        p.country, p.admin1 or "", p.admin2 or "", p.admin3 or "",
        _fmt_float(p.importance, 3), p.parent_id or "", str(p.precision), p.source,
        p.pcodes or "",
    ]


def _clean_cell(text: str) -> str:
    # Tabs, newlines and our name separator cannot appear inside a cell.
    return " ".join(text.replace("|", " ").split())


def write_table(path: Path, entries: Iterable[Entry]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("\t".join(COLUMNS) + "\n")
        for entry in entries:
            handle.write("\t".join(entry_to_row(entry)) + "\n")
            count += 1
    os.replace(tmp, path)
    _CHECKED_AT.clear()  # this process changed a layer: the next load looks at the files again
    return count


def read_table(path: Path, source: str | None = None, id_prefix: str = "",
               lenient: bool = False) -> list[Entry]:
    """Read one of our tables (or the curated/user layers) into entries.

    ``source`` overrides the source column (the curated file has none);
    ``id_prefix`` is put before ids that do not already carry it ("cur:");
    ``lenient`` (the hand-written curated layer) skips bad rows with a warning and
    takes an unknown kind as "landmark" instead of raising InputError.
    """
    with path.open(encoding="utf-8-sig") as handle:
        lines = handle.read().split("\n")
    header_at = next((i for i, line in enumerate(lines) if line.strip()
                      and not line.startswith("#")), None)
    if header_at is None:
        return []
    header = [h.strip() for h in lines[header_at].split("\t")]
    missing = {"id", "names_ar", "kind"} - set(header)
    if missing:
        raise InputError(f"{path}:{header_at + 1}", f"header lacks {sorted(missing)}")
    index = {name: i for i, name in enumerate(header)}
    entries = []
    for number, line in enumerate(lines[header_at + 1:], start=header_at + 2):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            entries.append(_parse_row(line.rstrip("\r").split("\t"), index,
                                      f"{path}:{number}", source, id_prefix, lenient))
        except InputError as err:
            if not lenient:
                raise
            # A bad row in a shipped hand-written layer must not stop every load.
            warnings.warn(f"{err}; row skipped", stacklevel=2)
    return entries


def _parse_row(cells: list[str], index: dict[str, int], where: str,
               source: str | None, id_prefix: str, lenient: bool = False) -> Entry:
    def get(column: str) -> str:
        i = index.get(column)
        return cells[i] if i is not None and i < len(cells) else ""

    names = [n.strip() for n in get("names_ar").split("|") if n.strip()]
    place_id, kind = get("id").strip(), get("kind").strip()
    if not place_id or not names:
        raise InputError(where, "a row needs an id and at least one Arabic name")
    if kind not in KINDS:
        if not lenient:
            raise InputError(where, f"unknown kind {kind!r}")
        # A shipped layer with a kind we do not know yet must not stop every load.
        warnings.warn(f"{where}: unknown kind {kind!r}, taken as landmark", stacklevel=2)
        kind = "landmark"
    if id_prefix and not place_id.startswith(id_prefix):
        place_id = id_prefix + place_id
    lat, lon = _float(get("lat"), where, "lat"), _float(get("lon"), where, "lon")
    importance = _float(get("importance"), where, "importance")
    precision = _float(get("precision"), where, "precision")
    place = Place(
        id=place_id, name_en=get("name_en").strip(), name_ar=names[0], kind=kind,
        lat=lat, lon=lon, country=get("country").strip(),
        admin1=_opt(get("admin1")), admin2=_opt(get("admin2")), admin3=_opt(get("admin3")),
        importance=DEFAULT_IMPORTANCE.get(kind, 0.3) if importance is None else importance,
        parent_id=_opt(get("parent")),
        precision=int(precision) if precision is not None else AREA_PRECISION.get(kind, 1),
        source=source or get("source").strip() or "user",
        pcodes=_opt(get("pcodes")),
    )
    return Entry(place, names)


# ---------------------------------------------------------------------------
# Keys


def name_keys(name: str) -> list[str]:
    """Lookup keys of one Arabic name: its normalised form, and for two-word
    names the form without the space (reports write both "دير الزور" and
    "ديرالزور", "كفر كلبين" and "كفركلبين")."""
    key = normalize_key(name)
    if not key:
        return []
    words = key.split()
    keys = [key]
    if len(words) == 2:
        keys.append("".join(words))
    return keys


VARIANT_IMPORTANCE = 0.6  # district towns and bigger are also written in other spellings
VARIANT_MAX_ZIPF = 4.0  # …unless the variant is a common word ("الباب" → "باب", door)
VARIANT_RULES_FILE = "gazetteer/spelling_variants.yaml"


@dataclass(frozen=True, slots=True)
class VariantRule:
    """One way newsrooms respell a name (a rule of spelling_variants.yaml)."""
    name: str
    pattern: re.Pattern[str]
    replace: str
    min_length: int
    min_stem: int  # letters after the article
    one_word: bool
    skip_namesakes: bool  # no variant that is already another place's name
    max_zipf: float  # no variant written this often as an ordinary word

    def apply(self, key: str) -> list[str]:
        """Every respelling of ``key``: each match of the pattern rewritten on its own."""
        if self.one_word and " " in key:
            return []
        variants = []
        for match in self.pattern.finditer(key):
            variant = key[:match.start()] + match.expand(self.replace) + key[match.end():]
            letters = variant.replace(" ", "")
            stem = letters.removeprefix(ARTICLE)
            if variant != key and len(letters) >= self.min_length and len(stem) >= self.min_stem:
                variants.append(variant)
        return variants


@lru_cache(maxsize=1)
def variant_rules() -> tuple[VariantRule, ...]:
    rules = []
    for number, row in enumerate(load_yaml(VARIANT_RULES_FILE)["rules"], start=1):
        try:
            rules.append(VariantRule(
                name=row["name"], pattern=re.compile(row["pattern"]), replace=row["replace"],
                min_length=int(row.get("min_length", 0)), min_stem=int(row.get("min_stem", 0)),
                one_word=bool(row.get("one_word")),
                skip_namesakes=row.get("namesakes") == "skip",
                max_zipf=float(row.get("max_zipf", VARIANT_MAX_ZIPF))))
        except (KeyError, TypeError, ValueError, re.error) as err:
            raise InputError(f"{VARIANT_RULES_FILE} rule {number}", f"bad rule: {err}") from None
    return tuple(rules)


def spelling_variants(keys: list[str], place: Place, frequency: dict[str, float],
                      common: frozenset[str] = frozenset(),
                      names: frozenset[str] = frozenset()
                      ) -> list[tuple[str, VariantRule]]:
    """Other spellings newsrooms use for a name, generated alike for every important
    place by the rules of spelling_variants.yaml: without the article ("الميادين" →
    "ميادين"), without a final hamza ("صنعاء" → "صنعا"), with a long vowel dropped or a
    doubled one written once. Never a frequent or common word, nor (for rules that say so)
    one of ``names``, the keys of the places' own names. Letter variants (ة/ه، ى/ي، hamza
    forms, diacritics, tatweel) are folded by normalize_key."""
    if place.importance < VARIANT_IMPORTANCE:
        return []
    variants = []
    for key in keys:
        for rule in variant_rules():
            for variant in rule.apply(key):
                if frequency.get(variant, 0.0) >= rule.max_zipf or variant in common:
                    continue
                if rule.skip_namesakes and variant in names:
                    continue
                variants.append((variant, rule))
    return variants


def read_common_words(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(normalize_key(line))
    return frozenset(words)


# ---------------------------------------------------------------------------
# Locations of the layers and the cache


def default_data_dir() -> Path:
    return data_path("gazetteer")


def user_dir() -> Path:
    return _user_dir(os.environ.get("RASD_DATA_DIR"), os.environ.get("HOME"))


@lru_cache(maxsize=8)
def _user_dir(base: str | None, home: str | None) -> Path:  # asked on every report: cached
    root = Path(base) if base else Path.home() / ".local" / "share" / "rasd"
    return root / "gazetteer"


def cache_dir() -> Path:
    """$RASD_CACHE_DIR, else ~/.cache/rasd, else a per-user temp dir."""
    env = os.environ.get("RASD_CACHE_DIR")
    candidates = [Path(env)] if env else []
    candidates += [Path.home() / ".cache" / "rasd",
                   Path(tempfile.gettempdir()) / f"rasd-cache-{os.getuid()}"]
    for candidate in candidates:
        if _writable(candidate):
            return candidate
    return candidates[-1]


def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False


def layer_files(data_dir: Path, users: Path | None) -> list[tuple[Path, str]]:
    """Every input file with the role it plays, in a stable order."""
    curated_files = sorted(data_dir.glob(CURATED_GLOB))
    files = [(p, "table") for p in sorted(data_dir.glob("*.tsv")) if p not in curated_files]
    curated = data_dir / CURATED_FILE
    if not curated.exists() and data_dir == default_data_dir():
        curated = data_dir.parent / CURATED_FILE  # design.md puts it one level up
    if curated.exists() and curated not in curated_files:
        curated_files.insert(0, curated)
    files += [(p, "curated") for p in curated_files]
    if (data_dir / COMMON_WORDS_FILE).exists():
        files.append((data_dir / COMMON_WORDS_FILE, "common"))
    if (data_dir / FREQUENCY_FILE).exists():
        files.append((data_dir / FREQUENCY_FILE, "frequency"))
    if users is not None and users.is_dir():
        files += [(p, "user") for p in sorted(users.glob("user_*.tsv"))]
    return files


def _code_fingerprint() -> bytes:
    # Keys come from normalize_key and the pickle holds a PhraseMatcher: a change
    # to either module must invalidate compiled caches.
    import rasd.lexicon.matcher as matcher_module
    import rasd.text.normalize as normalize_module

    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for module in (normalize_module, matcher_module):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(data_path(VARIANT_RULES_FILE).read_bytes())
    return digest.digest()


def content_hash(files: list[tuple[Path, str]]) -> str:
    digest = hashlib.sha256(_code_fingerprint())
    for path, role in files:
        digest.update(f"{role}:{path.name}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _stat_fingerprint(files: list[tuple[Path, str]]) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p, _ in files)


# ---------------------------------------------------------------------------
# Compiling


@dataclass(slots=True)
class Compiled:
    rows: list[tuple]                 # Place fields, in dataclass order
    by_id: dict[str, int]
    by_key: dict[str, tuple[int, ...]]  # row indexes, importance descending
    matcher: PhraseMatcher[str]
    common: frozenset[str]
    frequency: dict[str, float]  # word → zipf, for the words of names (word_frequency.txt)
    variants: dict[str, dict[int, str]]  # spelling-variant key → {row: the rule that made it}


def compile_layers(files: list[tuple[Path, str]]) -> Compiled:
    entries: list[Entry] = []
    common: frozenset[str] = frozenset()
    frequency: dict[str, float] = {}
    for path, role in files:
        if role == "table":
            entries += read_table(path)
        elif role == "curated":
            entries += _curated_entries(path, entries)
        elif role == "user":
            entries += read_table(path, source="user", id_prefix="user:")
        elif role == "common":
            common = read_common_words(path)
        elif role == "frequency":
            frequency = read_frequencies(path)
    return compile_entries(entries, common, frequency)


def _curated_entries(path: Path, known: list[Entry]) -> list[Entry]:
    """Curated rows, with a parent given by id or by name (Arabic or English)
    resolved to an id, and coordinates taken from the parent when the row has none."""
    curated = read_table(path, source="curated", id_prefix="cur:", lenient=True)
    parents = _ParentIndex(known + curated)
    return [Entry(_adopt_parent(e.place, parents.find(e.place)), e.names) for e in curated]


_ARTICLE = re.compile(r"^(?:al|el|as|ash|ad|ar|at|az|an|ez|es|ed|er)[\s\-']+")


def english_key(name: str) -> str:
    """Loose key of an English place name: "Al-Hasakeh", "al Hasakeh" → hasakeh."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", _ARTICLE.sub("", ascii_name.lower().strip()))


class _ParentIndex:
    """Finds the place a curated row names as its parent ("sy:C5086", "دير الزور",
    "Deir-ez-Zor", "Al Bukamal"): same country, near the row when it has coordinates."""

    NEAR_KM = 60.0

    def __init__(self, entries: list[Entry]):
        self.by_id = {e.place.id: e.place for e in entries}
        self.by_name: dict[str, list[Place]] = {}
        for entry in entries:
            names = {normalize_key(n) for n in entry.names}
            names |= {english_key(n) for n in (entry.place.name_en,) if n}
            for name in names:
                self.by_name.setdefault(name, []).append(entry.place)

    def find(self, place: Place) -> Place | None:
        ref = (place.parent_id or "").strip()
        if not ref:
            return None
        for candidate_id in (ref, "cur:" + ref):
            if candidate_id in self.by_id and candidate_id != place.id:
                return self.by_id[candidate_id]
        found = {p.id: p for key in (normalize_key(ref), english_key(ref))
                 for p in self.by_name.get(key, ()) if p.country == place.country
                 and p.id != place.id}
        return self._choose(place, list(found.values()))

    def _choose(self, place: Place, options: list[Place]) -> Place | None:
        if place.has_coords:
            from rasd.gazetteer.resolve import distance_km

            near = [(distance_km(place, o), o) for o in options if o.has_coords]
            near = [(km, o) for km, o in near if km <= self.NEAR_KM]
            # The settlement itself rather than its district: towns before admin units.
            best = min(near, key=lambda n: (_area_last(n[1]), n[0]), default=None)
            return best[1] if best else None
        if place.admin1:
            options = [o for o in options if o.admin1 == place.admin1] or options
        return min(options, key=lambda o: (_area_last(o), -o.importance), default=None)


def _area_last(place: Place) -> int:
    """Settlements first, then areas, when a name is both."""
    return 1 if place.kind in ("admin1", "admin2", "admin3", "region", "country") else 0


def _adopt_parent(place: Place, parent: Place | None) -> Place:
    if parent is None:  # an unresolvable parent name is dropped, not kept as a bad id
        return replace(place, parent_id=None) if place.parent_id else place
    moved = {}
    if not place.has_coords and parent.has_coords:
        moved = {"lat": parent.lat, "lon": parent.lon, "precision": 2}
    return replace(place, parent_id=parent.id, admin1=place.admin1 or parent.admin1,
                   admin2=place.admin2 or parent.admin2,
                   admin3=place.admin3 or parent.admin3,
                   pcodes=place.pcodes or admin_pcodes(parent.pcodes), **moved)


def admin_pcodes(pcodes: str | None) -> str | None:
    """The admin part of a P-code chain: a site inside a town shares its units, not its code."""
    if not pcodes:
        return None
    parts = (pcodes.split("|") + ["", "", ""])[:3]
    return "|".join(parts + [""]) if any(parts) else None


def _interned(row: tuple) -> tuple:
    # Kinds, countries and admin names repeat thousands of times: one object each
    # makes the pickle smaller and faster to read.
    return tuple(sys.intern(v) if isinstance(v, str) else v for v in row)


def compile_entries(entries: list[Entry], common: frozenset[str] = frozenset(),
                    frequency: dict[str, float] | None = None) -> Compiled:
    rows: list[tuple] = []
    by_id: dict[str, int] = {}
    keyed: dict[str, list[int]] = {}
    indexed: list[tuple[int, Entry]] = []
    for entry in entries:
        place = entry.place
        row = _interned(astuple(place))
        if place.id in by_id:  # a later layer (curated, user) overrides an earlier row
            index = by_id[place.id]
            rows[index] = row
        else:
            index = by_id[place.id] = len(rows)
            rows.append(row)
        indexed.append((index, entry))
        for name in entry.names:
            for key in name_keys(name):
                _add(keyed, key, index)
    variants = _add_variants(keyed, indexed, common, frequency or {})
    importance = COLUMNS.index("importance")
    by_key = {
        key: tuple(sorted(ids, key=lambda i: (-rows[i][importance], rows[i][0])))
        for key, ids in keyed.items()
    }
    matcher = PhraseMatcher((key, key) for key in by_key)
    return Compiled(rows, by_id, by_key, matcher, common, frequency or {}, variants)


def _add(keyed: dict[str, list[int]], key: str, index: int) -> bool:
    bucket = keyed.setdefault(key, [])
    if index in bucket:
        return False
    bucket.append(index)
    return True


def _add_variants(keyed: dict[str, list[int]], indexed: list[tuple[int, Entry]],
                  common: frozenset[str], frequency: dict[str, float]) -> dict[str, dict[int, str]]:
    """Index the spelling variants of every name, after all the names themselves (a
    variant must not take another place's own name); key → {row: the rule that made it}."""
    names = frozenset(keyed)  # the places' own names, before any variant
    made: dict[str, dict[int, str]] = {}
    for index, entry in indexed:
        for name in entry.names:
            keys = name_keys(name)[:1]
            for variant, rule in spelling_variants(keys, entry.place, frequency, common, names):
                if _add(keyed, variant, index):
                    made.setdefault(variant, {})[index] = rule.name
    return made


# ---------------------------------------------------------------------------
# The loaded gazetteer


_LOADED: dict[tuple[str, str], tuple[tuple, "Gazetteer"]] = {}
_LOCK = threading.Lock()
# When each loaded gazetteer's files were last looked at: globbing and stat-ing ~19 files on
# every report cost 6% of extraction; a long-running server still sees a later import.
_CHECKED_AT: dict[tuple[str, str], float] = {}
RECHECK_SECONDS = 60.0


class Gazetteer:
    """Read-only place index shared by every stage of a process."""

    def __init__(self, compiled: Compiled, cache_key: str = ""):
        self._c = compiled
        self._places: dict[int, Place] = {}
        self.cache_key = cache_key

    @classmethod
    def load(cls, path: Path | None = None, refresh: bool = False) -> "Gazetteer":
        """The gazetteer of ``path`` (default: the package data) plus the user layer.

        Same object on later calls while the files are unchanged. The files are checked on
        the first call, then only with ``refresh``, after this process wrote a table, or
        once RECHECK_SECONDS have passed.
        """
        data_dir = Path(path) if path is not None else default_data_dir()
        users = user_dir()
        slot = (str(data_dir), str(users))
        cached = _LOADED.get(slot)
        if cached is not None and not refresh \
                and time.monotonic() - _CHECKED_AT.get(slot, float("-inf")) < RECHECK_SECONDS:
            return cached[1]
        files = layer_files(data_dir, users)
        stamp = _stat_fingerprint(files)
        with _LOCK:
            _CHECKED_AT[slot] = time.monotonic()
            cached = _LOADED.get(slot)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            gazetteer = cls._from_cache_or_build(files)
            _LOADED[slot] = (stamp, gazetteer)
            return gazetteer

    @classmethod
    def _from_cache_or_build(cls, files: list[tuple[Path, str]]) -> "Gazetteer":
        key = content_hash(files)
        cache_file = cache_dir() / f"gazetteer-{key[:24]}.pickle"
        compiled = _read_pickle(cache_file)
        if compiled is None:
            compiled = compile_layers(files)
            _write_pickle(cache_file, compiled)
        return cls(compiled, key)

    @classmethod
    def from_entries(cls, entries: list[Entry], common: Iterable[str] = (),
                     frequency: dict[str, float] | None = None) -> "Gazetteer":
        """An in-memory gazetteer (tests, tools); no cache involved."""
        return cls(compile_entries(entries, frozenset(normalize_key(w) for w in common),
                                   {normalize_key(w): z for w, z in (frequency or {}).items()}))

    # -- queries ------------------------------------------------------------

    def keys(self) -> Iterable[str]:
        return self._c.by_key.keys()

    def candidates(self, key: str) -> list[Place]:
        return [self._place(i) for i in self._c.by_key.get(key, ())]

    def variant_rule(self, key: str, place: Place) -> str | None:
        """The spelling rule through which ``key`` names ``place`` (None: one of its names)."""
        index = self._c.by_id.get(place.id)
        return self._c.variants.get(key, {}).get(index) if index is not None else None

    def lookup(self, name: str) -> list[Place]:
        """Candidates for a name as written (normalised here)."""
        return self.candidates(normalize_key(name))

    def get(self, place_id: str) -> Place | None:
        index = self._c.by_id.get(place_id)
        return None if index is None else self._place(index)

    def matcher(self) -> PhraseMatcher[str]:
        return self._c.matcher

    def is_common_word(self, key: str) -> bool:
        """True when ``key`` is also an ordinary word ("السوق", "المحطة"): take it
        as a place only after a place head (مدينة، بلدة، قرية، حي...)."""
        return key in self._c.common

    def word_zipf(self, key: str) -> float:
        """How often the one-word ``key`` is written as ordinary text (zipf: log10 per
        billion words; 0 when rare or unknown). Word lists cannot tell how often a
        phrase is said ("وسط بيروت" vs "صلاح الدين"): 0 for names of several words."""
        return self._c.frequency.get(key, 0.0)

    def parent(self, place: Place) -> Place | None:
        return self.get(place.parent_id) if place.parent_id else None

    def __iter__(self) -> Iterator[Place]:
        return (self._place(i) for i in range(len(self._c.rows)))

    def __len__(self) -> int:
        return len(self._c.rows)

    def _place(self, index: int) -> Place:
        # Places are kept as tuples and made into objects on first use: unpickling
        # 60k dataclass instances would cost most of the load-time budget.
        place = self._places.get(index)
        if place is None:
            place = self._places[index] = Place(*self._c.rows[index])
        return place


def _read_pickle(path: Path) -> Compiled | None:
    # The cyclic GC would scan the ~1M fresh objects several times while they are
    # being unpickled (half the load time); none of them form cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(data, tuple) or len(data) != 8 or data[0] != FORMAT_VERSION:
        return None
    # They live as long as the process: a full collection need not scan them again (each
    # one cost ~50 ms, ~3% of extraction on the open-vocabulary benchmark).
    gc.freeze()
    return Compiled(*data[1:])


def _write_pickle(path: Path, compiled: Compiled) -> None:
    payload = (FORMAT_VERSION, compiled.rows, compiled.by_id, compiled.by_key,
               compiled.matcher, compiled.common, compiled.frequency, compiled.variants)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path.parent, keep=path)
    except OSError:
        pass  # an unwritable cache only costs the next process a rebuild


def _prune(directory: Path, keep: Path, newest: int = 4) -> None:
    """Drop all but the few newest compiled gazetteers (each data change makes one)."""
    old = sorted(directory.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime,
                 reverse=True)
    for stale in old[newest:]:
        if stale != keep:
            stale.unlink(missing_ok=True)
