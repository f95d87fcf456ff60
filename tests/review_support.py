"""A store for the review tests: the demo set, plus one strike told by two outlets (one
incident, two sources, different tolls) and two reports of strikes on different days
in different towns (two incidents an analyst may merge). Texts written for rasd."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rasd.model import Report, Span
from rasd.store import Store
from rasd.store.testing import sample_event
from test_api_support import demo_store

TWO_OUTLETS = [
    ("Outlet One", "https://one.example/strike-1",
     "أغارت طائرات حربية فجر الثلاثاء على سوق بلدة حيش في ريف إدلب، وقتل سبعة مدنيين بينهم طفلان."),
    ("Outlet Two", "https://two.example/news/88",
     "قتل تسعة مدنيين في غارة جوية استهدفت سوق حيش جنوبي إدلب صباح الثلاثاء بحسب الدفاع المدني."),
]
SEPARATE = [
    ("Outlet Three", "https://three.example/a", "قصفت المدفعية أطراف بلدة الأتارب غربي حلب يوم الأحد ولم ترد أنباء عن ضحايا.",
     date(2024, 12, 1), "Al Atarib", 36.1370, 36.8300, "Aleppo"),
    ("Outlet Four", "https://four.example/b", "سقطت قذائف على مدينة سراقب شرقي إدلب ليل الأربعاء وأصيب ثلاثة أشخاص.",
     date(2024, 12, 4), "Saraqab", 35.8620, 36.8040, "Idleb"),
]
STRIKE_DAY = date(2024, 12, 10)
FIGURES = (7, 9)


@dataclass(frozen=True)
class ReviewData:
    store: Store
    two_source_incident: int
    two_source_events: list[int]
    separate_incidents: list[int]


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start=start, end=start + len(words), text=words, sentence=text)


def _ingest(store: Store, report: Report, event) -> int:
    return store.ingest(report, events=[event]).event_ids[0]


def review_store(tmp_path: Path) -> ReviewData:
    store = demo_store(tmp_path)
    strike_events = []
    for (outlet, url, text), killed in zip(TWO_OUTLETS, FIGURES):
        event = sample_event(
            event_date=STRIKE_DAY, location="Heish", location_ar="حيش", latitude=35.5500, longitude=36.6400,
            admin1="Idleb", fatalities=killed, source=outlet, civilian_targeting=True,
            evidence={"event": _span(text, "غارة جوية" if "غارة" in text else "أغارت طائرات حربية"),
                      "fatalities": _span(text, "سبعة مدنيين" if "سبعة" in text else "تسعة مدنيين"),
                      "location": _span(text, "حيش")})
        report = Report(id=url, text=text, published=STRIKE_DAY, source=outlet, url=url)
        strike_events.append(_ingest(store, report, event))
    separate = []
    for outlet, url, text, day, place, lat, lon, admin1 in SEPARATE:
        event = sample_event(
            event_date=day, sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Syria",
            location=place, latitude=lat, longitude=lon, admin1=admin1, fatalities=0, source=outlet,
            evidence={"event": _span(text, text.split()[0])})
        report = Report(id=url, text=text, published=day, source=outlet, url=url)
        separate.append(store.get_event(_ingest(store, report, event)).event.incident_id)
    incident = store.get_event(strike_events[0]).event.incident_id
    assert incident is not None and store.get_event(strike_events[1]).event.incident_id == incident
    return ReviewData(store, incident, strike_events, separate)
