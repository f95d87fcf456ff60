"""Tokens: writes need one (401 without, 403 wrong); reads open unless configured; who is audited."""
from __future__ import annotations

import pytest

from rasd.api.auth import parse_tokens_file
from test_api_support import ARABIC_REPORT, TOKEN, WRITE, client_for, demo_store, event_id_where


@pytest.fixture()
def store(tmp_path):
    store = demo_store(tmp_path)
    yield store
    store.close()


def test_writes_without_a_token_are_401(store):
    client = client_for(store)
    event_id = event_id_where(client)
    response = client.patch(f"/events/{event_id}", json={"status": "approved"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert client.post("/reports", json={"text": ARABIC_REPORT, "published": "2024-11-02"}).status_code == 401


def test_wrong_token_is_403(store):
    client = client_for(store)
    event_id = event_id_where(client)
    for header in ({"Authorization": "Bearer nope"}, {"Authorization": f"Bearer {TOKEN}x"}):
        response = client.patch(f"/events/{event_id}", json={"status": "approved"}, headers=header)
        assert response.status_code == 403
        assert response.json() == {"detail": "invalid token"}
    # A token sent with the wrong scheme counts as no token at all.
    assert client.patch(f"/events/{event_id}", json={"status": "approved"},
                        headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert client.get(f"/events/{event_id}").json()["event"]["status"] == "unreviewed"


def test_no_token_configured_means_read_only(store):
    client = client_for(store, token=None)
    event_id = event_id_where(client)
    response = client.patch(f"/events/{event_id}", json={"status": "approved"}, headers=WRITE)
    assert response.status_code == 403 and "no API token configured" in response.json()["detail"]
    assert client.get("/events").status_code == 200


def test_tokens_file_users_are_recorded_in_the_audit(store, tmp_path):
    tokens = tmp_path / "tokens"
    tokens.write_text("# analysts\nlayla:tok-layla\n\nomar:tok-omar\n", encoding="utf-8")
    client = client_for(store, token=None, tokens_file=tokens)
    event_id = event_id_where(client)
    client.patch(f"/events/{event_id}", json={"fatalities": 9}, headers={"Authorization": "Bearer tok-layla"})
    client.patch(f"/events/{event_id}", json={"status": "approved"}, headers={"Authorization": "Bearer tok-omar"})
    audit = client.get(f"/events/{event_id}").json()["audit"]
    assert [(a["user"], a["field"]) for a in audit] == [("layla", "fatalities"), ("omar", "status")]


def test_closed_reads_need_a_token(store):
    client = client_for(store, reads_open=False)
    for path in ("/events", "/stats", "/events/1", "/reports/1"):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 403, path
        assert client.get(path, headers=WRITE).status_code == 200, path
    assert client.get("/").status_code == 200  # the page itself loads; its data calls carry the token


def test_tokens_file_errors_name_the_line(tmp_path):
    bad = tmp_path / "tokens"
    bad.write_text("layla:tok\njust-a-token\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"tokens:2: expected 'user:token'"):
        parse_tokens_file(bad)
    with pytest.raises(ValueError, match="cannot read tokens file"):
        parse_tokens_file(tmp_path / "missing")
