"""Quarantine housekeeping: messages older than the retention period are purged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col

from dtpr_store.tables import QuarantineRow


def purge_quarantine(session: Session, *, before: datetime) -> int:
    """Delete quarantined messages received before *before*; how many were deleted."""
    result = session.execute(delete(QuarantineRow).where(col(QuarantineRow.received_at) < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
