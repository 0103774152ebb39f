"""The feedback inbox: filters, reading, answering by e-mail through a real local SMTP server, erasure."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from dtpr_store.tables import FeedbackRow, StaffAuditRow
from registry.staff.housekeeping import erase_expired_emails
from tests.registry.conftest import ADMIN_TOKEN, BASE_URL, sensor_body
from tests.registry.staff.conftest import PASSWORD, Inbox, add_account, csrf_of, sign_in


def wait_until(check: Callable[[], object], seconds: float = 20.0) -> None:
    """Poll *check* until it is true (the outbox worker runs in the app's lifespan)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out waiting for the outbox"
        time.sleep(0.05)


def post_feedback(
    client: TestClient,
    message: str,
    email: str | None = None,
    kind: str = "question",
    sensor: str = "ANG-TEST-0001",
    locale: str = "fr",
) -> int:
    body = {"message": message, "kind": kind, "locale": locale, **({"email": email} if email else {})}
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
        inbox, _ = smtp
        wait_until(lambda: "Envoyé le" in browser.get(done.headers["location"]).text)
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
