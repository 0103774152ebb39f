"""The outbox (#21 item 1, #22 items 4 and 9): no answer lost, one recipient, addresses kept from read tokens.

Every test goes through a real app (its lifespan runs the outbox worker), a real database and,
where mail leaves, a real SMTP server (aiosmtpd).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from dtpr_store.db import session_scope
from dtpr_store.tables import FeedbackRow, OutboxRow
from dtpr_store.writes import create_token
from registry.app import create_app
from registry.outbox import retry_delay
from registry.staff.housekeeping import erase_expired_emails
from tests.registry.conftest import ADMIN_TOKEN, BASE_URL, fake_sign_renderer, make_settings
from tests.registry.staff.conftest import Inbox, add_account, app_with_mail, csrf_of, free_port, sign_in
from tests.registry.staff.test_feedback_inbox import post_feedback, seeded, wait_until

EDITOR = "ed@ville.example.fr"


def mail_of(app: FastAPI, feedback_id: int) -> OutboxRow | None:
    with Session(app.state.engine) as session:
        return session.exec(select(OutboxRow).where(OutboxRow.feedback_id == feedback_id)).first()


def email_of(app: FastAPI, feedback_id: int) -> str | None:
    with Session(app.state.engine) as session:
        row = session.get(FeedbackRow, feedback_id)
        assert row is not None
        return row.email


def answer(browser: TestClient, feedback_id: int, text: str) -> None:
    page = browser.get(f"/staff/feedback/{feedback_id}")
    done = browser.post(
        f"/staff/feedback/{feedback_id}/answer",
        data={"csrf": csrf_of(page.text), "answer": text},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


@pytest.fixture
def down_app(database_url: str) -> Iterator[tuple[FastAPI, int]]:
    """An app whose mail server (a free port) is down; it retries fast."""
    port = free_port()
    app = app_with_mail(database_url, port, retry_seconds=0.2)
    yield app, port
    app.state.engine.dispose()


def test_an_answer_waits_while_the_server_is_down_then_leaves_and_only_then_the_address_goes(
    down_app: tuple[FastAPI, int],
) -> None:
    app, port = down_app
    public = seeded(app)
    feedback_id = post_feedback(public, "Allô ?", email="b@example.org")
    add_account(app, EDITOR, "editor")
    with TestClient(app, base_url=BASE_URL) as browser:
        sign_in(browser, EDITOR)
        answer(browser, feedback_id, "Oui, il mesure l’air.")
        wait_until(lambda: (mail := mail_of(app, feedback_id)) is not None and mail.attempts >= 2)
        mail = mail_of(app, feedback_id)
        assert mail is not None and mail.state == "waiting" and mail.last_error == "unreachable"
        assert email_of(app, feedback_id) == "b@example.org"  # kept while the answer has not left
        page = browser.get(f"/staff/feedback/{feedback_id}").text
        assert "le serveur de courriel ne répond pas" in page and "Renvoyer maintenant" in page
        assert "En attente, nouvel essai vers" in page
        inbox = Inbox()
        server = Controller(inbox, hostname="127.0.0.1", port=port)
        server.start()  # the server comes back: the worker's next attempt delivers, no restart
        try:
            wait_until(lambda: inbox.messages)
            wait_until(lambda: (mail := mail_of(app, feedback_id)) is not None and mail.state == "sent")
        finally:
            server.stop()
        assert "Envoyé le" in browser.get(f"/staff/feedback/{feedback_id}").text
    _, recipients, message = inbox.messages[0]
    assert recipients == ["b@example.org"] and "il mesure l’air" in message.get_content()
    assert email_of(app, feedback_id) is None


def test_retries_start_within_a_minute_and_grow_to_every_fifteen_minutes() -> None:
    delays = [retry_delay(attempt, 30.0) for attempt in range(1, 40)]
    assert delays[0] <= timedelta(minutes=1)
    assert delays == sorted(delays) and delays[-1] == timedelta(minutes=15)


def test_without_a_mail_server_the_inbox_says_so_and_answers_wait_with_their_address(database_url: str) -> None:
    app = create_app(make_settings(database_url), sign_renderer=fake_sign_renderer)
    try:
        public = seeded(app)
        feedback_id = post_feedback(public, "Bonjour", email="c@example.org")
        add_account(app, EDITOR, "editor")
        with TestClient(app, base_url=BASE_URL) as browser:
            sign_in(browser, EDITOR)
            for path in ("/staff/feedback", f"/staff/feedback/{feedback_id}"):
                assert "Aucun serveur de courriel n’est configuré" in browser.get(path).text  # before anyone writes
            answer(browser, feedback_id, "Merci pour votre message.")
            page = browser.get(f"/staff/feedback/{feedback_id}").text
            assert "En attente d’envoi" in page
        assert erase_expired_emails(app.state.engine, app.state.settings) == 0  # the hourly sweep keeps it
        mail = mail_of(app, feedback_id)
        assert mail is not None and mail.state == "waiting" and email_of(app, feedback_id) == "c@example.org"
    finally:
        app.state.engine.dispose()


def test_a_waiting_answer_fails_when_the_address_reaches_the_end_of_its_retention(database_url: str) -> None:
    app = create_app(make_settings(database_url), sign_renderer=fake_sign_renderer)
    try:
        public = seeded(app)
        feedback_id = post_feedback(public, "Bonjour", email="d@example.org")
        add_account(app, EDITOR, "editor")
        with TestClient(app, base_url=BASE_URL) as browser:
            sign_in(browser, EDITOR)
            answer(browser, feedback_id, "Réponse.")
        later = datetime.now(UTC) + timedelta(days=91)
        assert erase_expired_emails(app.state.engine, app.state.settings, at=later) == 1
        mail = mail_of(app, feedback_id)
        assert mail is not None and mail.state == "failed" and mail.last_error == "address_erased"
    finally:
        app.state.engine.dispose()


def test_a_spanish_sender_gets_a_spanish_mail(mail_app: FastAPI, smtp: tuple[Inbox, int]) -> None:
    public = seeded(mail_app)
    feedback_id = post_feedback(public, "¿Qué mide?", email="e@example.org", locale="es")
    add_account(mail_app, EDITOR, "editor")
    with TestClient(mail_app, base_url=BASE_URL) as browser:
        sign_in(browser, EDITOR)
        answer(browser, feedback_id, "Mide la calidad del aire.")
        wait_until(lambda: smtp[0].messages)
    message = smtp[0].messages[0][2]
    assert message["Subject"] == "Respuesta a su mensaje sobre el sensor ANG-TEST-0001"
    body = message.get_content()
    assert body.startswith("Hola:") and "Su mensaje del" in body and "Réponse" not in body
    assert f"{BASE_URL}/s/ANG-TEST-0001?lang=es" in body


def test_a_comma_address_is_refused_and_never_becomes_two_recipients(
    mail_app: FastAPI, smtp: tuple[Inbox, int]
) -> None:
    public = seeded(mail_app)
    body = {"message": "Bonjour", "email": "postmaster,x@evil.example", "locale": "fr"}
    refused = public.post("/api/v1/sensors/ANG-TEST-0001/feedback", json=body)
    assert refused.status_code == 422 and "one e-mail address only" in refused.text
    form = public.post("/s/ANG-TEST-0001/feedback", data={"message": "Bonjour", "email": "postmaster"})
    assert form.status_code == 422  # the form comes back with its error, nothing stored
    with session_scope(mail_app.state.engine) as session:  # one stored before the check existed
        legacy = FeedbackRow(
            sensor_id="ANG-TEST-0001", created_at=datetime.now(UTC), message="vieux", email="postmaster,x@evil.example"
        )
        session.add(legacy)
        session.flush()
        feedback_id = legacy.id
    assert feedback_id is not None
    add_account(mail_app, EDITOR, "editor")
    with TestClient(mail_app, base_url=BASE_URL) as browser:
        sign_in(browser, EDITOR)
        answer(browser, feedback_id, "Réponse.")
        wait_until(lambda: (mail := mail_of(mail_app, feedback_id)) is not None and mail.state == "failed")
        assert "n’est pas une adresse unique valable" in browser.get(f"/staff/feedback/{feedback_id}").text
    assert smtp[0].messages == []
    assert mail_of(mail_app, feedback_id).last_error == "bad_address"  # type: ignore[union-attr]


def test_a_read_token_never_sees_addresses_and_an_api_answer_is_mailed_then_erased(
    mail_app: FastAPI, smtp: tuple[Inbox, int]
) -> None:
    public = seeded(mail_app)
    feedback_id = post_feedback(public, "Question", email="f@example.org")
    with session_scope(mail_app.state.engine) as session:
        reader = create_token(session, name="tableau de bord", scope="read")
    with TestClient(mail_app, base_url=BASE_URL) as api:
        read = api.get("/api/v1/feedback", headers={"Authorization": f"Bearer {reader}"}).json()
        assert [item["email"] for item in read["items"]] == [None]
        write = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        assert api.get("/api/v1/feedback", headers=write).json()["items"][0]["email"] == "f@example.org"
        patched = api.patch(f"/api/v1/feedback/{feedback_id}", json={"answer": "Réponse par l’API."}, headers=write)
        assert patched.status_code == 200 and patched.json()["mail"] == "waiting"
        wait_until(lambda: smtp[0].messages)
        wait_until(lambda: email_of(mail_app, feedback_id) is None)
        item = api.get("/api/v1/feedback", headers=write).json()["items"][0]
        assert item["mail"] == "sent" and item["email"] is None
    assert smtp[0].messages[0][1] == ["f@example.org"]
