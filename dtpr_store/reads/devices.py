"""What the devices, drift and quarantine pages read: with staff decisions applied, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from dtpr_store.tables import DeviceReviewRow, QuarantineRow, RevisionRow, SensorRow


def device_reviews(session: Session) -> dict[str, DeviceReviewRow]:
    return {row.sensor_id: row for row in session.exec(select(DeviceReviewRow))}


def undeclared_devices(
    session: Session, *, include_ignored: bool = False
) -> list[tuple[SensorRow, DeviceReviewRow | None]]:
    """Devices heard but not declared, most recently heard first, with the staff decision if any."""
    reviews = device_reviews(session)
    rows = session.exec(
        select(SensorRow).where(SensorRow.declared == False).order_by(col(SensorRow.last_seen).desc())  # noqa: E712
    ).all()
    pairs = [(row, reviews.get(row.id)) for row in rows]
    return [(row, review) for row, review in pairs if include_ignored or review is None or review.decision != "ignored"]


def open_drift(session: Session, *, include_resolved: bool = False) -> list[tuple[SensorRow, DeviceReviewRow | None]]:
    """Declared sensors whose device announces more than their datachain, unless resolved for this very drift."""
    reviews = device_reviews(session)
    rows = session.exec(select(SensorRow).where(SensorRow.declared == True).order_by(col(SensorRow.id))).all()  # noqa: E712
    found = []
    for row in rows:
        if not row.drift:
            continue
        review = reviews.get(row.id)
        resolved = review is not None and review.decision != "ignored" and (review.drift or []) == row.drift
        if include_resolved or not resolved:
            found.append((row, review if resolved else None))
    return found


@dataclass(frozen=True, slots=True)
class QuarantineFilters:
    topic: str | None = None
    reason: str | None = None
    since: datetime | None = None


def _filtered(filters: QuarantineFilters):  # type: ignore[no-untyped-def]
    query = select(QuarantineRow)
    if filters.topic:
        query = query.where(func.lower(QuarantineRow.topic).like(f"%{filters.topic.lower()}%"))
    if filters.reason:
        query = query.where(func.lower(QuarantineRow.reason).like(f"%{filters.reason.lower()}%"))
    if filters.since:
        query = query.where(QuarantineRow.received_at >= filters.since)
    return query


def find_quarantine(
    session: Session, filters: QuarantineFilters, *, limit: int = 50, offset: int = 0
) -> tuple[list[QuarantineRow], int]:
    """Quarantined messages matching *filters*, newest first, and how many match."""
    query = _filtered(filters)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(QuarantineRow.id).desc()).offset(offset).limit(limit)).all()
    return list(rows), int(total)


def revisions_of(session: Session, sensor_id: str, seqs: tuple[int, int]) -> list[RevisionRow]:
    """The sensor's revisions from the first to the second seq (inclusive), oldest first."""
    low, high = sorted(seqs)
    query = (
        select(RevisionRow)
        .where(RevisionRow.sensor_id == sensor_id, RevisionRow.seq >= low, RevisionRow.seq <= high)
        .order_by(col(RevisionRow.seq))
    )
    return list(session.exec(query).all())
