"""The review map in Debian's Chromium (headless, via Playwright) against a live uvicorn.

Skips when RASD_CHROMIUM is unset (scripts/services/chromium.sh sets it in CI).
Screenshots go to test-artifacts/.
"""
from __future__ import annotations

import os
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("RASD_CHROMIUM")
if not CHROMIUM:
    pytest.skip("RASD_CHROMIUM not set (scripts/services/chromium.sh installs Chromium)", allow_module_level=True)

import uvicorn  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from rasd.api import create_app  # noqa: E402
from test_api_support import TOKEN, demo_store  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = demo_store(tmp_path_factory.mktemp("web"))
    port = _free_port()
    config = uvicorn.Config(create_app(store.url, token=TOKEN, store=store), host="127.0.0.1",
                            port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/events", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield base
    uv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module", autouse=True)
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")  # screenshots are CI artifacts, never committed


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.problems = []  # page errors, dialogs (alert!) and failed requests
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("requestfailed", lambda request: page.problems.append(f"request failed: {request.url}"))
    page.base = server
    yield page
    context.close()


def open_map(page, fragment: str = ""):
    page.goto(page.base + "/" + fragment)
    # (wait_for_function would need eval, which the page's CSP rightly forbids)
    page.locator("body[data-loaded='true']").wait_for(state="attached", timeout=15_000)


def event_id(page, **filters) -> int:
    return httpx.get(page.base + "/events", params={**filters, "limit": 1}).json()["events"][0]["id"]


def test_page_loads_with_demo_markers(page):
    open_map(page)
    expect(page.locator("#summary")).to_contain_text("29 event(s)")
    page.wait_for_timeout(500)  # let the clusters settle before the picture
    assert page.locator(".ev-marker").count() + page.locator(".marker-cluster").count() >= 3
    assert page.locator("path.leaflet-interactive, svg path").count() > 50  # the offline outlines
    assert page.locator("#timeline rect.bar").count() > 10
    page.screenshot(path=str(ARTIFACTS / "web-map.png"))
    assert page.problems == []


def test_clicking_a_marker_shows_the_evidence_in_the_arabic_text(page):
    open_map(page)
    marker = page.locator(".ev-marker").first
    marker.wait_for(timeout=10_000)
    clicked = int(marker.get_attribute("data-event-id"))
    marker.click()
    expect(page.locator("#detail")).to_be_visible()
    expect(page.locator("#detail")).to_have_attribute("data-event-id", str(clicked))
    detail = httpx.get(f"{page.base}/events/{clicked}").json()
    evidence = detail["event"]["evidence"]["event"]["text"]
    text_box = page.locator("#report-text")
    assert text_box.get_attribute("dir") == "rtl"
    highlighted = "".join(page.locator("#report-text mark.evidence").all_text_contents())
    assert highlighted == evidence
    report = httpx.get(f"{page.base}/reports/{detail['event']['report_id']}").json()
    assert text_box.text_content() == report["text"]
    page.screenshot(path=str(ARTIFACTS / "web-detail.png"))
    assert page.problems == []


def test_an_edit_is_saved_and_shown_in_the_audit_trail(page):
    target = event_id(page, admin1="As-Sweida")
    open_map(page, f"#event={target}")
    expect(page.locator("#detail")).to_be_visible()
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    page.fill("#edit-fatalities", "5")
    page.click("#save")
    audit = page.locator("#audit tr")
    expect(audit).to_have_count(1)
    expect(audit.first).to_contain_text("fatalities")
    expect(audit.first).to_contain_text("0 → 5")
    expect(audit.first).to_contain_text("api")
    page.click("#approve")
    expect(page.locator("#detail-status")).to_contain_text("Approved")
    expect(page.locator("#audit tr")).to_have_count(2)
    stored = httpx.get(f"{page.base}/events/{target}").json()["event"]
    assert stored["fatalities"] == 5 and stored["status"] == "approved"
    page.screenshot(path=str(ARTIFACTS / "web-edit.png"))
    assert page.problems == []


def test_an_edit_without_token_is_refused_and_says_why(page):
    target = event_id(page, admin1="Marib")
    open_map(page, f"#event={target}")
    expect(page.locator("#detail")).to_be_visible()
    page.click("#reject")
    expect(page.locator("#message")).to_contain_text("401")
    assert httpx.get(f"{page.base}/events/{target}").json()["event"]["status"] == "unreviewed"


def test_the_script_report_stays_inert(page):
    target = httpx.get(page.base + "/events", params={"since": "2024-11-22", "until": "2024-11-22"}).json()["events"][0]["id"]
    open_map(page, f"#event={target}")
    expect(page.locator("#detail")).to_be_visible()
    text = page.locator("#report-text").text_content()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator("#report-text script, #report-text img").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert "<img" in page.locator("#detail-title").text_content()  # the location field, shown as text
    assert page.locator("script").count() == 3  # leaflet, markercluster, main.js
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "web-xss-inert.png"))
    assert page.problems == []


def test_filters_and_timeline_brush_narrow_the_events(page):
    open_map(page)
    page.select_option("#f-type", "Battles")
    expect(page.locator("#summary")).to_contain_text("5 event(s)")
    expect(page.locator("#export-csv")).to_have_attribute("href", "/events?event_type=Battles&format=acled-csv")
    page.select_option("#f-type", "")
    expect(page.locator("#summary")).to_contain_text("29 event(s)")
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
    page.mouse.up()
    expect(page.locator("#date-range")).to_contain_text("→")
    summary = page.locator("#summary")
    expect(summary).not_to_have_text(re.compile(r"^29 "))
    shown = int(summary.text_content().split()[0])
    assert 0 < shown < 29
    assert page.problems == []
