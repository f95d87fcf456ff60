"""Every error the API returns is JSON ``{"detail": "<one line>"}`` with a 4xx status
(an unexpected failure is a 500 answered by rasd.api.middleware.InternalErrorMiddleware,
which keeps the connection open)."""
from __future__ import annotations

from typing import TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from rasd.errors import RasdError

T = TypeVar("T")


def found_or_404(value: T | None, what: str, ident: int) -> T:
    """``value``, or a 404 "no <what> <id>" when the store found nothing."""
    if value is None:
        raise HTTPException(404, f"no {what} {ident}")
    return value


def _location(loc: tuple) -> str:
    # ("query", "since") → "since"; ("body", "published") → "published"
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def encodable(text: str) -> str:
    """``text`` with anything UTF-8 cannot carry (unpaired surrogates a client sent and a
    message echoes) escaped, so the error itself can always be sent."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def validation_message(exc: RequestValidationError) -> str:
    problems = []
    for error in exc.errors():
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{_location(tuple(error.get('loc', ())))}: {message}")
    return encodable("; ".join(problems) or "invalid request")


async def on_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": validation_message(exc)}, status_code=422)


async def on_rasd_error(_request: Request, exc: RasdError) -> JSONResponse:
    return JSONResponse({"detail": encodable(str(exc))}, status_code=422)


async def on_http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"detail": encodable(str(exc.detail))}, status_code=exc.status_code,
                        headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(RasdError, on_rasd_error)
    app.add_exception_handler(HTTPException, on_http_error)
