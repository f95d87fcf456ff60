"""Alembic environment: the store runs migrations on its own connection
(``config.attributes["connection"]``), or on ``sqlalchemy.url`` from the command line."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from rasd.store.schema import metadata

config = context.config


def run_on(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as fresh:
        run_on(fresh)
        fresh.commit()
