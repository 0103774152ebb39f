"""The outbox: answers to feedback stored first, then mailed by a worker that retries.

An item is ``waiting`` (not sent yet, or sent without success and due again at
``next_attempt_at``), ``sent`` (the SMTP server took it) or ``failed`` (refused for good,
or the address is gone) or ``superseded`` (a newer answer replaced it). The recipient is the feedback message's ``email``, read when the
mail is sent and erased in the same transaction that records it sent. Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, update
from sqlmodel import Session, col, select

from dtpr_store.tables import FeedbackRow, OutboxRow

UNSENT = ("waiting", "failed")
"""States of a mail that may still leave (staff can send a failed one again): its address stays."""


@dataclass(frozen=True, slots=True)
class MailToSend:
    """A claimed outbox item and the one address it goes to (``None``: the address is gone)."""

    outbox_id: int
    recipient: str | None
    subject: str
    body: str
    attempts: int


def queue_answer_mail(
    session: Session, *, feedback_id: int, locale: str, subject: str, body: str, at: datetime
) -> OutboxRow:
    """A ``waiting`` mail, due at once; earlier unsent mails of the same message are ``superseded``."""
    session.execute(
        update(OutboxRow)
        .where(col(OutboxRow.feedback_id) == feedback_id, col(OutboxRow.state).in_(UNSENT))
        .values(state="superseded")
    )
    row = OutboxRow(
        feedback_id=feedback_id, created_at=at, locale=locale, subject=subject, body=body, next_attempt_at=at
    )
    session.add(row)
    session.flush()
    return row


def due_mail_ids(session: Session, *, at: datetime, limit: int = 50) -> list[int]:
    """Ids of the waiting mails due at *at*, oldest first."""
    query = (
        select(OutboxRow.id)
        .where(col(OutboxRow.state) == "waiting", col(OutboxRow.next_attempt_at) <= at)
        .order_by(col(OutboxRow.next_attempt_at))
        .limit(limit)
    )
    return [outbox_id for outbox_id in session.exec(query).all() if outbox_id is not None]


def claim_mail(session: Session, *, outbox_id: int, at: datetime, lease: timedelta) -> MailToSend | None:
    """Take a due mail for one attempt (another worker then skips it until *lease* has passed)."""
    claimed = session.execute(
        update(OutboxRow)
        .where(col(OutboxRow.id) == outbox_id, col(OutboxRow.state) == "waiting", col(OutboxRow.next_attempt_at) <= at)
        .values(next_attempt_at=at + lease)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    row = session.get(OutboxRow, outbox_id)
    feedback = session.get(FeedbackRow, row.feedback_id) if row is not None else None
    if row is None:
        return None
    return MailToSend(outbox_id, feedback.email if feedback else None, row.subject, row.body, row.attempts)


def record_mail_sent(session: Session, *, outbox_id: int, at: datetime) -> None:
    """The SMTP server took the mail: ``sent``, and the sender's address erased for good."""
    row = session.get(OutboxRow, outbox_id)
    if row is None:
        return
    row.state, row.sent_at, row.attempts = "sent", at, row.attempts + 1
    row.last_error = row.last_error_detail = None
    feedback = session.get(FeedbackRow, row.feedback_id)
    if feedback is not None:
        feedback.email = None


def record_mail_failure(
    session: Session, *, outbox_id: int, reason: str, detail: str, retry_at: datetime | None
) -> None:
    """An attempt failed: due again at *retry_at*, or ``failed`` for good when it is ``None``."""
    row = session.get(OutboxRow, outbox_id)
    if row is None:
        return
    row.attempts += 1
    row.last_error, row.last_error_detail = reason[:32], detail[:300]
    if retry_at is None:
        row.state = "failed"
    else:
        row.next_attempt_at = retry_at


def send_mail_again(session: Session, *, feedback_id: int, at: datetime) -> bool:
    """The latest unsent mail of a message due at once (staff's "send again"); False when there is none."""
    row = session.exec(
        select(OutboxRow)
        .where(col(OutboxRow.feedback_id) == feedback_id, col(OutboxRow.state).in_(UNSENT))
        .order_by(col(OutboxRow.id).desc())
    ).first()
    if row is None:
        return False
    row.state, row.next_attempt_at = "waiting", at
    return True


def unsent_mail_exists() -> ColumnElement[bool]:
    """SQL condition on ``feedback`` rows: the message has a mail that may still leave (its address stays)."""
    return exists().where(col(OutboxRow.feedback_id) == FeedbackRow.id, col(OutboxRow.state).in_(UNSENT))


def fail_mails_without_address(session: Session) -> int:
    """Waiting mails whose address was erased (end of the retention period) can never leave: ``failed``."""
    gone = select(FeedbackRow.id).where(col(FeedbackRow.email).is_(None))
    result = session.execute(
        update(OutboxRow)
        .where(col(OutboxRow.state) == "waiting", col(OutboxRow.feedback_id).in_(gone))
        .values(state="failed", last_error="address_erased")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def forget_sender_address(session: Session, *, feedback_id: int) -> bool:
    """Erase a message's address now, unless a mail to it may still leave; True when erased."""
    feedback = session.get(FeedbackRow, feedback_id)
    pending = session.exec(
        select(OutboxRow.id).where(col(OutboxRow.feedback_id) == feedback_id, col(OutboxRow.state).in_(UNSENT))
    ).first()
    if feedback is None or pending is not None:
        return False
    feedback.email = None
    return True
