"""The outbox worker: no answer to a resident is ever lost.

Staff's answer is stored with its mail (:func:`queue_answer`, in the language of the page
the resident wrote from, from the catalogue's ``mail_answer_*`` templates); then
:class:`Outbox`, started with the app, hands due mails to the SMTP server. A mail that does
not leave (server down, refusing for now, too slow) is tried again 30 seconds later
(``DTPR_MAIL__RETRY_SECONDS``), then after twice as long each time, at most every 15
minutes, for as long as the sender's address is kept. The address is erased in the
transaction that records the mail sent; a mail refused for good (``5xx``, bad address) is
``failed`` and staff may send it again. Without ``DTPR_MAIL__HOST`` mails wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.catalogues import translate
from dtpr_core.formats import long_date
from dtpr_core.locales import LOCALES
from dtpr_core.settings import Settings
from dtpr_core.urls import Urls
from dtpr_store.db import session_scope
from dtpr_store.tables import FeedbackRow, OutboxRow
from dtpr_store.writes import claim_mail, due_mail_ids, queue_answer_mail, record_mail_failure, record_mail_sent
from registry.mail import MailError, mail_configured, send

log = logging.getLogger("dtpr.staff.outbox")
LONGEST_WAIT = timedelta(minutes=15)
LEASE = timedelta(minutes=5)
"""A claimed mail is not taken by another worker for this long (an SMTP timeout is far shorter)."""


def compose_answer(settings: Settings, urls: Urls, row: FeedbackRow, answer: str) -> tuple[str, str, str]:
    """(language, subject, body) of the answer mail, in the language the resident wrote in."""
    locale = row.locale if row.locale in LOCALES else settings.public.default_locale
    subject, _ = translate(locale, "mail_answer_subject")
    body, _ = translate(locale, "mail_answer_body")
    return (
        locale,
        subject.format(id=row.sensor_id),
        body.format(
            answer=answer,
            city=settings.public.city_name,
            day=long_date(row.created_at.date(), locale),
            quoted="\n".join("> " + line for line in row.message.splitlines()),
            url=urls.sensor_page(row.sensor_id, locale),
        ),
    )


def queue_answer(session: Session, settings: Settings, urls: Urls, row: FeedbackRow, answer: str) -> OutboxRow | None:
    """Store the answer's mail in the outbox (None when the resident left no address)."""
    if row.id is None or not row.email:
        return None
    locale, subject, body = compose_answer(settings, urls, row, answer)
    return queue_answer_mail(
        session, feedback_id=row.id, locale=locale, subject=subject, body=body, at=datetime.now(UTC)
    )


def retry_delay(attempts: int, first_seconds: float) -> timedelta:
    """The wait after the *attempts*-th failed attempt: *first_seconds*, doubling, at most 15 minutes."""
    seconds = first_seconds * 2 ** min(max(attempts - 1, 0), 20)
    return min(timedelta(seconds=seconds), LONGEST_WAIT)


def deliver_due(engine: Engine, settings: Settings, *, at: datetime | None = None) -> int:
    """Try every due mail once; the number sent."""
    if not mail_configured(settings.mail):
        return 0
    at = at or datetime.now(UTC)
    with session_scope(engine) as session:
        due = due_mail_ids(session, at=at)
    return sum(_deliver_one(engine, settings, outbox_id, at) for outbox_id in due)


def _deliver_one(engine: Engine, settings: Settings, outbox_id: int, at: datetime) -> bool:
    with session_scope(engine) as session:
        mail = claim_mail(session, outbox_id=outbox_id, at=at, lease=LEASE)
    if mail is None:
        return False
    try:
        if mail.recipient is None:
            raise MailError("address_erased", "the sender's address was erased", permanent=True)
        send(settings.mail, to=mail.recipient, subject=mail.subject, body=mail.body)
    except MailError as error:
        retry_at = None if error.permanent else at + retry_delay(mail.attempts + 1, settings.mail.retry_seconds)
        log.warning("answer mail %d did not leave (%s): %s", outbox_id, error.reason, error.detail)
        with session_scope(engine) as session:
            record_mail_failure(
                session, outbox_id=outbox_id, reason=error.reason, detail=error.detail, retry_at=retry_at
            )
        return False
    with session_scope(engine) as session:
        record_mail_sent(session, outbox_id=outbox_id, at=datetime.now(UTC))
    log.info("answer mail %d sent", outbox_id)
    return True


class Outbox:
    """The worker of one app: polls for due mails, and at once when :meth:`wake` is called."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine, self.settings = engine, settings
        self.poll_seconds = min(5.0, settings.mail.retry_seconds)
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """A new answer is stored: look now rather than at the next poll (safe from any thread)."""
        if self._wake is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            try:
                await asyncio.to_thread(deliver_due, self.engine, self.settings)
            except Exception:  # the database may be briefly away: try again at the next poll
                log.exception("the outbox could not be read; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            self._wake.clear()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the worker while the app serves (part of its lifespan)."""
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        task = asyncio.create_task(self._run(), name="staff-outbox")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self._wake = None
