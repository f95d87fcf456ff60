"""GET/PATCH /events: filters, pagination, formats, detail, corrections, audit."""
from __future__ import annotations

import csv
import io

import pytest

from rasd.api.demo import demo_reports
from rasd.io.writers import CSV_COLUMNS
from test_api_support import DEMO_EVENTS, WRITE, client_for, demo_store, event_id_where


def test_events_page_has_total_and_records(client):
    page = client.get("/events", params={"limit": 5, "offset": 0, "level": "report"}).json()
    assert page["total"] == DEMO_EVENTS
    assert page["limit"] == 5 and len(page["events"]) == 5
    record = page["events"][0]
    assert {"id", "report_id", "status", "event_type", "evidence", "latitude"} <= set(record)
    second = client.get("/events", params={"limit": 5, "offset": 5, "level": "report"}).json()["events"]
    assert not {e["id"] for e in page["events"]} & {e["id"] for e in second}


@pytest.mark.parametrize("params, expected", [
    ({"event_type": "Battles"}, 5),
    ({"sub_event_type": "Air/drone strike"}, 10),
    ({"country": "Yemen"}, 4),
    ({"admin1": "Idleb"}, 7),
    ({"actor": "Ansar Allah"}, 4),  # as actor1 or actor2
    ({"since": "2024-11-01", "until": "2024-11-09"}, 6),
    ({"min_confidence": 0.85}, 7),
    ({"bbox": "35,33,36,34"}, 3),  # south Lebanon: Tyre, Khiam, Bint Jbeil
    ({"status": "approved"}, 0),
    ({"country": "Syria", "event_type": "Battles"}, 3),
])
def test_filters(client, params, expected):
    page = client.get("/events", params=params).json()
    assert page["total"] == expected, page
    assert len(page["events"]) == expected


def test_geojson_export_has_a_point_per_event(client):
    response = client.get("/events", params={"format": "geojson", "country": "Lebanon"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 3
    point = collection["features"][0]["geometry"]
    assert point["type"] == "Point" and 35 < point["coordinates"][0] < 36


def test_acled_csv_export_uses_acled_columns(client):
    response = client.get("/events", params={"format": "acled-csv", "event_type": "Battles"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == 5 and {row["event_type"] for row in rows} == {"Battles"}


def test_export_respects_limit_and_goes_past_a_json_page(client):
    assert len(client.get("/events", params={"format": "geojson", "limit": 3}).json()["features"]) == 3
    assert len(client.get("/events", params={"format": "geojson"}).json()["features"]) == DEMO_EVENTS


@pytest.mark.parametrize("params, words", [
    ({"since": "2024-13-01"}, "since"),
    ({"until": "yesterday"}, "until"),
    ({"since": "2024-11-10", "until": "2024-11-01"}, "date range"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "36,34,35,33"}, "bbox"),
    ({"min_confidence": "2"}, "min_confidence"),
    ({"status": "maybe"}, "status"),
    ({"format": "xml"}, "format"),
    ({"limit": "5000"}, "limit"),
    ({"offset": "-1"}, "offset"),
])
def test_bad_query_is_a_clear_422(client, params, words):
    response = client.get("/events", params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and words in detail


def test_event_detail_has_sources_with_evidence(client):
    event_id = event_id_where(client, admin1="As-Sweida")
    detail = client.get(f"/events/{event_id}").json()
    assert detail["event"]["location"] == "As-Sweida"
    source = detail["sources"][0]
    assert source["url"].endswith("demo-08")
    evidence = source["evidence"]["event"]
    assert evidence["text"].startswith("تظاهر المئات")
    assert detail["audit"] == []


def test_unknown_event_is_404(client):
    for method in ("get", "patch"):
        response = getattr(client, method)("/events/99999", **({"json": {"status": "approved"}, "headers": WRITE} if method == "patch" else {}))
        assert response.status_code == 404
        assert response.json() == {"detail": "no event 99999"}
    assert client.get("/events/abc").status_code == 422


def test_patch_corrects_fields_and_keeps_an_audit_trail(client):
    event_id = event_id_where(client, admin1="As-Sweida")
    response = client.patch(f"/events/{event_id}", json={"fatalities": 2, "status": "approved"}, headers=WRITE)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["event"]["fatalities"] == 2 and body["event"]["status"] == "approved"
    changes = {(a["field"], a["old"], a["new"], a["user"]) for a in body["audit"]}
    assert changes == {("fatalities", 0, 2, "api"), ("status", "unreviewed", "approved", "api")}
    assert client.get("/events", params={"status": "approved"}).json()["total"] == 1
    assert [a["field"] for a in client.get(f"/events/{event_id}/audit").json()] == ["fatalities", "status"]


@pytest.mark.parametrize("changes, words", [
    ({"bogus": 1}, "bogus"),
    ({"fatalities": "many"}, "fatalities"),
    ({"status": "done"}, "status"),
    ({"event_date": "2024-02-30"}, "event_date"),
    ({}, "no changes"),
])
def test_patch_with_bad_changes_is_a_clear_422(client, changes, words):
    event_id = event_id_where(client)
    response = client.patch(f"/events/{event_id}", json=changes, headers=WRITE)
    assert response.status_code == 422
    assert words in response.json()["detail"]


def test_patch_body_must_be_an_object(client):
    event_id = event_id_where(client)
    for body in ('["status"]', "not json"):
        response = client.patch(f"/events/{event_id}", content=body,
                                headers={**WRITE, "Content-Type": "application/json"})
        assert response.status_code == 422
        assert isinstance(response.json()["detail"], str)


def demo_extractor(report):
    """Extraction that codes each demo report as its hand-coded events (as a re-run would)."""
    coded = {demo.report.text: demo.coded_events for demo in demo_reports()}
    return [event.model_copy(update={"doc_id": report.id}) for event in coded[report.text]]


def test_correction_survives_reextraction(tmp_path):
    store = demo_store(tmp_path, extractor=demo_extractor)
    client = client_for(store)
    event_id = event_id_where(client, admin1="As-Sweida")
    client.patch(f"/events/{event_id}", json={"notes": "checked against a second outlet"}, headers=WRITE)
    report_id = client.get(f"/events/{event_id}").json()["event"]["report_id"]
    store.reextract(report_id)
    events = client.get(f"/reports/{report_id}").json()["events"]
    assert [e["notes"] for e in events] == ["checked against a second outlet"]
    assert events[0]["id"] != event_id  # the event row was replaced, the correction kept
    store.close()
