"""API speed over loopback with a real uvicorn server on a 10,000-event SQLite store.

Targets (issue 4): GET /events (a page of 100, with filters) p95 <= 50 ms;
POST /reports >= 50 reports/s. Prints the figures; exits 0 either way (not a test).

    .venv/bin/python benchmarks/bench_api.py [--events 10000] [--requests 300] [--posts 300]
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx
import uvicorn

from rasd.api import create_app
from rasd.model import Report, Span
from rasd.store import Store
from rasd.store.testing import quick_extract, sample_event

TOKEN = "bench"
EVENTS_PER_REPORT = 10
PLACES = [("Kafr Nabl", 35.614, 36.561, "Syria", "Idleb"), ("Ariha", 35.812, 36.609, "Syria", "Idleb"),
          ("Al Bukamal", 34.453, 40.918, "Syria", "Deir-ez-Zor"), ("Manbij", 36.528, 37.955, "Syria", "Aleppo"),
          ("Tafas", 32.737, 36.067, "Syria", "Dar'a"), ("Sinjar", 36.321, 41.876, "Iraq", "Ninewa"),
          ("Tyre", 33.271, 35.196, "Lebanon", "South"), ("Taiz", 13.579, 44.021, "Yemen", "Taizz")]
TYPES = [("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Battles", "Armed clash"), ("Violence against civilians", "Attack")]
ACTORS = ["Military Forces of Russia", "Military Forces of Turkey", "Islamic State", "Syrian Democratic Forces",
          "Hayat Tahrir al-Sham", "Military Forces of Israel", "Ansar Allah"]
TEXT = "قصفت طائرات حربية صباح اليوم بلدة في الريف الجنوبي، ما أدى إلى مقتل {n} مدنيين في الحادثة رقم {i}."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(store: Store, total: int, rng: random.Random) -> None:
    start = date(2024, 1, 1)
    for r in range(total // EVENTS_PER_REPORT):
        text = TEXT.format(n=r % 9 + 1, i=r)
        published = start + timedelta(days=r % 300)
        events = []
        for k in range(EVENTS_PER_REPORT):
            name, lat, lon, country, admin1 = PLACES[k % len(PLACES)]
            event_type, sub = TYPES[(r + k) % len(TYPES)]
            events.append(sample_event(
                doc_id=f"bench-{r}", event_date=published - timedelta(days=k // len(PLACES)),
                event_type=event_type, sub_event_type=sub, actor1=ACTORS[(r * 3 + k) % len(ACTORS)],
                location=f"{name} {r}", latitude=lat + rng.uniform(-0.3, 0.3), longitude=lon + rng.uniform(-0.3, 0.3),
                country=country, admin1=admin1, fatalities=rng.randint(0, 12), confidence=round(rng.uniform(0.3, 0.95), 2),
                evidence={"event": Span(start=0, end=20, text=text[:20], sentence=text)}))
        store.ingest(Report(id=f"bench-{r}", text=text, published=published, source="bench"), events=events)


def serve(app) -> tuple[uvicorn.Server, str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/stats", timeout=2)
            return server, base
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_get(base: str, requests: int, rng: random.Random) -> dict[str, list[float]]:
    filters = [{"country": "Syria"}, {"event_type": "Battles", "since": "2024-03-01"},
               {"actor": "Islamic State"}, {"admin1": "Idleb", "min_confidence": "0.5"},
               {"bbox": "35,32,38,37", "until": "2024-09-01"}, {"sub_event_type": "Air/drone strike", "status": "unreviewed"}]
    times: dict[str, list[float]] = {}
    with loopback_client(base) as client:
        for i in range(requests):
            chosen = filters[i % len(filters)]
            params = {**chosen, "limit": 100, "offset": rng.choice([0, 100, 500])}
            t = time.perf_counter()
            response = client.get("/events", params=params)
            times.setdefault("&".join(chosen), []).append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.text
    return times


def loopback_client(base: str) -> httpx.Client:
    # TCP_NODELAY: httpx writes a POST's headers and body separately; without it Nagle's
    # algorithm and the server's delayed ACK add ~40 ms to every request (a client artefact).
    transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    return httpx.Client(base_url=base, transport=transport, headers={"Authorization": f"Bearer {TOKEN}"})


def bench_post(base: str, posts: int, workers: int, offset: int) -> float:
    def post_share(worker: int) -> None:
        with loopback_client(base) as client:
            for i in range(worker, posts, workers):
                response = client.post("/reports", json={"text": TEXT.format(n=3, i=f"post-{offset}-{i}"), "published": "2024-11-02"})
                assert response.status_code == 201, response.text

    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(post_share, range(workers)))
    return posts / (time.perf_counter() - t)


def real_extractor_works() -> bool:
    from rasd.pipeline import extract

    try:
        extract(TEXT.format(n=3, i=0), date(2024, 11, 2))
        return True
    except Exception:  # noqa: BLE001
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--posts", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    real = real_extractor_works()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}", extractor=None if real else quick_extract)
        t = time.perf_counter()
        seed(store, args.events, rng)
        print(f"seeded {store.count_events(store_filter())} events in {time.perf_counter() - t:.1f} s")
        server, base = serve(create_app(store.url, token=TOKEN, store=store))
        by_filter = bench_get(base, args.requests, rng)
        get_ms = [ms for times in by_filter.values() for ms in times]
        for name, times in by_filter.items():
            print(f"  filter {name:32s} p50 {statistics.median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms")
        print(f"GET /events (100 per page, filtered, {args.requests} requests): "
              f"p50 {statistics.median(get_ms):.1f} ms, p95 {percentile(get_ms, 0.95):.1f} ms "
              f"(target p95 <= 50 ms)")
        extractor = "real extraction" if real else "store.testing.quick_extract (real extractor not runnable yet)"
        for workers in (1, 4):
            rate = bench_post(base, args.posts, workers, workers)
            print(f"POST /reports ({args.posts} new reports, {workers} client(s), {extractor}): "
                  f"{rate:.0f} reports/s (target >= 50)")
        server.should_exit = True
        store.close()


def store_filter():
    from rasd.store.records import EventFilter

    return EventFilter()


if __name__ == "__main__":
    main()
