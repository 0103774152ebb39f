"""Persistence shared by the registry and the gateway: tables, migrations, reads and the one writes module."""

from dtpr_store.db import make_engine, migrate, session_scope

__all__ = ["make_engine", "migrate", "session_scope"]
