"""The store's Python interface on SQLite and PostgreSQL: ingest, idempotency, versions,
corrections and audit, queries, stats."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.model import Report, Span
from rasd.store import EventFilter, Store
from rasd.store.testing import sample_event

STRIKE = "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين."


@pytest.fixture
def store(db_url):
    opened = Store(db_url)
    yield opened
    opened.close()


def report(text: str = STRIKE, url: str | None = "https://outlet-a.example/1", source: str = "Outlet A",
           published: date = date(2023, 11, 13), doc_id: str = "a1") -> Report:
    return Report(id=doc_id, text=text, published=published, source=source, url=url)


def strike(**fields):
    spans = {"event": Span(start=0, end=10, text=STRIKE[:10], sentence=STRIKE)}
    return sample_event(**{"evidence": spans, **fields})


def test_ingest_stores_report_events_and_evidence(store):
    outcome = store.ingest(report(), events=[strike()])
    assert outcome.status == "new" and len(outcome.event_ids) == 1
    detail = store.get_event(outcome.event_ids[0])
    assert detail.event.location == "Kafr Nabl" and detail.event.report_id == outcome.report_id
    assert detail.event.evidence["event"].sentence == STRIKE
    assert detail.event.source == "Outlet A" and detail.event.doc_id == "a1"
    assert detail.sources[0].url == "https://outlet-a.example/1"
    assert detail.incident is not None and detail.incident.grade == "weak"
    stored = store.get_report(outcome.report_id)
    assert stored.text == STRIKE and [e.id for e in stored.events] == outcome.event_ids


def test_same_report_twice_adds_nothing(store):
    first = store.ingest(report(), events=[strike()])
    again = store.ingest(report(), events=[strike(), strike(location="Other")])
    assert again.status == "duplicate" and again.report_id == first.report_id
    assert again.event_ids == first.event_ids
    assert store.count_events(EventFilter()) == 1


def test_same_text_under_another_url_or_with_diacritics_is_a_duplicate(store):
    store.ingest(report(), events=[strike()])
    voweled = STRIKE.replace("قصفت", "قَصَفَت") + "  "
    assert store.ingest(report(url="https://mirror.example/x"), events=[strike()]).status == "duplicate"
    assert store.ingest(report(text=voweled, url=None), events=[strike()]).status == "duplicate"
    assert store.count_reports() == 1


def test_corrected_version_replaces_events_and_keeps_history(store):
    first = store.ingest(report(), events=[strike(fatalities=3)])
    fixed = store.ingest(report(text=STRIKE + " وارتفع عدد القتلى إلى خمسة."), events=[strike(fatalities=5)])
    assert fixed.status == "updated" and fixed.report_id == first.report_id
    assert [e.fatalities for e in store.query_events(EventFilter())] == [5]
    # the old text is history: ingesting it again does not revert the report
    assert store.ingest(report(), events=[strike(fatalities=3)]).status == "duplicate"
    assert [e.fatalities for e in store.query_events(EventFilter())] == [5]


def test_update_event_is_audited_and_survives_a_new_version(store):
    event_id = store.ingest(report(), events=[strike()]).event_ids[0]
    updated = store.update_event(event_id, {"fatalities": 4, "status": "approved", "actor2": "Civilians"}, "huda")
    assert (updated.fatalities, updated.status, updated.actor2) == (4, "approved", "Civilians")
    log = store.audit_log(event_id)
    assert {(a.field, a.old, a.new, a.user) for a in log} == {
        ("fatalities", 3, 4, "huda"), ("status", "unreviewed", "approved", "huda"), ("actor2", None, "Civilians", "huda")}
    new_ids = store.ingest(report(text=STRIKE + " تحديث."), events=[strike(notes="re-extracted")]).event_ids
    again = store.get_event(new_ids[0])
    assert (again.event.fatalities, again.event.status, again.event.notes) == (4, "approved", "re-extracted")
    assert len(again.audit) == 3


def test_changing_sub_event_type_sets_its_event_type(store):
    event_id = store.ingest(report(), events=[strike()]).event_ids[0]
    updated = store.update_event(event_id, {"sub_event_type": "Armed clash"}, "huda")
    assert (updated.event_type, updated.disorder_type) == ("Battles", "Political violence")
    assert store.count_events(EventFilter(event_type="Battles")) == 1


@pytest.mark.parametrize("changes, message", [
    ({"colour": "red"}, "unknown field 'colour'"),
    ({"latitude": 123.0}, "'latitude'"),
    ({"fatalities": -2}, "'fatalities'"),
    ({"event_date": "yesterday"}, "'event_date'"),
    ({"status": "maybe"}, "'status'"),
    ({"sub_event_type": "Picnic"}, "'sub_event_type'"),
    ({"event_type": "Battles"}, "'event_type'"),
])
def test_update_event_rejects_bad_fields_and_values(store, changes, message):
    event_id = store.ingest(report(), events=[strike()]).event_ids[0]
    with pytest.raises(ValueError, match=message):
        store.update_event(event_id, changes, "huda")
    assert store.audit_log(event_id) == []
    assert store.get_event(event_id).event.fatalities == 3


def test_rejected_event_leaves_its_incident(store):
    a = store.ingest(report(), events=[strike()]).event_ids[0]
    b = store.ingest(report(text=STRIKE + " ب", url="https://b.example/1", source="B"), events=[strike()]).event_ids[0]
    incident = store.get_event(a).event.incident_id
    assert store.get_event(b).event.incident_id == incident
    store.update_event(b, {"status": "rejected"}, "huda")
    assert store.get_event(b).event.incident_id is None
    assert store.get_incident(incident).event_ids == [a]


def test_query_filters(store):
    store.ingest(report(), events=[strike(), strike(location="Maarat al-Numan", latitude=35.64, longitude=36.67,
                                                   actor1="Fatemiyoun Brigade", admin1="Idleb")])
    store.ingest(report(text=STRIKE + " حلب", url="https://b.example/2", published=date(2023, 12, 2)),
                 events=[strike(event_date=date(2023, 12, 2), admin1="Aleppo", location="Atarib", latitude=36.13,
                                longitude=36.83, sub_event_type="Shelling/artillery/missile attack",
                                confidence=0.3, assoc_actor_1=["Hezbollah"])])
    count = lambda **f: store.count_events(EventFilter(**f))  # noqa: E731
    assert count() == 3
    assert count(since=date(2023, 12, 1)) == 1 and count(until=date(2023, 11, 30)) == 2
    assert count(country="syria") == 3 and count(admin1="Aleppo") == 1
    assert count(event_type="Air/drone strike") == 2 and count(event_type="Explosions/Remote violence") == 3
    assert count(sub_event_type="Shelling/artillery/missile attack") == 1
    assert count(actor="Fatemiyoun Brigade") == 1
    assert count(actor="Iran-backed Militias") == 2  # a family finds its members, assoc actors too
    assert count(min_confidence=0.5) == 2
    assert count(bbox=(36.5, 35.5, 36.6, 35.7)) == 1
    assert count(status="unreviewed") == 3 and count(status="approved") == 0
    page = store.query_events(EventFilter(), limit=2, offset=1)
    assert [e.event_date for e in page] == [date(2023, 11, 13), date(2023, 12, 2)]


def test_stats(store):
    store.ingest(report(), events=[strike(), strike(location="Atarib", latitude=36.13, longitude=36.83,
                                                   admin1="Aleppo")])
    stats = store.stats(EventFilter())
    assert stats.total == 2
    assert stats.by_day == {"2023-11-13": 2}
    assert stats.by_type == {"Explosions/Remote violence": 2}
    assert stats.by_actor == {"Military Forces of Russia": 2}
    assert stats.by_admin1 == {"Aleppo": 1, "Idleb": 1}


def test_missing_things_are_none(store):
    assert store.get_event(999) is None and store.get_report(999) is None and store.get_incident(999) is None
    assert store.audit_log(999) == []
    with pytest.raises(ValueError, match="no event 999"):
        store.update_event(999, {"notes": "x"}, "huda")


def test_reopening_keeps_data_and_schema(tmp_path):
    url = f"sqlite:///{tmp_path}/again.db"
    with Store(url) as first:
        first.ingest(report(), events=[strike()])
    with Store(url) as second:
        assert second.count_events(EventFilter()) == 1


def test_postgres_urls_use_psycopg():
    from rasd.store.database import normalise_url

    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    with Store(f"sqlite:///{tmp_path}/wal.db") as opened, opened.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_reextract_keeps_corrections(tmp_path):
    calls = []

    def extractor(rep):
        calls.append(rep.id)
        return [strike(notes=f"run {len(calls)}")]

    with Store(f"sqlite:///{tmp_path}/re.db", extractor=extractor) as opened:
        first = opened.ingest(report())
        opened.update_event(first.event_ids[0], {"fatalities": 9}, "huda")
        again = opened.reextract(first.report_id)
        event = opened.get_event(again.event_ids[0]).event
        assert calls == ["a1", "a1"] and (event.notes, event.fatalities, event.doc_id) == ("run 2", 9, "a1")
        assert opened.count_events(EventFilter()) == 1
