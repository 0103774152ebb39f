"""Stored times as aware UTC datetimes: the one place that knows how databases hand them back."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime | str) -> datetime:
    """*moment* as an aware UTC datetime.

    SQLite gives naive datetimes back (or, read at the driver level, naive ISO text): they
    are UTC. PostgreSQL gives aware ones, already in UTC when the session's time zone is.
    """
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is UTC:
        return moment
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso(moment: datetime | None) -> str | None:
    """*moment* in ISO 8601, in UTC (None stays None): how the API and the twins write a time."""
    return None if moment is None else as_utc(moment).isoformat()


__all__ = ["as_utc", "iso"]
