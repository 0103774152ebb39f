"""The production Mosquitto configuration (deploy/mosquitto) with the real broker and the gateway.

Authentication on, the ACL letting a device write only its own topics, the gateway
reading everything it records over an MQTT 5 shared subscription, Home Assistant
availability included.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.settings import Settings
from dtpr_store.db import make_engine, migrate
from dtpr_store.tables import SensorRow
from gateway import GatewayHandle
from tests.gateway.broker import Mosquitto, free_port, mosquitto_binary
from tests.gateway.conftest import ROOT, gateway_settings_for, wait_for

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]
PASSWORDS = {
    "dtpr-gateway": "gateway-secret-1234",
    "ANG-AQ-0001": "device-secret-1234",
    "zigbee2mqtt": "bridge-secret-1234",
}


@pytest.fixture
def production_broker(tmp_path: Path) -> Iterator[Mosquitto]:
    binary = mosquitto_binary()
    if binary is None:
        pytest.fail("mosquitto is needed: scripts/ensure-services.sh installs it")
    passwd = tmp_path / "passwd"
    for user, password in PASSWORDS.items():
        create = ["-c"] if not passwd.exists() else []
        subprocess.run(["mosquitto_passwd", *create, "-b", str(passwd), user, password], check=True)
    shipped = (ROOT / "deploy" / "mosquitto" / "mosquitto.conf").read_text("utf-8")
    port = free_port()
    conf = (
        shipped.replace("/mosquitto/config/passwd-dir/passwd", str(passwd))
        .replace("/mosquitto/config/acl", str(ROOT / "deploy" / "mosquitto" / "acl"))
        .replace("persistence true", "persistence false")
        .replace("listener 1883", f"listener {port} 127.0.0.1")
    )
    broker = Mosquitto(binary, port)
    broker.conf.write_text(("user root\n" if os.geteuid() == 0 else "") + conf)
    with broker:
        yield broker


def _client(port: int, user: str | None, password: str | None) -> tuple[mqtt.Client, mqtt.ReasonCode | None]:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    if user:
        client.username_pw_set(user, password)
    result: dict[str, mqtt.ReasonCode] = {}
    client.on_connect = lambda _c, _u, _f, code, _p: result.setdefault("code", code)
    client.connect("127.0.0.1", port)
    client.loop_start()
    wait_for(lambda: "code" in result, 5)
    return client, result.get("code")


def _production_gateway(broker: Mosquitto, tmp_path: Path) -> tuple[Settings, Engine]:
    """Gateway settings as in docker-compose.yml (MQTT 5, shared group ``dtpr``), on a fresh SQLite."""
    url = f"sqlite:///{tmp_path}/gateway.sqlite3"
    migrate(make_engine(url))
    broker_url = f"mqtt://dtpr-gateway:{PASSWORDS['dtpr-gateway']}@127.0.0.1:{broker.port}"
    settings = gateway_settings_for(url, broker_url, "dtpr/v1", protocol="5", share_group="dtpr")
    mqtt_settings = settings.mqtt.model_copy(update={"discovery_prefix": "homeassistant"})
    return settings.model_copy(update={"mqtt": mqtt_settings}), make_engine(url)


def _sensor(engine, sensor_id: str) -> SensorRow | None:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.get(SensorRow, sensor_id)


def test_anonymous_and_wrong_passwords_are_refused(production_broker: Mosquitto) -> None:
    for user, password in ((None, None), ("dtpr-gateway", "wrong")):
        client, code = _client(production_broker.port, user, password)
        client.loop_stop()
        assert code is not None and code.is_failure, f"{user!r} was let in"


def test_devices_write_only_their_own_topics_and_the_gateway_records_them(
    production_broker: Mosquitto, tmp_path: Path
) -> None:
    settings, engine = _production_gateway(production_broker, tmp_path)
    with GatewayHandle(settings) as handle:
        assert handle.wait_connected(10)
        time.sleep(0.3)
        device, code = _client(production_broker.port, "ANG-AQ-0001", PASSWORDS["ANG-AQ-0001"])
        assert code is not None and not code.is_failure
        payload = json.dumps({"device": {"model": "AQ-1"}, "elements": ["air_quality"]})
        device.publish("dtpr/v1/ANG-AQ-0001/meta", payload, qos=1, retain=True).wait_for_publish(5)
        device.publish("dtpr/v1/ANG-AQ-0002/meta", payload, qos=1, retain=True).wait_for_publish(5)
        device.publish("dtpr/v1/ANG-AQ-0001/status", "online", qos=1, retain=True).wait_for_publish(5)
        assert wait_for(lambda: (row := _sensor(engine, "ANG-AQ-0001")) is not None and row.online, 10)
        time.sleep(0.5)
        assert _sensor(engine, "ANG-AQ-0002") is None, "a device wrote another sensor's announcement"
        device.loop_stop()
        device.disconnect()


def test_home_assistant_availability_topics_reach_the_gateway(production_broker: Mosquitto, tmp_path: Path) -> None:
    settings, engine = _production_gateway(production_broker, tmp_path)
    config = {
        "dev_cla": "temperature",
        "unit_of_meas": "°C",
        "stat_t": "zigbee2mqtt/abri",
        "uniq_id": "0x00158d_temperature",
        "avty_t": "zigbee2mqtt/bridge/state",
        "dev": {"ids": ["zigbee2mqtt_0x00158d"], "mdl": "WSDCGQ11LM"},
    }
    with GatewayHandle(settings) as handle:
        assert handle.wait_connected(10)
        time.sleep(0.3)
        bridge, _ = _client(production_broker.port, "zigbee2mqtt", PASSWORDS["zigbee2mqtt"])
        bridge.publish("homeassistant/sensor/0x00158d/temperature/config", json.dumps(config), qos=1, retain=True)
        assert wait_for(lambda: _sensor(engine, "ha-zigbee2mqtt_0x00158d") is not None, 10)
        time.sleep(0.5)  # the gateway subscribes to the availability topic it just learned
        bridge.publish("zigbee2mqtt/bridge/state", "online", qos=1, retain=True).wait_for_publish(5)
        assert wait_for(lambda: _sensor(engine, "ha-zigbee2mqtt_0x00158d").online, 10), "availability not received"
        bridge.loop_stop()
        bridge.disconnect()
