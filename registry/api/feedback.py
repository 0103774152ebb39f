"""Feedback: anyone may write about a sensor; staff read and answer with a token."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from dtpr_core.errors import DtprError, NotFound
from dtpr_store.reads import answer_mails, list_feedback
from dtpr_store.tables import FeedbackRow, OutboxRow
from dtpr_store.writes import add_feedback, answer_feedback, forget_sender_address
from registry.antiabuse import check_feedback
from registry.api.models import FeedbackCreate, FeedbackUpdate
from registry.api.responses import FeedbackList, FeedbackRead, FeedbackReceived
from registry.api.sensors import SensorIdPath, declared_row
from registry.api.serialize import feedback_json
from registry.deps import ReadToken, SessionDep, SettingsDep, UrlsDep, WriteToken
from registry.outbox import queue_answer

router = APIRouter(prefix="/api/v1", tags=["feedback"])


@router.post(
    "/sensors/{sensor_id}/feedback",
    status_code=202,
    response_model=FeedbackReceived,
    summary="Ask a question or comment on a sensor (public; honeypot and rate limit)",
    responses={429: {"description": "too many messages from this connection"}},
)
def post_feedback(sensor_id: SensorIdPath, body: FeedbackCreate, request: Request, session: SessionDep) -> JSONResponse:
    declared_row(session, sensor_id)
    if check_feedback(request, body.website):
        add_feedback(
            session,
            sensor_id=sensor_id,
            message=body.message.strip(),
            email=body.email,
            locale=body.locale or request.app.state.settings.public.default_locale,
            kind=body.kind,
        )
        session.commit()
    return JSONResponse({"ok": True, "status": "received"}, status_code=202, headers={"Cache-Control": "no-store"})


@router.get("/feedback", summary="Feedback messages, newest first (read token)", response_model=FeedbackList)
def get_feedback(
    session: SessionDep,
    token: ReadToken,
    sensor_id: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None,
    status: Literal["new", "answered", "closed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    every = list_feedback(session, sensor_id=sensor_id, status=status)
    count, rows = len(every), every[offset : offset + limit]
    mails = answer_mails(session, [row.id for row in rows if row.id is not None])
    show = token.scope == "write"
    return {
        "items": [feedback_json(row, show_email=show, mail=_mail_state(mails, row)) for row in rows],
        "total": count,
        "limit": limit,
        "offset": offset,
    }


def _mail_state(mails: dict[int, OutboxRow], row: FeedbackRow) -> str | None:
    mail = mails.get(row.id) if row.id is not None else None
    return mail.state if mail is not None else None


@router.patch(
    "/feedback/{feedback_id}",
    summary="Answer or close a feedback message (write token); an answer is mailed to the sender as from the console",
    response_model=FeedbackRead,
)
def patch_feedback(
    request: Request,
    feedback_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: FeedbackUpdate,
    session: SessionDep,
    settings: SettingsDep,
    urls: UrlsDep,
    token: WriteToken,
) -> dict[str, Any]:
    status = body.status or ("answered" if body.answer is not None else None)
    if status is None:
        raise DtprError("give an answer, a status (new, answered, closed), or both")
    row = answer_feedback(session, feedback_id=feedback_id, answer=body.answer, status=status, actor=token.name)
    if row is None:
        raise NotFound(f"no feedback message {feedback_id}")
    mail = queue_answer(session, settings, urls, row, body.answer) if body.answer is not None else None
    if mail is None and status == "answered":
        forget_sender_address(session, feedback_id=feedback_id)  # nothing will be mailed: no need to keep it
    session.commit()
    if mail is not None:
        request.app.state.outbox.wake()
    return feedback_json(row, show_email=True, mail=mail.state if mail is not None else None)
