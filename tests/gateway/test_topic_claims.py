"""A device may not take over another device's topics (issue #11, point 3), in both directions."""

from __future__ import annotations

import json
import time

import pytest
from sqlmodel import Session

from dtpr_core.settings import Settings
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.reads import list_quarantine
from dtpr_store.tables import QuarantineRow, SensorRow
from dtpr_store.writes import upsert_sensor
from gateway import GatewayHandle
from gateway.message import ReceivedMessage
from gateway.pipeline import Accepted, Pipeline, Quarantined
from tests.conftest import make_sensor
from tests.gateway.broker import Publisher
from tests.gateway.conftest import wait_for

PREFIX, DISCOVERY = "dtpr/v1", "homeassistant"
META = b'{"device": {"model": "AQ-1"}, "elements": ["air_quality"]}'


def evil_config(*claimed: str) -> bytes:
    return json.dumps({"dev": {"ids": "evil"}, "avty": [{"t": topic} for topic in claimed]}).encode()


def decode(pipeline: Pipeline, topic: str, payload: bytes) -> Accepted | Quarantined:
    return pipeline.decode(ReceivedMessage(topic, payload))


@pytest.mark.parametrize(
    "claimed",
    [
        "dtpr/v1/ANG-AQ-0001/meta",
        "dtpr/v1/ANG-AQ-0001/status",
        "dtpr/v1",
        "homeassistant/sensor/other/x/config",
        "lorawan/app/up",
    ],
)
def test_a_config_claiming_a_reserved_topic_is_quarantined_and_claims_nothing(claimed: str) -> None:
    pipeline = Pipeline(topic_prefix=PREFIX, discovery_prefix=DISCOVERY, reserved_prefixes=("lorawan",))
    result = decode(pipeline, "homeassistant/sensor/evil/x/config", evil_config("evil/ok", claimed))
    assert isinstance(result, Quarantined)
    assert result.kind == "reserved" and repr(claimed) in result.reason
    assert pipeline.availability == {} and pipeline.config_owner == {}


def test_native_topics_keep_their_meaning_whatever_a_config_said() -> None:
    pipeline = Pipeline(topic_prefix=PREFIX, discovery_prefix=DISCOVERY)
    pipeline.availability["dtpr/v1/ANG-AQ-0001/status"] = {}  # even a stale claim cannot win
    meta = decode(pipeline, "dtpr/v1/ANG-AQ-0001/meta", META)
    status = decode(pipeline, "dtpr/v1/ANG-AQ-0001/status", b"offline")
    assert isinstance(meta, Accepted) and meta.announcements[0].sensor_id == "ANG-AQ-0001"
    assert isinstance(status, Accepted) and [(s.sensor_id, s.online) for s in status.statuses] == [
        ("ANG-AQ-0001", False)
    ]


def test_a_native_device_cannot_speak_for_a_home_assistant_device() -> None:
    pipeline = Pipeline(topic_prefix=PREFIX, discovery_prefix=DISCOVERY)
    for topic in ("dtpr/v1/ha-zigbee2mqtt_0x1/meta", "dtpr/v1/ha-zigbee2mqtt_0x1/status"):
        result = decode(pipeline, topic, META if topic.endswith("meta") else b"online")
        assert isinstance(result, Quarantined) and result.kind == "reserved", result


def test_a_shared_availability_topic_only_reaches_the_devices_that_declared_it() -> None:
    pipeline = Pipeline(topic_prefix=PREFIX, discovery_prefix=DISCOVERY)
    for device in ("a", "b"):
        config = {"dev": {"ids": device}, "avty": [{"t": "bridge/state"}, {"t": f"{device}/availability"}]}
        assert isinstance(
            decode(pipeline, f"homeassistant/sensor/{device}/t/config", json.dumps(config).encode()), Accepted
        )
    bridge = decode(pipeline, "bridge/state", b"offline")
    own = decode(pipeline, "a/availability", b"offline")
    assert isinstance(bridge, Accepted) and sorted(s.sensor_id for s in bridge.statuses) == ["ha-a", "ha-b"]
    assert isinstance(own, Accepted) and [s.sensor_id for s in own.statuses] == ["ha-a"]


@pytest.mark.mqtt
def test_a_retained_hostile_config_changes_nothing_for_a_declared_sensor(
    gateway_settings: Settings, publisher: Publisher, topic_prefix: str
) -> None:
    """The attack of issue #11 against the real broker and gateway: the sensor's own announcements still count."""
    engine = make_engine(gateway_settings.database.url)
    migrate(engine)
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=make_sensor("ANG-AQ-0001"), source="register", actor="test")
    discovery = gateway_settings.mqtt.discovery_prefix
    own_meta, own_status = f"{topic_prefix}/ANG-AQ-0001/meta", f"{topic_prefix}/ANG-AQ-0001/status"
    publisher.publish(f"{discovery}/sensor/evil/x/config", evil_config(own_meta, own_status), retain=True)
    try:
        with GatewayHandle(gateway_settings) as handle:
            assert handle.wait_connected(10)
            time.sleep(0.3)
            publisher.publish(
                own_meta,
                json.dumps({"device": {"model": "AQ-1"}, "elements": ["air_quality", "identifiable_video"]}).encode(),
            )
            publisher.publish(own_status, b"online")

            def recorded() -> SensorRow | None:
                with Session(engine) as session:
                    row = session.get(SensorRow, "ANG-AQ-0001")
                    return row if row and row.online and row.drift else None

            row = wait_for(recorded)
            assert row is not None, "the sensor's own announcement or status was lost"
            assert [item["element_id"] for item in row.drift] == ["identifiable_video"]

            def quarantine() -> list[QuarantineRow]:
                with Session(engine) as session:
                    return list_quarantine(session, limit=10)

            quarantined = wait_for(quarantine)
            assert [q.topic for q in quarantined] == [f"{discovery}/sensor/evil/x/config"]
            assert "reserved topic" in quarantined[0].reason
    finally:
        publisher.publish(f"{discovery}/sensor/evil/x/config", b"", retain=True)
        engine.dispose()
