"""Shared machinery of the browser tests (test_web_*.py) and bench_review.py: a live uvicorn
over a store, Debian's Chromium through Playwright, pages that record their problems."""
from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

CHROMIUM = os.environ.get("RASD_CHROMIUM")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(store, token: str, **options) -> Iterator[str]:
    """The API and web app over ``store`` on a free loopback port; yields its base URL.
    ``options`` go to create_app (e.g. ``reads_open=False``)."""
    import uvicorn

    from rasd.api import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(store.url, token=token, store=store, **options), host="127.0.0.1",
                            port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def watched_page(browser, base: str, viewport: dict = VIEWPORT) -> Iterator:
    """A page whose errors, dialogs (alert!) and failed requests land in ``page.problems``."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("requestfailed", lambda request: page.problems.append(f"request failed: {request.url}"))
    page.base = base
    try:
        yield page
    finally:
        context.close()


def open_map(page, fragment: str = "", timeout: int = 15_000) -> None:
    page.goto(page.base + "/" + fragment)
    # (wait_for_function would need eval, which the page's CSP rightly forbids)
    page.locator("body[data-loaded='true']").wait_for(state="attached", timeout=timeout)


def drag_timeline(page) -> None:
    """Drags across the left half of the timeline (a date range)."""
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
    page.mouse.up()
