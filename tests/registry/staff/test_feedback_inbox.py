"""The feedback inbox: filters, reading, answering by e-mail through a real local SMTP server, erasure."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from dtpr_store.tables import FeedbackRow, StaffAuditRow
from registry.app import create_app
from registry.staff.housekeeping import erase_expired_emails
from tests.registry.conftest import ADMIN_TOKEN, BASE_URL, fake_sign_renderer, make_settings, sensor_body
from tests.registry.staff.conftest import PASSWORD, add_account, csrf_of, sign_in


class Inbox:
    """What a real SMTP server (aiosmtpd) received."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default))
        )  # type: ignore[arg-type]
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def app_with_mail(database_url: str, port: int) -> FastAPI:
    settings = make_settings(database_url)
    mail = settings.mail.model_copy(
        update={"host": "127.0.0.1", "port": port, "security": "none", "from_address": "capteurs@ville.example.fr"}
    )
    return create_app(settings.model_copy(update={"mail": mail}), sign_renderer=fake_sign_renderer)


@pytest.fixture
def mail_app(database_url: str, smtp: tuple[Inbox, int]) -> Iterator[FastAPI]:
    app = app_with_mail(database_url, smtp[1])
    yield app
    app.state.engine.dispose()


def post_feedback(
    client: TestClient, message: str, email: str | None = None, kind: str = "question", sensor: str = "ANG-TEST-0001"
) -> int:
    body = {"message": message, "kind": kind, "locale": "fr", **({"email": email} if email else {})}
    assert client.post(f"/api/v1/sensors/{sensor}/feedback", json=body).status_code == 202
    return len(client.get("/api/v1/feedback", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()["items"])


def seeded(app: FastAPI) -> TestClient:
    public = TestClient(app, base_url=BASE_URL)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    public.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    other = sensor_body("ANG-TEST-0002")
    other["location"]["zone"] = "Gare"
    public.put("/api/v1/sensors/ANG-TEST-0002", json=other, headers=admin)
    return public


def test_an_editor_answers_and_the_mail_reaches_the_smtp_server(mail_app: FastAPI, smtp: tuple[Inbox, int]) -> None:
    public = seeded(mail_app)
    feedback_id = post_feedback(public, "Que mesure ce capteur <b>exactement</b> ?", email="habitant@example.org")
    add_account(mail_app, "eda@ville.example.fr", "editor", name="Éda Martin")
    with TestClient(mail_app, base_url=BASE_URL) as browser:
        sign_in(browser, "eda@ville.example.fr")
        page = browser.get(f"/staff/feedback/{feedback_id}")
        assert "Que mesure ce capteur &lt;b&gt;exactement&lt;/b&gt;" in page.text  # escaped, never markup
        assert "habitant@example.org" not in page.text  # the address is used, not shown
        answer = "Il mesure la qualité de l’air :\nparticules fines et dioxyde d’azote."
        done = browser.post(
            f"/staff/feedback/{feedback_id}/answer",
            data={"csrf": csrf_of(page.text), "answer": answer},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        assert "Réponse envoyée par courriel" in browser.get(done.headers["location"]).text
    inbox, _ = smtp
    assert len(inbox.messages) == 1
    sender, recipients, mail = inbox.messages[0]
    assert sender == "capteurs@ville.example.fr" and recipients == ["habitant@example.org"]
    assert mail["Subject"] == "Réponse à votre message sur le capteur ANG-TEST-0001"
    body = mail.get_content()
    assert "particules fines" in body and "> Que mesure ce capteur" in body
    assert f"{BASE_URL}/s/ANG-TEST-0001" in body
    with Session(mail_app.state.engine) as session:
        row = session.get(FeedbackRow, feedback_id)
        assert row is not None and row.status == "answered" and row.email is None
        assert row.answered_by == "Éda Martin"
        logged = session.exec(select(StaffAuditRow).where(StaffAuditRow.action == "feedback.answer")).one()
        assert logged.actor == "Éda Martin" and logged.detail == {"sensor_id": "ANG-TEST-0001", "mailed": True}


def test_a_viewer_reads_but_cannot_answer(mail_app: FastAPI, smtp: tuple[Inbox, int]) -> None:
    public = seeded(mail_app)
    feedback_id = post_feedback(public, "Bonjour", email="a@example.org")
    add_account(mail_app, "vic@ville.example.fr", "viewer")
    with TestClient(mail_app, base_url=BASE_URL) as browser:
        sign_in(browser, "vic@ville.example.fr")
        page = browser.get(f"/staff/feedback/{feedback_id}")
        assert page.status_code == 200 and "Bonjour" in page.text and "Envoyer la réponse" not in page.text
        refused = browser.post(
            f"/staff/feedback/{feedback_id}/answer", data={"csrf": csrf_of(page.text), "answer": "x"}
        )
        assert refused.status_code == 403
        closed = browser.post(
            f"/staff/feedback/{feedback_id}/status", data={"csrf": csrf_of(page.text), "status": "closed"}
        )
        assert closed.status_code == 403
    assert smtp[0].messages == []


def test_a_mail_that_cannot_leave_keeps_the_message_waiting(database_url: str) -> None:
    app = app_with_mail(database_url, free_port())  # nobody listens there
    try:
        public = seeded(app)
        feedback_id = post_feedback(public, "Allô", email="b@example.org")
        add_account(app, "ed@ville.example.fr", "editor")
        with TestClient(app, base_url=BASE_URL) as browser:
            sign_in(browser, "ed@ville.example.fr")
            page = browser.get(f"/staff/feedback/{feedback_id}")
            failed = browser.post(
                f"/staff/feedback/{feedback_id}/answer", data={"csrf": csrf_of(page.text), "answer": "Oui."}
            )
        assert failed.status_code == 502 and "n’a pas pu partir" in failed.text
        with Session(app.state.engine) as session:
            row = session.get(FeedbackRow, feedback_id)
            assert row is not None and row.status == "new" and row.email == "b@example.org"
    finally:
        app.state.engine.dispose()


def test_filters_by_kind_status_sensor_and_zone(mail_app: FastAPI) -> None:
    public = seeded(mail_app)
    post_feedback(public, "question centre", kind="question")
    post_feedback(public, "problème gare", kind="problem", sensor="ANG-TEST-0002")
    post_feedback(public, "commentaire centre", kind="comment")
    add_account(mail_app, "fil@ville.example.fr", "viewer")
    with TestClient(mail_app, base_url=BASE_URL) as browser:
        sign_in(browser, "fil@ville.example.fr")

        def shown(query: str) -> set[str]:
            text = browser.get(f"/staff/feedback?{query}").text
            return {word for word in ("question centre", "problème gare", "commentaire centre") if word in text}

        assert shown("") == {"question centre", "problème gare", "commentaire centre"}
        assert shown("kind=problem") == {"problème gare"}
        assert shown("zone=Gare") == {"problème gare"}
        assert shown("sensor=ANG-TEST-0001") == {"question centre", "commentaire centre"}
        assert shown("status=answered") == set()
        assert browser.get("/staff/feedback?kind=<script>").status_code == 422


def test_addresses_are_erased_after_the_retention_period(mail_app: FastAPI) -> None:
    public = seeded(mail_app)
    old_id = post_feedback(public, "ancien", email="old@example.org")
    new_id = post_feedback(public, "récent", email="new@example.org")
    with Session(mail_app.state.engine) as session:
        old = session.get(FeedbackRow, old_id)
        assert old is not None
        old.created_at = datetime.now(UTC) - timedelta(days=91)
        session.add(old)
        session.commit()
    assert erase_expired_emails(mail_app.state.engine, mail_app.state.settings) == 1
    with Session(mail_app.state.engine) as session:
        assert session.get(FeedbackRow, old_id).email is None  # type: ignore[union-attr]
        assert session.get(FeedbackRow, new_id).email == "new@example.org"  # type: ignore[union-attr]
    assert PASSWORD
