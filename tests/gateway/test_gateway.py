"""The gateway against the real broker and the real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import time

import pytest
from sqlmodel import Session

from dtpr_core.settings import Settings
from dtpr_core.taxonomy import load_taxonomy
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.reads import list_discovered, list_drift, list_quarantine
from dtpr_store.tables import SensorRow
from dtpr_store.writes import upsert_sensor
from gateway import GatewayHandle
from tests.conftest import make_sensor
from tests.gateway.broker import Publisher
from tests.gateway.conftest import wait_for

pytestmark = pytest.mark.mqtt


def announcement(*elements: str, firmware: str = "1.0") -> bytes:
    return json.dumps(
        {"device": {"manufacturer": "Acme", "model": "AQ-1", "firmware": firmware}, "elements": list(elements)}
    ).encode()


def row(engine, sensor_id: str) -> SensorRow | None:
    with Session(engine) as session:
        return session.get(SensorRow, sensor_id)


@pytest.fixture
def declared(gateway_settings: Settings):
    engine = make_engine(gateway_settings.database.url)
    migrate(engine)
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=make_sensor("ANG-AQ-0001"), source="register", actor="test")
    yield engine
    engine.dispose()


@pytest.fixture
def gateway(gateway_settings: Settings, declared):
    with GatewayHandle(gateway_settings) as handle:
        assert handle.wait_subscribed(10), "the gateway did not connect and subscribe"
        yield handle


def test_native_announcement_updates_device_facts_within_a_second(gateway, declared, publisher, topic_prefix):
    started = time.monotonic()
    publisher.publish(f"{topic_prefix}/ANG-AQ-0001/meta", announcement("air_quality", firmware="2.0"), retain=True)
    publisher.publish(f"{topic_prefix}/ANG-AQ-0001/status", b"online", retain=True)
    recorded = wait_for(lambda: (r := row(declared, "ANG-AQ-0001")) and r.online and r.device and r)
    assert recorded, "the announcement was not recorded"
    assert time.monotonic() - started < 1.0
    assert recorded.device["identity"] == {"manufacturer": "Acme", "model": "AQ-1", "firmware": "2.0"}
    assert recorded.revision == 1 and recorded.data["datachain"]["tech"] == ["air_quality"], (
        "declared datachain untouched"
    )
    assert recorded.last_seen is not None and not recorded.drift

    publisher.publish(f"{topic_prefix}/ANG-AQ-0001/status", b"offline", retain=True)
    assert wait_for(lambda: row(declared, "ANG-AQ-0001").online is False)


def test_unknown_device_is_discovered_and_not_public(gateway, declared, publisher, topic_prefix):
    started = time.monotonic()
    publisher.publish(f"{topic_prefix}/NEW-DEVICE-7/meta", announcement("thermometer"), retain=True)
    assert wait_for(lambda: row(declared, "NEW-DEVICE-7"))
    assert time.monotonic() - started < 1.0
    with Session(declared) as session:
        assert [r.id for r in list_discovered(session)] == ["NEW-DEVICE-7"]
        assert session.get(SensorRow, "NEW-DEVICE-7").declared is False
    publisher.publish(f"{topic_prefix}/NEW-DEVICE-7/meta", b"", retain=True)
    assert wait_for(lambda: row(declared, "NEW-DEVICE-7").device.get("withdrawn"))


def test_drift_is_flagged_when_a_device_does_more_than_its_sign_says(gateway, declared, publisher, topic_prefix):
    publisher.publish(
        f"{topic_prefix}/ANG-AQ-0001/meta", announcement("air_quality", "identifiable_video"), retain=True
    )
    drifted = wait_for(lambda: (r := row(declared, "ANG-AQ-0001")) and r.drift and r)
    assert drifted.drift == [
        {"element_id": "identifiable_video", "category": "tech", "identifiability": "identifiable"}
    ]
    assert drifted.revision == 1
    with Session(declared) as session:
        assert [r.id for r in list_drift(session)] == ["ANG-AQ-0001"]


BAD_INPUTS = [
    ("ANG-AQ-0001/meta", b"\xff\xfe\xfa", "payload is not UTF-8"),
    ("ANG-AQ-0001/meta", b"{not json", "payload is not JSON"),
    ("ANG-AQ-0001/meta", b'{"device": {"model": 1}, "elements": []}', "device.model must be a string"),
    ("ANG-AQ-0001/meta", b'{"device": {}, "elements": ["camera_thing"]}', "unknown DTPR element 'camera_thing'"),
    ("bad$id/meta", b"{}", "malformed topic"),
    ("ANG-AQ-0001/status", b"sleepy", "status must be"),
    ("ANG-AQ-0001/meta", b"x" * 70_000, "payload too large"),
]


def test_bad_input_goes_to_quarantine_and_the_gateway_keeps_running(gateway, declared, publisher, topic_prefix):
    for suffix, payload, _reason in BAD_INPUTS:
        publisher.publish(f"{topic_prefix}/{suffix}", payload)
    with Session(declared) as session:
        rows = wait_for(lambda: len(list_quarantine(session)) >= len(BAD_INPUTS) and list_quarantine(session))
    assert rows, "not everything was quarantined"
    reasons = [r.reason for r in reversed(rows)]
    for (_suffix, _payload, expected), reason in zip(BAD_INPUTS, reasons, strict=True):
        assert expected in reason
    too_big = rows[0]
    assert too_big.payload_size == 70_000 and len(too_big.payload) == 4096
    assert gateway.gateway.connected.is_set()
    publisher.publish(f"{topic_prefix}/ANG-AQ-0001/meta", announcement("air_quality", firmware="after"))
    assert wait_for(lambda: row(declared, "ANG-AQ-0001").device)


def test_home_assistant_device_with_availability_and_removal(gateway, declared, publisher, topic_prefix):
    discovery = topic_prefix.replace("/dtpr/v1", "/homeassistant")
    base = topic_prefix.replace("/dtpr/v1", "/z2m/garden_sensor")  # outside the native namespace, which is reserved
    config = {
        "~": base,
        "avty": [{"t": "~/availability"}],
        "dev": {"ids": ["zigbee2mqtt_0x00124b0022"], "mf": "Sonoff", "mdl": "SNZB-02", "sw": "1.0.6"},
        "dev_cla": "temperature",
        "unit_of_meas": "°C",
        "stat_t": "~",
        "uniq_id": "0x00124b0022_temperature_zigbee2mqtt",
    }
    humidity = {**config, "dev_cla": "humidity", "unit_of_meas": "%", "uniq_id": "0x00124b0022_humidity"}
    publisher.publish(f"{discovery}/sensor/0x00124b0022/temperature/config", json.dumps(config), retain=True)
    publisher.publish(f"{discovery}/sensor/0x00124b0022/humidity/config", json.dumps(humidity), retain=True)
    sensor_id = "ha-zigbee2mqtt_0x00124b0022"
    found = wait_for(lambda: (r := row(declared, sensor_id)) and len(r.device["entities"]) == 2 and r)
    assert found and not found.declared
    assert found.announced == ["thermometer", "weather_station"]
    assert found.device["identity"] == {"manufacturer": "Sonoff", "model": "SNZB-02", "firmware": "1.0.6"}

    time.sleep(0.3)  # the gateway subscribes to the availability topic it just learned
    publisher.publish(f"{base}/availability", b"offline", retain=True)
    assert wait_for(lambda: row(declared, sensor_id).online is False)
    publisher.publish(f"{base}/availability", b'{"state": "online"}', retain=True)
    assert wait_for(lambda: row(declared, sensor_id).online is True)

    publisher.publish(f"{discovery}/sensor/0x00124b0022/humidity/config", b"", retain=True)
    assert wait_for(lambda: list(row(declared, sensor_id).device["entities"]) == ["sensor/0x00124b0022/temperature"])
    publisher.publish(f"{discovery}/sensor/0x00124b0022/temperature/config", b"", retain=True)
    assert wait_for(lambda: row(declared, sensor_id).device["withdrawn"])


def test_drift_shows_up_on_the_public_page(gateway_settings, gateway, declared, publisher, topic_prefix):
    from fastapi.testclient import TestClient

    from registry.app import create_app

    publisher.publish(
        f"{topic_prefix}/ANG-AQ-0001/meta", announcement("air_quality", "identifiable_video"), retain=True
    )
    assert wait_for(lambda: row(declared, "ANG-AQ-0001").drift)
    client = TestClient(create_app(gateway_settings))
    page = client.get("/s/ANG-AQ-0001")
    assert page.status_code == 200, page.text
    title = load_taxonomy().element("identifiable_video").title["fr"]  # "Vidéo de personnes reconnaissables"
    assert title.lower() in page.text.lower(), "the page must name, in plain words, what the sign does not say"


def test_mqtt_3_1_1_persistent_session(declared, mqtt_url, topic_prefix, gateway_settings: Settings):
    settings = gateway_settings.model_copy(
        update={"mqtt": gateway_settings.mqtt.model_copy(update={"protocol": "3.1.1"})}
    )
    with GatewayHandle(settings) as handle:
        assert handle.wait_subscribed(10)
    # offline: the persistent session (clean_session=false) keeps what arrives meanwhile
    with Publisher(mqtt_url) as publisher:
        publisher.publish(f"{topic_prefix}/OFFLINE-1/meta", announcement("thermometer"))
    with GatewayHandle(settings) as handle:
        assert handle.wait_connected(10)
        assert wait_for(lambda: row(declared, "OFFLINE-1"))


@pytest.mark.parametrize("depth", [1_000, 10_000])
def test_deeply_nested_announcements_are_refused_with_a_reason(gateway, declared, publisher, topic_prefix, depth):
    """A datachain nested 1,000 or 10,000 levels: quarantined as too deep, never an internal error."""
    nested = '{"datachain": {"purpose": ' + "[" * depth + "]" * depth + "}}"
    publisher.publish(f"{topic_prefix}/ANG-AQ-0001/meta", nested.encode())
    with Session(declared) as session:
        (kept,) = wait_for(lambda: list_quarantine(session))
    assert "nested more than 32 levels deep" in kept.reason, kept.reason
    assert gateway.gateway.connected.is_set()


def test_a_home_assistant_position_puts_the_discovered_device_on_the_staff_map(
    gateway, declared, publisher, topic_prefix
):
    from datetime import UTC, datetime

    from registry.staff.map import read_layers

    discovery = topic_prefix.replace("/dtpr/v1", "/homeassistant")
    config = {
        "dev": {"ids": ["tracker_van_12"], "mf": "Teltonika"},
        "source_type": "gps",
        "json_attributes": {"latitude": 47.4712, "longitude": -0.5521, "gps_accuracy": 8},
    }
    publisher.publish(f"{discovery}/device_tracker/van12/config", json.dumps(config), retain=True)
    sensor_id = "ha-tracker_van_12"
    found = wait_for(lambda: (r := row(declared, sensor_id)) and r.lat is not None and r)
    assert found and not found.declared and (found.lat, found.lon) == (47.4712, -0.5521)
    with Session(declared) as session:
        layers = {layer.key: layer for layer in read_layers(session, now=datetime.now(UTC), interval=None)}
    items = {item[0]: item for item in layers["discovered"].items}
    assert items[sensor_id][2:] == (47.4712, -0.5521, f"/staff/devices/{sensor_id}/declare")
