"""The REST API and web review map served by ``rasd serve`` (FastAPI loaded on first use)."""
from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from rasd.api.app import create_app

        return create_app
    raise AttributeError(f"module 'rasd.api' has no attribute {name!r}")
