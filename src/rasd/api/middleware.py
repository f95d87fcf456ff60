"""ASGI middleware: limits on uploads (before any parsing), a last-resort 500 that keeps
the connection, and security headers."""
from __future__ import annotations

import asyncio
import json
import logging
from abc import ABC, abstractmethod
from typing import Awaitable, Callable, Optional, Sequence

from rasd.api.auth import token_refusal

log = logging.getLogger("rasd.api")

Scope = dict
Message = dict
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Report text is untrusted: the page may run only its own scripts, never inline ones.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    # Leaflet positions tiles and markers through inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    # OSM tiles only when the analyst switches that layer on.
    "img-src 'self' data: https://tile.openstreetmap.org",
    "connect-src 'self'",
))
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


async def _send_json(send: Send, status: int, detail: str, headers: Sequence[tuple] = ()) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        *headers, *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class HttpMiddleware(ABC):
    """ASGI middleware for HTTP requests (:meth:`handle`); lifespan and other traffic pass."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    @abstractmethod
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """One HTTP request."""


WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DEFAULT_BODY_TIMEOUT_S = 30.0  # a whole request body must arrive within this
DEFAULT_UPLOADS_PER_CLIENT = 16  # writes in progress from one address at once


class UploadGuardMiddleware(HttpMiddleware):
    """Limits before work, for every request that writes (POST, PUT, PATCH, DELETE):

    1. the token is checked before a byte of the body is read (401/403), so nobody
       without a token can make the server buffer anything;
    2. one client address may have at most ``uploads_per_client`` writes in progress (429);
    3. the body must arrive within ``body_timeout`` seconds (408): a stalled upload
       frees its place instead of holding it for ever;
    4. the body may be at most ``max_body`` bytes (413), counted as it arrives, so a
       client that lies about Content-Length (or streams chunks) cannot get past it.

    The body is then replayed to the app.
    """

    def __init__(self, app, max_body: int, tokens, body_timeout: float = DEFAULT_BODY_TIMEOUT_S,
                 uploads_per_client: int = DEFAULT_UPLOADS_PER_CLIENT) -> None:
        super().__init__(app)
        self.max_body = max_body
        self.tokens = tokens
        self.body_timeout = body_timeout
        self.uploads_per_client = uploads_per_client
        self.in_progress: dict[str, int] = {}  # client address → writes (one event loop: no lock)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(dict(scope.get("headers") or []))
        if refusal is not None:
            await _send_json(send, *refusal)
            return
        client = (scope.get("client") or ("unknown",))[0]
        if self.in_progress.get(client, 0) >= self.uploads_per_client:
            await _send_json(send, 429, f"too many writes in progress from {client} "
                                        f"(at most {self.uploads_per_client}); retry later",
                             [(b"retry-after", b"1")])
            return
        self.in_progress[client] = self.in_progress.get(client, 0) + 1
        try:
            body = await self._read_body(receive, send)
            if body is not None:
                await self.app(scope, _replay(body, receive), send)
        finally:
            self.in_progress[client] -= 1
            if not self.in_progress[client]:
                del self.in_progress[client]

    def _refusal(self, headers: dict[bytes, bytes]) -> Optional[tuple]:
        """(status, detail, headers) when the request must be refused unread."""
        problem = token_refusal(self.tokens, headers.get(b"authorization", b"").decode("latin-1"))
        if problem is not None:
            extra = [(k.lower().encode(), v.encode()) for k, v in (problem.headers or {}).items()]
            return problem.status_code, problem.detail, extra
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return 413, self._too_large(), []
        return None

    async def _read_body(self, receive: Receive, send: Send) -> Optional[bytes]:
        """The whole body, or None once the request has been answered (too slow, too large)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                await _send_json(send, 408, f"request body not received within {self.body_timeout:g} s")
                return None
            if message["type"] != "http.request":
                break  # client went away; let the app see the disconnect
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _send_json(send, 413, self._too_large())
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _too_large(self) -> str:
        return f"request body too large (limit {self.max_body:,} bytes)"


def _replay(body: bytes, receive: Receive) -> Receive:
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class InternalErrorMiddleware(HttpMiddleware):
    """An unexpected failure is answered 500 (JSON) and the connection stays open.

    Starlette's own last-resort handler answers and then re-raises, and the server
    closes the connection, so a client's next request on it is lost unseen. Here the
    error is logged and not re-raised (unless the response had already begun).
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:  # noqa: BLE001 - the last resort: every failure gets an answer
            if started:
                raise  # half a response went out: only closing the connection ends it cleanly
            log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            await _send_json(send, 500, f"internal error ({type(exc).__name__})")


class SecurityHeadersMiddleware(HttpMiddleware):
    """Adds the Content-Security-Policy and friends to every response."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [h for h in message.get("headers", []) if h[0] not in names]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, with_headers)
