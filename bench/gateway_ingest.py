"""Gateway ingest benchmark: recorded announcements per second vs a bare paho subscriber's receive rate.

    python bench/gateway_ingest.py [--count 100000] [--postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Starts its own Mosquitto on a free port (unlimited queues), publishes COUNT
announcements at QoS 1 from a separate process (in-flight window capped: paho
stalls past 65,535 unacknowledged messages), and measures in this process:
(a) a bare paho subscriber (QoS 1, persistent session) receiving the stream — the
ceiling, measured first and last, the better of the two kept; (b) the gateway
recording it into SQLite; (c) into PostgreSQL (a fresh database created and dropped
here) when reachable; (d) two ``dtpr gateway`` processes splitting the stream on an
MQTT 5 shared subscription, into each database.
Memory: resident set size at the start and end of each run, and its peak.
One ``RESULT <name>=<recorded/s> ceiling=<bare subscriber/s> ratio=<r>`` line per
measurement, printed last, the single-instance SQLite one the very last.

    python bench/gateway_ingest.py --lorawan [--count 100000]

The LoRaWAN run instead: COUNT ChirpStack JSON uplinks of 10,000 devices
(``bench/lorawan_stream.py``), the bare subscriber on that same stream as the ceiling,
the gateway into SQLite and PostgreSQL; ``RESULT lorawan_…`` lines.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import paho.mqtt.client as mqtt  # noqa: E402
import psutil  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402

from bench import lorawan_stream  # noqa: E402
from dtpr_core.settings import Settings  # noqa: E402
from dtpr_store.db import make_engine, migrate  # noqa: E402
from gateway import GatewayHandle  # noqa: E402
from tests.gateway.broker import Mosquitto, Publisher, mosquitto_binary  # noqa: E402

PREFIX = "bench/dtpr/v1"
DEVICES = 10_000


def payload(i: int) -> bytes:
    """Distinct-ish: 10,000 devices, each announcing a new firmware every round (every message is a change)."""
    return json.dumps(
        {
            "device": {
                "manufacturer": "Acme",
                "model": "AQ-1",
                "serial": f"SN{i % DEVICES}",
                "firmware": f"1.{i // DEVICES}",
            },
            "elements": ["air_quality", "values_time"],
        }
    ).encode()


def announcement(i: int) -> tuple[str, bytes]:
    return f"{PREFIX}/BENCH-{i % DEVICES:05d}/meta", payload(i)


def publish_all(url: str, count: int, lorawan: bool = False) -> None:
    message = lorawan_stream.uplink if lorawan else announcement
    with Publisher(url, window=100) as publisher:
        for i in range(count):
            publisher.publish(*message(i))


def start_publisher(url: str, count: int, lorawan: bool = False) -> multiprocessing.Process:
    context = multiprocessing.get_context("spawn")
    process = context.Process(target=publish_all, args=(url, count, lorawan), daemon=True)
    process.start()
    return process


class Rss:
    """Resident memory of some processes (this one by default): at the start, at the end, and the peak (sampled)."""

    def __init__(self, pids: list[int] | None = None) -> None:
        self.processes = [psutil.Process(pid) for pid in pids] if pids else [psutil.Process()]
        self.start = self.peak = self._now()
        self._stop = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _now(self) -> int:
        return sum(process.memory_info().rss for process in self.processes)

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, self._now())

    def stop(self) -> str:
        self._stop.set()
        end = self._now()
        self.peak = max(self.peak, end)
        mib = 2**20
        return f"rss start={self.start / mib:.0f} MiB end={end / mib:.0f} MiB peak={self.peak / mib:.0f} MiB"


def forget_sessions(url: str, client_ids: list[str]) -> None:
    """End the persistent sessions a measurement left on the broker.

    An offline session keeps its subscriptions: the broker would queue every later
    measurement's messages for it too, and the later measurements would pay for that.
    """
    port = int(url.rsplit(":", 1)[1])
    for client_id in client_ids:
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
        client.connect("127.0.0.1", port, clean_start=True)  # session expiry 0: gone at the disconnect
        client.loop_start()
        client.disconnect()
        client.loop_stop()


def bare_subscriber_rate(url: str, count: int, lorawan: bool = False) -> float:
    port = int(url.rsplit(":", 1)[1])
    received = 0
    done = threading.Event()
    subscribed = threading.Event()

    def on_message(*_args: object) -> None:
        nonlocal received
        received += 1
        if received >= count:
            done.set()

    client_id = f"bare-{uuid.uuid4().hex[:8]}"
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
    client.on_message = on_message
    client.on_subscribe = lambda *_args: subscribed.set()
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    properties = Properties(PacketTypes.CONNECT)
    properties.SessionExpiryInterval = 3600
    client.connect("127.0.0.1", port, clean_start=False, properties=properties)
    client.subscribe(lorawan_stream.TOPIC_FILTER if lorawan else f"{PREFIX}/+/meta", qos=1)
    client.loop_start()
    subscribed.wait(10)
    started = time.perf_counter()
    publisher = start_publisher(url, count, lorawan)
    done.wait(600)
    elapsed = time.perf_counter() - started
    publisher.join(60)
    client.disconnect()
    client.loop_stop()
    forget_sessions(url, [client_id])
    return received / elapsed


def gateway_rate(url: str, database_url: str, count: int, lorawan: bool = False) -> tuple[float, str]:
    settings = Settings(
        database={"url": database_url},
        mqtt={"url": url, "client_id": f"bench-{uuid.uuid4().hex[:8]}", "topic_prefix": PREFIX},
        gateway={"batch_size": 1000, "batch_wait_ms": 50},
        lorawan={"chirpstack_prefixes": [lorawan_stream.PREFIX], "thethingsstack_prefixes": []},
    )
    if lorawan:
        lorawan_stream.declare_linked(database_url)
    engine = make_engine(database_url)
    migrate(engine)
    engine.dispose()
    rss = Rss()
    with GatewayHandle(settings) as handle:
        handle.wait_connected(10)
        time.sleep(0.3)
        metrics = handle.gateway.metrics
        started = time.perf_counter()
        publisher = start_publisher(url, count, lorawan)
        while metrics.total(metrics.recorded) + metrics.total(metrics.quarantined) < count:
            time.sleep(0.02)  # each look collects the metrics registry: cheap, but on the gateway's GIL
            if time.perf_counter() - started > 900:
                raise TimeoutError("the gateway did not record everything in 15 minutes")
        elapsed = time.perf_counter() - started
        publisher.join(60)
        quarantined = metrics.total(metrics.quarantined)
        batches = {s.name: s.value for m in metrics.registry.collect() for s in m.samples if "batch_seconds" in s.name}
    forget_sessions(url, [settings.mqtt.client_id])
    if quarantined:
        raise AssertionError(f"{quarantined:.0f} benchmark messages were quarantined")
    n, busy = batches["dtpr_gateway_batch_seconds_count"], batches["dtpr_gateway_batch_seconds_sum"]
    detail = f"{n:.0f} batches of {count / n:.0f} on average, writer busy {busy / elapsed:.0%}"
    return count / elapsed, f"{detail}, {rss.stop()}"


def shared_gateways_rate(url: str, database_url: str, count: int, instances: int = 2) -> tuple[float, str]:
    """*instances* ``dtpr gateway`` processes on one MQTT 5 shared subscription ($share/bench/...)."""
    import subprocess

    import httpx

    from tests.gateway.broker import free_port, wait_port

    engine = make_engine(database_url)
    migrate(engine)
    engine.dispose()
    ports = [free_port() for _ in range(instances)]
    env = {
        **os.environ,
        "DTPR_DATABASE__URL": database_url,
        "DTPR_MQTT__URL": url,
        "DTPR_MQTT__TOPIC_PREFIX": PREFIX,
        "DTPR_MQTT__SHARE_GROUP": f"bench-{uuid.uuid4().hex[:6]}",  # offline members of a group keep their share
        "DTPR_GATEWAY__BATCH_SIZE": "1000",
        "DTPR_LOG__LEVEL": "WARNING",
    }
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dtpr_cli.main",
                "gateway",
                "--client-id",
                f"bench-{port}",
                "--metrics-port",
                str(port),
            ],
            env=env,
            cwd=ROOT,
        )
        for port in ports
    ]

    def done() -> float:
        total = 0.0
        for port in ports:
            for line in httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text.splitlines():
                if line.startswith(("dtpr_gateway_messages_recorded_total", "dtpr_gateway_messages_quarantined_total")):
                    total += float(line.rsplit(" ", 1)[1])
        return total

    try:
        for port in ports:
            wait_port(port, 30)
        time.sleep(1.0)
        rss = Rss([process.pid for process in processes])
        started = time.perf_counter()
        publisher = start_publisher(url, count)
        while done() < count:
            time.sleep(0.05)
            if time.perf_counter() - started > 900:
                raise TimeoutError("the gateways did not record everything in 15 minutes")
        elapsed = time.perf_counter() - started
        memory = rss.stop()
        publisher.join(60)
    finally:
        for process in processes:
            process.terminate()
            process.wait(30)
        forget_sessions(url, [f"bench-{port}" for port in ports])
    return count / elapsed, f"{memory} (the {instances} processes)"


def fresh_postgres(admin_url: str) -> tuple[str, object] | None:
    from sqlalchemy import create_engine, text

    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        name = f"dtpr_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        print(f"PostgreSQL not reachable ({type(error).__name__}): skipped")
        return None
    return admin_url.rsplit("/", 1)[0] + "/" + name, (admin, name)


def drop_postgres(handle: object) -> None:
    from sqlalchemy import text

    admin, name = handle  # type: ignore[misc]
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def lorawan_run(url: str, count: int, postgres_url: str) -> list[str]:
    """Uplinks recorded per second against the bare subscriber on the same stream; the RESULT lines."""
    first = bare_subscriber_rate(url, count, lorawan=True)
    print(f"bare paho subscriber, LoRaWAN uplinks: {first:,.0f} messages/s", flush=True)
    measured: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rate, detail = gateway_rate(url, f"sqlite:///{tmp}/bench.sqlite3", count, lorawan=True)
    print(f"gateway -> SQLite, LoRaWAN uplinks: {rate:,.0f} recorded/s, {detail}", flush=True)
    measured.append(("lorawan_sqlite_recorded_per_s", rate))
    postgres = fresh_postgres(postgres_url)
    if postgres is not None:
        database, handle = postgres
        try:
            rate, detail = gateway_rate(url, database, count, lorawan=True)
        finally:
            drop_postgres(handle)
        print(f"gateway -> PostgreSQL, LoRaWAN uplinks: {rate:,.0f} recorded/s, {detail}", flush=True)
        measured.append(("lorawan_postgres_recorded_per_s", rate))
    last = bare_subscriber_rate(url, count, lorawan=True)
    ceiling = max(first, last)
    print(f"bare paho subscriber again: {last:,.0f} messages/s; ceiling {ceiling:,.0f} messages/s")
    return [f"RESULT {name}={rate:.0f} ceiling={ceiling:.0f} ratio={rate / ceiling:.2f}" for name, rate in measured]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--lorawan", action="store_true", help="the LoRaWAN uplink run only")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("DTPR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    binary = mosquitto_binary()
    if binary is None:
        print("mosquitto is not installed")
        return 1
    if args.lorawan:
        with Mosquitto(binary) as broker:
            results = lorawan_run(broker.url, args.count, args.postgres_url)
        print("\n".join(results))
        return 0
    with Mosquitto(binary) as broker:
        first = bare_subscriber_rate(broker.url, args.count)
        print(f"bare paho subscriber: {first:,.0f} messages/s ({args.count:,} at QoS 1)", flush=True)
        measured: list[tuple[str, float]] = []

        def report(name: str, label: str, rate: float, detail: str) -> None:
            print(f"{label}: {rate:,.0f} recorded/s, {detail}", flush=True)
            measured.append((name, rate))

        with tempfile.TemporaryDirectory() as tmp:
            rate, memory = gateway_rate(broker.url, f"sqlite:///{tmp}/bench.sqlite3", args.count)
        report("gateway_sqlite_recorded_per_s", "gateway -> SQLite", rate, memory)
        with tempfile.TemporaryDirectory() as tmp:
            rate, memory = shared_gateways_rate(broker.url, f"sqlite:///{tmp}/bench.sqlite3", args.count)
        report("gateway_sqlite_2_shared_recorded_per_s", "2 gateways, shared subscription -> SQLite", rate, memory)
        for shared in (False, True):
            postgres = fresh_postgres(args.postgres_url)
            if postgres is None:
                continue
            url, handle = postgres
            try:
                rate, memory = (shared_gateways_rate if shared else gateway_rate)(broker.url, url, args.count)
            finally:
                drop_postgres(handle)
            name, label = ("_2_shared", "2 gateways, shared subscription") if shared else ("", "gateway")
            report(f"gateway_postgres{name}_recorded_per_s", f"{label} -> PostgreSQL", rate, memory)
        last = bare_subscriber_rate(broker.url, args.count)
    ceiling = max(first, last)  # other load on the machine only ever lowers it: the best of two
    print(f"bare paho subscriber again: {last:,.0f} messages/s; ceiling {ceiling:,.0f} messages/s")
    measured.append(measured.pop(0))  # the single-instance SQLite figure last
    for name, rate in measured:
        print(f"RESULT {name}={rate:.0f} ceiling={ceiling:.0f} ratio={rate / ceiling:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
