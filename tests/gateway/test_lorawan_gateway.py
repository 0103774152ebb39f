"""LoRaWAN sources end to end: real Mosquitto, real databases, events of each shape from the network servers' docs."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from chirpstack_api import integration
from google.protobuf import json_format
from sqlalchemy import inspect, text
from sqlmodel import Session

from dtpr_core.settings import Settings
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.reads import list_discovered, list_drift, list_quarantine, silent_sensors
from dtpr_store.tables import LorawanDeviceRow, SensorRow
from dtpr_store.writes import upsert_sensor
from gateway import GatewayHandle
from tests.conftest import make_sensor
from tests.gateway import lorawan_samples as samples
from tests.gateway.conftest import gateway_settings_for, wait_for

pytestmark = pytest.mark.mqtt

LINKED = "70B3D57ED0001234"
STRANGER = "A84041000181C0DE"
TTS_DEVICE = "0004A30B001C0530"


@pytest.fixture
def prefixes(topic_prefix: str) -> dict[str, str]:
    base = topic_prefix.removesuffix("/dtpr/v1")
    return {"chirpstack": f"{base}/application", "tts": f"{base}/v3", "webhook": f"{base}/webhooks"}


@pytest.fixture
def settings(database_url: str, mqtt_url: str, topic_prefix: str, prefixes: dict[str, str]) -> Settings:
    base = gateway_settings_for(database_url, mqtt_url, topic_prefix)
    return base.model_copy(
        update={
            "lorawan": base.lorawan.model_copy(
                update={
                    "chirpstack_prefixes": [prefixes["chirpstack"]],
                    "thethingsstack_prefixes": [prefixes["tts"]],
                    "webhook_prefixes": [prefixes["webhook"]],
                }
            )
        }
    )


def declare(engine, sensor_id: str, dev_eui: str, *, tech: list[str], interval: str | None = None) -> None:
    """A declared sensor linked to *dev_eui*, its datachain listing *tech*."""
    lorawan: dict[str, Any] = {"dev_eui": dev_eui}
    if interval:
        lorawan["reporting_interval"] = interval
    datachain = {
        "purpose": ["health"],
        "tech": tech,
        "data": ["values_time"],
        "retention": ["no_data_retained"],
        "storage": ["stored_locally"],
    }
    sensor = make_sensor(sensor_id, network={"lorawan": lorawan}, datachain=datachain)
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=sensor, source="register", actor="test")


@pytest.fixture
def engine(settings: Settings) -> Iterator[Any]:
    engine = make_engine(settings.database.url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def gateway(settings: Settings, engine) -> Iterator[GatewayHandle]:
    with GatewayHandle(settings) as handle:
        assert handle.wait_subscribed(10), "the gateway did not connect and subscribe"
        yield handle


def device(engine, dev_eui: str) -> LorawanDeviceRow | None:
    with Session(engine) as session:
        return session.get(LorawanDeviceRow, dev_eui)


def sensor_row(engine, sensor_id: str) -> SensorRow | None:
    with Session(engine) as session:
        return session.get(SensorRow, sensor_id)


def cs_topic(prefixes: dict[str, str], dev_eui: str, event: str) -> str:
    return f"{prefixes['chirpstack']}/17c82e96-be03-4f38-aef3-f83d48582d97/device/{dev_eui.lower()}/event/{event}"


def tts_topic(prefixes: dict[str, str], device_id: str, event: str) -> str:
    return f"{prefixes['tts']}/capteurs-ville@angers/devices/{device_id}/{event}"


def test_chirpstack_events_of_each_shape_update_the_linked_sensor(gateway, engine, publisher, prefixes):
    declare(engine, "ANG-AQ-0100", LINKED, tech=["air_quality"])
    before = sensor_row(engine, "ANG-AQ-0100")
    assert before is not None and before.last_seen is None
    for event, build in samples.CHIRPSTACK_EVENTS.items():
        publisher.publish(cs_topic(prefixes, LINKED, event), samples.encode(build(LINKED)))
    assert wait_for(lambda: (d := device(engine, LINKED)) and d.battery_level is not None and d.rssi is not None)
    assert gateway.wait_idle(10)
    found = device(engine, LINKED)
    assert found is not None
    assert (found.server, found.profile, found.device_id) == ("chirpstack", "Capteur CO2 Elsys ERS", "aq-fraternite")
    assert found.application == "capteurs-ville" and found.linked_sensor_id == "ANG-AQ-0100"
    assert (found.rssi, found.snr, found.gateway_count) == (-71, 9.25, 2), "best RSSI/SNR over the gateways"
    assert (found.battery_level, found.margin, found.external_power) == (87.5, 7, False)
    assert found.last_join is not None and found.first_heard is not None and found.last_heard is not None
    assert found.first_heard <= found.last_heard
    linked = sensor_row(engine, "ANG-AQ-0100")
    assert linked is not None and linked.last_seen is not None and linked.declared
    assert linked.device["network"]["dev_eui"] == LINKED and linked.device["source"] == "lorawan"
    assert "location" not in linked.device, "a gateway's position is never the device's"
    assert linked.lat == before.lat and linked.lon == before.lon
    assert not linked.drift, "air_quality is declared"
    with Session(engine) as session:
        assert list_quarantine(session) == []
        assert list_discovered(session) == []


def test_protobuf_marshaler_is_decoded_with_chirpstack_definitions(gateway, engine, publisher, prefixes):
    up = json_format.ParseDict(samples.cs_up(STRANGER), integration.UplinkEvent(), ignore_unknown_fields=True)
    status = json_format.ParseDict(samples.cs_status(STRANGER, 12.0), integration.StatusEvent())
    publisher.publish(cs_topic(prefixes, STRANGER, "up"), up.SerializeToString())
    publisher.publish(cs_topic(prefixes, STRANGER, "status"), status.SerializeToString())
    assert wait_for(lambda: (d := device(engine, STRANGER)) and d.battery_level == 12.0 and d.rssi == -71)
    publisher.publish(cs_topic(prefixes, STRANGER, "up"), b"\x0a\xff\xff\xff")
    assert wait_for(lambda: _quarantine(engine))
    (kept,) = _quarantine(engine)
    assert kept.reason.startswith("not a ChirpStack up event (JSON or protobuf)")
    assert kept.payload == b"", "a payload that is not JSON is not kept: it could be the device's data"


def _quarantine(engine) -> list[Any]:
    with Session(engine) as session:
        return list_quarantine(session)


def test_the_things_stack_and_webhooks_make_discovered_devices(gateway, engine, publisher, prefixes):
    publisher.publish(tts_topic(prefixes, "bin-0042", "join"), samples.encode(samples.tts_join(TTS_DEVICE)))
    publisher.publish(tts_topic(prefixes, "bin-0042", "up"), samples.encode(samples.tts_up(TTS_DEVICE)))
    publisher.publish(tts_topic(prefixes, "bin-0042", "down/ack"), samples.encode(samples.tts_down_ack(TTS_DEVICE)))
    publisher.publish(
        f"{prefixes['webhook']}/tts/uplink", samples.encode(samples.tts_up("0004A30B001C0531", "bin-0043"))
    )
    envelope = samples.chirpstack_envelope("up", samples.cs_up("0004A30B001C0532", "Compteur de passage"))
    publisher.publish(f"{prefixes['webhook']}/chirpstack", samples.encode(envelope))
    assert wait_for(lambda: len(_discovered(engine)) == 3, 10), _discovered(engine)
    assert gateway.wait_idle(10)
    tts = device(engine, TTS_DEVICE)
    assert tts is not None and (tts.brand, tts.model, tts.device_id) == ("milesight-iot", "em310-udl", "bin-0042")
    assert (tts.rssi, tts.snr, tts.gateway_count, tts.battery_level) == (-88, 6.0, 2, 64.5)
    assert tts.last_join is not None and tts.server == "thethingsstack"
    rows = {row.id: row for row in _discovered(engine)}
    assert set(rows) == {"lorawan-0004a30b001c0530", "lorawan-0004a30b001c0531", "lorawan-0004a30b001c0532"}
    counter = rows["lorawan-0004a30b001c0532"]
    assert counter.device["network"]["profile"] == "Compteur de passage"
    assert counter.announced == ["passive_infrared_sensor"], "people counter profile -> its technology"
    assert rows["lorawan-0004a30b001c0530"].device["identity"] == {
        "manufacturer": "milesight-iot",
        "model": "em310-udl",
        "serial": TTS_DEVICE,
    }
    assert all(row.last_seen is not None and row.lat is None for row in rows.values())


def _discovered(engine) -> list[SensorRow]:
    with Session(engine) as session:
        return list_discovered(session)


def test_malformed_events_are_quarantined_with_a_reason_and_without_payload(gateway, engine, publisher, prefixes):
    wrong_eui = samples.cs_up(LINKED)
    wrong_eui["deviceInfo"]["devEui"] = "0000000000000001"
    bad_rssi = samples.cs_up(LINKED)
    bad_rssi["rxInfo"][0]["rssi"] = "loud"
    no_eui = samples.tts_up(TTS_DEVICE)
    del no_eui["end_device_ids"]["dev_eui"]
    cases = [
        (cs_topic(prefixes, LINKED, "up"), samples.encode(wrong_eui), "deviceInfo.devEui 0000000000000001 differs"),
        (cs_topic(prefixes, LINKED, "up"), samples.encode(bad_rssi), "rxInfo[0].rssi must be a number"),
        (
            cs_topic(prefixes, "70B3D57ED00012", "up"),
            samples.encode(samples.cs_up(LINKED)),
            "no stable device identifier",
        ),
        (cs_topic(prefixes, LINKED, "teleport"), b"{}", "unknown ChirpStack event 'teleport'"),
        (
            tts_topic(prefixes, "bin-0042", "up"),
            samples.encode(no_eui),
            "no stable device identifier: end_device_ids.dev_eui",
        ),
        (
            tts_topic(prefixes, "other", "up"),
            samples.encode(samples.tts_up(TTS_DEVICE)),
            "end_device_ids.device_id 'bin-0042' differs",
        ),
        (f"{prefixes['webhook']}/x", b'{"hello": 1}', "not a webhook envelope"),
    ]
    for topic, payload, _ in cases:
        publisher.publish(topic, payload)
    assert wait_for(lambda: len(_quarantine(engine)) == len(cases), 10), [q.reason for q in _quarantine(engine)]
    kept = {q.reason for q in _quarantine(engine)}
    for _, _, reason in cases:
        assert any(reason in k for k in kept), (reason, kept)
    for item in _quarantine(engine):
        for needle in samples.NEEDLES:
            assert needle.encode() not in item.payload, (item.reason, needle)
    redacted = next(q for q in _quarantine(engine) if "rssi must be a number" in q.reason)
    assert b"withheld: application payload" in redacted.payload and b"loud" in redacted.payload
    assert device(engine, LINKED) is None


def test_no_payload_byte_reaches_the_database(gateway, engine, publisher, prefixes):
    """Real uplinks of each shape through the gateway; then every column of every table is searched."""
    declare(engine, "ANG-AQ-0200", LINKED, tech=["air_quality"])
    for event, build in samples.CHIRPSTACK_EVENTS.items():
        publisher.publish(cs_topic(prefixes, LINKED, event), samples.encode(build(LINKED)))
    up = json_format.ParseDict(samples.cs_up(STRANGER), integration.UplinkEvent(), ignore_unknown_fields=True)
    publisher.publish(cs_topic(prefixes, STRANGER, "up"), up.SerializeToString())
    publisher.publish(tts_topic(prefixes, "bin-0042", "up"), samples.encode(samples.tts_up(TTS_DEVICE)))
    publisher.publish(tts_topic(prefixes, "bin-0042", "down/ack"), samples.encode(samples.tts_down_ack(TTS_DEVICE)))
    publisher.publish(f"{prefixes['webhook']}/a", samples.encode(samples.tts_up("0004A30B001C0531", "bin-0043")))
    publisher.publish(
        f"{prefixes['webhook']}/b", samples.encode(samples.chirpstack_envelope("up", samples.cs_up(STRANGER)))
    )
    broken = samples.cs_up(LINKED)
    broken["rxInfo"] = "everywhere"
    publisher.publish(cs_topic(prefixes, LINKED, "up"), samples.encode(broken))  # quarantined
    assert wait_for(lambda: device(engine, TTS_DEVICE) and device(engine, STRANGER) and _quarantine(engine), 10)
    assert gateway.wait_idle(10)
    assert no_payload_anywhere(engine) > 50, "the database holds what was recorded"
    assert device(engine, LINKED).rssi == -71


def test_a_chirpstack_v3_uplink_leaves_no_payload_byte(gateway, engine, publisher, prefixes):
    """v3's ``objectJSON`` (a string of the decoded payload) and ``data`` under a ChirpStack prefix: quarantined
    with metadata only (an allow-list, whatever the source's version)."""
    publisher.publish(cs_topic(prefixes, LINKED, "up"), samples.encode(samples.cs_v3_up(LINKED)))
    assert wait_for(lambda: _quarantine(engine), 10)
    assert gateway.wait_idle(10)
    no_payload_anywhere(engine)
    (kept,) = _quarantine(engine)
    assert b"capteurs-ville" in kept.payload and b"-98" in kept.payload, kept.payload  # the metadata stays


def no_payload_anywhere(engine) -> int:
    """Every column of every table searched for the samples' payload bytes; the number of cells."""
    cells = 0
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    cells += 1
                    as_bytes = value if isinstance(value, (bytes, memoryview)) else repr(value).encode()
                    as_bytes = bytes(as_bytes)
                    assert samples.RAW not in as_bytes, (table, value)
                    for needle in samples.NEEDLES:
                        assert needle.encode() not in as_bytes, (table, needle, value)
                        assert base64.b64encode(needle.encode()) not in as_bytes, (table, needle)
    return cells


def test_profile_technology_not_declared_is_drift(gateway, engine, publisher, prefixes):
    declare(engine, "ANG-SON-0001", LINKED, tech=["air_quality"])
    publisher.publish(cs_topic(prefixes, LINKED, "up"), samples.encode(samples.cs_up(LINKED, "Sonomètre NKE")))
    assert wait_for(lambda: (r := sensor_row(engine, "ANG-SON-0001")) and r.drift)
    with Session(engine) as session:
        (drifting,) = list_drift(session)
    assert drifting.id == "ANG-SON-0001"
    assert [item["element_id"] for item in drifting.drift] == ["sound_level_meter"]


def test_linked_device_unheard_for_three_intervals_is_silent(gateway, engine, publisher, prefixes):
    declare(engine, "ANG-AQ-0300", LINKED, tech=["air_quality"], interval="1h")
    declare(engine, "ANG-AQ-0301", "70B3D57ED0005678", tech=["air_quality"])
    publisher.publish(cs_topic(prefixes, LINKED, "up"), samples.encode(samples.cs_up(LINKED)))
    publisher.publish(cs_topic(prefixes, "70B3D57ED0005678", "up"), samples.encode(samples.cs_up("70B3D57ED0005678")))
    assert wait_for(lambda: (d := device(engine, "70B3D57ED0005678")) and d.last_heard)
    assert gateway.wait_idle(10)
    heard = device(engine, LINKED).last_heard
    with Session(engine) as session:
        assert silent_sensors(session, now=heard + timedelta(minutes=44)) == []
        silent = silent_sensors(session, now=heard + timedelta(hours=2))
        assert [(s.sensor_id, s.interval) for s in silent] == [("ANG-AQ-0301", 900)], "CO2 profile's default: 15m"
        silent = silent_sensors(session, now=heard + timedelta(hours=3, minutes=1))
        assert [(s.sensor_id, s.interval) for s in silent] == [("ANG-AQ-0300", 3600), ("ANG-AQ-0301", 900)]
        assert silent[0].last_heard == heard and silent[0].as_dict()["silent_for_seconds"] == 3 * 3600 + 60


def test_several_network_servers_by_prefix(database_url, mqtt_url, topic_prefix, engine, publisher):
    base = topic_prefix.removesuffix("/dtpr/v1")
    settings = gateway_settings_for(database_url, mqtt_url, topic_prefix)
    settings = settings.model_copy(
        update={
            "lorawan": settings.lorawan.model_copy(
                update={"chirpstack_prefixes": [f"{base}/cs-nord", f"{base}/cs-sud"], "thethingsstack_prefixes": []}
            )
        }
    )
    with GatewayHandle(settings) as handle:
        assert handle.wait_subscribed(10)
        for network, eui in (("cs-nord", "1111111111111111"), ("cs-sud", "2222222222222222")):
            topic = f"{base}/{network}/app/device/{eui}/event/up"
            publisher.publish(topic, samples.encode(samples.cs_up(eui)))
        assert wait_for(lambda: device(engine, "2222222222222222") and device(engine, "1111111111111111"))
    assert device(engine, "1111111111111111").network == f"{base}/cs-nord"
    assert device(engine, "2222222222222222").network == f"{base}/cs-sud"


def test_metrics_per_source(gateway, engine, publisher, prefixes):
    publisher.publish(cs_topic(prefixes, STRANGER, "up"), samples.encode(samples.cs_up(STRANGER)))
    publisher.publish(tts_topic(prefixes, "bin-0042", "up"), samples.encode(samples.tts_up(TTS_DEVICE)))
    publisher.publish(tts_topic(prefixes, "bin-0042", "up"), b"not json")
    assert wait_for(lambda: gateway.gateway.metrics.total(gateway.gateway.metrics.lorawan_events) == 3)
    text_metrics = gateway.gateway.metrics.render().decode()
    assert 'dtpr_gateway_lorawan_events_total{event="up",source="chirpstack"} 1.0' in text_metrics
    assert 'dtpr_gateway_lorawan_events_total{event="up",source="thethingsstack"} 1.0' in text_metrics
    assert 'dtpr_gateway_lorawan_events_total{event="refused",source="thethingsstack"} 1.0' in text_metrics
    assert wait_for(
        lambda: 'dtpr_gateway_messages_recorded_total{kind="chirpstack"' in gateway.gateway.metrics.render().decode()
    )


def test_a_network_servers_position_puts_the_discovered_device_on_the_staff_map(gateway, engine, publisher, prefixes):
    """ChirpStack's ``location`` event and The Things Stack's ``location/solved``: kept as the device's
    position (metadata), shown on the staff map's discovered layer, linked to its declaration form."""
    from datetime import UTC, datetime

    from registry.staff.map import read_layers

    publisher.publish(cs_topic(prefixes, STRANGER, "up"), samples.encode(samples.cs_up(STRANGER)))
    publisher.publish(cs_topic(prefixes, STRANGER, "location"), samples.encode(samples.cs_location(STRANGER)))
    publisher.publish(tts_topic(prefixes, "bin-0042", "up"), samples.encode(samples.tts_up(TTS_DEVICE)))
    publisher.publish(
        tts_topic(prefixes, "bin-0042", "location/solved"), samples.encode(samples.tts_location_solved(TTS_DEVICE))
    )
    chirpstack, tts = f"lorawan-{STRANGER.lower()}", f"lorawan-{TTS_DEVICE.lower()}"
    assert wait_for(lambda: all((r := sensor_row(engine, i)) and r.lat is not None for i in (chirpstack, tts)), 10)
    assert gateway.wait_idle(10)
    with Session(engine) as session:
        layers = {layer.key: layer for layer in read_layers(session, now=datetime.now(UTC), interval=None)}
    items = {item[0]: item[2:] for item in layers["discovered"].items}
    assert items[chirpstack] == (47.4731, -0.5512, f"/staff/devices/{chirpstack}/declare")
    assert items[tts] == (47.4655, -0.5587, f"/staff/devices/{tts}/declare")
