"""Alembic environment: the engine comes from dtpr_store.db.migrate (no alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import dtpr_store.tables  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        context.run_migrations()


run_migrations_online()
