"""Shared FastAPI dependencies."""
from __future__ import annotations

from fastapi import Request


def get_store(request: Request):
    """The app's store (rasd.store.Store or anything with the same methods)."""
    return request.app.state.store
