"""The FastAPI application factory behind ``rasd serve``."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Optional

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from rasd.api import events, incidents, reports, stats
from rasd.api.auth import build_token_book
from rasd.api.errors import install_error_handlers
from rasd.api.middleware import (DEFAULT_BODY_TIMEOUT_S, DEFAULT_UPLOADS_PER_CLIENT,
                                  InternalErrorMiddleware, SecurityHeadersMiddleware,
                                  UploadGuardMiddleware)
from rasd.api.validation import check_request

# Extraction time grows faster than a report's length (about 0.8 s for 100,000 characters,
# 3 s and more for 200,000): the API takes reports up to 100,000 characters (some 50 pages;
# news reports are far shorter) so that one request cannot hold the extractor for long.
API_MAX_CHARS = 100_000
# Arabic is 2 bytes a character in UTF-8, and an HTML page carries markup besides:
# 2 MB leaves room without inviting abuse.
DEFAULT_MAX_BODY = 2_000_000

STATIC_DIR = Path(str(resources.files("rasd") / "web" / "static"))


def create_app(store_url: str, *, token: Optional[str] = None, tokens_file: Optional[Path] = None,
               reads_open: bool = True, max_body: int = DEFAULT_MAX_BODY,
               store: Any = None, max_chars: int = API_MAX_CHARS,
               body_timeout: float = DEFAULT_BODY_TIMEOUT_S,
               uploads_per_client: int = DEFAULT_UPLOADS_PER_CLIENT) -> FastAPI:
    """The API and web review map over the store at ``store_url``.

    ``token`` (user "api") and the ``user:token`` lines of ``tokens_file`` may write;
    with neither, writes are refused. ``reads_open=False`` makes reads need a token too.
    ``store`` lets a caller pass an already-open store (tests, ``serve --demo``).
    Writes: the token is checked before the body is read; a body must arrive within
    ``body_timeout`` s and be at most ``max_body`` bytes; one client address may have
    ``uploads_per_client`` writes in progress; a report may be ``max_chars`` long.
    Raises ValueError for an unreadable or malformed tokens file.
    """
    tokens = build_token_book(token, tokens_file, reads_open)
    if store is None:
        from rasd.store import Store

        store = Store(store_url)
    app = FastAPI(title="rasd", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Arabic conflict reports → ACLED-coded, geocoded events, for review.",
                  dependencies=[Depends(check_request)])
    app.state.store = store
    app.state.tokens = tokens
    app.state.max_chars = max_chars
    install_error_handlers(app)
    for module in (reports, events, stats, incidents):
        app.include_router(module.router)
    _mount_web(app)
    # Added last = outermost: the upload guard runs before anything reads the body.
    app.add_middleware(InternalErrorMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(UploadGuardMiddleware, max_body=max_body, tokens=tokens,
                       body_timeout=body_timeout, uploads_per_client=uploads_per_client)
    return app


def _mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        # Swagger UI from the bundled copy (no CDN; no inline script, so the CSP holds).
        return FileResponse(STATIC_DIR / "docs.html")
