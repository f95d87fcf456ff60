"""The REST API and web review map served by ``rasd serve``."""
from rasd.api.app import create_app

__all__ = ["create_app"]
