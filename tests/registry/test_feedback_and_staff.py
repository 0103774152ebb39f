"""Feedback (public post, honeypot, staff answers), staff views, stats, inventory, signs."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from dtpr_core.announcement import Announcement, DeviceIdentity
from dtpr_store.db import session_scope
from dtpr_store.writes import add_page_views, quarantine_messages, record_announcements
from registry.antiabuse import RateLimiter
from tests.registry.conftest import sensor_body

CAMERA = {
    "location": {"lat": 47.4, "lon": -0.5, "commune": "Angers", "zone": "Gare"},
    "legal_basis": "public_task",
    "datachain": {
        "purpose": ["safety_security"],
        "tech": ["identifiable_video"],
        "access": ["available_to_the_accountable_organization"],
        "retention": [{"element": "data_retained", "variables": {"duration": {"fr": "30 jours", "en": "30 days"}}}],
        "storage": ["stored_locally"],
    },
}


def test_feedback_is_stored_answered_and_honeypot_ignored(client: TestClient, admin, reader) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    sent = client.post(
        "/api/v1/sensors/ANG-TEST-0001/feedback",
        json={"message": "  Que mesure ce capteur ?  ", "email": "a@example.org", "locale": "fr"},
    )
    assert sent.status_code == 202 and sent.json() == {"ok": True, "status": "received"}
    robot = client.post("/api/v1/sensors/ANG-TEST-0001/feedback", json={"message": "buy", "website": "spam.example"})
    assert robot.status_code == 202, "robots are answered as if it worked"
    assert client.post("/api/v1/sensors/ANG-NOPE/feedback", json={"message": "x"}).status_code == 404
    assert client.post("/api/v1/sensors/ANG-TEST-0001/feedback", json={"message": ""}).status_code == 422
    bad_mail = client.post("/api/v1/sensors/ANG-TEST-0001/feedback", json={"message": "x", "email": "nope"})
    assert bad_mail.status_code == 422
    listed = client.get("/api/v1/feedback", headers=reader).json()
    assert listed["total"] == 1
    item = listed["items"][0]
    assert item["message"] == "Que mesure ce capteur ?" and item["status"] == "new"
    assert client.patch(f"/api/v1/feedback/{item['id']}", json={"answer": "x"}, headers=reader).status_code == 403
    answered = client.patch(f"/api/v1/feedback/{item['id']}", json={"answer": "La qualité de l'air."}, headers=admin)
    assert answered.json()["status"] == "answered" and answered.json()["answered_by"] == "admin (DTPR_API__TOKEN)"
    closed = client.patch(f"/api/v1/feedback/{item['id']}", json={"status": "closed"}, headers=admin).json()
    assert closed["status"] == "closed" and closed["answer"] == "La qualité de l'air."
    assert client.patch("/api/v1/feedback/999", json={"status": "closed"}, headers=admin).status_code == 404
    assert client.patch(f"/api/v1/feedback/{item['id']}", json={}, headers=admin).status_code == 400
    assert client.get("/api/v1/feedback?status=new", headers=reader).json()["total"] == 0


def test_rate_limiter_is_bounded_and_stores_no_address() -> None:
    limiter = RateLimiter(2, max_clients=3)
    assert [limiter.allow("10.0.0.1", now=0.0) for _ in range(3)] == [True, True, False]
    assert limiter.allow("10.0.0.1", now=61.0), "the window slides"
    for index in range(10):
        limiter.allow(f"10.0.1.{index}", now=62.0)
    assert len(limiter) == 3
    assert all("10.0." not in key for key in limiter._events)


def test_staff_views_need_a_token(client: TestClient, app, admin, reader) -> None:
    for path in ("/api/v1/discovered", "/api/v1/drift", "/api/v1/quarantine", "/api/v1/stats", "/api/v1/feedback"):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers=reader).status_code == 200, path


def test_discovered_drift_and_quarantine(client: TestClient, app, admin, reader) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    at = datetime(2026, 11, 1, tzinfo=UTC)
    identity = DeviceIdentity("Acme", "AQ-1", "SN1", "1.0")
    with session_scope(app.state.engine) as session:
        record_announcements(
            session,
            announcements=[
                Announcement("ANG-TEST-0001", "dtpr", at, "", identity, ("air_quality", "identifiable_video")),
                Announcement("ha-0xbeef", "homeassistant", at, "sensor/t", identity, ("thermometer",)),
            ],
        )
        quarantine_messages(session, items=[("dtpr/v1/x/meta", b"\xff<script>", 9, "not JSON", at)])
    discovered = client.get("/api/v1/discovered", headers=reader).json()["items"]
    assert [item["id"] for item in discovered] == ["ha-0xbeef"]
    assert client.get("/api/v1/sensors/ha-0xbeef").status_code == 404, "discovered devices are not public"
    drift = client.get("/api/v1/drift", headers=reader).json()["items"]
    assert drift[0]["id"] == "ANG-TEST-0001" and drift[0]["drift"][0]["element_id"] == "identifiable_video"
    assert client.get("/s/ANG-TEST-0001.json").json()["drift"]
    quarantined = client.get("/api/v1/quarantine", headers=reader).json()["items"][0]
    assert quarantined["payload_text"] == "\\xff<script>"
    assert base64.b64decode(quarantined["payload_base64"]) == b"\xff<script>"


def test_stats_without_tracking(client: TestClient, app, admin, reader) -> None:
    client.put("/api/v1/sensors/ANG-TEST-0001", json=sensor_body(), headers=admin)
    client.post("/api/v1/sensors/ANG-TEST-0001/feedback", json={"message": "hello"})
    today = datetime.now(UTC).date()
    with session_scope(app.state.engine) as session:
        add_page_views(session, counts={("ANG-TEST-0001", today): 5})
    with session_scope(app.state.engine) as session:
        add_page_views(session, counts={("ANG-TEST-0001", today): 2})
    stats = client.get("/api/v1/stats?days=7", headers=reader).json()
    assert stats["page_views"]["total"] == 7
    assert stats["page_views"]["by_day"] == [{"day": today.isoformat(), "count": 7}]
    assert stats["page_views"]["top_sensors"] == [{"sensor_id": "ANG-TEST-0001", "count": 7}]
    assert stats["feedback"]["total"] == 1 and stats["feedback"]["by_status"] == {"new": 1}
    assert stats["sensors"]["status"] == {"active": 1}


def test_inventory_lists_personal_data_sensors_only(client: TestClient, admin) -> None:
    items = [sensor_body("ANG-AQ-1"), sensor_body("ANG-CAM-1", **CAMERA)]
    client.post("/api/v1/sensors/bulk", json={"items": items}, headers=admin)
    inventory = client.get("/api/v1/inventory").json()
    assert inventory["total"] == 1
    row = inventory["items"][0]
    assert row["id"] == "ANG-CAM-1" and row["personal_data"] == "identifiable"
    assert row["legal_basis"] == "public_task" and "6-1-e" in row["legal_basis_text"]
    assert row["retention"] == "Données conservées 30 jours"
    assert row["storage"] and row["access"] and row["accountable"] == ["Angers Loire Métropole"]
    csv_text = client.get("/inventory.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == (
        "id,name,status,commune,zone,personal_data,purposes,technologies,legal_basis,legal_basis_text,"
        "retention,storage,access,accountable,dpo_contact"
    )
    assert "ANG-CAM-1" in csv_text and "ANG-AQ-1" not in csv_text


def test_signs_printed_and_outdated(client: TestClient, admin, reader) -> None:
    client.post("/api/v1/sensors/bulk", json={"items": [sensor_body("ANG-A-1"), sensor_body("ANG-A-2")]}, headers=admin)
    printed = client.post(
        "/api/v1/signs/printed",
        json={"items": [{"sensor_id": "ANG-A-1", "revision": 1, "format": "pdf", "size": "a5"}]},
        headers=admin,
    )
    assert printed.json() == {"ok": True, "recorded": 1}
    assert [i["id"] for i in client.get("/api/v1/signs/outdated", headers=reader).json()["items"]] == ["ANG-A-2"]
    client.put("/api/v1/sensors/ANG-A-1", json=sensor_body("ANG-A-1", name={"fr": "Neuf"}), headers=admin)
    outdated = client.get("/api/v1/signs/outdated", headers=reader).json()["items"]
    assert [(i["id"], i["revision"], i["printed_revision"]) for i in outdated] == [
        ("ANG-A-1", 2, 1),
        ("ANG-A-2", 1, None),
    ]
    sign = client.get("/signs/ANG-A-1.svg")
    assert sign.status_code == 200 and sign.headers["content-type"] == "image/svg+xml"
    assert sign.headers["x-content-type-options"] == "nosniff"
    assert client.get("/signs/ANG-NOPE.svg").status_code == 404
