"""Reads of passers-by's messages: lists and counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from dtpr_store.tables import FeedbackRow


def list_feedback(session: Session, *, sensor_id: str | None = None, status: str | None = None) -> list[FeedbackRow]:
    query = select(FeedbackRow)
    if sensor_id:
        query = query.where(FeedbackRow.sensor_id == sensor_id)
    if status:
        query = query.where(FeedbackRow.status == status)
    return list(session.exec(query.order_by(col(FeedbackRow.id).desc())).all())


def feedback_counts(session: Session) -> dict[str, int]:
    """Feedback messages per status (new, answered, closed)."""
    query: Any = select(FeedbackRow.status, func.count()).group_by(FeedbackRow.status)
    return {status: int(count) for status, count in session.exec(query)}


def feedback_by_sensor(session: Session, *, limit: int = 50) -> list[tuple[str, int]]:
    query: Any = (
        select(FeedbackRow.sensor_id, func.count())
        .group_by(FeedbackRow.sensor_id)
        .order_by(func.count().desc(), FeedbackRow.sensor_id)
        .limit(limit)
    )
    return [(sensor_id, int(count)) for sensor_id, count in session.exec(query)]
