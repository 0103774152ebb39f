"""Print jobs of the staff console: queued, running with progress, done with a file, printed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from dtpr_core.times import as_utc
from dtpr_store.tables import PrintJobRow, SignPrintRow
from dtpr_store.writes.revisions import now

UNFINISHED = ("queued", "running")


def create_print_job(
    session: Session, *, job_id: str, actor: str, options: dict[str, Any], items: Sequence[tuple[str, int]]
) -> PrintJobRow:
    """A queued job printing *items* (sensor id, datachain revision) with batch *options*."""
    row = PrintJobRow(
        id=job_id,
        created_at=now(),
        actor=actor,
        options=options,
        items=[[sensor_id, revision] for sensor_id, revision in items],
        total=len(items),
    )
    session.add(row)
    return row


def _job(session: Session, job_id: str) -> PrintJobRow:
    row = session.get(PrintJobRow, job_id)
    if row is None:
        raise LookupError(f"no print job {job_id}")
    return row


def start_print_job(session: Session, *, job_id: str) -> PrintJobRow:
    row = _job(session, job_id)
    row.status, row.started_at = "running", now()
    return row


def set_print_progress(session: Session, *, job_id: str, done: int) -> None:
    _job(session, job_id).done = done


def finish_print_job(
    session: Session, *, job_id: str, file_name: str, items: Sequence[tuple[str, int]] | None = None
) -> None:
    """The job's file is ready; *items* are the revisions really printed (a sensor may change meanwhile)."""
    row = _job(session, job_id)
    row.status, row.done, row.file_name, row.finished_at = "done", row.total, file_name, now()
    if items is not None:
        row.items = [[sensor_id, revision] for sensor_id, revision in items]


def fail_print_job(session: Session, *, job_id: str, error: str) -> None:
    row = _job(session, job_id)
    row.status, row.error, row.finished_at = "failed", error[:1000], now()


def mark_print_downloaded(session: Session, *, job_id: str) -> None:
    row = _job(session, job_id)
    row.downloaded_at = row.downloaded_at or now()


def fail_stale_print_jobs(session: Session, *, older_than: timedelta) -> int:
    """Jobs still queued or running after *older_than* are failed: the registry that ran them stopped."""
    limit = now() - older_than
    rows = session.exec(select(PrintJobRow).where(col(PrintJobRow.status).in_(UNFINISHED))).all()
    stale = [row for row in rows if (_aware(row.created_at) or limit) < limit]
    for row in stale:
        row.status, row.error, row.finished_at = "failed", "interrupted: the registry stopped before the end", now()
    return len(stale)


def expire_print_jobs(session: Session, *, keep: timedelta, after_download: timedelta) -> list[str]:
    """Done jobs whose file outlived *keep* (or *after_download* once downloaded) expire: their ids."""
    at = now()
    expired = []
    for row in session.exec(select(PrintJobRow).where(PrintJobRow.status == "done")):
        finished = _aware(row.finished_at) or at
        downloaded = _aware(row.downloaded_at)
        if at - finished > keep or (downloaded is not None and at - downloaded > after_download):
            row.status = "expired"
            expired.append(row.id)
    return expired


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else as_utc(moment)


def mark_job_printed(session: Session, *, job_id: str, actor: str) -> int:
    """Record every sign of a finished job as printed, at the revision it shows; 0 when already done."""
    row = _job(session, job_id)
    if row.status not in ("done", "expired") or row.printed_at is not None:
        return 0
    options = row.options or {}
    fmt = str(options.get("fmt", "pdf"))  # the sign's format: svg, pdf or png (sheets are PDF)
    at = now()
    for sensor_id, revision in row.items or []:
        session.add(
            SignPrintRow(
                sensor_id=sensor_id,
                revision=int(revision),
                printed_at=at,
                format=fmt,
                size=str(options.get("size", "a5")),
                actor=actor,
            )
        )
    row.printed_at = at
    return row.total


def unmark_job_printed(session: Session, *, job_id: str) -> int:
    """Undo :func:`mark_job_printed`: the records it added are deleted; 0 when the job was not marked."""
    row = _job(session, job_id)
    if row.printed_at is None:
        return 0
    ids = [sensor_id for sensor_id, _ in row.items or []]
    records = session.exec(
        select(SignPrintRow).where(col(SignPrintRow.printed_at) == row.printed_at, col(SignPrintRow.sensor_id).in_(ids))
    ).all()
    for record in records:
        session.delete(record)
    row.printed_at = None
    return len(records)


def record_sign_prints(session: Session, *, items: list[tuple[str, int, str, str]], actor: str) -> int:
    """Remember printed signs: (sensor id, datachain revision, format, size)."""
    at = now()
    for sensor_id, revision, fmt, size in items:
        session.add(
            SignPrintRow(sensor_id=sensor_id, revision=revision, printed_at=at, format=fmt, size=size, actor=actor)
        )
    return len(items)
