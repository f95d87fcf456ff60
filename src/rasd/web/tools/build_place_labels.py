"""Builds static/basemap/places.geojson: a few city names for the offline base map.

Run by a developer after the gazetteer changes, not at install or run time:
    .venv/bin/python src/rasd/web/tools/build_place_labels.py

Takes the gazetteer's cities (rasd/data/gazetteer/*.tsv, see rasd/data/SOURCES.md for
where they come from) from the most important down, skipping any within SPACING_KM of
one already taken, so labels do not pile up (Giza next to Cairo). The most important,
MAJOR_SPACING_KM apart, show from zoom 5; the rest from zoom 7.
"""
from __future__ import annotations

import csv
import json
import math
import re
import sys
from pathlib import Path

from rasd.lexicon.matcher import ARTICLE

ROOT = Path(__file__).resolve().parents[2]
GAZETTEER = ROOT / "data" / "gazetteer"
OUT = ROOT / "web" / "static" / "basemap" / "places.geojson"
OVERRIDES = Path(__file__).with_name("place_label_names.tsv")
MIN_IMPORTANCE = 0.85
MAJOR_IMPORTANCE = 0.9
SPACING_KM = 40
MAJOR_SPACING_KM = 150  # the labels shown when the whole region is in view
MAX_LABELS = 80
# Standard Arabic letters only: GeoNames' alternate names mix in Kurdish and Persian
# spellings (ئاممان, کربلا) and the odd typo, which should not label an Arabic map.
ARABIC_WORDS = re.compile(r"[\u0621-\u063A\u0641-\u064A]+( [\u0621-\u063A\u0641-\u064A]+)*")
TRIPLED = re.compile(r"(.)\1\1")


def _km(a: dict, b: dict) -> float:
    dlat = math.radians(b["lat"] - a["lat"])
    dlon = math.radians(b["lon"] - a["lon"]) * math.cos(math.radians((a["lat"] + b["lat"]) / 2))
    return 6371 * math.hypot(dlat, dlon)


def arabic_label(names: list[str]) -> str:
    """The plainest Arabic name: standard letters, with the article if any has it, fewest
    words, shortest, then the first listed."""
    usable = [(not n.startswith(ARTICLE), len(n.split()), len(n), position, n)
              for position, n in enumerate(names) if ARABIC_WORDS.fullmatch(n) and not TRIPLED.search(n)]
    return min(usable)[-1] if usable else ""


def overrides(path: Path) -> dict[str, str]:
    """gazetteer id → Arabic label, where the rule below would choose badly."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {row["gazetteer_id"]: row["name_ar"] for row in csv.DictReader(lines, delimiter="\t")}


def cities(folder: Path, chosen_names: dict[str, str]) -> list[dict]:
    found = []
    for table in sorted(folder.glob("*.tsv")):
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row.get("kind") != "city" or not row.get("importance"):
                    continue
                importance = float(row["importance"])
                if importance < MIN_IMPORTANCE:
                    continue
                found.append({"name": row["name_en"], "name_ar": chosen_names.get(row["id"]) or arabic_label((row.get("names_ar") or "").split("|")),
                              "lat": float(row["lat"]), "lon": float(row["lon"]), "importance": importance})
    return sorted(found, key=lambda c: (-c["importance"], c["name"]))


def _part_of_another(city: dict, candidates: list[dict]) -> bool:
    """"New Mosul" (الموصل الجديدة) is a part of Mosul (الموصل): label the city, not the part."""
    return any(other["name_ar"] and city["name_ar"].startswith(other["name_ar"] + " ")
               and _km(city, other) < SPACING_KM for other in candidates)


def spaced(candidates: list[dict]) -> list[dict]:
    chosen: list[dict] = []
    for city in candidates:
        if _part_of_another(city, candidates):
            continue
        if all(_km(city, other) >= SPACING_KM for other in chosen):
            chosen.append(city)
        if len(chosen) == MAX_LABELS:
            break
    return chosen


def with_zoom(chosen: list[dict]) -> list[dict]:
    """The most important cities, well apart, show from zoom 5; the rest from zoom 7."""
    major: list[dict] = []
    for city in chosen:
        if city["importance"] >= MAJOR_IMPORTANCE and all(_km(city, m) >= MAJOR_SPACING_KM for m in major):
            major.append(city)
    return [{**city, "min_zoom": 5 if city in major else 7} for city in chosen]


def feature(city: dict) -> dict:
    return {"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(city["lon"], 4), round(city["lat"], 4)]},
            "properties": {"name": city["name"], "name_ar": city["name_ar"], "min_zoom": city["min_zoom"]}}


def main() -> int:
    chosen = with_zoom(spaced(cities(GAZETTEER, overrides(OVERRIDES))))
    collection = {"type": "FeatureCollection", "features": [feature(c) for c in chosen]}
    OUT.write_text(json.dumps(collection, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(chosen)} place labels", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
