"""Opening a store database: URL spelling, engine settings per backend, migrations."""
from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` / ``postgres://`` URLs and use the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (rasd serve) work during an ingest; synchronous=NORMAL keeps every
    # committed transaction across a killed process (only power loss can drop the last ones).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        options: dict = {"connect_args": {"check_same_thread": False}}
        if in_memory:
            options["poolclass"] = StaticPool  # one shared connection, or each sees an empty db
        else:
            _ensure_parent_dir(url)
        engine = sa.create_engine(url, **options)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _ensure_parent_dir(url: str) -> None:
    path = sa.engine.make_url(url).database
    if path:
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)


_UPGRADING = threading.Lock()  # Alembic's context is global to the process


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database).

    Several processes may open a new database at once (two ``rasd ingest``, API workers):
    each migrates inside the database's write lock (the advisory lock on PostgreSQL, an
    immediate transaction on SQLite), so the later ones find the schema made and do nothing."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _UPGRADING, engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        lock_writes(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


# Every writer of a PostgreSQL database takes this transaction-level advisory lock first,
# so writes from all processes (API workers, `rasd ingest`, `rasd watch`) apply one at a
# time: incidents are re-clustered against a consistent view, and no two transactions
# race on the same new place, actor or report. Readers never take it.
WRITE_LOCK_KEY = 0x72617364  # "rasd"

# Failures that a fresh attempt of the same transaction can get past: deadlock, a
# serialization failure, a unique key another transaction took first (the retry then
# finds its row), and SQLite's "database is locked" when another process writes.
_TRANSIENT_SQLSTATES = {"40001", "40P01", "23505", "55P03"}
_TRANSIENT_SQLITE = ("database is locked", "database is busy", "database table is locked",
                     "UNIQUE constraint failed")


def lock_writes(conn: sa.engine.Connection) -> None:
    """Wait for this database's write turn (released when the transaction ends)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


def is_transient(exc: BaseException) -> bool:
    """Whether retrying the failed transaction may succeed."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    if state is not None:
        return state in _TRANSIENT_SQLSTATES
    return isinstance(exc, (sa.exc.OperationalError, sa.exc.IntegrityError)) and any(
        phrase in str(exc.orig) for phrase in _TRANSIENT_SQLITE)
