"""Reads of the "did this page help?" counters, for the statistics and their CSV."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from dtpr_store.tables import PageVoteRow


@dataclass(frozen=True, slots=True)
class VoteCount:
    key: str
    """A day (ISO) or a sensor id."""
    helpful: int
    not_helpful: int


def _grouped(session: Session, column: Any, since: date, order: Any, limit: int | None) -> list[VoteCount]:
    helpful, not_helpful = func.sum(PageVoteRow.helpful), func.sum(PageVoteRow.not_helpful)
    query: Any = select(column, helpful, not_helpful).where(PageVoteRow.day >= since).group_by(column)
    query = query.order_by(*order(helpful, not_helpful)).limit(limit)
    return [VoteCount(str(key), int(yes), int(no)) for key, yes, no in session.exec(query)]


def page_votes_by_day(session: Session, *, since: date) -> list[VoteCount]:
    """Answers per day since *since* (inclusive), oldest first; keys are ISO days."""
    day = col(PageVoteRow.day)
    return _grouped(session, day, since, lambda yes, no: (day,), None)


def page_votes_by_sensor(session: Session, *, since: date, limit: int = 50) -> list[VoteCount]:
    """The sensors with the most answers since *since*, most first, then by id."""
    sensor = col(PageVoteRow.sensor_id)
    return _grouped(session, sensor, since, lambda yes, no: ((yes + no).desc(), sensor), limit)


def iter_page_votes(session: Session, *, since: date) -> Iterator[PageVoteRow]:
    """Every counter since *since*, by day then sensor (the CSV export)."""
    query = (
        select(PageVoteRow).where(PageVoteRow.day >= since).order_by(col(PageVoteRow.day), col(PageVoteRow.sensor_id))
    )
    yield from session.exec(query)
