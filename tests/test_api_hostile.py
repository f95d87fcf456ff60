"""The API under hostile input and faults: never a 500 for bad input, never a value
stored that breaks later reads, the connection kept after an unexpected error, limits
applied before any work (token before body, body timeout, per-client cap)."""
from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.api import create_app
from rasd.store import Store
from rasd.store.testing import quick_extract
from test_api_support import ARABIC_REPORT, TOKEN, WRITE, client_for, demo_store, event_id_where

MAX_INT = 2**31 - 1  # PostgreSQL's integer
HYPOTHESIS = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])
PATH_IDS = ["/events/{}", "/events/{}/audit", "/reports/{}", "/incidents/{}"]
FORMATS = ["json", "geojson", "acled-csv"]
# Query text without surrogates: an HTTP client cannot even encode those into a URL.
QUERY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**80, max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)


def raw_json(value) -> bytes:
    """JSON as a client could send it: lone surrogates and NaN travel as escapes."""
    return json.dumps(value).encode("ascii")


def assert_all_reads_work(client, event_id: int) -> None:
    for form in FORMATS:
        assert client.get("/events", params={"format": form, "limit": 1000}).status_code == 200, form
    assert client.get(f"/events/{event_id}").status_code == 200
    assert client.get(f"/events/{event_id}/audit").status_code == 200


@given(number=st.integers(min_value=-2**70, max_value=2**70), path=st.sampled_from(PATH_IDS))
@HYPOTHESIS
def test_any_id_in_a_path_is_a_4xx_or_found(client, number, path):
    assert client.get(path.format(number)).status_code in (200, 404, 422)


@given(offset=st.integers(min_value=-2**70, max_value=2**70),
       limit=st.integers(min_value=-2**70, max_value=2**70), form=st.sampled_from(FORMATS))
@HYPOTHESIS
def test_any_offset_and_limit_is_answered_without_500(client, offset, limit, form):
    response = client.get("/events", params={"offset": offset, "limit": limit, "format": form})
    assert response.status_code in (200, 422), response.text


@given(name=st.sampled_from(["country", "admin1", "event_type", "sub_event_type", "actor", "since",
                             "until", "bbox", "status", "min_confidence", "format"]), value=QUERY_TEXT)
@HYPOTHESIS
def test_any_filter_text_is_answered_without_500(client, name, value):
    response = client.get("/events", params={name: value})
    assert response.status_code in (200, 422), response.text
    assert client.get("/stats", params={name: value}).status_code in (200, 422)


@given(field=st.sampled_from(["notes", "fatalities", "event_type", "sub_event_type", "actor1", "location",
                              "event_date", "latitude", "assoc_actor_1", "weapons", "geo_precision",
                              "status", "admin1", "confidence", "injuries", "time_precision",
                              "time_of_day"]),
       value=JSON_VALUES)
@HYPOTHESIS
def test_any_edit_value_is_refused_or_stored_and_reads_keep_working(client, field, value):
    event_id = event_id_where(client)
    response = client.patch(f"/events/{event_id}", content=raw_json({field: value}),
                            headers={**WRITE, "Content-Type": "application/json"})
    assert response.status_code in (200, 422), response.text
    assert_all_reads_work(client, event_id)


@pytest.mark.parametrize("field", ["notes", "actor1", "location", "admin1", "country", "inter1",
                                   "location_ar", "source", "weapons", "assoc_actor_2"])
def test_a_lone_surrogate_in_an_edit_is_refused_and_changes_nothing(client, field):
    event_id = event_id_where(client)
    before = client.get(f"/events/{event_id}").json()
    value = ["\ud800"] if field in ("weapons", "assoc_actor_2") else "x\ud800y"
    response = client.patch(f"/events/{event_id}", content=raw_json({field: value}),
                            headers={**WRITE, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert client.get(f"/events/{event_id}").json() == before  # the field and the audit trail
    assert_all_reads_work(client, event_id)


@pytest.mark.parametrize("changes", [{"event_type": []}, {"fatalities": 2**64}, {"notes": "a\x00b"},
                                     {"actor1": "x" * 5000}, {"event_date": "2023-02-30"},
                                     {"event_date": 20231113}, {"event_date": "0001-01-01"},
                                     {"latitude": float("nan")}, {"\ud800": 1}])
def test_malformed_edits_are_422(client, changes):
    event_id = event_id_where(client)
    response = client.patch(f"/events/{event_id}", content=raw_json(changes),
                            headers={**WRITE, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("body", [
    {"text": ARABIC_REPORT + "\x00", "published": "2023-11-13"},
    {"text": ARABIC_REPORT + "\ud800", "published": "2023-11-13"},
    {"text": ARABIC_REPORT, "published": "2023-11-13", "source": "s" * 201},
    {"text": ARABIC_REPORT, "published": "2023-11-13", "id": "i" * 201},
    {"text": ARABIC_REPORT, "published": "2023-11-13", "source": "\ud800"},
    {"text": ARABIC_REPORT, "published": "2023-11-13", "url": "u\x00"},
    {"text": ARABIC_REPORT, "published": "2023-13-45"},
    {"text": ARABIC_REPORT, "published": "2023-11-13garbage"},
    {"text": ARABIC_REPORT, "published": "0001-01-01"},
    {"text": ARABIC_REPORT, "published": "2023-11-13", "\ud800": 1},
])
def test_malformed_reports_are_422(client, body):
    response = client.post("/reports", content=raw_json(body), headers={**WRITE, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text


def test_null_bytes_in_filters_and_huge_ids_on_both_backends(db_url, tmp_path):
    store = Store(db_url, extractor=quick_extract)
    try:
        client = client_for(store)
        assert client.post("/reports", json={"text": ARABIC_REPORT, "published": "2023-11-13"},
                           headers=WRITE).status_code == 201
        assert client.get("/events", params={"country": "Syria\x00"}).status_code == 422
        for path in PATH_IDS:
            assert client.get(path.format(2**31)).status_code == 422
            assert client.get(path.format(2**63)).status_code == 422
            assert client.get(path.format(MAX_INT)).status_code == 404
        assert client.get("/events", params={"offset": 2**63}).status_code == 422
    finally:
        store.close()


# --- over real connections -----------------------------------------------------------------
@contextmanager
def served(app):
    """``app`` behind uvicorn on a free local port, in a thread; yields (host, port)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(10)


def exchange(sock: socket.socket, request: bytes) -> bytes:
    """Send one request, read one whole response (Content-Length bodies only)."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


class BrokenStore:
    """A store whose event lookups fail like a bug would."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name):
        return getattr(self.store, name)

    def get_event(self, event_id: int):
        raise RuntimeError("a bug")


def test_an_unexpected_error_is_a_json_500_on_a_connection_that_stays_open(tmp_path):
    store = demo_store(tmp_path)
    app = create_app(store.url, token=TOKEN, store=BrokenStore(store))
    with served(app) as (host, port), socket.create_connection((host, port), timeout=10) as sock:
        first = exchange(sock, b"GET /events/1 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert first.startswith(b"HTTP/1.1 500")
        assert json.loads(first.partition(b"\r\n\r\n")[2])["detail"] == "internal error (RuntimeError)"
        second = exchange(sock, b"GET /events?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert second.startswith(b"HTTP/1.1 200"), second[:200]
    store.close()


def test_the_token_is_checked_before_the_body_is_read_and_stalled_uploads_time_out(tmp_path):
    store = demo_store(tmp_path)
    app = create_app(store.url, token=TOKEN, store=store, body_timeout=0.5)
    start = b"POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n"
    with served(app) as (host, port):
        with socket.create_connection((host, port), timeout=10) as sock:
            answer = exchange(sock, start + b"\r\n" + b"{" * 100)  # no token; the body never completes
            assert answer.startswith(b"HTTP/1.1 401")
        with socket.create_connection((host, port), timeout=10) as sock:
            began = time.monotonic()
            answer = exchange(sock, start + f"Authorization: Bearer {TOKEN}\r\n\r\n".encode() + b"{" * 100)
            assert answer.startswith(b"HTTP/1.1 408")
            assert time.monotonic() - began < 5
    store.close()


def test_one_client_may_have_only_so_many_uploads_in_progress(tmp_path):
    store = demo_store(tmp_path)
    app = create_app(store.url, token=TOKEN, store=store, body_timeout=5, uploads_per_client=2)
    start = (b"POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             + f"Authorization: Bearer {TOKEN}\r\nContent-Length: 1000\r\n\r\n".encode())
    with served(app) as (host, port):
        stalled = [socket.create_connection((host, port), timeout=10) for _ in range(2)]
        for sock in stalled:
            sock.sendall(start + b"{")
        time.sleep(0.5)
        with socket.create_connection((host, port), timeout=10) as third:
            assert exchange(third, start + b"{").startswith(b"HTTP/1.1 429")
        for sock in stalled:
            sock.close()
    store.close()


def test_identical_concurrent_posts_answer_duplicate_over_http(db_url):
    store = Store(db_url, extractor=quick_extract)
    app = create_app(store.url, token=TOKEN, store=store)
    body = {"text": ARABIC_REPORT, "published": "2023-11-13", "source": "outlet"}
    with served(app) as (host, port):
        barrier = threading.Barrier(12)

        def post(_n: int) -> int:
            with httpx.Client(base_url=f"http://{host}:{port}", timeout=60) as http:
                barrier.wait()
                return http.post("/reports", json=body, headers=WRITE).status_code

        with ThreadPoolExecutor(12) as pool:
            codes = list(pool.map(post, range(12)))
    assert sorted(codes) == [200] * 11 + [201]
    assert store.count_reports() == 1
    store.close()


def test_a_report_too_long_to_extract_quickly_is_413_naming_the_limit(client):
    text = (ARABIC_REPORT + " ") * (100_000 // len(ARABIC_REPORT) + 1)
    response = client.post("/reports", json={"text": text, "published": "2023-11-13"}, headers=WRITE)
    assert response.status_code == 413 and "limit 100,000" in response.json()["detail"]


@given(field=st.sampled_from(["text", "html", "published", "source", "url", "id", "extra"]),
       value=JSON_VALUES)
@HYPOTHESIS
def test_any_report_field_value_is_answered_without_500(client, field, value):
    body = {"text": ARABIC_REPORT, "published": "2023-11-13", field: value}
    if field == "html":
        del body["text"]
    response = client.post("/reports", content=raw_json(body), headers={**WRITE, "Content-Type": "application/json"})
    assert response.status_code in (200, 201, 413, 422), response.text


def test_twelve_clients_posting_at_once_get_every_report_stored(db_url):
    from test_store_concurrency import report, shared_names_extract

    store = Store(db_url, extractor=shared_names_extract)
    app = create_app(store.url, token=TOKEN, store=store)
    with served(app) as (host, port):
        def post_all(writer: int) -> list[int]:
            with httpx.Client(base_url=f"http://{host}:{port}", timeout=120) as http:
                codes = []
                for number in range(10):
                    sent = report(writer, number)
                    codes.append(http.post("/reports", headers=WRITE, json={
                        "id": sent.id, "text": sent.text, "published": str(sent.published),
                        "source": sent.source, "url": sent.url}).status_code)
                return codes

        with ThreadPoolExecutor(12) as pool:
            codes = [code for batch in pool.map(post_all, range(12)) for code in batch]
        assert codes == [201] * 120
        after = report(99, 1)
        assert httpx.post(f"http://{host}:{port}/reports", headers=WRITE, json={
            "id": after.id, "text": after.text, "published": str(after.published)}).status_code == 201
    assert store.count_reports() == 121
    store.close()


def test_an_edit_that_fails_midway_changes_neither_the_field_nor_the_audit(client, store, monkeypatch):
    from rasd.store import store as store_module

    event_id = event_id_where(client)
    before = client.get(f"/events/{event_id}").json()

    def broken(*_args, **_kwargs):
        raise RuntimeError("incident index broke")

    monkeypatch.setattr(store_module.incident_index, "recompute", broken)
    response = client.patch(f"/events/{event_id}", json={"notes": "checked", "fatalities": 9}, headers=WRITE)
    assert response.status_code == 500 and response.json()["detail"] == "internal error (RuntimeError)"
    monkeypatch.undo()
    assert client.get(f"/events/{event_id}").json() == before
