"""Console fixtures: accounts of each role and browsers (test clients) signed in as them."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dtpr_core.passwords import hash_password
from dtpr_store.db import session_scope
from dtpr_store.writes import create_staff_account
from registry.app import create_app
from tests.registry.conftest import BASE_URL, fake_sign_renderer, make_settings

PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def add_account(app: FastAPI, email: str, role: str, name: str | None = None) -> None:
    with session_scope(app.state.engine) as session:
        create_staff_account(
            session,
            email=email,
            name=name or email.split("@")[0].title(),
            role=role,
            password_hash=hash_password(PASSWORD),
        )


def csrf_of(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    form = client.get("/staff/login")
    assert form.status_code == 200
    response = client.post(
        "/staff/login", data={"csrf": csrf_of(form.text), "email": email, "password": password}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return client


SignedIn = Callable[[str], TestClient]


@pytest.fixture
def signed_in(app: FastAPI) -> Iterator[SignedIn]:
    """``signed_in("editor")``: a new browser signed in with an account of that role."""
    clients: list[TestClient] = []

    def make(role: str) -> TestClient:
        email = f"{role}{len(clients)}@ville.example.fr"
        add_account(app, email, role)
        client = TestClient(app, base_url=BASE_URL)
        clients.append(client)
        return sign_in(client, email)

    yield make
    for client in clients:
        client.close()


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


def app_with_mail(database_url: str, port: int, retry_seconds: float = 30.0) -> FastAPI:
    settings = make_settings(database_url)
    mail = settings.mail.model_copy(
        update={
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            "from_address": "capteurs@ville.example.fr",
            "retry_seconds": retry_seconds,
        }
    )
    return create_app(settings.model_copy(update={"mail": mail}), sign_renderer=fake_sign_renderer)


@pytest.fixture
def mail_app(database_url: str, smtp: tuple[Inbox, int]) -> Iterator[FastAPI]:
    app = app_with_mail(database_url, smtp[1])
    yield app
    app.state.engine.dispose()
