"""Reads of the outbox: where the answer to each feedback message is (waiting, sent, failed)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from dtpr_store.tables import OutboxRow


def answer_mails(session: Session, feedback_ids: Iterable[int]) -> dict[int, OutboxRow]:
    """The latest mail (not superseded) of each message of *feedback_ids* that has one."""
    ids = list(feedback_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(OutboxRow)
        .where(col(OutboxRow.feedback_id).in_(ids), col(OutboxRow.state) != "superseded")
        .order_by(col(OutboxRow.id))
    ).all()
    return {row.feedback_id: row for row in rows}


def count_unsent_mails(session: Session) -> dict[str, int]:
    """How many answers wait and how many failed, for the inbox's banner."""
    rows = session.exec(select(OutboxRow.state).where(col(OutboxRow.state).in_(("waiting", "failed")))).all()
    return {"waiting": rows.count("waiting"), "failed": rows.count("failed")}
