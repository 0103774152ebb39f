"""Messages that could not be recorded, kept with their reason; purged after the retention period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col

from dtpr_store.tables import QuarantineRow


def purge_quarantine(session: Session, *, before: datetime) -> int:
    """Delete quarantined messages received before *before*; how many were deleted."""
    result = session.execute(delete(QuarantineRow).where(col(QuarantineRow.received_at) < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def quarantine_messages(session: Session, *, items: list[tuple[str, bytes, int, str, datetime]]) -> None:
    """Keep bad messages: (topic, bounded payload, full size, reason, received_at)."""
    for topic, payload, size, reason, received_at in items:
        session.add(
            QuarantineRow(
                topic=topic[:1024], payload=payload, payload_size=size, reason=reason[:1000], received_at=received_at
            )
        )


__all__ = ["purge_quarantine", "quarantine_messages"]
