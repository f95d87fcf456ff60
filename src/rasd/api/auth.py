"""Bearer-token authentication: who may write (and, if configured, read).

Tokens come from ``RASD_API_TOKEN`` (user "api") or a tokens file of ``user:token``
lines. The user a token belongs to is what the audit log records as "who".
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from fastapi import HTTPException, Request

ENV_TOKEN_USER = "api"


@dataclass(frozen=True)
class TokenBook:
    """Known tokens and the user each belongs to; ``reads_open`` lets anyone read."""

    users_by_token: dict[str, str] = field(default_factory=dict)
    reads_open: bool = True

    def user_for(self, token: str) -> Optional[str]:
        # compare_digest on every entry: the time taken says nothing about the token.
        found = None
        for known, user in self.users_by_token.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                found = user
        return found


def parse_tokens_file(path: Path) -> dict[str, str]:
    """``user:token`` per line; blank lines and ``#`` comments ignored. Raises ValueError."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read tokens file ({exc.strerror})") from None
    tokens: dict[str, str] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, token = line.partition(":")
        if not sep or not user.strip() or not token.strip():
            raise ValueError(f"{path}:{number}: expected 'user:token'")
        tokens[token.strip()] = user.strip()
    return tokens


def build_token_book(token: Optional[str], tokens_file: Optional[Path], reads_open: bool) -> TokenBook:
    tokens = parse_tokens_file(tokens_file) if tokens_file else {}
    if token:
        tokens[token] = ENV_TOKEN_USER
    return TokenBook(tokens, reads_open)


def _bearer(authorization: str) -> Optional[str]:
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def token_refusal(book: TokenBook, authorization: str) -> Optional[HTTPException]:
    """Why a request with this Authorization header may not write (401 without a token,
    403 with a wrong one), or None. The upload guard asks before reading any body."""
    token = _bearer(authorization)
    if token is None:
        return HTTPException(401, "missing token: send 'Authorization: Bearer <token>'",
                             headers={"WWW-Authenticate": "Bearer"})
    if not book.users_by_token:
        return HTTPException(403, "writes are disabled: the server has no API token configured")
    if book.user_for(token) is None:
        return HTTPException(403, "invalid token")
    return None


def authenticate(request: Request) -> str:
    """The user behind the request's token: 401 without a token, 403 with a wrong one."""
    book: TokenBook = request.app.state.tokens
    header = request.headers.get("authorization", "")
    refusal = token_refusal(book, header)
    if refusal is not None:
        raise refusal
    return book.user_for(_bearer(header) or "")  # type: ignore[return-value]


def require_writer(request: Request) -> str:
    """FastAPI dependency for every write: returns the token's user."""
    return authenticate(request)


def require_reader(request: Request) -> Optional[str]:
    """FastAPI dependency for every read: open unless the server was started closed."""
    if request.app.state.tokens.reads_open:
        return None
    return authenticate(request)
