"""What the print centre reads: the sensors a selection picks, and the print jobs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from dtpr_store.tables import PrintJobRow, SensorRow

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
    from dtpr_store.reads import SensorFilters, last_printed, list_sensors, sensor_rows

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
