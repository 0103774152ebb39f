"""``/staff/carte``: the console's lists on a map, each item linking to its console page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dtpr_core.announcement import Announcement, Location
from dtpr_store.db import session_scope
from dtpr_store.writes import record_announcements, upsert_sensor
from registry.app import create_app
from tests.conftest import make_sensor
from tests.registry.conftest import BASE_URL, fake_sign_renderer, make_settings
from tests.registry.staff.conftest import SignedIn


@pytest.fixture
def app(database_url: str) -> Iterator[FastAPI]:
    app = create_app(make_settings(database_url), sign_renderer=fake_sign_renderer)
    with session_scope(app.state.engine) as session:
        for index in range(2):
            upsert_sensor(session, sensor=make_sensor(f"ANG-T-{index}"), source="register", actor="sync")
    at = datetime.now(UTC)
    with session_scope(app.state.engine) as session:
        record_announcements(
            session,
            announcements=[
                Announcement("ANG-T-1", "dtpr", at, elements=("air_quality", "identifiable_video")),
                Announcement("DEV-AT-QUAI", "dtpr", at, elements=("air_quality",), location=Location(47.48, -0.56)),
                Announcement("DEV-NOWHERE", "dtpr", at, elements=("air_quality",)),
            ],
        )
    yield app
    app.state.engine.dispose()


def test_each_layer_links_its_items_to_their_console_pages(app: FastAPI, signed_in: SignedIn) -> None:
    viewer = signed_in("viewer")
    layers = {layer["key"]: layer for layer in viewer.get("/staff/carte/layers.json").json()["layers"]}
    assert [item[0] for item in layers["reprint"]["items"]] == ["ANG-T-0", "ANG-T-1"]  # never printed
    assert layers["reprint"]["items"][0][2:] == [47.47, -0.55, "/staff/sensors/ANG-T-0/history"]
    assert [item[0] for item in layers["drift"]["items"]] == ["ANG-T-1"]
    assert [item[4] for item in layers["discovered"]["items"]] == ["/staff/devices/DEV-AT-QUAI/declare"]
    assert layers["silent"]["items"] == []
    assert layers["reprint"]["label"] == "Panneaux à réimprimer"
    page = viewer.get("/staff/carte")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    assert 'href="/staff/devices/DEV-AT-QUAI/declare"' in page.text and "DEV-NOWHERE" not in page.text
    assert "Avec une position\u00a0: 1 sur 2" in page.text  # one discovered device of two has a position
    assert "script-src" not in viewer.get("/staff/").headers["content-security-policy"]


def test_the_staff_map_needs_a_signed_in_member(app: FastAPI) -> None:
    with TestClient(app, base_url=BASE_URL) as anonymous:
        for path in ("/staff/carte", "/staff/carte/layers.json"):
            response = anonymous.get(path, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/staff/login")
