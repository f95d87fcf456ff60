"""POST/GET /reports, /stats, /incidents: ingest, idempotence, and bad input."""
from __future__ import annotations

import importlib.util
from datetime import date

import pytest

from test_api_support import ARABIC_REPORT, DEMO_EVENTS, WRITE, client_for, event_id_where


def post(client, **body):
    return client.post("/reports", json=body, headers=WRITE)


def test_post_report_stores_it_and_returns_its_events(client):
    response = post(client, text=ARABIC_REPORT, published="2024-11-02", source="test outlet",
                    url="https://example.org/a")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "new"
    assert len(body["events"]) == 1 and body["events"][0]["doc_id"].startswith("api-")
    stored = client.get(f"/reports/{body['report_id']}").json()
    assert stored["text"] == ARABIC_REPORT and stored["source"] == "test outlet"
    assert client.get("/events").json()["total"] == DEMO_EVENTS + 1


def test_posting_the_same_report_again_is_idempotent(client):
    first = post(client, text=ARABIC_REPORT, published="2024-11-02").json()
    again = post(client, text=ARABIC_REPORT, published="2024-11-02")
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert again.json()["report_id"] == first["report_id"]
    assert [e["id"] for e in again.json()["events"]] == [e["id"] for e in first["events"]]
    assert client.get("/events").json()["total"] == DEMO_EVENTS + 1


def test_post_html_page_takes_the_article_text(client):
    html = (f"<html><head><title>خبر</title></head><body><nav>الرئيسية</nav><article><h1>قصف على كفرنبل</h1>"
            f"<p>{ARABIC_REPORT}</p><p>{ARABIC_REPORT.replace('ثلاثة', 'أربعة')}</p></article></body></html>")
    response = post(client, html=html, published="2024-11-02")
    assert response.status_code == 201, response.text
    text = client.get(f"/reports/{response.json()['report_id']}").json()["text"]
    assert "كفرنبل" in text and "<p>" not in text


@pytest.mark.parametrize("body, status, words", [
    ({"text": ARABIC_REPORT}, 422, "published"),
    ({"text": ARABIC_REPORT, "published": "2024-02-30"}, 422, "published"),
    ({"text": "Russian jets struck Kafr Nabl this morning.", "published": "2024-11-02"}, 422, "not Arabic"),
    ({"text": "   ", "published": "2024-11-02"}, 422, "empty"),
    ({"published": "2024-11-02"}, 422, "exactly one of 'text' or 'html'"),
    ({"text": ARABIC_REPORT, "html": "<p>x</p>", "published": "2024-11-02"}, 422, "exactly one"),
    ({"text": ARABIC_REPORT, "published": "2024-11-02", "colour": "red"}, 422, "colour"),
    ({"html": "<html><body></body></html>", "published": "2024-11-02"}, 422, "no article text"),
    ({"text": "ق" * 200_001, "published": "2024-11-02"}, 413, "text too large"),
])
def test_bad_reports_get_a_clear_4xx(client, body, status, words):
    response = client.post("/reports", json=body, headers=WRITE)
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and words in detail


def test_malformed_json_is_a_422(client):
    response = client.post("/reports", content=b"{not json", headers={**WRITE, "Content-Type": "application/json"})
    assert response.status_code == 422 and isinstance(response.json()["detail"], str)


def test_body_over_the_limit_is_refused_before_parsing(store):
    client = client_for(store, max_body=1_000)
    response = client.post("/reports", json={"text": ARABIC_REPORT * 20, "published": "2024-11-02"}, headers=WRITE)
    assert response.status_code == 413
    assert "request body too large" in response.json()["detail"]
    # A chunked body (no Content-Length) is counted as it arrives.
    chunks = (b"x" * 400 for _ in range(5))
    response = client.post("/reports", content=chunks, headers={**WRITE, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_unknown_report_is_404(client):
    assert client.get("/reports/4242").status_code == 404
    assert client.get("/reports/4242").json() == {"detail": "no report 4242"}


def test_report_detail_carries_event_evidence_spans(client):
    event_id = event_id_where(client, admin1="As-Sweida")
    report_id = client.get(f"/events/{event_id}").json()["event"]["report_id"]
    report = client.get(f"/reports/{report_id}").json()
    start, end = report["events"][0]["evidence"]["event"]["span"]
    assert report["text"][start:end] == report["events"][0]["evidence"]["event"]["text"]
    assert isinstance(report["mentions"], list)


def test_stats_count_by_day_type_actor_and_governorate(client):
    stats = client.get("/stats").json()
    assert stats["total"] == DEMO_EVENTS
    assert stats["by_type"]["Battles"] == 5
    assert stats["by_admin1"]["Idleb"] == 7
    assert stats["by_day"]["2024-10-03"] == 2
    assert stats["by_actor"]["Military Forces of Israel"] >= 3
    filtered = client.get("/stats", params={"country": "Yemen"}).json()
    assert filtered["total"] == 4 and set(filtered["by_admin1"]) <= {"Marib", "Taizz", "Al Hodeidah", "Amanat Al Asimah"}
    assert client.get("/stats", params={"since": "not-a-date"}).status_code == 422


def test_incidents(client):
    assert client.get("/incidents/777").status_code == 404
    ids = [e["incident_id"] for e in client.get("/events", params={"limit": 100, "level": "report"}).json()["events"]
           if e["incident_id"]]
    if ids:  # the store groups events into incidents as it sees fit
        incident = client.get(f"/incidents/{ids[0]}").json()
        assert incident["row"]["id"] == ids[0] and incident["row"]["event_ids"]


def _extractor_ready() -> bool:
    """The extraction engine is written in parallel; until it runs at all, skip (not fail)."""
    if importlib.util.find_spec("rasd.assemble.events") is None:
        return False
    from rasd.pipeline import extract

    try:
        extract(ARABIC_REPORT, date(2024, 11, 2))
    except Exception:  # noqa: BLE001
        return False
    return True


def test_end_to_end_with_real_extraction(tmp_path):
    if not _extractor_ready():
        pytest.skip("the extraction engine does not run yet")
    from rasd.store import Store

    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    client = client_for(store)
    response = post(client, text=ARABIC_REPORT, published="2024-11-02")
    assert response.status_code == 201, response.text
    events = response.json()["events"]
    assert any(e["sub_event_type"] == "Air/drone strike" and e["actor1"] == "Military Forces of Russia"
               for e in events), events
    store.close()
