"""What the print centre reads: the sensors a selection picks, the print jobs, the signs printed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from dtpr_store.reads.sensors import SensorFilters, list_sensors, sensor_rows
from dtpr_store.tables import PrintJobRow, SensorRow, SignPrintRow

MAX_SELECTION = 5000


@dataclass(frozen=True, slots=True)
class PrintSelection:
    """Which signs to print: filters (all of them apply), or explicit ids when given."""

    zone: str | None = None
    commune: str | None = None
    status: str | None = None
    search: str | None = None
    out_of_date_only: bool = False
    ids: Sequence[str] = ()


def select_for_print(session: Session, selection: PrintSelection, *, limit: int = MAX_SELECTION) -> list[SensorRow]:
    """Declared sensors matching *selection*, by id; retired ones only when asked by status.

    With explicit ids the filters are ignored: ticked boxes are what staff chose.
    """
    if selection.ids:
        found = sensor_rows(session, list(selection.ids))
        rows = [found[i] for i in sorted(found) if found[i].declared and found[i].data is not None]
    else:
        filters = SensorFilters(
            q=selection.search or None,
            commune=selection.commune or None,
            zone=selection.zone or None,
            status=selection.status or None,
            include_retired=False,
        )
        rows, _ = list_sensors(session, filters, limit=limit)
    if selection.out_of_date_only:
        printed = last_printed(session)
        rows = [row for row in rows if printed.get(row.id) is None or row.revision > printed[row.id]]
    return rows[:limit]


def get_print_job(session: Session, job_id: str) -> PrintJobRow | None:
    return session.get(PrintJobRow, job_id)


def list_print_jobs(session: Session, *, limit: int = 20) -> list[PrintJobRow]:
    return list(session.exec(select(PrintJobRow).order_by(col(PrintJobRow.created_at).desc()).limit(limit)).all())


def last_printed(session: Session) -> dict[str, int]:
    """Sensor id -> highest datachain revision printed."""
    query: Any = select(SignPrintRow.sensor_id, func.max(SignPrintRow.revision)).group_by(SignPrintRow.sensor_id)
    return {sensor_id: int(revision) for sensor_id, revision in session.exec(query)}
