"""Reads of the static export (``dtpr export site``): a batch of sensors' latest revisions at once."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from dtpr_store.tables import RevisionRow


def latest_revisions(session: Session, sensor_ids: Sequence[str], *, limit: int) -> dict[str, list[RevisionRow]]:
    """Each sensor's *limit* latest revisions, latest first (one statement for the whole batch)."""
    rank = (
        func.row_number()
        .over(partition_by=col(RevisionRow.sensor_id), order_by=col(RevisionRow.seq).desc())
        .label("rank")
    )
    ranked = select(col(RevisionRow.id), rank).where(col(RevisionRow.sensor_id).in_(sensor_ids)).subquery()
    query = (
        select(RevisionRow)
        .join(ranked, col(RevisionRow.id) == ranked.c.id)
        .where(ranked.c.rank <= limit)
        .order_by(col(RevisionRow.sensor_id), col(RevisionRow.seq).desc())
    )
    found: dict[str, list[RevisionRow]] = {sensor_id: [] for sensor_id in sensor_ids}
    for revision in session.exec(query):
        found[revision.sensor_id].append(revision)
    return found
