"""Reads of the page-view counters (per sensor and day, nothing about the visitor)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from dtpr_store.tables import PageViewRow


def page_views_by_day(session: Session, *, since: date) -> list[tuple[date, int]]:
    """Total page views per day since *since* (inclusive), oldest first."""
    query: Any = (
        select(col(PageViewRow.day), func.sum(PageViewRow.count))
        .where(PageViewRow.day >= since)
        .group_by(col(PageViewRow.day))
        .order_by(col(PageViewRow.day))
    )
    return [(day, int(total)) for day, total in session.exec(query)]


def page_views_by_sensor(session: Session, *, since: date, limit: int = 50) -> list[tuple[str, int]]:
    """The most viewed sensors since *since*, most viewed first."""
    total = func.sum(PageViewRow.count)
    query: Any = (
        select(PageViewRow.sensor_id, total)
        .where(PageViewRow.day >= since)
        .group_by(PageViewRow.sensor_id)
        .order_by(total.desc(), PageViewRow.sensor_id)
        .limit(limit)
    )
    return [(sensor_id, int(count)) for sensor_id, count in session.exec(query)]
