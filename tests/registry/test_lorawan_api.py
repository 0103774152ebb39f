"""Silent sensors and LoRaWAN devices through the API, from a register with ``network.lorawan``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from dtpr_core.lorawan import LinkHealth, LorawanEvent
from dtpr_core.lorawan_mapping import default_mapping
from dtpr_store.db import session_scope
from dtpr_store.writes import record_announcements_bulk, record_lorawan_events
from tests.registry.conftest import assert_error_shape, sensor_body

EUI = "70B3D57ED0001234"


def heard(app, dev_eui: str, at: datetime, profile: str = "Capteur CO2") -> None:
    event = LorawanEvent(
        "chirpstack", "application", "up", dev_eui, at, True, profile=profile, link=LinkHealth(-90, 3.5, 1)
    )
    with session_scope(app.state.engine) as session:
        found = record_lorawan_events(session, events=[event], mapping=default_mapping())
        record_announcements_bulk(session, announcements=[a for a in found if a])


def test_silent_sensors_and_devices_need_a_token(client: TestClient, reader) -> None:
    for path in ("/api/v1/silent", "/api/v1/lorawan/devices"):
        assert_error_shape(client.get(path), 401)
        assert client.get(path, headers=reader).status_code == 200


def test_a_linked_sensor_unheard_for_three_intervals_is_listed(client: TestClient, app, admin, reader) -> None:
    body = sensor_body("ANG-AQ-0001", network={"lorawan": {"dev_eui": EUI.lower(), "reporting_interval": "1h"}})
    assert client.put("/api/v1/sensors/ANG-AQ-0001", json=body, headers=admin).status_code in (200, 201)
    assert client.get("/api/v1/sensors/ANG-AQ-0001").json()["sensor"]["network"] == {
        "lorawan": {"dev_eui": EUI, "reporting_interval": "1h"}
    }
    recent = datetime.now(UTC) - timedelta(minutes=30)
    heard(app, EUI, recent)
    assert client.get("/api/v1/silent", headers=reader).json()["items"] == []
    heard(app, "A84041000181C0DE", recent)  # unlinked: discovered, never silent
    discovered = client.get("/api/v1/discovered", headers=reader).json()["items"]
    assert [item["id"] for item in discovered] == ["lorawan-a84041000181c0de"]
    assert discovered[0]["device"]["network"]["dev_eui"] == "A84041000181C0DE"

    heard(app, EUI, datetime.now(UTC) - timedelta(days=3))  # an old event does not move last heard back
    assert client.get("/api/v1/silent", headers=reader).json()["items"] == []
    bad = sensor_body("ANG-AQ-0002") | {"network": {"lorawan": {"dev_eui": "70B3D57ED000123"}}}
    error = assert_error_shape(client.put("/api/v1/sensors/ANG-AQ-0002", json=bad, headers=admin), 422)
    assert "16" in str(error)

    with session_scope(app.state.engine) as session:  # three days of silence
        from dtpr_store.tables import LorawanDeviceRow

        session.get(LorawanDeviceRow, EUI).last_heard = datetime.now(UTC) - timedelta(days=3)
    (silent,) = client.get("/api/v1/silent", headers=reader).json()["items"]
    assert silent["sensor_id"] == "ANG-AQ-0001" and silent["reporting_interval_seconds"] == 3600
    assert silent["silent_for_seconds"] >= 3 * 86400 - 5 and silent["url"].endswith("/s/ANG-AQ-0001")
    devices = {d["dev_eui"]: d for d in client.get("/api/v1/lorawan/devices", headers=reader).json()["items"]}
    assert devices[EUI]["linked_sensor_id"] == "ANG-AQ-0001" and devices[EUI]["link"]["rssi"] == -90
    assert devices["A84041000181C0DE"]["reporting_interval_seconds"] == 900
