"""Fixtures shared by the store's test modules."""
from __future__ import annotations

import os
import uuid

import pytest

from rasd.store.testing import create_database, drop_database

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A fresh database URL on each backend: a SQLite file, and a new PostgreSQL database
    on the server of RASD_TEST_PG_URL (required in CI, skipped without it elsewhere)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.db"
        return
    base = os.environ.get("RASD_TEST_PG_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("RASD_TEST_PG_URL must be set in CI (scripts/services/postgres.sh)")
        pytest.skip("RASD_TEST_PG_URL not set: run scripts/services/postgres.sh")
    name = f"rasd_t_{uuid.uuid4().hex[:12]}"
    yield create_database(base, name)
    drop_database(base, name)
