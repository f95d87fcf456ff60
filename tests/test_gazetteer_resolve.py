"""Choosing among namesakes: scoring rules on small cases, and الصالحية on the real tables."""
from __future__ import annotations

import pytest

from rasd.gazetteer import Gazetteer, Place, PlaceContext, haversine_km, rank
from rasd.gazetteer.cli import find_candidates


def place(pid: str, lat: float | None, lon: float | None, country: str = "Syria",
          admin1: str | None = "Aleppo", admin2: str | None = None, kind: str = "village",
          importance: float = 0.3) -> Place:
    return Place(pid, pid, "الاسم", kind, lat, lon, country, admin1, admin2, None, importance,
                 None, 1, "user")


@pytest.fixture
def real(tmp_path, tmp_path_factory, monkeypatch) -> Gazetteer:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "rasd-cache"))
    monkeypatch.setenv("RASD_DATA_DIR", str(tmp_path / "no-user-layer"))
    return Gazetteer.load()


def test_haversine():
    assert haversine_km(33.5, 36.3, 33.5, 36.3) == 0
    damascus_aleppo = haversine_km(33.5138, 36.2765, 36.2021, 37.1343)
    assert 300 < damascus_aleppo < 320


def test_country_hint_wins():
    syria, lebanon = place("a", 34.4, 35.8, "Syria"), place("b", 34.4, 35.8, "Lebanon")
    ranked = rank([syria, lebanon], PlaceContext(country_hint="Lebanon"))
    assert ranked[0].place is lebanon
    assert any("Lebanon" in r for r in ranked[0].reasons)
    assert ranked[0].score > ranked[1].score


def test_admin_hint_beats_importance():
    big = place("big", 36.2, 37.1, admin1="Aleppo", importance=0.7)
    small = place("small", 35.0, 40.5, admin1="Deir-ez-Zor", importance=0.3)
    governorate = place("gov", 35.2, 40.3, admin1="Deir-ez-Zor", kind="admin1", importance=0.8)
    ranked = rank([big, small], PlaceContext("Syria", admin_hints=[governorate]))
    assert ranked[0].place is small
    assert any("same governorate" in r for r in ranked[0].reasons)
    assert rank([big, small], PlaceContext("Syria"))[0].place is big  # without the hint


def test_near_a_hinted_town_and_other_places():
    town = place("town", 34.45, 40.91, admin1="Deir-ez-Zor", admin2="Abu Kamal", kind="town")
    near = place("near", 34.5, 40.9, admin1="Deir-ez-Zor", admin2="Abu Kamal")
    far = place("far", 36.1, 37.4)
    assert rank([far, near], PlaceContext(admin_hints=[town]))[0].place is near
    ranked = rank([far, near], PlaceContext(other_places=[town]))
    assert ranked[0].place is near and any("km from" in r for r in ranked[0].reasons)


def test_coordinates_preferred():
    with_coords, without = place("x", 35.0, 38.0), place("y", None, None)
    ranked = rank([without, with_coords], PlaceContext("Syria"))
    assert ranked[0].place is with_coords and "no coordinates" in ranked[1].reasons


def test_eleven_salhiyehs(real):
    communities = [p for p in real.lookup("الصالحية") if p.id.startswith("sy:")]
    assert len(communities) == 11
    assert len({p.admin2 for p in communities}) >= 9


@pytest.mark.parametrize("hint_name, admin1, admin2", [
    ("البوكمال", "Deir-ez-Zor", "Abu Kamal"),
    ("حلب", "Aleppo", None),
    ("الحسكة", "Al-Hasakeh", None),
])
def test_salhiyeh_resolved_by_the_countryside_named(real, hint_name, admin1, admin2):
    _, hints = find_candidates(real, hint_name)
    hint = rank(hints, PlaceContext("Syria"))[0].place  # "بريف البوكمال" → the town
    ranked = rank(real.lookup("الصالحية"), PlaceContext("Syria", admin_hints=[hint]))
    best = ranked[0].place
    assert best.admin1 == admin1
    if admin2:
        assert best.admin2 == admin2 and best.id == "sy:C5181"
        assert haversine_km(best.lat, best.lon, hint.lat, hint.lon) < 40
    assert ranked[0].score > ranked[-1].score


def test_real_gazetteer_basics(real):
    assert len(real) > 40_000
    assert Gazetteer.load() is real
    assert real.is_common_word("السوق") and real.is_common_word("المحطه")
    assert not real.is_common_word("البوكمال")
    city = real.lookup("دير الزور")[0]
    assert city.kind == "city" and city.admin1 == "Deir-ez-Zor"


def test_reasons_are_worded_only_when_read(monkeypatch):
    from rasd.gazetteer import resolve

    worded = []
    total = resolve._total

    def spy(place, context, reasons):
        if reasons is not None:
            worded.append(place.id)
        return total(place, context, reasons)

    monkeypatch.setattr(resolve, "_total", spy)
    town = place("town", 34.45, 40.91, admin1="Deir-ez-Zor", admin2="Abu Kamal", kind="town")
    near = place("near", 34.5, 40.9, admin1="Deir-ez-Zor", admin2="Abu Kamal")
    far = place("far", 36.1, 37.4)
    context = PlaceContext("Syria", admin_hints=[town], other_places=[town], memo=resolve.PairMemo())
    ranked = rank([far, near], context)
    assert worded == []  # extraction ranks every candidate and reads no reason
    assert ranked[0].place is near and "same district as 'الاسم' named in report (6 km)" in ranked[0].reasons
    assert worded == ["near"]
    # worked out from the memo or not, the scores are the same
    assert [s.score for s in ranked] == [s.score for s in rank([far, near], PlaceContext(
        "Syria", admin_hints=[town], other_places=[town]))]


def test_a_reason_added_after_ranking_is_worded_when_read():
    ranked = rank([place("a", 35.0, 38.0)], PlaceContext("Syria"))
    moved = ranked[0].adding(lambda: "preferred: as the text says")
    assert moved.score == ranked[0].score
    assert moved.reasons[-1] == "preferred: as the text says" and "in Syria, the report's country" in moved.reasons
