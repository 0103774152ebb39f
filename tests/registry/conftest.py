"""Registry fixtures: an app per test over the ``database_url`` database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dtpr_core.register import sensor_to_data
from dtpr_core.settings import Settings
from registry.app import create_app
from tests.conftest import make_sensor

ADMIN_TOKEN = "test-admin-token-0123456789"
BASE_URL = "https://capteurs.example.fr"


def fake_sign_renderer(sensor: Any, options: Any, fmt: str) -> bytes:
    return f"<svg xmlns='http://www.w3.org/2000/svg'><text>{sensor.id}</text></svg>".encode()


def make_settings(database_url: str, **api: Any) -> Settings:
    return Settings(
        database={"url": database_url},
        api={"token": ADMIN_TOKEN, **api},
        public={"base_url": BASE_URL},
    )


@pytest.fixture
def app(database_url: str) -> Iterator[FastAPI]:
    app = create_app(make_settings(database_url), sign_renderer=fake_sign_renderer)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def reader(client: TestClient, admin: dict[str, str]) -> dict[str, str]:
    response = client.post("/api/v1/tokens", json={"name": "staff tool", "scope": "read"}, headers=admin)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def sensor_body(sensor_id: str = "ANG-TEST-0001", **changes: Any) -> dict[str, Any]:
    return sensor_to_data(make_sensor(sensor_id, **changes))


def assert_error_shape(response: Any, status: int) -> dict[str, Any]:
    """The one JSON error shape, with its exact keys."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"ok", "status", "error", "errors"}, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    for item in body["errors"]:
        assert set(item) == {"field", "message", "severity"}, item
    return body
