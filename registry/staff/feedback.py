"""``/staff/feedback``: the inbox of what people wrote about sensors; read, answer by e-mail, close.

An answer is recorded and its mail queued in the outbox (:mod:`registry.outbox`):
the page shows whether it waits, has left, or failed and why, with "send again".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import Form, Path, Query, Request, Response
from sqlmodel import Session

from dtpr_store.reads import (
    FeedbackFilters,
    answer_mails,
    count_unsent_mails,
    facets,
    filter_feedback,
    get_sensor_row,
)
from dtpr_store.tables import FeedbackRow
from dtpr_store.writes import answer_feedback, forget_sender_address, send_mail_again
from registry.deps import SessionDep, SettingsDep, UrlsDep
from registry.mail import REASONS, mail_configured
from registry.outbox import queue_answer
from registry.staff.deps import Editor, Viewer, audit
from registry.staff.web import StaffDenied, redirect, render, staff_router

router = staff_router()
FeedbackId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PAGE_SIZE = 50

KINDS = ("question", "comment", "problem")
"""Kinds of message; their words are the catalogue's ``kind_<kind>``."""
STATUSES = ("new", "answered", "closed")
"""A message's states; their words are ``feedback_<status>``."""
MAIL_REASONS = frozenset(REASONS)
"""Why a mail did not leave (:data:`registry.mail.REASONS`); explained by ``mail_reason_<reason>``."""


def _blank(value: str | None) -> str | None:
    return value or None


@router.get("/feedback")
def inbox(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: Viewer,
    kind: Annotated[Literal["", "question", "comment", "problem"], Query()] = "",
    status: Annotated[Literal["", "new", "answered", "closed"], Query()] = "",
    sensor: Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9_-]*$")] = "",
    zone: Annotated[str, Query(max_length=200, pattern=r"^[^\x00-\x1f]*$")] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    filters = FeedbackFilters(kind=_blank(kind), status=_blank(status), sensor_id=_blank(sensor), zone=_blank(zone))
    rows, total = filter_feedback(session, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(
        request,
        "feedback_list.html",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"kind": kind, "status": status, "sensor": sensor, "zone": zone},
        kinds=KINDS,
        statuses=STATUSES,
        zones=facets(session)["zone"],
        mails=answer_mails(session, [row.id for row in rows if row.id is not None]),
        unsent=count_unsent_mails(session),
        can_mail=mail_configured(settings.mail),
    )


def feedback_row(session: Session, feedback_id: int) -> FeedbackRow:
    row = session.get(FeedbackRow, feedback_id)
    if row is None:
        raise StaffDenied(404, "no_feedback_message", feedback_id=feedback_id)
    return row


@router.get("/feedback/{feedback_id}")
def message(
    request: Request, feedback_id: FeedbackId, session: SessionDep, settings: SettingsDep, staff: Viewer
) -> Response:
    row = feedback_row(session, feedback_id)
    sensor = get_sensor_row(session, row.sensor_id)
    return render(
        request,
        "feedback_item.html",
        row=row,
        sensor=sensor,
        kinds=KINDS,
        statuses=STATUSES,
        can_mail=mail_configured(settings.mail),
        mail=answer_mails(session, [feedback_id]).get(feedback_id),
        reasons=MAIL_REASONS,
    )


@router.post("/feedback/{feedback_id}/answer")
def post_answer(
    request: Request,
    feedback_id: FeedbackId,
    session: SessionDep,
    settings: SettingsDep,
    urls: UrlsDep,
    staff: Editor,
    answer: Annotated[str, Form(min_length=1, max_length=4000)],
) -> Response:
    row = feedback_row(session, feedback_id)
    text = answer.replace("\x00", "").strip()  # PostgreSQL text refuses NUL
    if not text:
        raise StaffDenied(400, "the_answer_is_empty")
    answer_feedback(session, feedback_id=feedback_id, answer=text, status="answered", actor=staff.name)
    mail = queue_answer(session, settings, urls, row, text)
    audit(session, staff, "feedback.answer", target=str(feedback_id), sensor_id=row.sensor_id, mailed=mail is not None)
    session.commit()
    if mail is not None:
        request.app.state.outbox.wake()
    return redirect(f"/staff/feedback/{feedback_id}")


@router.post("/feedback/{feedback_id}/send-again")
def post_send_again(request: Request, feedback_id: FeedbackId, session: SessionDep, staff: Editor) -> Response:
    feedback_row(session, feedback_id)
    if not send_mail_again(session, feedback_id=feedback_id, at=datetime.now(UTC)):
        raise StaffDenied(409, "this_answer_has_no_mail_to_send_again")
    audit(session, staff, "feedback.send_again", target=str(feedback_id))
    session.commit()
    request.app.state.outbox.wake()
    return redirect(f"/staff/feedback/{feedback_id}")


@router.post("/feedback/{feedback_id}/status")
def post_status(
    feedback_id: FeedbackId,
    session: SessionDep,
    staff: Editor,
    status: Annotated[Literal["new", "answered", "closed"], Form()],
) -> Response:
    feedback_row(session, feedback_id)
    answer_feedback(session, feedback_id=feedback_id, answer=None, status=status, actor=staff.name)
    if status == "answered":
        forget_sender_address(session, feedback_id=feedback_id)
    audit(session, staff, "feedback.status", target=str(feedback_id), status=status)
    session.commit()
    return redirect(f"/staff/feedback/{feedback_id}")
