"""Writes of the staff console: accounts, sessions, the audit log, feedback e-mail erasure.

Nothing here hashes passwords (callers pass an argon2 hash) or commits (callers own the
transaction). The audit log is append-only: there is no function to change or delete it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from dtpr_store.tables import FeedbackRow, StaffAccountRow, StaffAuditRow, StaffSessionRow
from dtpr_store.writes.outbox import fail_mails_without_address, unsent_mail_exists

ROLES = ("viewer", "editor", "admin")


__all__ = [
    "ROLES",
    "create_staff_account",
    "disable_staff_account",
    "enable_staff_account",
    "erase_feedback_emails",
    "open_staff_session",
    "record_audit",
    "revoke_staff_session",
    "revoke_staff_sessions",
    "session_id_hash",
    "set_staff_password",
    "set_staff_role",
    "touch_staff_session",
]


def _now() -> datetime:
    return datetime.now(UTC)


def session_id_hash(session_id: str) -> str:
    """What the database keeps of a session cookie: its SHA-256, never the value."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def create_staff_account(session: Session, *, email: str, name: str, role: str, password_hash: str) -> StaffAccountRow:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    at = _now()
    row = StaffAccountRow(
        email=email.strip().lower(),
        name=name.strip(),
        role=role,
        password_hash=password_hash,
        created_at=at,
        password_changed_at=at,
    )
    session.add(row)
    session.flush()
    return row


def set_staff_password(session: Session, *, account: StaffAccountRow, password_hash: str) -> None:
    """A new password; the account's open sessions end (signed in elsewhere with the old one)."""
    account.password_hash = password_hash
    account.password_changed_at = _now()
    session.add(account)
    revoke_staff_sessions(session, account_id=account.id)


def set_staff_role(session: Session, *, account: StaffAccountRow, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    account.role = role
    session.add(account)


def disable_staff_account(session: Session, *, account: StaffAccountRow) -> None:
    """The account can no longer sign in; its sessions end now. Kept for the audit log."""
    if account.disabled_at is None:
        account.disabled_at = _now()
        session.add(account)
    revoke_staff_sessions(session, account_id=account.id)


def enable_staff_account(session: Session, *, account: StaffAccountRow) -> None:
    account.disabled_at = None
    session.add(account)


def open_staff_session(
    session: Session, *, account: StaffAccountRow, lifetime: timedelta
) -> tuple[str, StaffSessionRow]:
    """A new session: returns the cookie value (shown to the browser only) and its row."""
    assert account.id is not None
    session_id = secrets.token_urlsafe(32)
    at = _now()
    row = StaffSessionRow(
        id_hash=session_id_hash(session_id),
        account_id=account.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=at,
        last_seen_at=at,
        expires_at=at + lifetime,
    )
    session.add(row)
    return session_id, row


def touch_staff_session(session: Session, *, row: StaffSessionRow, at: datetime) -> None:
    row.last_seen_at = at
    session.add(row)


def revoke_staff_session(session: Session, *, row: StaffSessionRow) -> None:
    if row.revoked_at is None:
        row.revoked_at = _now()
        session.add(row)


def revoke_staff_sessions(session: Session, *, account_id: int | None) -> None:
    session.execute(
        update(StaffSessionRow)
        .where(col(StaffSessionRow.account_id) == account_id, col(StaffSessionRow.revoked_at).is_(None))
        .values(revoked_at=_now())
    )


def record_audit(
    session: Session,
    *,
    actor: str,
    actor_email: str = "",
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> StaffAuditRow:
    """One line of the audit log (append-only)."""
    row = StaffAuditRow(
        at=_now(),
        actor=actor[:200],
        actor_email=actor_email[:320],
        action=action[:64],
        target=target[:200],
        detail=detail,
    )
    session.add(row)
    return row


def erase_feedback_emails(session: Session, *, received_before: datetime) -> int:
    """Erase the sender's address of answered messages, and of any message received before the date.

    An answered message whose mail has not left yet (see :mod:`dtpr_store.writes.outbox`) keeps
    its address until it leaves or the date passes; a mail left waiting then fails for good."""
    ids = session.exec(
        select(FeedbackRow.id).where(
            col(FeedbackRow.email).is_not(None),
            ((col(FeedbackRow.status) == "answered") & ~unsent_mail_exists())
            | (col(FeedbackRow.created_at) < received_before),
        )
    ).all()
    if ids:
        session.execute(update(FeedbackRow).where(col(FeedbackRow.id).in_(ids)).values(email=None))
    fail_mails_without_address(session)
    return len(ids)
