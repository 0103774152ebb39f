""" "Did this page help?": plain form posts counted per sensor and day, in the stats and their CSV."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from registry.app import create_app
from registry.pages.sensor_view import PARIS
from tests.registry.conftest import BASE_URL, fake_sign_renderer, make_settings, sensor_body


def vote(client: TestClient, answer: str, sensor_id: str = "ANG-TEST-0001", **headers: str):
    return client.post(
        f"/s/{sensor_id}/helpful", data={"helpful": answer, "lang": "en"}, headers=headers, follow_redirects=False
    )


@pytest.fixture
def limited_app(database_url: str) -> Iterator[FastAPI]:
    settings = make_settings(database_url)
    settings.api.votes_per_minute = 2
    app = create_app(settings, sign_renderer=fake_sign_renderer)
    yield app
    app.state.engine.dispose()


def test_answers_are_counted_per_sensor_and_day(client: TestClient, admin, reader) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    first = vote(client, "yes", Origin=BASE_URL)
    assert first.status_code == 303 and first.headers["location"] == "/s/ANG-TEST-0001?lang=en&voted=1#helpful"
    assert "set-cookie" not in first.headers
    vote(client, "yes")  # no Origin nor Referer (a privacy-minded browser): accepted
    vote(client, "no", Referer=f"{BASE_URL}/s/ANG-TEST-0001")
    today = datetime.now(UTC).astimezone(PARIS).date().isoformat()
    helpful = client.get("/api/v1/stats?days=7", headers=reader).json()["helpful"]
    assert helpful == {
        "helpful": 2,
        "not_helpful": 1,
        "by_day": [{"day": today, "helpful": 2, "not_helpful": 1}],
        "top_sensors": [{"sensor_id": "ANG-TEST-0001", "helpful": 2, "not_helpful": 1}],
    }
    csv = client.get("/api/v1/stats/helpful.csv", headers=reader)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines() == ["\ufeffday,sensor_id,helpful,not_helpful", f"{today},ANG-TEST-0001,2,1"]
    assert client.get("/api/v1/stats/helpful.csv").status_code == 401


def test_bad_answers_are_refused_and_not_counted(client: TestClient, admin, reader) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    assert vote(client, "yes", Origin="https://evil.example").status_code == 403
    assert vote(client, "yes", Origin="null").status_code == 403  # an opaque origin is another site
    assert vote(client, "maybe").status_code == 422
    assert vote(client, "yes", "ANG-NOPE").status_code == 404
    assert client.post("/s/ANG-TEST-0001/helpful", data={}).status_code == 422
    assert client.get("/api/v1/stats", headers=reader).json()["helpful"]["helpful"] == 0


def test_over_the_limit_answers_are_thanked_but_not_counted(limited_app: FastAPI) -> None:
    with TestClient(limited_app, base_url=BASE_URL) as client:
        admin = {"Authorization": "Bearer test-admin-token-0123456789"}
        client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
        assert [vote(client, "yes").status_code for _ in range(4)] == [303] * 4
        assert client.get("/api/v1/stats", headers=admin).json()["helpful"]["helpful"] == 2
