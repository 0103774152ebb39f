"""Gateway fixtures: settings on a real broker and database, a private Mosquitto, a publisher, `dtpr gateway` processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from dtpr_core.settings import Settings
from tests.gateway.broker import Mosquitto, Publisher, mosquitto_binary

ROOT = Path(__file__).resolve().parents[2]


def gateway_settings_for(database_url: str, mqtt_url: str, topic_prefix: str, **mqtt: Any) -> Settings:
    return Settings(
        database={"url": database_url},
        mqtt={
            "url": mqtt_url,
            "client_id": f"gw-{uuid.uuid4().hex[:10]}",
            "topic_prefix": topic_prefix,
            "discovery_prefix": topic_prefix.replace("/dtpr/v1", "/homeassistant"),
            **mqtt,
        },
        gateway={"batch_wait_ms": 20},
    )


@pytest.fixture
def gateway_settings(database_url: str, mqtt_url: str, topic_prefix: str) -> Settings:
    return gateway_settings_for(database_url, mqtt_url, topic_prefix)


@pytest.fixture
def publisher(mqtt_url: str) -> Iterator[Publisher]:
    with Publisher(mqtt_url) as client:
        yield client


@pytest.fixture
def private_broker() -> Iterator[Mosquitto]:
    binary = mosquitto_binary()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mosquitto is not installed; CI must provide it (scripts/ensure-services.sh)")
        pytest.skip("mosquitto is not installed")
    with Mosquitto(binary) as broker:
        yield broker


def wait_for(condition: Callable[[], Any], timeout: float = 10.0, interval: float = 0.02) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def gateway_env(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DTPR_DATABASE__URL": settings.database.url,
        "DTPR_MQTT__URL": settings.mqtt.url or "",
        "DTPR_MQTT__CLIENT_ID": settings.mqtt.client_id,
        "DTPR_MQTT__PROTOCOL": settings.mqtt.protocol,
        "DTPR_MQTT__TOPIC_PREFIX": settings.mqtt.topic_prefix,
        "DTPR_MQTT__DISCOVERY_PREFIX": settings.mqtt.discovery_prefix,
        "DTPR_GATEWAY__BATCH_WAIT_MS": "20",
        **extra,
    }


@contextmanager
def gateway_process(env: dict[str, str], log: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """``dtpr gateway`` as users start it; killed at the end if still running."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dtpr_cli.main", "gateway", *args],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
