"""The look-ups that keep assembly linear answer exactly what a scan of the whole list would."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.assemble.nearby import CandidateIndex
from rasd.gazetteer.resolve import haversine_km
from rasd.pipeline import extract
from rasd.positions import Positions

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 6)), max_size=40)  # (first, length)


def _positions(items):
    return Positions(items, lambda span: span[0], lambda span: span[0] + span[1])


@given(spans, st.integers(-5, 70), st.integers(-5, 70))
def test_within_is_the_filter_it_replaces_in_list_order(items, first, last):
    assert _positions(items).within(first, last) == [s for s in items if first <= s[0] < last]
    assert _positions(items).any_within(first, last) == any(first <= s[0] < last for s in items)


@given(spans, st.integers(-5, 70), st.integers(0, 6))
def test_ending_near_holds_every_item_that_ends_there(items, first, reach):
    near = _positions(items).ending_near(first, first + reach)
    ending = [s for s in items if first <= s[0] + s[1] <= first + reach]
    assert [s for s in near if s in ending] == ending


@given(spans, st.integers(-5, 70), st.integers(1, 4))
def test_last_before_is_the_last_accepted_item_before_a_token(items, last, step):
    accepts = lambda span: span[1] % step == 0
    earlier = [s for s in items if s[0] < last and accepts(s)]
    assert _positions(items).last_before(last, accepts) == (earlier[-1] if earlier else None)


def _candidate(n, lat, lon, day, sentence, entry):
    place = SimpleNamespace(id=entry, lat=lat, lon=lon, has_coords=True, admin1=f"A{entry % 3}", country="Syria")
    return SimpleNamespace(n=n, place=SimpleNamespace(place=place), date=SimpleNamespace(day=day), sentence=sentence)


points = st.lists(st.tuples(st.floats(32.0, 37.5), st.floats(35.0, 42.5), st.integers(1, 3), st.integers(0, 9),
                            st.integers(0, 4)), min_size=1, max_size=60)


def _in_order(found, candidates):
    return [c.n for c in found] == sorted(c.n for c in found) and all(c in candidates for c in found)


@settings(max_examples=200)
@given(points)
def test_every_look_up_holds_all_it_must_in_the_order_they_were_added(rows):
    """Small or large (bucketed), a look-up may answer more than its caller accepts, never less."""
    candidates = [_candidate(n, lat, lon, date(2024, 1, d), s, e) for n, (lat, lon, d, s, e) in enumerate(rows)]
    index = CandidateIndex(candidates)
    for one in candidates:
        here = one.place.place
        near = index.near(one)
        assert _in_order(near, candidates)
        for other in candidates:
            there = other.place.place
            if haversine_km(here.lat, here.lon, there.lat, there.lon) <= 5.0 or there.id == here.id:
                assert other in near
        around = index.around(one.sentence, 1)
        assert _in_order(around, candidates)
        assert all(c in around for c in candidates if abs(c.sentence - one.sentence) <= 1)
        day = index.on_day(one.date.day)
        assert _in_order(day, candidates) and all(c in day for c in candidates if c.date.day == one.date.day)
        area = index.in_governorate(one.date.day, here.admin1)
        assert all(c in area for c in candidates if c.date.day == one.date.day
                   and c.place.place.admin1 == here.admin1)


def test_a_large_report_is_bucketed():
    """Past a few dozen candidates a look-up leaves out those that cannot match."""
    candidates = [_candidate(n, 33.0 + n, 36.0, date(2024, 1, 1), n, n) for n in range(40)]
    index = CandidateIndex(candidates)
    assert index.near(candidates[5]) == [candidates[5]]
    assert index.around(10, 1) == candidates[9:12]


def test_a_report_told_forty_times_is_the_report_told_once():
    """Every retelling of an incident in one report merges into it, however long the report:
    the indexes change what a long report costs, not its events."""
    parts = ["قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين.",
             "واندلعت اشتباكات بين قوات النظام وفصائل المعارضة على أطراف بلدة الحاضر جنوب حلب.",
             "وفي دير الزور، استهدفت قوات سوريا الديمقراطية بقذائف الهاون مواقع لقوات النظام في بلدة الصالحية."]
    once = extract("\n".join(parts), date(2024, 3, 1))
    forty = extract("\n".join(parts * 40), date(2024, 3, 1))
    key = lambda e: (e.event_type, e.sub_event_type, e.actor1, e.actor2, e.location)
    assert len(once) == 3
    assert sorted(map(key, forty)) == sorted(map(key, once))


def test_a_batch_tunes_the_collector_and_gives_it_back():
    import gc

    from rasd.pipeline import BATCH_GC_THRESHOLD, batch_collection

    before = gc.get_threshold()
    with batch_collection():
        assert gc.get_threshold()[0] >= BATCH_GC_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), batch_collection():
        raise RuntimeError("a failed batch restores it too")
    assert gc.get_threshold() == before
