"""Takes the README's screenshots (docs/screenshots/*.png) in headless Chromium.

Run by a developer after the web page changes (needs Chromium, see scripts/services/chromium.sh):
    RASD_CHROMIUM=/usr/bin/chromium .venv/bin/python src/rasd/web/tools/take_screenshots.py
Uses the test fixtures' stores (tests/review_support.py: the demo set plus a strike told by
two outlets; tests/synthetic_store.py: 50,000 synthetic events written straight into the tables).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import chromium, live_server, open_map, watched_page  # noqa: E402
from review_support import review_store  # noqa: E402
from synthetic_store import fill  # noqa: E402

from rasd.store import Store  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TOKEN = "screenshots"
VIEWPORT = {"width": 1500, "height": 900}


def shoot(page, name: str) -> None:
    page.wait_for_timeout(400)
    page.screenshot(path=str(OUT / name))
    print(OUT / name, file=sys.stderr)


def sign_in(page) -> None:
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")


def review_pictures(browser, folder: Path) -> None:
    data = review_store(folder)
    with live_server(data.store, TOKEN) as base:
        with watched_page(browser, base, VIEWPORT) as page:
            open_map(page, f"#incident={data.two_source_incident}")
            shoot(page, "incident-sources.png")
        with watched_page(browser, base, VIEWPORT) as page:
            open_map(page)
            sign_in(page)
            page.select_option("#f-type", "Explosions/Remote violence")
            page.locator("#event-list input.pick").nth(0).check()
            page.locator("#event-list input.pick").nth(1).check()
            page.locator("#event-list input.pick").nth(2).check()
            page.click("#bulk-approve")
            page.locator("#event-list .badge.status-approved").nth(2).wait_for()
            page.locator("#f-level").scroll_into_view_if_needed()
            shoot(page, "bulk-review.png")
        with watched_page(browser, base, VIEWPORT) as page:
            first, second = data.separate_incidents
            open_map(page, f"#incident={first}")
            sign_in(page)
            page.fill("#merge-with", str(second))
            page.click("#merge-button")
            page.locator(".source-column").nth(1).wait_for()
            page.locator("#incident-audit").scroll_into_view_if_needed()
            shoot(page, "merged-incident.png")
    data.store.close()


def scale_picture(browser, folder: Path) -> None:
    store = Store(f"sqlite:///{folder / 'scale.db'}")
    fill(store, 50_000)
    with live_server(store, TOKEN) as base, watched_page(browser, base, VIEWPORT) as page:
        open_map(page, timeout=60_000)
        shoot(page, "map-50000-events.png")
    store.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="rasd-screenshots-"))
    with chromium() as browser:
        review_pictures(browser, folder)
        scale_picture(browser, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
