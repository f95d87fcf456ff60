"""Fixtures shared by test modules: database URLs on each backend, and the demo-data store
and API client of the API tests (modules that need another store define their own)."""
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


@pytest.fixture()
def store(tmp_path):
    from test_api_support import demo_store

    opened = demo_store(tmp_path)
    yield opened
    opened.close()


@pytest.fixture()
def client(store):
    from test_api_support import client_for

    return client_for(store)
