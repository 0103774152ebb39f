"""LoRaWAN uplinks keep the gateway's guarantees: no loss across kill -9, each once on a shared subscription."""

from __future__ import annotations

import json
import signal
import threading
import time

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from dtpr_store.db import make_engine, migrate
from dtpr_store.tables import LorawanDeviceRow, RevisionRow
from tests.gateway import lorawan_samples as samples
from tests.gateway.broker import Mosquitto, Publisher, free_port
from tests.gateway.conftest import gateway_env, gateway_process, gateway_settings_for, wait_for
from tests.gateway.test_resilience import metrics, wait_healthy

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/gateway.sqlite3"
    migrate(make_engine(url))
    return url


def eui(i: int) -> str:
    return f"70B3D57E{i:08X}"


def count_devices(engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(LorawanDeviceRow)).one())


def count_revisions(engine) -> int:
    with Session(engine) as session:
        query = select(func.count()).select_from(RevisionRow).where(RevisionRow.sensor_id.like("lorawan-%"))  # type: ignore[attr-defined]
        return int(session.exec(query).one())


def lorawan_env(sqlite_url: str, broker: Mosquitto, topic_prefix: str, **extra: str) -> tuple[dict[str, str], str]:
    prefix = topic_prefix.removesuffix("/dtpr/v1") + "/application"
    env = gateway_env(
        gateway_settings_for(sqlite_url, broker.url, topic_prefix),
        DTPR_LORAWAN__CHIRPSTACK_PREFIXES=json.dumps([prefix]),
        DTPR_LORAWAN__THETHINGSSTACK_PREFIXES="[]",
        **extra,
    )
    return env, prefix


def uplink(prefix: str, i: int) -> tuple[str, bytes]:
    return f"{prefix}/app/device/{eui(i).lower()}/event/up", samples.encode(samples.cs_up(eui(i), f_cnt=i))


def test_kill_9_mid_stream_of_uplinks_then_restart_loses_nothing(private_broker, sqlite_url, topic_prefix, tmp_path):
    port = free_port()
    env, prefix = lorawan_env(sqlite_url, private_broker, topic_prefix, DTPR_GATEWAY__METRICS_PORT=str(port))
    engine = make_engine(sqlite_url)
    total = 2000
    with gateway_process(env, tmp_path / "gateway-1.log") as first:
        wait_healthy(port)
        with Publisher(private_broker.url) as publisher:
            sender = threading.Thread(target=lambda: [publisher.publish(*uplink(prefix, i)) for i in range(total)])
            sender.start()
            assert wait_for(lambda: count_devices(engine) >= 300, 30)
            first.send_signal(signal.SIGKILL)
            first.wait()
            at_kill = count_devices(engine)
            sender.join()
    assert at_kill < total, "the stream was over before the kill: nothing tested"
    with gateway_process(env, tmp_path / "gateway-2.log") as second:
        assert wait_for(lambda: count_devices(engine) == total, 60), count_devices(engine)
        assert second.poll() is None
    assert count_revisions(engine) == total, "one discovery revision per device; a redelivery changes nothing"


def test_shared_subscription_records_each_uplink_once(private_broker, sqlite_url, topic_prefix, tmp_path):
    engine = make_engine(sqlite_url)
    total = 2000
    ports = [free_port(), free_port()]
    envs = [
        lorawan_env(
            sqlite_url, private_broker, topic_prefix, DTPR_MQTT__SHARE_GROUP="lw", DTPR_GATEWAY__METRICS_PORT=str(p)
        )
        for p in ports
    ]
    prefix = envs[0][1]
    with gateway_process(envs[0][0], tmp_path / "a.log") as a, gateway_process(envs[1][0], tmp_path / "b.log") as b:
        for port in ports:
            wait_healthy(port)
        time.sleep(0.5)
        with Publisher(private_broker.url) as publisher:
            for i in range(total):
                publisher.publish(*uplink(prefix, i % 1000))  # each device twice
        assert wait_for(lambda: count_devices(engine) == 1000, 60), count_devices(engine)
        assert wait_for(lambda: sum(metrics(p).get("dtpr_gateway_lorawan_events_total", 0) for p in ports) == total, 30)
        shares = [metrics(p).get("dtpr_gateway_lorawan_events_total", 0) for p in ports]
        assert a.poll() is None and b.poll() is None
    assert all(n > 0 for n in shares), f"both instances take a share: {shares}"
    assert count_revisions(engine) == 1000, "a device's repeated uplink makes no second revision"
