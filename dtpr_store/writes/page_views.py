"""Page views: a counter per sensor and day, nothing about the visitor."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from dtpr_store.tables import PageViewRow


def add_page_views(session: Session, *, counts: Mapping[tuple[str, date], int]) -> None:
    """Add buffered page-view counts (sensor id, day) -> n.

    One upsert (``INSERT … ON CONFLICT DO UPDATE``, SQLite and PostgreSQL), rows in key
    order: registry replicas flushing the same counters at once wait for each other
    instead of deadlocking, or of both inserting a row.
    """
    if not counts:
        return
    rows = [{"sensor_id": sensor_id, "day": day, "count": n} for (sensor_id, day), n in sorted(counts.items())]
    table = PageViewRow.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.sensor_id, table.c.day], set_={"count": table.c.count + statement.excluded.count}
    )
    session.execute(statement, rows)  # executemany: batched by SQLAlchemy within each database's limits


__all__ = ["add_page_views"]
