"""Shared set-up for the API and web tests (imported by test_api_*.py and test_web_*.py).

A real rasd.store.Store on a temporary SQLite file, filled with the bundled demo set's
hand-coded events (the extractor is not exercised here; its own tests do that).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from fastapi.testclient import TestClient

from rasd.api import create_app
from rasd.api.demo import load_demo
from rasd.store import Store
from rasd.store.testing import quick_extract

TOKEN = "s3cret-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}
DEMO_EVENTS = 29
ARABIC_REPORT = ("قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، "
                 "ما أدى إلى مقتل ثلاثة مدنيين.")


def demo_store(tmp_path: Path, extractor=quick_extract) -> Store:
    """A store with the demo set; new reports go through ``extractor``."""
    store = Store(f"sqlite:///{tmp_path / 'api.db'}", extractor=extractor)
    loaded = load_demo(store, use_extractor=False)
    assert loaded.events == DEMO_EVENTS
    return store


def client_for(store: Store, *, token: Optional[str] = TOKEN, **options) -> TestClient:
    app = create_app(store.url, token=token, store=store, **options)
    return TestClient(app, raise_server_exceptions=False)


def event_id_where(client: TestClient, **filters) -> int:
    page = client.get("/events", params={**filters, "limit": 1, "level": "report"}).json()
    assert page["events"], filters
    return page["events"][0]["id"]
