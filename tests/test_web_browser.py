"""The review map in Debian's Chromium (headless, via Playwright) against a live uvicorn.

Skips when RASD_CHROMIUM is unset (scripts/services/chromium.sh sets it in CI).
Screenshots go to test-artifacts/.
"""
from __future__ import annotations

import re

import httpx
import pytest

from browser_support import ARTIFACTS, CHROMIUM, chromium, drag_timeline, live_server, open_map, watched_page

pytestmark = pytest.mark.browser

if not CHROMIUM:
    pytest.skip("RASD_CHROMIUM not set (scripts/services/chromium.sh installs Chromium)", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from test_api_support import TOKEN, demo_store  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = demo_store(tmp_path_factory.mktemp("web"))
    with live_server(store, TOKEN) as base:
        yield base
    store.close()


@pytest.fixture(scope="module", autouse=True)
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")  # screenshots are CI artifacts, never committed


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture()
def page(browser, server):
    with watched_page(browser, server) as opened:
        yield opened


def event_id(page, **filters) -> int:
    params = {**filters, "limit": 1, "level": "report"}
    return httpx.get(page.base + "/events", params=params).json()["events"][0]["id"]


def test_page_loads_with_demo_points(page):
    open_map(page)
    expect(page.locator("#summary")).to_contain_text("29 incident(s)")
    expect(page.locator("#map")).to_have_attribute("data-points-loaded", "29")
    expect(page.locator("#map")).to_have_attribute("data-points-in-view", "29")  # framed on load
    assert page.locator("path.leaflet-interactive, svg path").count() > 50  # the offline outlines
    assert page.locator(".place-label").count() > 10  # gazetteer place names on the base map
    assert page.locator("#timeline rect.bar").count() > 10
    page.screenshot(path=str(ARTIFACTS / "web-map.png"))
    assert page.problems == []


def test_opening_a_listed_incident_shows_the_evidence_in_the_arabic_text(page):
    open_map(page)
    first = page.locator("#event-list li").first
    clicked = int(first.get_attribute("data-row-id"))
    first.locator("button.link").click()
    view = page.locator("#incident-view")
    expect(view).to_be_visible()
    expect(view).to_have_attribute("data-incident-id", str(clicked))
    incident = httpx.get(f"{page.base}/incidents/{clicked}").json()
    source = incident["sources"][0]
    text_box = page.locator(".source-text").first
    assert text_box.get_attribute("dir") == "rtl"
    assert text_box.text_content() == source["text"]
    highlighted = "".join(text_box.locator("mark.evidence").all_text_contents())
    assert source["evidence"]["event"]["text"] in highlighted
    expect(page.locator(".ev-highlight")).to_have_attribute("data-point-id", str(clicked))
    page.screenshot(path=str(ARTIFACTS / "web-detail.png"))
    assert page.problems == []


def test_an_edit_is_saved_and_shown_in_the_audit_trail(page):
    target = event_id(page, admin1="As-Sweida")
    open_map(page, f"#event={target}")
    expect(page.locator("#detail")).to_be_visible()
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    assert page.locator("#edit-actor1").get_attribute("list") == "actor-choices"  # canonical names offered
    expect(page.locator("#actor-choices option[value='Military Forces of Israel']")).to_have_count(1)
    page.fill("#edit-fatalities", "5")
    page.click("#save")
    audit = page.locator("#audit tr")
    expect(audit).to_have_count(1)
    expect(audit.first).to_contain_text("fatalities")
    expect(audit.first).to_contain_text("0 → 5")
    expect(audit.first).to_contain_text("api")
    expect(page.locator("#edit-notes")).to_have_value(re.compile("5 killed"))  # derived notes follow
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
    target = httpx.get(page.base + "/events", params={"since": "2024-11-22", "until": "2024-11-22", "level": "report"}).json()["events"][0]["id"]
    open_map(page, f"#event={target}")
    expect(page.locator("#detail")).to_be_visible()
    text = page.locator("#report-text").text_content()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator("#report-text script, #report-text img").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert "<img" in page.locator("#detail-title").text_content()  # the location field, shown as text
    assert page.locator("script").count() == 2  # leaflet, main.js
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "web-xss-inert.png"))
    assert page.problems == []


def test_filters_and_timeline_brush_narrow_the_events(page):
    open_map(page)
    page.select_option("#f-type", "Battles")
    expect(page.locator("#summary")).to_contain_text("5 incident(s)")
    expect(page.locator("#export-csv")).to_have_attribute(
        "href", "/events?level=incident&event_type=Battles&format=acled-csv")
    page.select_option("#f-type", "")
    expect(page.locator("#summary")).to_contain_text("29 incident(s)")
    drag_timeline(page)
    expect(page.locator("#date-range")).to_contain_text("→")
    summary = page.locator("#summary")
    expect(summary).not_to_have_text(re.compile(r"^29 "))
    shown = int(summary.text_content().split()[0])
    assert 0 < shown < 29
    assert page.problems == []
