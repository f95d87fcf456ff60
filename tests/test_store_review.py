"""Analysts' review at incident level: filters, true totals, merge and split (audited, kept
through re-merging), bulk approve/reject, edits that keep derived fields in sync."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.model import Report
from rasd.store import EventFilter, Store
from rasd.store.testing import sample_event

ATARIB = dict(location="Atarib", latitude=36.1386, longitude=36.8286, admin1="Aleppo")


@pytest.fixture
def store(db_url):
    opened = Store(db_url)
    yield opened
    opened.close()


def ingest(store, doc: str, source: str, day: int = 13, published: int = 0, **fields) -> list[int]:
    report = Report(id=doc, text=f"غارة {doc}", published=date(2023, 11, published or day), source=source)
    return store.ingest(report, events=[sample_event(event_date=date(2023, 11, day), **fields)]).event_ids


def incident_sets(store) -> set[frozenset[int]]:
    return {frozenset(row.event_ids) for row in store.iter_incidents(EventFilter())}


def test_query_is_newest_first_with_the_true_total(store):
    for day in range(1, 15, 2):  # two days apart: seven incidents
        ingest(store, f"d{day}", "SANA", day=day)
    page = store.query_incidents(EventFilter(), limit=3, offset=1)
    assert page.total == 7 and [r.event_date.day for r in page.items] == [11, 9, 7]
    assert store.query_incidents(EventFilter(since=date(2023, 11, 11))).total == 2
    assert [r.event_date.day for r in store.query_incidents(EventFilter(), sort="oldest", limit=2).items] == [1, 3]
    assert store.incident_stats(EventFilter()).total == 7


def test_event_filters_at_incident_level(store):
    ingest(store, "a", "SANA")
    ingest(store, "b", "Al Jazeera", actor1="Military Forces of Turkey", **ATARIB)
    ingest(store, "c", "SANA", day=20)
    by = lambda **fields: store.query_incidents(EventFilter(**fields))  # noqa: E731
    assert by(country="SYRIA").total == 3 and by(admin1="aleppo").total == 1  # case ignored
    assert [r.actor1 for r in by(actor="Military Forces of Turkey").items] == ["Military Forces of Turkey"]
    assert by(actor="Military Forces of Russia").total == 2
    assert [r.event_date.day for r in by(since=date(2023, 11, 13), until=date(2023, 11, 13), admin1="Idleb").items] == [13]
    assert by(until=date(2023, 11, 12)).total == 0 and by(since=date(2023, 11, 21)).items == []
    assert [r.event_date.day for r in by(since=date(2023, 11, 14)).items] == [20]


def test_totals_follow_writes_of_other_store_objects(store, db_url):
    ingest(store, "a", "SANA")
    assert store.count_incidents(EventFilter(country="Syria")) == 1  # counted, then kept
    other = Store(db_url)  # another process's store, say
    try:
        ingest(other, "b", "SANA", **ATARIB)
        assert store.count_incidents(EventFilter(country="Syria")) == 2
        assert store.query_incidents(EventFilter(country="Syria")).total == 2
        other.bulk_review("rejected", "huda", event_ids=[row.event_ids[0] for row in
                                                         other.query_incidents(EventFilter(admin1="Aleppo")).items])
        assert store.count_incidents(EventFilter(country="Syria")) == 1
    finally:
        other.close()


def test_contested_and_needs_review_filters(store):
    ingest(store, "a", "SANA", fatalities=3)
    ingest(store, "b", "Al Jazeera", fatalities=3)  # two outlets agree: nothing to review
    ingest(store, "c", "SANA", **ATARIB, fatalities=2)
    ingest(store, "d", "Al Jazeera", **ATARIB, fatalities=9)  # conflicting figures
    ingest(store, "e", "SANA", day=20)  # one source
    contested = store.query_incidents(EventFilter(review="contested")).items
    assert [r.location for r in contested] == ["Atarib"]
    review = store.query_incidents(EventFilter(review="needs_review"))
    assert review.total == 2 and {r.event_date.day for r in review.items} == {13, 20}
    ids = [r.id for r in review.items]
    store.bulk_review("approved", "huda", incident_ids=ids)
    assert store.query_incidents(EventFilter(review="needs_review")).total == 0


def test_merge_and_split_are_audited_and_survive_re_merging(store):
    first = ingest(store, "a", "SANA")[0]
    second = ingest(store, "b", "Al Jazeera", **ATARIB)[0]
    rows = store.query_incidents(EventFilter()).items
    merged = store.merge_incidents([r.id for r in rows], "huda")
    assert set(merged.row.event_ids) == {first, second} and len(merged.sources) == 2
    # only the event that changed incident is audited (the other keeps its incident's id)
    [moved] = merged.audit
    assert (moved.event_id in {first, second} and moved.field == "incident" and moved.user == "huda"
            and moved.old != moved.new == merged.row.id)
    store.rebuild_incidents()
    assert incident_sets(store) == {frozenset({first, second})}
    # a later outlet's report of the Kafr Nabl strike still joins the merged incident
    third = ingest(store, "c", "Enab Baladi", published=14)[0]
    assert incident_sets(store) == {frozenset({first, second, third})}
    kept, new = store.split_incident(store.incident_of_event(first), [second], "huda")
    assert set(kept.row.event_ids) == {first, third} and new.row.event_ids == [second]
    store.rebuild_incidents()
    assert incident_sets(store) == {frozenset({first, third}), frozenset({second})}
    # the side that left the incident's id behind is audited, nothing that kept its id
    moves = [e for e in kept.audit + new.audit if e.field == "incident"]
    assert len(moves) > 1 and all(e.old != e.new for e in moves)  # the merge's move and the split's


def test_split_and_merge_refuse_bad_requests(store):
    event = ingest(store, "a", "SANA")[0]
    incident = store.incident_of_event(event)
    with pytest.raises(ValueError, match="both sides"):
        store.split_incident(incident, [event], "huda")
    with pytest.raises(ValueError, match="not .* events of incident"):
        store.split_incident(incident, [event + 100], "huda")
    with pytest.raises(ValueError, match="no incident 999"):
        store.merge_incidents([incident, 999], "huda")
    with pytest.raises(ValueError, match="at least two"):
        store.merge_incidents([incident], "huda")


def test_bulk_reject_and_restore(store):
    ids = [ingest(store, f"r{n}", f"outlet {n}", day=2 * n + 1)[0] for n in range(4)]
    outcome = store.bulk_review("rejected", "huda", event_ids=ids[:3] + [9999])
    assert outcome.event_ids == ids[:3] and outcome.missing == [9999]
    assert store.count_incidents(EventFilter()) == 1
    assert all(store.get_event(i).event.status == "rejected" for i in ids[:3])
    assert [a.field for a in store.audit_log(ids[0])] == ["status"]
    again = store.bulk_review("rejected", "huda", event_ids=ids[:1])
    assert again.unchanged == ids[:1] and again.event_ids == []
    store.bulk_review("unreviewed", "huda", event_ids=ids[:3])
    assert store.count_incidents(EventFilter()) == 4


def test_edits_keep_derived_fields_in_sync(store):
    event = ingest(store, "a", "SANA", fatalities=3, actor2="Civilians", inter2="Civilians")[0]
    before = store.get_event(event).event
    after = store.update_event(event, {"fatalities": 7, "actor1": "Military Forces of Turkey"}, "huda")
    assert after.notes != before.notes and "7 killed" in after.notes and "Turkey" in after.notes
    assert after.inter1 == "External/Other forces"
    assert after.interaction == "Civilians-External/Other forces"
    moved = store.update_event(event, {"gazetteer_id": "sy:C1022"}, "huda")
    assert (moved.location, moved.admin1, moved.admin2, moved.geo_precision) == ("Atareb", "Aleppo", "Jebel Saman", 1)
    assert "Atareb" in moved.notes
    edited = store.update_event(event, {"assoc_actor_1": ["Hezbollah"], "admin3": "Atareb", "geo_precision": 2}, "huda")
    assert edited.assoc_actor_1 == ["Hezbollah"] and edited.geo_precision == 2
    with pytest.raises(ValueError, match="gazetteer_id"):
        store.update_event(event, {"gazetteer_id": "nowhere:1"}, "huda")


def test_canonical_actors(store):
    actors = store.canonical_actors()
    names = [a.name for a in actors]
    assert "Military Forces of Russia" in names and names == sorted(names, key=str.casefold)
    russia = next(a for a in actors if a.name == "Military Forces of Russia")
    assert russia.inter == "External/Other forces"


def test_incident_view_shows_every_source_side_by_side(store):
    ingest(store, "a", "SANA", fatalities=3)
    ingest(store, "b", "Al Jazeera", fatalities=4)
    view = store.get_incident_view(store.query_incidents(EventFilter()).items[0].id)
    assert [s.outlet for s in view.sources] == sorted((s.outlet for s in view.sources),
                                                      key=lambda o: [x.outlet for x in view.sources].index(o))
    assert {s.text for s in view.sources} == {"غارة a", "غارة b"}
    assert sorted(c.fatalities for c in view.figures) == [3, 4]
    assert any(line.startswith("figure 4 from") for line in view.explanation)
    assert store.get_incident_view(12345) is None
