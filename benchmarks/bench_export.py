"""Incident-level export at scale, and merging many reports of one incident.

Targets (issue 9, issue 11 item 8):
* exporting the incidents of 100,000 stored events (ACLED CSV) takes < 10 s;
* merging 3 × 500 reports of one incident: each batch of 500 takes about as long as the
  first (the cost per report does not grow with the incident's reports).

    .venv/bin/python benchmarks/bench_export.py [--events 100000] [--per-incident 3] [--merge 500]

The store is filled straight through its tables (what ingest would write for reports whose
events were already grouped), since ingesting 100,000 reports through the merge takes long
on a small machine; the merge part goes through Store.ingest.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path


from rasd.model import Report, Span
from rasd.store import EventFilter, Store
from rasd.store import export as exporters
from rasd.store.schema import events, evidence, incidents, reports
from rasd.store.testing import sample_event

PLACES = [("Kafr Nabl", 35.6134, 36.5590, "Idleb"), ("Ariha", 35.8120, 36.6090, "Idleb"),
          ("Al Bukamal", 34.4530, 40.9180, "Deir-ez-Zor"), ("Manbij", 36.5280, 37.9550, "Aleppo"),
          ("Tafas", 32.7370, 36.0670, "Dar'a"), ("Saraqib", 35.8640, 36.8060, "Idleb")]
OUTLETS = ["SANA", "Enab Baladi", "Al Jazeera", "North Press", "Step News", "SOHR"]


def fill(store: Store, total_events: int, per_incident: int, seed: int = 5) -> int:
    """Write ``total_events`` events in incidents of ``per_incident`` reports; return incidents."""
    rng = random.Random(seed)
    stamp = datetime(2024, 1, 1)
    incident_count = total_events // per_incident
    with store.engine.begin() as conn:
        for start in range(0, incident_count, 2000):
            batch = range(start, min(incident_count, start + 2000))
            report_rows, event_rows, evidence_rows, incident_rows = [], [], [], []
            for number in batch:
                name, lat, lon, admin1 = rng.choice(PLACES)
                day = date(2023, 1, 1) + timedelta(days=number % 700)
                figures = [rng.randrange(8) for _ in range(per_incident)]
                incident_rows.append(dict(id=number + 1, key=f"{day}|{number:08d}|0|0000", event_type="Explosions/Remote violence",
                                          event_date=day, location=name, latitude=lat, longitude=lon,
                                          fatalities_low=min(figures), fatalities_best=sorted(figures)[len(figures) // 2],
                                          fatalities_high=max(figures), grade="fair"))
                for member in range(per_incident):
                    ident = number * per_incident + member + 1
                    text = f"قصفت طائرات حربية بلدة في ريف {admin1} رقم {ident}، ما أدى إلى مقتل {figures[member]} مدنيين."
                    digest = hashlib.sha256(text.encode()).hexdigest()
                    report_rows.append(dict(id=ident, doc_id=f"r{ident}", url=f"https://o.example/{ident}",
                                            source=OUTLETS[(number + member) % len(OUTLETS)], published=day, text=text,
                                            content_hash=digest, version=1, first_seen=stamp, updated_at=stamp))
                    event = sample_event(doc_id=f"r{ident}", event_date=day, location=name, latitude=lat + member * 0.001,
                                         longitude=lon, admin1=admin1, fatalities=figures[member],
                                         notes=f"On {day}, an air strike hit {name}.")
                    record = event.model_dump(mode="json", exclude={"evidence"})
                    event_rows.append(dict(id=ident, report_id=ident, ordinal=0, event_key=f"k{ident}",
                                           canon=f"{day}|{number:08d}|{member}|0000", incident_id=number + 1,
                                           status="unreviewed", event_date=day, event_type=event.event_type,
                                           sub_event_type=event.sub_event_type, actor1=event.actor1, actor2=None,
                                           country="Syria", admin1=admin1, location=name, gazetteer_id=None,
                                           latitude=event.latitude, longitude=lon, geo_precision=1,
                                           fatalities=event.fatalities, confidence=0.8, record=record, extracted=record))
                    sentence = text
                    evidence_rows.append(dict(event_id=ident, field="fatalities", start=0, end=10, text=sentence[:10],
                                              sentence=sentence))
            conn.execute(incidents.insert(), incident_rows)
            conn.execute(reports.insert(), report_rows)
            conn.execute(events.insert(), event_rows)
            conn.execute(evidence.insert(), evidence_rows)
    return incident_count


class Timer:
    """Wall and CPU seconds: on a shared machine the CPU time says what the work costs."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:5.2f} s (CPU {self.cpu:5.2f} s)"


def time_exports(store: Store, folder: Path) -> None:
    filters = EventFilter()
    for name, write in (("acled-csv", lambda rows, out: exporters.write_acled_csv(rows, out)[0]),
                        ("jsonl", exporters.write_jsonl), ("geojson", exporters.write_geojson)):
        with Timer() as timer, (folder / f"out.{name}").open("w", encoding="utf-8", newline="") as handle:
            count = write(store.iter_incidents(filters), handle)
        print(f"  incident export {name:9s}: {count:7,d} rows in {timer}")
    with Timer() as timer:
        count = exporters.write_parquet(store.iter_incidents(filters), folder / "out.parquet")
    print(f"  incident export parquet  : {count:7,d} rows in {timer}")
    with Timer() as timer:
        count, _ = exporters.write_acled_csv(store.iter_events(filters), io.StringIO())
    print(f"  per-report export csv    : {count:7,d} rows in {timer}")
    started = time.perf_counter()
    page = store.query_incidents(filters, limit=100)
    print(f"  first page of 100 incidents (true total {page.total:,d}): {1000 * (time.perf_counter() - started):.0f} ms")


def time_merging(folder: Path, per_batch: int) -> None:
    with Store(f"sqlite:///{folder}/merge.db") as store:
        for batch in range(3):
            with Timer() as timer:
                for number in range(per_batch):
                    report = Report(id=f"m{batch}-{number}", text=f"غارة على كفرنبل رقم {batch}-{number}",
                                    published=date(2023, 11, 13), source=f"outlet {number % 9}")
                    store.ingest(report, events=[sample_event(fatalities=3 + number % 4, evidence={
                        "event": Span(start=0, end=4, text="غارة", sentence=report.text)})])
            print(f"  batch {batch + 1}: {per_batch} reports of one incident in {timer} "
                  f"(incidents: {store.count_incidents(EventFilter())})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-incident", type=int, default=3)
    parser.add_argument("--merge", type=int, default=500, help="reports per merge batch (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rasd-bench-export-") as tmp:
        folder = Path(tmp)
        with Store(f"sqlite:///{folder}/export.db") as store:
            started = time.perf_counter()
            count = fill(store, args.events, args.per_incident)
            print(f"filled {args.events:,d} events in {count:,d} incidents in {time.perf_counter() - started:.1f} s")
            time_exports(store, folder)
        if args.merge:
            print("merging reports of one incident (issue 11: was 8 s, 28 s, 61 s for 3 × 500):")
            time_merging(folder, args.merge)
    return 0


if __name__ == "__main__":
    sys.exit(main())
