"""Incident-level API: GET /events and /stats by incident (default) or report, the map's
points, the incident view, merge and split, bulk review, the actor list."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from review_support import FIGURES, TWO_OUTLETS, review_store
from test_api_support import DEMO_EVENTS, WRITE, client_for

INCIDENTS = DEMO_EVENTS + 1 + 2  # the demo's, the two-outlet strike, two separate strikes
EVENTS = DEMO_EVENTS + 2 + 2


@pytest.fixture()
def review(tmp_path):
    data = review_store(tmp_path)
    yield data, client_for(data.store)
    data.store.close()


def test_events_are_incidents_by_default_and_reports_on_request(review):
    data, client = review
    page = client.get("/events").json()
    assert page["level"] == "incident" and page["total"] == INCIDENTS
    row = next(r for r in page["events"] if r["id"] == data.two_source_incident)
    assert row["reports"] == 2 and sorted(row["event_ids"]) == sorted(data.two_source_events)
    assert set(row["source"].split("; ")) == {outlet for outlet, _, _ in TWO_OUTLETS}
    assert (row["fatalities_low"], row["fatalities_high"]) == FIGURES
    assert row["event_id_cnty"].startswith("RASD-")
    per_report = client.get("/events", params={"level": "report"}).json()
    assert per_report["level"] == "report" and per_report["total"] == EVENTS


def test_incident_rows_are_newest_first_unless_asked(review):
    _, client = review
    dates = [r["event_date"] for r in client.get("/events", params={"limit": 1000}).json()["events"]]
    assert dates == sorted(dates, reverse=True)
    oldest = [r["event_date"] for r in client.get("/events", params={"sort": "oldest"}).json()["events"]]
    assert oldest == sorted(oldest)


def test_rejected_events_leave_the_incident_rows(review):
    data, client = review
    response = client.patch(f"/events/{data.two_source_events[1]}", json={"status": "rejected"}, headers=WRITE)
    assert response.status_code == 200, response.text
    row = client.get("/events", params={"incident_id": data.two_source_incident}).json()["events"][0]
    assert row["reports"] == 1 and row["fatalities"] == FIGURES[0]
    assert client.get("/events").json()["total"] == INCIDENTS


def test_exports_write_one_row_per_incident(review):
    data, client = review
    text = client.get("/events", params={"format": "acled-csv"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == INCIDENTS
    assert len({row["event_id_cnty"] for row in rows}) == INCIDENTS
    excel = client.get("/events", params={"format": "acled-csv", "excel": "true"})
    assert excel.content.startswith(b"\xef\xbb\xbf")
    geojson = client.get("/events", params={"format": "geojson", "level": "report"}).json()
    assert len(geojson["features"]) == EVENTS
    per_report = list(csv.DictReader(io.StringIO(client.get("/events", params={"format": "acled-csv", "level": "report"}).text)))
    assert len(per_report) == EVENTS


def test_stats_count_incidents_unless_asked_for_reports(review):
    _, client = review
    assert client.get("/stats").json()["total"] == INCIDENTS
    assert client.get("/stats", params={"level": "report"}).json()["total"] == EVENTS


def test_map_points_are_every_located_row_as_columns(review):
    data, client = review
    points = client.get("/map/points").json()
    assert points["level"] == "incident" and points["total"] == INCIDENTS
    assert points["located"] == len(points["id"]) == len(points["lat"]) == len(points["type"])
    assert data.two_source_incident in points["id"]
    assert all(0 <= t < len(points["types"]) for t in points["type"])
    reports = client.get("/map/points", params={"level": "report", "country": "Yemen"}).json()
    assert reports["total"] == 4 and reports["located"] == 4
    assert client.get("/map/points", params={"level": "nope"}).status_code == 422


def test_incident_view_has_each_source_with_its_text_and_figure(review):
    data, client = review
    view = client.get(f"/incidents/{data.two_source_incident}").json()
    assert view["row"]["id"] == data.two_source_incident
    assert [s["outlet"] for s in view["sources"]] == [outlet for outlet, _, _ in TWO_OUTLETS]
    for source, (_, _, text) in zip(view["sources"], TWO_OUTLETS):
        assert source["text"] == text
        span = source["evidence"]["fatalities"]
        assert text[span["start"]:span["end"]] == span["text"]
    assert sorted(f["fatalities"] for f in view["figures"]) == list(FIGURES)
    assert client.get("/incidents/99999").status_code == 404


def test_merge_and_split_are_audited(review):
    data, client = review
    first, second = data.separate_incidents
    refused = client.post("/incidents/merge", json={"incident_ids": [first, second]})
    assert refused.status_code == 401
    merged = client.post("/incidents/merge", json={"incident_ids": [first, second]}, headers=WRITE)
    assert merged.status_code == 200, merged.text
    view = merged.json()
    assert view["row"]["reports"] == 2 and len(view["sources"]) == 2
    assert any(entry["user"] == "api" and entry["field"] == "incident" for entry in view["audit"])
    assert client.get("/events").json()["total"] == INCIDENTS - 1
    leaving = view["sources"][1]["event"]["id"]
    split = client.post(f"/incidents/{view['row']['id']}/split", json={"event_ids": [leaving]}, headers=WRITE)
    assert split.status_code == 200, split.text
    remaining, new = split.json()
    assert len(remaining["sources"]) == 1 and [s["event"]["id"] for s in new["sources"]] == [leaving]
    assert any(entry["field"] == "incident" for entry in new["audit"])
    assert client.get("/events").json()["total"] == INCIDENTS


@pytest.mark.parametrize("path, body, words", [
    ("/incidents/merge", {"incident_ids": [1]}, "incident_ids"),
    ("/incidents/merge", {"incident_ids": [3, 3]}, "two different"),
    ("/incidents/merge", {"incident_ids": [1, 99999]}, "99999"),
    ("/incidents/1/split", {"event_ids": []}, "event_ids"),
    ("/incidents/99999/split", {"event_ids": [1]}, "99999"),
])
def test_bad_merge_or_split_is_a_clear_error(review, path, body, words):
    _, client = review
    response = client.post(path, json=body, headers=WRITE)
    assert response.status_code in (404, 422)
    assert words in response.json()["detail"]


def test_bulk_review_of_incidents_and_events_is_audited(review):
    data, client = review
    ids = [r["id"] for r in client.get("/events", params={"limit": 5}).json()["events"]]
    outcome = client.patch("/incidents", json={"ids": ids + [99999], "status": "approved"}, headers=WRITE).json()
    assert outcome["status"] == "approved" and outcome["missing"] == [99999]
    approved = client.get("/events", params={"status": "approved", "level": "report"}).json()["total"]
    assert approved == len(outcome["event_ids"]) >= 5
    for event_id in outcome["event_ids"]:
        trail = client.get(f"/events/{event_id}/audit").json()
        assert trail[-1]["field"] == "status" and trail[-1]["new"] == "approved" and trail[-1]["user"] == "api"
    again = client.patch("/incidents", json={"ids": ids, "status": "approved"}, headers=WRITE).json()
    assert again["event_ids"] == [] and sorted(again["unchanged"]) == sorted(outcome["event_ids"])
    events = client.patch("/events", json={"ids": data.two_source_events, "status": "rejected"}, headers=WRITE).json()
    assert sorted(events["event_ids"]) == sorted(data.two_source_events)
    assert client.get("/events").json()["total"] == INCIDENTS - 1


@pytest.mark.parametrize("body, words", [
    ({"ids": [], "status": "approved"}, "ids"),
    ({"ids": [1], "status": "done"}, "status"),
    ({"ids": "1,2", "status": "approved"}, "ids"),
    ({"ids": [1], "status": "approved", "extra": 1}, "extra"),
])
def test_bad_bulk_review_is_a_clear_422(review, body, words):
    _, client = review
    for path in ("/events", "/incidents"):
        response = client.patch(path, json=body, headers=WRITE)
        assert response.status_code == 422 and words in response.json()["detail"]
    assert client.patch("/incidents", json={"ids": [1], "status": "approved"}).status_code == 401


@pytest.mark.parametrize("params, expected", [
    ({"review": "contested"}, 1),  # the strike with two tolls
    ({"review": "bogus"}, None),
])
def test_review_filters(review, params, expected):
    data, client = review
    response = client.get("/events", params=params)
    if expected is None:
        assert response.status_code == 422 and "review" in response.json()["detail"]
        return
    page = response.json()
    assert page["total"] == expected and page["events"][0]["id"] == data.two_source_incident
    needs = client.get("/events", params={"review": "needs_review"}).json()
    assert all(row["review_reasons"] for row in needs["events"])


def test_actor_list_is_canonical(review):
    _, client = review
    actors = client.get("/actors").json()
    names = [a["name"] for a in actors]
    assert "Military Forces of Russia" in names and len(names) == len(set(names))


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=10)
REVIEW_BODIES = st.fixed_dictionaries({}, optional={"ids": JSON_VALUES | st.lists(st.integers(), max_size=5),
                                                    "incident_ids": JSON_VALUES | st.lists(st.integers(), max_size=5),
                                                    "event_ids": JSON_VALUES | st.lists(st.integers(), max_size=5),
                                                    "status": JSON_VALUES | st.sampled_from(["approved", "rejected"])})


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory):
    data = review_store(tmp_path_factory.mktemp("fuzz"))
    yield client_for(data.store)
    data.store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=REVIEW_BODIES | JSON_VALUES, route=st.sampled_from([
    ("patch", "/incidents"), ("patch", "/events"), ("post", "/incidents/merge"), ("post", "/incidents/3/split")]))
def test_any_review_body_gets_an_answer_never_a_crash(shared_client, body, route):
    method, path = route
    response = getattr(shared_client, method)(path, json=body, headers=WRITE)
    assert response.status_code in (200, 404, 422), (body, response.text)
    if response.status_code != 200:
        assert isinstance(response.json()["detail"], str) and response.json()["detail"]
