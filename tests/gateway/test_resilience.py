"""No message lost: kill -9 mid-stream, broker restart, shared subscriptions, 10,000 arbitrary payloads.

Each test runs its own Mosquitto (unlimited queues: the broker itself must drop nothing)
and starts ``dtpr gateway`` the way users do.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from dtpr_store.db import make_engine, migrate
from dtpr_store.tables import RevisionRow, SensorRow
from gateway import GatewayHandle
from tests.gateway.broker import Mosquitto, Publisher, free_port, wait_port
from tests.gateway.conftest import gateway_env, gateway_process, gateway_settings_for, wait_for
from tests.gateway.strategies import payloads

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]


def meta(i: int) -> bytes:
    return json.dumps({"device": {"model": "M", "serial": f"S{i}"}, "elements": ["air_quality"]}).encode()


def count_sensors(engine, prefix: str = "") -> int:
    with Session(engine) as session:
        query = select(func.count()).select_from(SensorRow).where(SensorRow.id.like(f"{prefix}%"))  # type: ignore[attr-defined]
        return int(session.exec(query).one())


def metrics(port: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text.splitlines():
        if line.startswith("dtpr_gateway_") and "_total" in line:
            name = line.split("{")[0].split(" ")[0]
            out[name] = out.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
        elif line.startswith("dtpr_gateway_pending_messages"):
            out["pending"] = float(line.rsplit(" ", 1)[1])
    return out


def wait_healthy(port: int, timeout: float = 30.0) -> None:
    wait_port(port, timeout)
    assert wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200, timeout)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/gateway.sqlite3"
    migrate(make_engine(url))
    return url


def test_kill_9_mid_stream_then_restart_loses_nothing(private_broker: Mosquitto, sqlite_url, topic_prefix, tmp_path):
    settings = gateway_settings_for(sqlite_url, private_broker.url, topic_prefix)
    port = free_port()
    env = gateway_env(settings, DTPR_GATEWAY__METRICS_PORT=str(port))
    engine = make_engine(sqlite_url)
    total = 2000
    with gateway_process(env, tmp_path / "gateway-1.log") as first:
        wait_healthy(port)
        with Publisher(private_broker.url) as publisher:
            publisher.publish(f"{topic_prefix}/PROBE/meta", meta(-1))
            assert wait_for(lambda: count_sensors(engine, "PROBE"), 10), "the gateway is not subscribed"
            sender = threading.Thread(
                target=lambda: [publisher.publish(f"{topic_prefix}/KILL-{i:05d}/meta", meta(i)) for i in range(total)]
            )
            sender.start()
            assert wait_for(lambda: count_sensors(engine, "KILL-") >= 300, 30)
            first.send_signal(signal.SIGKILL)
            first.wait()
            recorded_at_kill = count_sensors(engine, "KILL-")
            sender.join()
    assert recorded_at_kill < total, "the stream was over before the kill: nothing tested"
    with gateway_process(env, tmp_path / "gateway-2.log") as second:
        assert wait_for(lambda: count_sensors(engine, "KILL-") == total, 60), count_sensors(engine, "KILL-")
        assert second.poll() is None
    with Session(engine) as session:
        revisions = session.exec(
            select(func.count()).select_from(RevisionRow).where(RevisionRow.sensor_id.like("KILL-%"))  # type: ignore[attr-defined]
        ).one()
    assert revisions == total, "a redelivered message must not make a second revision"


def test_broker_restart_the_gateway_reconnects(private_broker: Mosquitto, sqlite_url, topic_prefix):
    settings = gateway_settings_for(sqlite_url, private_broker.url, topic_prefix)
    engine = make_engine(sqlite_url)
    with GatewayHandle(settings) as handle:
        assert handle.wait_connected(10)
        time.sleep(0.2)
        with Publisher(private_broker.url) as publisher:
            publisher.publish(f"{topic_prefix}/BEFORE-1/meta", meta(1))
        assert wait_for(lambda: count_sensors(engine, "BEFORE-"), 10)
        private_broker.stop()
        assert wait_for(lambda: not handle.gateway.connected.is_set(), 10)
        private_broker.start()
        assert handle.wait_connected(30), "the gateway did not reconnect"
        time.sleep(0.3)
        with Publisher(private_broker.url) as publisher:
            publisher.publish(f"{topic_prefix}/AFTER-1/meta", meta(2))
        assert wait_for(lambda: count_sensors(engine, "AFTER-"), 10)


def test_two_instances_on_a_shared_subscription_record_each_message_once(
    private_broker: Mosquitto, sqlite_url, topic_prefix, tmp_path
):
    engine = make_engine(sqlite_url)
    total = 2000
    ports = [free_port(), free_port()]
    processes = []
    with (
        gateway_process(
            gateway_env(
                gateway_settings_for(sqlite_url, private_broker.url, topic_prefix),
                DTPR_MQTT__SHARE_GROUP="g1",
                DTPR_GATEWAY__METRICS_PORT=str(ports[0]),
            ),
            tmp_path / "a.log",
        ) as a,
        gateway_process(
            gateway_env(
                gateway_settings_for(sqlite_url, private_broker.url, topic_prefix),
                DTPR_MQTT__SHARE_GROUP="g1",
                DTPR_GATEWAY__METRICS_PORT=str(ports[1]),
            ),
            tmp_path / "b.log",
        ) as b,
    ):
        processes = [a, b]
        for port in ports:
            wait_healthy(port)
        time.sleep(0.5)
        with Publisher(private_broker.url) as publisher:
            for i in range(total):
                publisher.publish(f"{topic_prefix}/SHARE-{i:05d}/meta", meta(i))
        assert wait_for(lambda: count_sensors(engine, "SHARE-") == total, 60), count_sensors(engine, "SHARE-")
        received = [metrics(port).get("dtpr_gateway_messages_received_total", 0) for port in ports]
        assert all(p.poll() is None for p in processes)
    assert sum(received) == total, f"each message goes to one instance of the group: {received}"
    assert all(n > 0 for n in received), f"both instances take a share of the load: {received}"
    with Session(engine) as session:
        revisions = session.exec(
            select(func.count()).select_from(RevisionRow).where(RevisionRow.sensor_id.like("SHARE-%"))  # type: ignore[attr-defined]
        ).one()
    assert revisions == total


# printable only: brokers refuse control characters and non-characters in topic names
LEVEL = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="/+#"), max_size=12)
BIG = b"{" + b" " * 70_000 + b"}"


def generated_messages(prefix: str, discovery: str, count: int) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    native = st.builds(lambda s, k: f"{prefix}/{s}/{k}", LEVEL, st.sampled_from(["meta", "status"]))
    ha = st.builds(lambda c, o: f"{discovery}/{c}/{o}/config", st.sampled_from(["sensor", "camera"]) | LEVEL, LEVEL)

    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(topic=native | ha, payload=payloads)
    def collect(topic: str, payload: bytes) -> None:
        if len(out) < count:
            out.append((topic, BIG if len(out) % 500 == 0 else payload))

    collect()
    while len(out) < count:  # hypothesis may stop early once it has seen enough distinct examples
        out.extend(out[: count - len(out)])
    return out


def test_ten_thousand_generated_payloads_are_each_recorded_or_quarantined(
    private_broker: Mosquitto, sqlite_url, topic_prefix, tmp_path
):
    total = 10_000
    settings_ = gateway_settings_for(sqlite_url, private_broker.url, topic_prefix)
    messages = generated_messages(settings_.mqtt.topic_prefix, settings_.mqtt.discovery_prefix, total)
    port = free_port()
    with gateway_process(gateway_env(settings_, DTPR_GATEWAY__METRICS_PORT=str(port)), tmp_path / "g.log") as process:
        wait_healthy(port)
        with Publisher(private_broker.url) as publisher:
            for topic, payload in messages:
                publisher.publish(topic, payload)

        def settled() -> dict[str, float] | None:
            values = metrics(port)
            done = values.get("dtpr_gateway_messages_recorded_total", 0) + values.get(
                "dtpr_gateway_messages_quarantined_total", 0
            )
            return values if done >= total and values.get("pending") == 0 else None

        values = wait_for(settled, 60, 0.2) or metrics(port)
        assert process.poll() is None, "the gateway died"
    assert values["dtpr_gateway_messages_received_total"] == total
    recorded = values.get("dtpr_gateway_messages_recorded_total", 0)
    quarantined = values.get("dtpr_gateway_messages_quarantined_total", 0)
    assert recorded + quarantined == total, values
    assert recorded > 0 and quarantined > 0
