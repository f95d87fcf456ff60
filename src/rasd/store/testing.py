"""Stand-ins for tests and benchmarks of the store (no linguistic analysis here).

``quick_extract`` is what ``rasd ingest --extractor rasd.store.testing:quick_extract``
uses in the crash (kill-and-resume) test and the storage-only benchmark: one event per
report, placed by a hash of the text so that unrelated reports do not merge.
"""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from rasd.model import Event, Report, Span


def sample_event(**fields: Any) -> Event:
    """An Air/drone strike event; any field can be overridden."""
    values: dict[str, Any] = dict(
        doc_id="doc", event_date=date(2023, 11, 13), disorder_type="Political violence",
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        actor1="Military Forces of Russia", inter1="External/Other forces", country="Syria",
        admin1="Idleb", location="Kafr Nabl", location_ar="كفرنبل", latitude=35.6134,
        longitude=36.5590, geo_precision=1, fatalities=3, confidence=0.8,
        gazetteer_id=None,
    )
    values.update(fields)
    return Event(**values)


def quick_extract(report: Report) -> list[Event]:
    digest = int(hashlib.sha256(report.text.encode("utf-8")).hexdigest()[:12], 16)
    latitude = 30 + (digest % 1000) * 0.01 + (digest // 1000 % 100) * 0.1
    longitude = 35 + (digest // 100_000 % 1000) * 0.01
    sentence = report.text.split(".")[0]
    return [sample_event(
        doc_id=report.id, event_date=report.published, location=f"Place {digest % 100_000}",
        latitude=round(latitude, 4), longitude=round(longitude, 4), fatalities=digest % 7,
        evidence={"event": Span(start=0, end=len(sentence), text=sentence, sentence=sentence)},
    )]


def create_database(server_url: str, name: str) -> str:
    """A new empty PostgreSQL database on the server of ``server_url``; its URL."""
    import sqlalchemy as sa

    from rasd.store.database import normalise_url

    url = sa.engine.make_url(normalise_url(server_url))
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    import sqlalchemy as sa

    from rasd.store.database import normalise_url

    url = sa.engine.make_url(normalise_url(server_url))
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def failing_extract(report: Report) -> list[Event]:
    """Like quick_extract, but breaks on reports whose id ends in 2 (error-path tests)."""
    if report.id.endswith("2"):
        raise RuntimeError(f"extractor broke on {report.id}")
    return quick_extract(report)
