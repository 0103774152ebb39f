"""Engines, sessions and migrations for SQLite (WAL) and PostgreSQL."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

from dtpr_store._bulk import dumps_json, loads_json

_JSON_CODEC: dict[str, Any] = {"json_serializer": dumps_json, "json_deserializer": loads_json}
"""orjson for every JSON column: the same values as the standard library, several times faster."""


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine tuned per backend: SQLite in WAL mode with a busy timeout, PostgreSQL pooled."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}, **_JSON_CODEC)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=10, **_JSON_CODEC)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("dtpr_store").joinpath("migrations")))
    config.attributes["engine"] = engine
    return config


_MIGRATING = threading.Lock()
"""Alembic keeps its running context in module globals: one migration at a time per process
(``dtpr up`` and ``dtpr demo`` start the registry and the gateway in threads of one process)."""


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to *revision* (idempotent; safe at every start)."""
    from alembic import command

    with _MIGRATING:
        command.upgrade(alembic_config(engine), revision)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success, rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
