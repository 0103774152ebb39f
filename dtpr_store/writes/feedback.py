"""Passers-by's messages and the city's answers."""

from __future__ import annotations

from sqlmodel import Session

from dtpr_store.tables import FeedbackRow
from dtpr_store.writes.revisions import now


def add_feedback(
    session: Session, *, sensor_id: str, message: str, email: str | None, locale: str, kind: str = "question"
) -> FeedbackRow:
    row = FeedbackRow(sensor_id=sensor_id, created_at=now(), message=message, email=email, locale=locale, kind=kind)
    session.add(row)
    session.flush()
    return row


def answer_feedback(
    session: Session, *, feedback_id: int, answer: str | None, status: str, actor: str
) -> FeedbackRow | None:
    row = session.get(FeedbackRow, feedback_id)
    if row is None:
        return None
    row.status = status
    if answer is not None:
        row.answer, row.answered_at, row.answered_by = answer, now(), actor
    return row


__all__ = ["add_feedback", "answer_feedback"]
