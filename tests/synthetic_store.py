"""A store filled with many synthetic incidents fast, for the map and API at scale.

Ingesting 100,000 events through the pipeline and the incremental merge takes far too long
on a small machine, so this writes rows straight into the store's tables (reports, events,
evidence, incidents) in a few large transactions: what ingest would have written for
reports whose events were already grouped into incidents. Used by tests/test_web_review.py
and benchmarks/bench_review.py. Texts are ours; places are real towns with made-up events.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from rasd.store import Store
from rasd.store.schema import actors, event_actors, events, evidence, incidents, reports
from rasd.store.testing import sample_event
from rasd.store.totals import raise_version

# (location, latitude, longitude, country, governorate)
PLACES = [("Kafr Nabl", 35.6134, 36.5590, "Syria", "Idleb"), ("Ariha", 35.8120, 36.6090, "Syria", "Idleb"),
          ("Al Bukamal", 34.4530, 40.9180, "Syria", "Deir-ez-Zor"), ("Manbij", 36.5280, 37.9550, "Syria", "Aleppo"),
          ("Tafas", 32.7370, 36.0670, "Syria", "Dar'a"), ("Sinjar", 36.3210, 41.8760, "Iraq", "Ninewa"),
          ("Tyre", 33.2710, 35.1960, "Lebanon", "South"), ("Taiz", 13.5790, 44.0210, "Yemen", "Taizz"),
          ("Marib", 15.4620, 45.3250, "Yemen", "Marib"), ("Khiam", 33.3290, 35.6130, "Lebanon", "Nabatieh")]
TYPES = [("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Strategic developments", "Looting/property destruction")]
# actor1 of incident ``number`` is ACTORS[number % 4]: the actor filter matches a quarter of them
ACTORS = [("Military Forces of Russia", "External/Other forces"),
          ("Military Forces of Syria (2000-2024)", "State forces"),
          ("Hayat Tahrir al-Sham", "Rebel group"), ("Unidentified Armed Group (Syria)", "Political militia")]
OUTLETS = ["Enab Baladi", "SANA", "Syrian Observatory for Human Rights", "Al Jazeera", "Asharq Al-Awsat"]
TEXT = "قالت مصادر محلية إن {n} أشخاص قتلوا في الحادثة رقم {i} في {place}."
FIRST_DAY = date(2023, 1, 1)
CHUNK = 5000
# A few incidents share a town's exact coordinates (reported at town level), so some
# clusters cannot be pulled apart by zooming and must open as a list instead.
SAME_SPOT_EVERY = 50


@dataclass(frozen=True)
class Synthetic:
    events: int
    incidents: int
    located_incidents: int
    newest_incident: int  # id of the incident with the latest date
    same_spot: tuple[float, float]  # coordinates many incidents share exactly
    same_spot_incidents: int


def _reports_of(number: int) -> int:
    """Reports behind incident ``number``: mostly one, every third two, every tenth three."""
    return 3 if number % 10 == 0 else 2 if number % 3 == 0 else 1


def _template() -> dict:
    return sample_event().model_dump(mode="json", exclude={"evidence"})


def fill(store: Store, total_events: int, seed: int = 7) -> Synthetic:
    """Writes incidents until ``total_events`` events exist (newest id = newest date)."""
    rng = random.Random(seed)
    template = _template()
    stamp = datetime(2024, 1, 1, 12, 0)
    days = max(1, total_events // 150)  # about 150 events a day
    same_spot = (PLACES[0][1], PLACES[0][2])
    written = same_spot_count = 0
    number = 0
    with store.engine.begin() as conn:
        next_report = (conn.execute(sa.select(sa.func.max(reports.c.id))).scalar() or 0) + 1
        next_event = (conn.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0) + 1
        next_incident = (conn.execute(sa.select(sa.func.max(incidents.c.id))).scalar() or 0) + 1
    actor_ids = _actor_ids(store)
    batch: dict[str, list[dict]] = {"reports": [], "events": [], "evidence": [], "incidents": [], "event_actors": []}
    while written < total_events:
        size = min(_reports_of(number), total_events - written)
        day = FIRST_DAY + timedelta(days=number * days // max(1, total_events * 2 // 3))
        name, lat, lon, country, admin1 = PLACES[number % len(PLACES)]
        event_type, sub = TYPES[number % len(TYPES)]
        at_spot = number % SAME_SPOT_EVERY == 0
        if at_spot:
            name, lat, lon, country, admin1 = PLACES[0]
            same_spot_count += 1
        else:
            lat, lon = round(lat + rng.uniform(-0.6, 0.6), 5), round(lon + rng.uniform(-0.6, 0.6), 5)
        figures = [rng.randint(0, 9) for _ in range(size)]
        actor, inter = ACTORS[number % len(ACTORS)]
        incident_id = next_incident
        batch["incidents"].append(dict(
            id=incident_id, key=f"synthetic-{incident_id}", event_type=event_type, event_date=day,
            location=name, latitude=lat, longitude=lon, fatalities_low=min(figures),
            fatalities_best=sorted(figures)[len(figures) // 2], fatalities_high=max(figures),
            grade="fair" if size > 1 else "weak"))
        for k in range(size):
            text = TEXT.format(n=figures[k], i=incident_id * 10 + k, place=name)
            outlet = OUTLETS[(number + k) % len(OUTLETS)]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            batch["reports"].append(dict(
                id=next_report, doc_id=f"synthetic-{next_report}", url=None, source=outlet, published=day,
                text=text, content_hash=digest, version=1, first_seen=stamp, updated_at=stamp))
            record = {**template, "doc_id": f"synthetic-{next_report}", "event_date": day.isoformat(),
                      "event_type": event_type, "sub_event_type": sub, "location": name, "latitude": lat,
                      "longitude": lon, "country": country, "admin1": admin1, "fatalities": figures[k],
                      "source": outlet, "actor1": actor, "inter1": inter, "confidence": round(rng.uniform(0.35, 0.95), 2),
                      "disorder_type": "Demonstrations" if event_type == "Protests" else
                      "Strategic developments" if event_type == "Strategic developments" else "Political violence"}
            batch["events"].append(dict(
                id=next_event, report_id=next_report, ordinal=0, event_key=f"{sub}|{name}|{day}#0",
                canon=f"{day.isoformat()}|{digest}|0000", incident_id=incident_id, place_id=None,
                status="unreviewed", event_date=day, event_type=event_type, sub_event_type=sub,
                actor1=record["actor1"], actor2=None, country=country, admin1=admin1, location=name,
                gazetteer_id=None, latitude=lat, longitude=lon, geo_precision=1, fatalities=figures[k],
                confidence=record["confidence"], record=record, extracted=record))
            batch["event_actors"].append(dict(event_id=next_event, actor_id=actor_ids[actor], role="actor1"))
            sentence = text
            start = text.index("قتلوا")
            batch["evidence"].append(dict(event_id=next_event, field="event", start=start,
                                          end=start + len("قتلوا"), text="قتلوا", sentence=sentence))
            next_report += 1
            next_event += 1
        written += size
        next_incident += 1
        number += 1
        if len(batch["events"]) >= CHUNK or written >= total_events:
            _write(store, batch)
            batch = {key: [] for key in batch}
    return Synthetic(events=written, incidents=number, located_incidents=number,
                     newest_incident=next_incident - 1, same_spot=same_spot,
                     same_spot_incidents=same_spot_count)


def _actor_ids(store: Store) -> dict[str, int]:
    """The ids of ACTORS' rows (written when missing)."""
    with store.engine.begin() as conn:
        known = dict(conn.execute(sa.select(actors.c.name, actors.c.id)).all())
        missing = [dict(name=name, inter=inter, family=None) for name, inter in ACTORS if name not in known]
        if missing:
            conn.execute(actors.insert(), missing)
        return dict(conn.execute(sa.select(actors.c.name, actors.c.id)).all())


def _write(store: Store, batch: dict[str, list[dict]]) -> None:
    with store.engine.begin() as conn:
        # Parents first: events point at reports and incidents, evidence and actor links at events.
        for table in (reports, incidents, events, evidence, event_actors):
            if batch[table.name]:
                conn.execute(table.insert(), batch[table.name])
        raise_version(conn)  # as every write of the store does
