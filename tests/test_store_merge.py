"""Merging events of different reports into incidents: the rule, the figures, the grade,
independence from ingest order, and the explanation."""
from __future__ import annotations

import itertools
import json
import random
from datetime import date
from pathlib import Path

import pytest

from rasd.model import Report
from rasd.store import EventFilter, Store
from rasd.store.families import actors_compatible
from rasd.store.merge import Member, cluster, distance_km, fatality_range, grade
from rasd.store.testing import sample_event

FIXTURES = Path(__file__).parent / "fixtures" / "store"


@pytest.fixture
def store(db_url):
    opened = Store(db_url)
    yield opened
    opened.close()


def load(name: str) -> list[tuple[Report, dict]]:
    """Reports written for these tests, each with the event a coder would code from it."""
    rows = [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()]
    return [(Report(id=r["id"], text=r["text"], published=date.fromisoformat(r["published"]),
                    source=r["source"], url=r["url"]), r["event"]) for r in rows]


def ingest_all(store: Store, items) -> None:
    for report, fields in items:
        event_date = date(2023, 11, 13)
        outcome = store.ingest(report, events=[sample_event(event_date=event_date, **fields)])
        assert outcome.status == "new"


def incidents_by_doc(store: Store) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for event in store.query_events(EventFilter(), limit=1000):
        groups.setdefault(event.incident_id, set()).add(event.doc_id)
    return {frozenset(group) for group in groups.values()}


def test_five_outlets_one_incident(store):
    ingest_all(store, load("one_strike_five_outlets.jsonl"))
    events = store.query_events(EventFilter())
    assert len(events) == 5 and len({e.incident_id for e in events}) == 1
    incident = store.get_incident(events[0].incident_id)
    assert len(incident.sources) == 5 and len(incident.event_ids) == 5
    assert {s.source for s in incident.sources} == {"Outlet One", "Outlet Two", "Outlet Three", "Outlet Four",
                                                    "Outlet Five"}
    # figures 3, 4, 4, 5, 7: two outlets agree on 4
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (3, 4, 7)
    assert incident.grade == "fair"
    assert incident.location == "Kafr Nabl" and incident.latitude == pytest.approx(35.6134)
    assert len(incident.explanation) == 5 + 2 and "seed" in incident.explanation[0]
    assert any("one unknown" in line for line in incident.explanation)


def test_neighbouring_towns_same_day_stay_two_incidents(store):
    ingest_all(store, load("one_strike_five_outlets.jsonl") + load("neighbouring_towns.jsonl"))
    assert incidents_by_doc(store) == {frozenset({"o1", "o2", "o3", "o4", "o5"}), frozenset({"n1", "n2"})}
    hass = store.query_events(EventFilter(bbox=(36.59, 35.59, 36.61, 35.61)))
    assert store.get_incident(hass[0].incident_id).fatalities_best == 2


def test_merging_does_not_depend_on_ingest_order(tmp_path):
    items = load("one_strike_five_outlets.jsonl") + load("neighbouring_towns.jsonl")
    orders = [items, list(reversed(items))] + [random.Random(seed).sample(items, len(items)) for seed in (1, 2)]
    seen = []
    for number, order in enumerate(orders):
        with Store(f"sqlite:///{tmp_path}/order{number}.db") as store:
            ingest_all(store, order)
            seen.append(incidents_by_doc(store))
            figures = sorted((i.fatalities_low, i.fatalities_best, i.fatalities_high, i.grade)
                             for i in map(store.get_incident, {e.incident_id for e in store.query_events(EventFilter())}))
            seen[-1] = (seen[-1], figures)
    assert all(result == seen[0] for result in seen)


def test_a_corrected_report_moves_to_its_new_incident(store):
    items = load("one_strike_five_outlets.jsonl")
    ingest_all(store, items)
    report, fields = items[1]
    moved = report.model_copy(update={"text": report.text + " (تصحيح: القصف استهدف حاس)"})
    store.ingest(moved, events=[sample_event(event_date=date(2023, 11, 13), **{
        **fields, "location": "Hass", "latitude": 35.6006, "longitude": 36.6006})])
    assert incidents_by_doc(store) == {frozenset({"o1", "o3", "o4", "o5"}), frozenset({"o2"})}


def test_edit_of_place_splits_incident(store):
    ingest_all(store, load("one_strike_five_outlets.jsonl"))
    target = store.query_events(EventFilter(), limit=1)[0]
    store.update_event(target.id, {"location": "Atarib", "latitude": 36.1386, "longitude": 36.8286}, "huda")
    assert len(incidents_by_doc(store)) == 2
    assert store.get_event(target.id).incident.event_ids == [target.id]


def test_contradicting_claims_are_contested(store):
    base = dict(location="Kafr Nabl", latitude=35.6134, longitude=36.559, geo_precision=1)
    claims = [("c1", "Unidentified Military Forces", "2023-11-12"), ("c2", "Military Forces of Russia", "2023-11-13"),
              ("c3", "Military Forces of Syria (2000-2024)", "2023-11-13")]
    for doc, actor, published in claims:
        store.ingest(Report(id=doc, text=f"غارة على كفرنبل في ريف إدلب {doc}", published=date.fromisoformat(published),
                            source=f"outlet {doc}"),
                     events=[sample_event(event_date=date(2023, 11, 12), actor1=actor, **base)])
    events = store.query_events(EventFilter())
    assert len({e.incident_id for e in events}) == 1
    incident = store.get_incident(events[0].incident_id)
    assert incident.grade == "contested"
    assert any("contradicting claims" in line for line in incident.explanation)


def test_two_reports_of_one_outlet_are_weak(store):
    for number in (1, 2):
        store.ingest(Report(id=f"w{number}", text=f"غارة روسية على كفرنبل {number}", published=date(2023, 11, 13),
                            source="Same Outlet"), events=[sample_event()])
    incident = store.get_incident(store.query_events(EventFilter())[0].incident_id)
    assert len(incident.sources) == 2 and incident.grade == "weak"


def test_two_events_of_one_report_merge_only_when_told_twice(store):
    """The same strike told twice in one report ("air strike" and "shelling") is one incident;
    two strikes of one report at two places, or by two parties, stay two."""
    store.ingest(Report(id="x", text="غارتان على كفرنبل", published=date(2023, 11, 13)),
                 events=[sample_event(), sample_event(sub_event_type="Shelling/artillery/missile attack", fatalities=1)])
    assert len({e.incident_id for e in store.query_events(EventFilter())}) == 1
    store.ingest(Report(id="y", text="غارة على كفرنبل وأخرى على حاس", published=date(2023, 11, 13)),
                 events=[sample_event(actor1="Military Forces of Turkey"),
                         sample_event(actor1="Military Forces of Turkey", location="Hass", latitude=35.6006,
                                      longitude=36.6006)])
    assert len({e.incident_id for e in store.query_events(EventFilter())}) == 3


def test_a_story_told_twice_does_not_split_other_outlets(store):
    store.ingest(Report(id="a", text="غارة وقصف على كفرنبل", published=date(2023, 11, 13), source="A"),
                 events=[sample_event(), sample_event(sub_event_type="Shelling/artillery/missile attack")])
    store.ingest(Report(id="b", text="غارة على كفرنبل", published=date(2023, 11, 13), source="B"),
                 events=[sample_event()])
    store.ingest(Report(id="c", text="قصف على كفرنبل", published=date(2023, 11, 13), source="C"),
                 events=[sample_event(sub_event_type="Shelling/artillery/missile attack")])
    assert len({e.incident_id for e in store.query_events(EventFilter())}) == 1


# --- the rule itself, without a database ------------------------------------------------------

def member(number: int, **fields) -> Member:
    values = dict(event_id=number, report_id=number, canon=f"2023-11-13|{number:04d}", outlet=f"o{number}",
                  event_type="Explosions/Remote violence", event_date=date(2023, 11, 13), location="Kafr Nabl",
                  gazetteer_id=None, latitude=35.6134, longitude=36.559, geo_precision=1,
                  actor1="Military Forces of Russia", actor2=None, fatalities=3)
    values.update(fields)
    return Member(**values)


@pytest.mark.parametrize("fields, merges", [
    ({}, True),
    ({"event_type": "Battles"}, False),
    ({"event_date": date(2023, 11, 14)}, True),
    ({"event_date": date(2023, 11, 15)}, False),
    ({"location": "Near Kafr Nabl", "latitude": 35.68, "longitude": 36.56, "geo_precision": 2}, True),   # 7.4 km
    ({"location": "Far", "latitude": 35.72, "longitude": 36.56, "geo_precision": 2}, False),             # 11.8 km
    ({"location": "Hass", "latitude": 35.6006, "longitude": 36.6006, "geo_precision": 1}, False),        # 4 km, two towns
    ({"location": None, "latitude": None, "longitude": None}, False),
    ({"actor1": "Unidentified Military Forces"}, True),
    ({"actor1": "Military Forces of Turkey"}, False),
    ({"actor2": "Civilians"}, True),
])
def test_compatibility_rule(fields, merges):
    assert (len(cluster([member(1), member(2, **fields)])) == 1) is merges


def test_same_place_name_without_coordinates_merges():
    pair = [member(1, latitude=None, longitude=None), member(2, latitude=None, longitude=None)]
    assert len(cluster(pair)) == 1


def test_cluster_is_the_same_for_every_order():
    members = [member(1), member(2, actor1="Unidentified Military Forces"), member(3, location="Hass",
               latitude=35.6006, longitude=36.6006), member(4, event_date=date(2023, 11, 14)),
               member(5, report_id=1, event_date=date(2023, 11, 14))]
    expected = {frozenset(m.event_id for m in group) for group in cluster(members)}
    assert expected == {frozenset({1, 2, 4}), frozenset({3}), frozenset({5})}
    for order in itertools.permutations(members):
        assert {frozenset(m.event_id for m in group) for group in cluster(list(order))} == expected


def test_actor_families():
    assert actors_compatible("Fatemiyoun Brigade", "Iran-backed Militias") == "same family (Iran-backed Militias)"
    assert actors_compatible("Hezbollah", "Kataib Hezbollah") is not None
    assert actors_compatible("Hezbollah", "Islamic State") is None
    assert actors_compatible(None, "Islamic State") == "one unknown"
    assert actors_compatible("Unidentified Armed Group", "Islamic State") == "one unknown"


@pytest.mark.parametrize("figures, expected", [
    ([3, 4, 4, 5, 7], (3, 4, 7)),
    ([3, 5, 7], (3, 5, 7)),
    ([2, 6], (2, 2, 6)),
    ([0, 5, 5], (5, 5, 5)),
    ([0, 0], (0, 0, 0)),
])
def test_fatality_range(figures, expected):
    assert fatality_range(figures) == expected


def test_grade():
    assert grade([member(1)]) == "weak"
    assert grade([member(1), member(2)]) == "fair"
    assert grade([member(1), member(2, outlet="o1")]) == "weak"
    assert grade([member(1), member(2, actor1="Military Forces of Turkey")]) == "contested"
    assert grade([member(1), member(2, actor1="Unidentified Military Forces")]) == "fair"


def test_distance():
    assert distance_km(35.6134, 36.559, 35.6006, 36.6006) == pytest.approx(4.0, abs=0.3)


def test_random_batches_give_the_same_incidents_in_any_order(tmp_path):
    """Dense, chained neighbourhoods (a town hit daily, nearby villages, unknown attackers):
    incremental merging after each report equals clustering everything at once."""
    rng = random.Random(7)
    towns = [("Kafr Nabl", 35.6134, 36.559), ("Hass", 35.6006, 36.6006), ("Near Kafr Nabl", 35.65, 36.57),
             ("Atarib", 36.1386, 36.8286)]
    actors = ["Military Forces of Russia", "Unidentified Military Forces", "Military Forces of Syria (2000-2024)"]
    items = []
    for number in range(60):
        name, lat, lon = rng.choice(towns)
        day = date(2023, 11, 1 + rng.randrange(6))
        fields = dict(location=name, latitude=lat, longitude=lon, geo_precision=2 if name.startswith("Near") else 1,
                      actor1=rng.choice(actors), fatalities=rng.randrange(6), event_date=day)
        report = Report(id=f"x{number}", text=f"غارة رقم {number} على {name}", published=day,
                        source=f"outlet {rng.randrange(4)}")
        items.append((report, fields))
    results = []
    for number, order in enumerate([items, items[::-1], rng.sample(items, len(items))]):
        with Store(f"sqlite:///{tmp_path}/random{number}.db") as store:
            for report, fields in order:
                store.ingest(report, events=[sample_event(**fields)])
            results.append(incidents_by_doc(store))
    assert results[0] == results[1] == results[2]
    assert 6 < len(results[0]) < 60  # some merged, not everything


def test_incremental_merging_equals_a_rebuild_from_scratch(tmp_path):
    """Backfilled reports, corrected versions, edits and rejections: after each change the
    incidents equal clustering all events at once."""
    rng = random.Random(3)
    towns = [("Kafr Nabl", 35.6134, 36.559), ("Hass", 35.6006, 36.6006), ("Near Kafr Nabl", 35.65, 36.57),
             ("Maarat al-Numan", 35.6476, 36.6723)]
    actors = ["Military Forces of Russia", "Unidentified Military Forces", "Hezbollah", "Fatemiyoun Brigade"]

    def fields():
        name, lat, lon = rng.choice(towns)
        return dict(location=name, latitude=lat, longitude=lon, geo_precision=2 if name.startswith("Near") else 1,
                    actor1=rng.choice(actors), fatalities=rng.randrange(6),
                    event_date=date(2023, 11, 1 + rng.randrange(5)))

    with Store(f"sqlite:///{tmp_path}/rebuild.db") as store:
        for number in range(70):
            day = date(2023, 11, 1 + rng.randrange(6))
            report = Report(id=f"y{number % 60}", text=f"غارة {number} على البلدة", published=day,
                            source=f"outlet {rng.randrange(4)}", url=f"https://y.example/{number % 60}")
            store.ingest(report, events=[sample_event(**fields()) for _ in range(rng.choice([1, 1, 2]))])
        events = store.query_events(EventFilter(), limit=1000)
        for event in rng.sample(events, 8):
            store.update_event(event.id, rng.choice([{"status": "rejected"}, {"location": "Hass", "latitude": 35.6006,
                               "longitude": 36.6006}, {"event_date": "2023-11-03"}, {"actor1": "Hezbollah"}]), "t")
        incremental = incidents_by_doc(store)
        figures = sorted((i.event_ids, i.fatalities_best, i.grade) for i in map(
            store.get_incident, {e.incident_id for e in store.query_events(EventFilter(), limit=1000) if e.incident_id}))
        store.rebuild_incidents()
        assert incidents_by_doc(store) == incremental
        rebuilt = sorted((i.event_ids, i.fatalities_best, i.grade) for i in map(
            store.get_incident, {e.incident_id for e in store.query_events(EventFilter(), limit=1000) if e.incident_id}))
        assert rebuilt == figures
