"""Staff decisions about devices: ignore an undeclared one (and stop), resolve a drift. Each is kept in the history."""

from __future__ import annotations

from typing import Literal

from sqlmodel import Session

from dtpr_store.tables import DeviceReviewRow, SensorRow
from dtpr_store.writes.revisions import append_revision, now

Decision = Literal["ignored", "sign_to_update", "misconfigured"]


def review_device(session: Session, *, sensor_id: str, decision: Decision, reason: str, actor: str) -> bool:
    """Record *decision* on the device *sensor_id* (the latest one counts); False when it is unknown."""
    row = session.get(SensorRow, sensor_id)
    if row is None:
        return False
    at = now()
    review = session.get(DeviceReviewRow, sensor_id) or DeviceReviewRow(sensor_id=sensor_id, decision=decision, at=at)
    review.decision, review.reason, review.actor, review.at = decision, reason.strip()[:1000], actor, at
    review.drift = list(row.drift or [])
    session.add(review)
    append_revision(
        session,
        row,
        at=at,
        source="staff",
        actor=actor,
        kind="review",
        change=[{"field": "review", "before": None, "after": {"decision": decision, "reason": review.reason}}],
        snapshot=None,
    )
    return True


def stop_ignoring(session: Session, *, sensor_id: str, actor: str) -> bool:
    """Withdraw an "ignored" decision: the device is listed again. False when it was not ignored."""
    row = session.get(SensorRow, sensor_id)
    review = session.get(DeviceReviewRow, sensor_id)
    if row is None or review is None or review.decision != "ignored":
        return False
    before = {"decision": review.decision, "reason": review.reason}
    session.delete(review)
    append_revision(
        session,
        row,
        at=now(),
        source="staff",
        actor=actor,
        kind="review",
        change=[{"field": "review", "before": before, "after": None}],
        snapshot=None,
    )
    return True
