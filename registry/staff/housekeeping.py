"""The console's periodic task: erase feedback senders' addresses once they are no longer needed.

An address is kept until the message is answered, and at most
``feedback.email_retention_days`` (``DTPR_FEEDBACK__EMAIL_RETENTION_DAYS``, 90 by default),
as the public feedback form says. The task runs at start and every hour after.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import Engine

from dtpr_core.settings import Settings
from dtpr_store.db import session_scope
from dtpr_store.writes import erase_feedback_emails
from registry.staff.quarantine_view import purge_expired_quarantine

log = logging.getLogger("dtpr.staff")
EVERY_SECONDS = 3600.0


def erase_expired_emails(engine: Engine, settings: Settings, *, at: datetime | None = None) -> int:
    """Erase the addresses of answered messages and of those older than the retention period."""
    at = at or datetime.now(UTC)
    before = at - timedelta(days=settings.feedback.email_retention_days)
    with session_scope(engine) as session:
        erased = erase_feedback_emails(session, received_before=before)
    if erased:
        log.info("erased the e-mail address of %d feedback message(s)", erased)
    return erased


async def _every_hour(app: FastAPI) -> None:
    while True:
        try:
            await asyncio.to_thread(erase_expired_emails, app.state.engine, app.state.settings)
        except Exception:  # the database may be briefly away: try again next hour
            log.exception("feedback e-mail erasure failed; retrying in an hour")
        try:
            await asyncio.to_thread(_print_and_quarantine, app)
        except Exception:
            log.exception("print file expiry or quarantine purge failed; retrying in an hour")
        await asyncio.sleep(EVERY_SECONDS)


def _print_and_quarantine(app: FastAPI) -> None:
    """Quarantined messages past ``quarantine.retention_days`` purged; expired print files deleted."""
    purged = purge_expired_quarantine(app.state.engine, app.state.settings)
    if purged:
        log.info("purged %d quarantined message(s) past the retention period", purged)
    app.state.print_jobs.sweep()


@asynccontextmanager
async def housekeeping(app: FastAPI) -> AsyncIterator[None]:
    """Run the periodic task while the app serves (part of the app's lifespan)."""
    task = asyncio.create_task(_every_hour(app), name="staff-housekeeping")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        app.state.print_jobs.shutdown()
