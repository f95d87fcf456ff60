"""Every error the API returns is JSON ``{"detail": "<one line>"}`` with a 4xx status."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from rasd.errors import RasdError

log = logging.getLogger("rasd.api")


def _location(loc: tuple) -> str:
    # ("query", "since") → "since"; ("body", "published") → "published"
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def validation_message(exc: RequestValidationError) -> str:
    problems = []
    for error in exc.errors():
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{_location(tuple(error.get('loc', ())))}: {message}")
    return "; ".join(problems) or "invalid request"


async def on_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": validation_message(exc)}, status_code=422)


async def on_rasd_error(_request: Request, exc: RasdError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=422)


async def on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("internal error")
    return JSONResponse({"detail": f"internal error ({type(exc).__name__})"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(RasdError, on_rasd_error)
    app.add_exception_handler(Exception, on_unexpected)
