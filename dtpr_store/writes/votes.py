"""Writes of the "did this page help?" answers: a counter per sensor and day, nothing else."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from dtpr_store.tables import PageVoteRow


def add_page_vote(session: Session, *, sensor_id: str, day: date, helpful: bool) -> None:
    """Count one answer: one upsert (``INSERT … ON CONFLICT DO UPDATE``), SQLite and PostgreSQL."""
    table = PageVoteRow.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    column = "helpful" if helpful else "not_helpful"
    statement = insert(table).values(sensor_id=sensor_id, day=day, helpful=int(helpful), not_helpful=int(not helpful))
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.sensor_id, table.c.day], set_={column: table.c[column] + 1}
    )
    session.execute(statement)
