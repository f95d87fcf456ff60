"""The app shell: security headers, the page and its assets, offline API docs, the CLI."""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from rasd.api.app import STATIC_DIR
from rasd.api.demo import demo_reports
from test_api_support import client_for, demo_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def client(tmp_path):
    store = demo_store(tmp_path)
    yield client_for(store)
    store.close()


def test_every_response_carries_a_csp_without_inline_scripts(client):
    for path in ("/", "/events", "/events/99999", "/static/js/main.js"):
        policy = client.get(path).headers["content-security-policy"]
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert script_src.strip() == "'self'", path
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_handlers(client):
    for path in ("/", "/docs"):
        html = client.get(path).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, (path, tag)
        assert not re.search(r"\son\w+=", html), path
        assert "http://" not in html and "https://" not in html, "no CDN: every asset is bundled"


def test_page_assets_are_served(client):
    html = client.get("/").text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any("leaflet.js" in a for a in assets) and any("main.js" in a for a in assets)
    for asset in assets + ["/static/basemap/countries.geojson", "/static/basemap/admin1.geojson",
                           "/static/basemap/places.geojson", "/static/js/pointlayer.js"]:
        assert client.get(asset).status_code == 200, asset


def test_offline_base_layer_is_small_and_covers_the_region():
    countries = json.loads((STATIC_DIR / "basemap/countries.geojson").read_text())
    admin1 = json.loads((STATIC_DIR / "basemap/admin1.geojson").read_text())
    names = {f["properties"]["name"] for f in countries["features"]}
    assert {"Syria", "Iraq", "Lebanon", "Yemen", "Egypt", "Sudan"} <= names
    syria = {f["properties"]["name"] for f in admin1["features"] if f["properties"]["country"] == "Syria"}
    assert {"Idlib", "Aleppo", "Deir ez-Zor", "Daraa"} <= syria
    places = json.loads((STATIC_DIR / "basemap/places.geojson").read_text())
    labels = {f["properties"]["name"]: f["properties"]["name_ar"] for f in places["features"]}
    assert labels["Damascus"] == "دمشق" and labels["Mosul"] == "الموصل" and 20 <= len(labels) <= 80
    size = sum(p.stat().st_size for p in (STATIC_DIR / "basemap").glob("*.geojson"))
    assert size < 2_000_000


def test_vendor_sources_and_licences_are_recorded():
    sources = (STATIC_DIR / "vendor/SOURCES.md").read_text()
    for folder in (STATIC_DIR / "vendor").iterdir():
        if folder.is_dir():
            assert f"vendor/{folder.name}/" in sources
            assert any(p.name.startswith("LICEN") for p in folder.iterdir()), folder


def test_scripts_never_parse_html():
    # Report text is untrusted: the page builds DOM nodes, never HTML strings.
    for script in (STATIC_DIR / "js").glob("*.js"):
        code = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, (script.name, sink)


def test_openapi_lists_every_endpoint_and_docs_are_offline(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/reports", "/reports/{report_id}", "/events", "/events/{event_id}", "/stats",
            "/incidents/{incident_id}"} <= set(paths)
    assert "patch" in paths["/events/{event_id}"]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_unknown_path_is_json_404(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404 and "detail" in response.json()


def test_demo_set_is_arabic_and_holds_the_inertness_report():
    demos = list(demo_reports())
    assert 20 <= len(demos) <= 40
    assert all(demo.coded_events for demo in demos)
    texts = [demo.report.text for demo in demos]
    assert any("<script>alert(1)</script>" in t and "<img src=x onerror=alert(1)>" in t for t in texts)
    countries = {e.country for demo in demos for e in demo.coded_events}
    assert {"Syria", "Iraq", "Lebanon", "Yemen"} <= countries
    for demo in demos:
        for event in demo.coded_events:
            for span in event.evidence.values():
                assert demo.report.text[span.start:span.end] == span.text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_demo_starts_a_populated_server(tmp_path):
    port = _free_port()
    rasd = Path(sys.executable).with_name("rasd")
    process = subprocess.Popen([str(rasd), "serve", "--demo", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'd.db'}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = None
        for _ in range(100):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/events", timeout=2).json()
                break
            except httpx.HTTPError:
                if process.poll() is not None:
                    break
                time.sleep(0.2)
        assert page is not None, process.communicate(timeout=5)
        assert page["total"] >= 20
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_with_a_bad_tokens_file_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "tokens"
    bad.write_text("no colon here\n", encoding="utf-8")
    rasd = Path(sys.executable).with_name("rasd")
    result = subprocess.run([str(rasd), "serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--tokens-file", str(bad),
                             "--port", str(_free_port())], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"rasd serve: cannot start: {bad}:1: expected 'user:token'"]
