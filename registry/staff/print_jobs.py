"""Print jobs in the background: a bounded pool of threads builds each batch through the injected builder.

The registry never imports ``signage``: ``dtpr serve`` hands it ``signage.batch.SignBatch``
(the very function ``dtpr signs build`` calls), seen here as :class:`BatchBuilder`. A job
is queued in the ``print_job`` table, run by one of ``signs.job_workers`` threads, its
progress written every few signs, its file kept under ``signs.job_dir/<job id>/`` until
it expires (``signs.job_keep_hours`` after it was built, one hour after its download).
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

from dtpr_core.errors import DtprError
from dtpr_core.model import Sensor
from dtpr_store.caches import ParsedSensors
from dtpr_store.db import session_scope
from dtpr_store.reads import get_print_job, sensor_rows
from dtpr_store.tables import PrintJobRow, SensorRow
from dtpr_store.writes import (
    create_print_job,
    expire_print_jobs,
    fail_print_job,
    fail_stale_print_jobs,
    finish_print_job,
    set_print_progress,
    start_print_job,
)

log = logging.getLogger(__name__)

JOB_ID = re.compile(r"^[0-9a-f]{16}$")
AFTER_DOWNLOAD = timedelta(hours=1)
STALE = timedelta(hours=1)
PROGRESS_EVERY_S = 0.5


class BatchBuilder(Protocol):
    """``signage.batch.SignBatch`` as the registry sees it (plain values only)."""

    sizes: Mapping[str, str]
    sheets: Sequence[str]

    def check(self, options: Mapping[str, Any]) -> None: ...

    def file_name(self, options: Mapping[str, Any]) -> str: ...

    def __call__(
        self,
        signs: Sequence[tuple[Sensor, int, date | None]],
        options: Mapping[str, Any],
        out_dir: Path,
        file_name: str,
        on_sign: Callable[[str], None],
    ) -> Path: ...


class PrintUnavailable(DtprError):
    status = 503
    code = "print_unavailable"


class _Progress:
    """Counts signs and writes the count at most every half second (and never holds the job up)."""

    def __init__(self, engine: Engine, job_id: str) -> None:
        self.engine, self.job_id, self.done, self.written_at = engine, job_id, 0, time.monotonic()

    def step(self, _sensor_id: str) -> None:
        self.done += 1
        if time.monotonic() - self.written_at >= PROGRESS_EVERY_S:
            with session_scope(self.engine) as session:
                set_print_progress(session, job_id=self.job_id, done=self.done)
            self.written_at = time.monotonic()


class PrintJobs:
    """Queue, run and keep print jobs; one instance per registry process."""

    def __init__(
        self,
        engine: Engine,
        builder: BatchBuilder | None,
        job_dir: Path,
        *,
        workers: int,
        keep_hours: int,
        parsed: ParsedSensors,
    ):
        self.engine, self.builder, self.job_dir, self.parsed = engine, builder, job_dir, parsed
        self.keep = timedelta(hours=keep_hours)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="print-job")

    def require_builder(self) -> BatchBuilder:
        if self.builder is None:
            raise PrintUnavailable("printing is not available on this server (start it with dtpr serve)")
        return self.builder

    def submit(self, *, rows: Sequence[SensorRow], options: Mapping[str, Any], actor: str) -> str:
        """Queue a job printing *rows* at their current revision; returns the job id at once."""
        self.require_builder().check(options)
        if not rows:
            raise DtprError("no sign to print: tick at least one declared sensor, or widen the filters")
        job_id = secrets.token_hex(8)
        with session_scope(self.engine) as session:
            create_print_job(
                session, job_id=job_id, actor=actor, options=dict(options), items=[(r.id, r.revision) for r in rows]
            )
        self._pool.submit(self._run, job_id)
        return job_id

    def file_of(self, job: PrintJobRow) -> Path | None:
        """The job's file when it is ready and still kept."""
        if job.status != "done" or not job.file_name or not JOB_ID.match(job.id):
            return None
        path = self.job_dir / job.id / job.file_name
        return path if path.is_file() else None

    def sweep(self) -> int:
        """Delete the files of expired jobs, and fail jobs left unfinished by a stopped registry."""
        with session_scope(self.engine) as session:
            expired = expire_print_jobs(session, keep=self.keep, after_download=AFTER_DOWNLOAD)
            fail_stale_print_jobs(session, older_than=STALE)
        for job_dir in {self.job_dir / job_id for job_id in expired if JOB_ID.match(job_id)}:
            shutil.rmtree(job_dir, ignore_errors=True)
        return len(expired)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _signs(self, job: PrintJobRow) -> list[tuple[Sensor, int, date | None]]:
        with session_scope(self.engine) as session:
            rows = sensor_rows(session, [str(item[0]) for item in job.items or []])
            signs = []
            for sensor_id, _revision in job.items or []:
                row = rows.get(sensor_id)
                sensor = self.parsed.declared_sensor(row) if row is not None else None
                if row is None or sensor is None:
                    raise DtprError(f"sensor {sensor_id} is no longer declared: start a new job")
                declared = row.declared_at or row.updated_at
                signs.append((sensor, row.revision, declared.date() if declared else None))
            return signs

    def _run(self, job_id: str) -> None:
        try:
            with session_scope(self.engine) as session:
                job = start_print_job(session, job_id=job_id)
            self._build(job)
        except Exception as error:  # a job never takes the registry down: its page shows why
            message = error.message if isinstance(error, DtprError) else f"{type(error).__name__}: {error}"
            if not isinstance(error, DtprError):
                log.exception("print job %s failed", job_id)
            with session_scope(self.engine) as session:
                fail_print_job(session, job_id=job_id, error=message)

    def _build(self, job: PrintJobRow) -> None:
        builder = self.require_builder()
        options = job.options or {}
        signs = self._signs(job)
        out_dir = self.job_dir / job.id
        progress = _Progress(self.engine, job.id)
        path = builder(signs, options, out_dir, builder.file_name(options), progress.step)
        printed = [(sensor.id, revision) for sensor, revision, _ in signs]  # the revisions really drawn
        with session_scope(self.engine) as session:
            finish_print_job(session, job_id=job.id, file_name=path.name, items=printed)


def job_or_none(engine: Engine, job_id: str) -> PrintJobRow | None:
    if not JOB_ID.match(job_id):
        return None
    with session_scope(engine) as session:
        return get_print_job(session, job_id)
