""" "Did this page help?" in the statistics: totals, per day and per sensor, and as CSV (read token)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from sqlmodel import Session

from dtpr_store.reads import iter_page_votes, page_votes_by_day, page_votes_by_sensor
from dtpr_store.writes import now
from registry.csv_cells import csv_chunks
from registry.deps import ReadToken, SessionDep

router = APIRouter(prefix="/api/v1", tags=["staff"])

HELPFUL_COLUMNS = ("day", "sensor_id", "helpful", "not_helpful")
"""Stable column names of /api/v1/stats/helpful.csv (docs/api.md)."""


def helpful_stats(session: Session, *, since: date) -> dict[str, Any]:
    """The ``helpful`` block of ``/api/v1/stats``."""
    by_day = page_votes_by_day(session, since=since)
    return {
        "helpful": sum(count.helpful for count in by_day),
        "not_helpful": sum(count.not_helpful for count in by_day),
        "by_day": [{"day": c.key, "helpful": c.helpful, "not_helpful": c.not_helpful} for c in by_day],
        "top_sensors": [
            {"sensor_id": c.key, "helpful": c.helpful, "not_helpful": c.not_helpful}
            for c in page_votes_by_sensor(session, since=since)
        ],
    }


@router.get(
    "/stats/helpful.csv",
    summary='"Did this page help?" answers per day and sensor, as CSV (read token)',
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 CSV with a byte-order mark"}},
)
def helpful_csv(
    session: SessionDep, token: ReadToken, days: Annotated[int, Query(ge=1, le=3660)] = 365
) -> StreamingResponse:
    since = now().date() - timedelta(days=days - 1)
    records = (
        {"day": row.day.isoformat(), "sensor_id": row.sensor_id, "helpful": row.helpful, "not_helpful": row.not_helpful}
        for row in list(iter_page_votes(session, since=since))
    )
    headers = {"Cache-Control": "no-store", "Content-Disposition": 'attachment; filename="helpful.csv"'}
    return StreamingResponse(
        csv_chunks(HELPFUL_COLUMNS, records), media_type="text/csv; charset=utf-8", headers=headers
    )
