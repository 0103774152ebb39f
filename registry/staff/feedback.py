"""``/staff/feedback``: the inbox of what people wrote about sensors; read, answer by e-mail, close."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Form, Path, Query, Request, Response
from sqlmodel import Session

from dtpr_store.reads import FeedbackFilters, facets, filter_feedback, get_sensor_row
from dtpr_store.tables import FeedbackRow
from dtpr_store.writes import answer_feedback
from registry.deps import SessionDep, SettingsDep, UrlsDep
from registry.staff.deps import Editor, Viewer, audit
from registry.staff.mail import MailError, build_answer, mail_configured, send
from registry.staff.web import StaffDenied, redirect, render, staff_router

router = staff_router()
FeedbackId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PAGE_SIZE = 50

KINDS = (
    ("question", "Question", "Question"),
    ("comment", "Commentaire", "Comment"),
    ("problem", "Problème", "Problem"),
)
STATUSES = (("new", "En attente", "Awaiting"), ("answered", "Répondu", "Answered"), ("closed", "Clos", "Closed"))
SUBJECT = {
    "fr": "Réponse à votre message sur le capteur {id}",
    "en": "Answer to your message about sensor {id}",
}
BODY = {
    "fr": "Bonjour,\n\n{answer}\n\n— {city}\n\nVotre message du {day}\u00a0:\n{quoted}\n\nLe capteur\u00a0: {url}\n"
    "Votre adresse e-mail est effacée maintenant que nous vous avons répondu.\n",
    "en": "Hello,\n\n{answer}\n\n— {city}\n\nYour message of {day}:\n{quoted}\n\nThe sensor: {url}\n"
    "Your e-mail address is erased now that we have answered.\n",
}


def _blank(value: str | None) -> str | None:
    return value or None


@router.get("/feedback")
def inbox(
    request: Request,
    session: SessionDep,
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
    )


def feedback_row(session: Session, feedback_id: int) -> FeedbackRow:
    row = session.get(FeedbackRow, feedback_id)
    if row is None:
        raise StaffDenied(404, f"Aucun message n°\u00a0{feedback_id}.", f"No feedback message {feedback_id}.")
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
        kinds={value: (fr, en) for value, fr, en in KINDS},
        statuses={value: (fr, en) for value, fr, en in STATUSES},
        can_mail=mail_configured(settings.mail),
        sent=request.query_params.get("sent") == "1",
        error=None,
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
        raise StaffDenied(400, "La réponse est vide.", "The answer is empty.")
    mailed = False
    if row.email and mail_configured(settings.mail):
        lang = "en" if row.locale == "en" else "fr"
        body = BODY[lang].format(
            answer=text,
            city=settings.public.city_name,
            day=row.created_at.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"),
            quoted="\n".join("> " + line for line in row.message.splitlines()),
            url=urls.sensor_page(row.sensor_id),
        )
        try:
            send(
                settings.mail,
                build_answer(settings.mail, to=row.email, subject=SUBJECT[lang].format(id=row.sensor_id), body=body),
            )
        except MailError as error:
            raise StaffDenied(
                502,
                f"Le courriel n’a pas pu partir ({error}). La réponse n’est pas enregistrée\u00a0: réessayez plus tard.",
                f"The e-mail could not be sent ({error}). The answer is not recorded: try again later.",
            ) from error
        mailed = True
    answer_feedback(session, feedback_id=feedback_id, answer=text, status="answered", actor=staff.name)
    row.email = None  # erased once answered, as the public form says
    audit(session, staff, "feedback.answer", target=str(feedback_id), sensor_id=row.sensor_id, mailed=mailed)
    session.commit()
    return redirect(f"/staff/feedback/{feedback_id}?sent={int(mailed)}")


@router.post("/feedback/{feedback_id}/status")
def post_status(
    feedback_id: FeedbackId,
    session: SessionDep,
    staff: Editor,
    status: Annotated[Literal["new", "answered", "closed"], Form()],
) -> Response:
    row = feedback_row(session, feedback_id)
    answer_feedback(session, feedback_id=feedback_id, answer=None, status=status, actor=staff.name)
    if status == "answered":
        row.email = None
    audit(session, staff, "feedback.status", target=str(feedback_id), status=status)
    session.commit()
    return redirect(f"/staff/feedback/{feedback_id}")
