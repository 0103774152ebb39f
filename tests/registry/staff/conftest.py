"""Console fixtures: accounts of each role and browsers (test clients) signed in as them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dtpr_core.passwords import hash_password
from dtpr_store.db import session_scope
from dtpr_store.writes import create_staff_account
from tests.registry.conftest import BASE_URL

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
