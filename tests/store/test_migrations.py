"""A database built by the migrations matches the models exactly, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import dtpr_store.tables  # noqa: F401  (registers the tables)
from dtpr_store.db import migrate


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], diff


def test_migrate_is_idempotent(engine: Engine) -> None:
    before = sorted(inspect(engine).get_table_names())
    migrate(engine)
    assert sorted(inspect(engine).get_table_names()) == before
    assert {"sensor", "revision", "feedback", "api_token", "quarantine", "page_view", "sign_print"} <= set(before)
    assert {"staff_account", "staff_session", "staff_audit"} <= set(before)
    assert {"lorawan_device"} <= set(before)
