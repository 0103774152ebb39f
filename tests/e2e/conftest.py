from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.processes import DTPR, dtpr_process, free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    base_url: str
    token: str
    env: dict[str, str]
    tmp: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, mqtt_url: str) -> Iterator[Site]:
    """``dtpr serve`` and ``dtpr gateway`` running on a fresh SQLite, with sensors.yaml synced."""
    tmp = tmp_path_factory.mktemp("site")
    port = free_port()
    token = secrets.token_urlsafe(24)
    prefix = f"e2e{secrets.token_hex(4)}"
    env = {
        "DTPR_DATABASE__URL": f"sqlite:///{tmp}/dtpr.sqlite3",
        "DTPR_PUBLIC__BASE_URL": f"http://127.0.0.1:{port}",
        "DTPR_API__TOKEN": token,
        "DTPR_MQTT__URL": mqtt_url,
        "DTPR_MQTT__CLIENT_ID": f"gateway-{prefix}",
        "DTPR_MQTT__TOPIC_PREFIX": f"{prefix}/dtpr/v1",
        "DTPR_MQTT__DISCOVERY_PREFIX": f"{prefix}/homeassistant",
    }
    with dtpr_process(["serve", "--host", "127.0.0.1", "--port", str(port)], env, tmp / "serve.log"):
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
        with dtpr_process(["gateway"], env, tmp / "gateway.log"):
            sync = subprocess.run(
                [*DTPR, "sync", str(ROOT / "sensors.yaml"), "--registry", env["DTPR_PUBLIC__BASE_URL"]],
                env={**__import__("os").environ, **env},
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert sync.returncode == 0, sync.stdout + sync.stderr
            yield Site(env["DTPR_PUBLIC__BASE_URL"], token, env, tmp)
