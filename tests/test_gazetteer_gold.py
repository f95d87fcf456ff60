"""Every gold location should have a gazetteer candidate within 10 km of the gold point.

Reads ../shared/gold/*.jsonl at test time (nothing from it is copied here) and skips
when the shared folder is not beside the checkout.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.gazetteer import Gazetteer, haversine_km
from rasd.lexicon.matcher import tokenize
from rasd.text.normalize import normalize_key

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
FLOOR = 0.85  # sources alone reach 66/76; curated rows add the fields and crossings


def gold_locations() -> list[dict]:
    events = []
    for name in ("dev.jsonl", "seed.jsonl"):
        path = GOLD / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                events += [e for e in json.loads(line)["events"] if e.get("location_ar")]
    return events


def candidates_in(gazetteer: Gazetteer, name: str) -> list:
    """What a recogniser could take the name for: its own key, and every phrase the
    matcher finds inside it ("حاوي العظيم" → حاوي، العظيم)."""
    key = normalize_key(name)
    found = [m.key for m in gazetteer.matcher().find_all(tokenize(key))]
    return [p for k in [key, *found] for p in gazetteer.candidates(k)]


def test_gold_places_have_a_nearby_candidate(tmp_path, tmp_path_factory, monkeypatch):
    events = gold_locations()
    if not events:
        pytest.skip("../shared/gold not available")
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "rasd-cache"))
    monkeypatch.setenv("RASD_DATA_DIR", str(tmp_path / "no-user-layer"))
    gazetteer = Gazetteer.load()
    missing = []
    for event in events:
        candidates = candidates_in(gazetteer, event["location_ar"])
        near = [p for p in candidates if p.has_coords and
                haversine_km(p.lat, p.lon, event["latitude"], event["longitude"]) <= 10]
        if not near:
            missing.append(f"{event['location_ar']} ({event['location']}, {event['country']})")
    covered = len(events) - len(missing)
    print(f"gold places within 10 km: {covered}/{len(events)}; missing: {sorted(set(missing))}")
    assert covered / len(events) >= FLOOR, missing
