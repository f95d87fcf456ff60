"""The API under load and under a slow-upload attack, with a real uvicorn server process.

1. For SQLite and (when RASD_TEST_PG_URL or --pg is set) PostgreSQL: 8 writers post
   reports (the real extractor runs) while a reader pages GET /events. Prints reports
   stored / posted, the number of 5xx answers, and the reader's p50/p95 latency, beside
   the same reader alone.
2. 4 clients post reports as long as the API takes (--big-chars, default 100,000) while
   the reader pages: prints the reader's p95 (issue 11: four 199k-character reports took
   it from 30 ms to 2.6 s).
3. 150 unauthenticated uploads that announce 2 MB, send 1.9 MB and stall: prints the
   server's RSS before and while they hang (target: within +50 MB).

    .venv/bin/python benchmarks/bench_load.py [--writers 8] [--posts 25] [--pg URL]

Exits 0 either way (figures, not a test).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import httpx

TOKEN = "bench"
STALLED = 150
STALLED_BYTES = 1_900_000  # of the 2,000,000 announced


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, port: int) -> None:
    """The server process: the API over ``url`` with the real extractor."""
    import uvicorn

    from rasd.api import create_app

    uvicorn.run(create_app(url, token=TOKEN), host="127.0.0.1", port=port, log_level="critical")


class Server:
    def __init__(self, url: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, __file__, "--serve", url, str(self.port)])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(self.base + "/events?limit=1", timeout=2).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError("server did not start")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def demo_texts() -> list[str]:
    path = resources.files("rasd") / "data" / "demo" / "reports.jsonl"
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_latencies(base: str, stop: threading.Event, seconds: float | None = None) -> list[float]:
    timings: list[float] = []
    end = time.monotonic() + seconds if seconds else None
    with httpx.Client(base_url=base, timeout=60) as http:
        while not stop.is_set() and (end is None or time.monotonic() < end):
            began = time.perf_counter()
            http.get("/events", params={"limit": 100, "event_type": "Battles"})
            timings.append(time.perf_counter() - began)
    return timings


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 2 else float("nan")


def load(url: str, label: str, writers: int, posts: int) -> None:
    from rasd.store import Store

    Store(url).close()  # schema first
    server = Server(url)
    texts = demo_texts()
    try:
        alone = read_latencies(server.base, threading.Event(), seconds=5)
        stop = threading.Event()
        codes: list[int] = []

        def write(writer: int) -> None:
            with httpx.Client(base_url=server.base, timeout=60) as http:
                for n in range(posts):
                    text = f"{texts[(writer * posts + n) % len(texts)]}\n(نشرة {writer}-{n})"
                    try:
                        response = http.post("/reports", json={"text": text, "published": "2024-03-01",
                                                               "source": f"outlet {writer}"},
                                             headers={"Authorization": f"Bearer {TOKEN}"})
                        codes.append(response.status_code)
                    except httpx.HTTPError:
                        codes.append(0)  # no answer: connection reset or timed out

        with ThreadPoolExecutor(writers + 1) as pool:
            reader = pool.submit(read_latencies, server.base, stop)
            began = time.perf_counter()
            list(pool.map(write, range(writers)))
            elapsed = time.perf_counter() - began
            stop.set()
            busy = reader.result()
        with Store(url) as store:
            stored = store.count_reports()
        posted = writers * posts
        print(f"{label}: {writers} writers posted {posted} reports in {elapsed:.1f} s; stored {stored}/{posted}; "
              f"5xx: {sum(code >= 500 for code in codes)}; no answer: {codes.count(0)}; "
              f"4xx: {sum(400 <= code < 500 for code in codes)}")
        print(f"{label}: GET /events (100) p50/p95 alone {p(alone, 50):.0f}/{p(alone, 95):.0f} ms; "
              f"under the writers {p(busy, 50):.0f}/{p(busy, 95):.0f} ms ({len(busy)} reads)")
    finally:
        server.stop()


def big_reports(url: str, chars: int) -> None:
    server = Server(url)
    texts = demo_texts()
    try:
        stop = threading.Event()
        codes: list[int] = []

        def post_big(number: int) -> None:
            text = f"(ملف {number})\n"
            while len(text) < chars:
                text += texts[len(text) % len(texts)] + "\n\n"
            with httpx.Client(base_url=server.base, timeout=300) as http:
                codes.append(http.post("/reports", json={"text": text[:chars], "published": "2024-03-01"},
                                       headers={"Authorization": f"Bearer {TOKEN}"}).status_code)

        with ThreadPoolExecutor(5) as pool:
            reader = pool.submit(read_latencies, server.base, stop)
            began = time.perf_counter()
            list(pool.map(post_big, range(4)))
            elapsed = time.perf_counter() - began
            stop.set()
            busy = reader.result()
        print(f"4 reports of {chars:,} characters posted at once: answered {sorted(codes)} in {elapsed:.1f} s; "
              f"GET /events p50/p95 meanwhile {p(busy, 50):.0f}/{p(busy, 95):.0f} ms ({len(busy)} reads)")
    finally:
        server.stop()


def stalled_uploads(url: str) -> None:
    server = Server(url)
    sockets = []
    try:
        before = server.rss_mb()
        upload = (b"POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 2000000\r\n\r\n" + b"[" * STALLED_BYTES)

        def stall(_n: int) -> None:
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sockets.append(sock)
            try:
                sock.sendall(upload)
            except OSError:
                pass  # refused and closed, or no longer read: that is the point

        with ThreadPoolExecutor(STALLED) as pool:
            list(pool.map(stall, range(STALLED)))
        time.sleep(3)
        during = server.rss_mb()
        alive = httpx.get(server.base + "/events?limit=1", timeout=10).status_code
        print(f"{STALLED} stalled unauthenticated 2 MB uploads: server RSS {before:.0f} MB -> {during:.0f} MB "
              f"(+{during - before:.0f} MB; target +50 MB); reads meanwhile: HTTP {alive}")
    finally:
        for sock in sockets:
            sock.close()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--posts", type=int, default=25, help="reports per writer")
    parser.add_argument("--pg", default=os.environ.get("RASD_TEST_PG_URL"), help="PostgreSQL server URL")
    parser.add_argument("--big-chars", type=int, default=100_000, help="length of the long reports")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="one backend (no upload test with postgres)")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    if args.only != "postgres":
        with tempfile.TemporaryDirectory() as folder:
            load(f"sqlite:///{Path(folder) / 'load.db'}", "SQLite", args.writers, args.posts)
            big_reports(f"sqlite:///{Path(folder) / 'big.db'}", args.big_chars)
            stalled_uploads(f"sqlite:///{Path(folder) / 'stalled.db'}")
    if args.only == "sqlite":
        return
    if args.pg:
        from rasd.store.testing import create_database, drop_database

        name = f"rasd_bench_{uuid.uuid4().hex[:8]}"
        try:
            load(create_database(args.pg, name), "PostgreSQL", args.writers, args.posts)
        finally:
            drop_database(args.pg, name)
    else:
        print("PostgreSQL: skipped (set RASD_TEST_PG_URL or pass --pg)")


if __name__ == "__main__":
    main()
