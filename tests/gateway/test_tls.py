"""``mqtts://`` with a private CA and a client certificate, against a real Mosquitto TLS listener."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from sqlmodel import Session

from dtpr_store.db import make_engine, migrate
from dtpr_store.tables import SensorRow
from gateway import GatewayHandle
from tests.gateway.broker import Mosquitto, mosquitto_binary
from tests.gateway.conftest import gateway_settings_for, wait_for

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _certificates(folder: Path) -> None:
    """A throw-away CA, a server certificate for 127.0.0.1 and a client certificate."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=dtpr test CA",
             "-keyout", "ca.key", "-out", "ca.crt", cwd=folder)  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    for name, subject in (("server", "/CN=127.0.0.1"), ("client", "/CN=dtpr-gateway")):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
                 "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=folder)  # fmt: skip
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                 "-days", "2", "-extfile", "san.ext", "-out", f"{name}.crt", cwd=folder)  # fmt: skip


@pytest.fixture
def tls_broker(tmp_path: Path) -> Iterator[tuple[Mosquitto, Path]]:
    binary = mosquitto_binary()
    if binary is None or shutil.which("openssl") is None:
        pytest.fail("mosquitto and openssl are needed: scripts/ensure-services.sh installs Mosquitto")
    _certificates(tmp_path)
    broker = Mosquitto(binary)
    # run as root (CI), Mosquitto would drop to its own user, who cannot read pytest's private tmp
    stay = "user root\n" if os.geteuid() == 0 else ""
    broker.conf.write_text(
        f"{stay}listener {broker.port} 127.0.0.1\n"
        f"cafile {tmp_path / 'ca.crt'}\ncertfile {tmp_path / 'server.crt'}\nkeyfile {tmp_path / 'server.key'}\n"
        "require_certificate true\nuse_identity_as_username true\nallow_anonymous false\npersistence false\n"
    )
    with broker:
        yield broker, tmp_path


def test_gateway_over_tls_with_a_client_certificate(tls_broker: tuple[Mosquitto, Path], tmp_path: Path) -> None:
    broker, certs = tls_broker
    url = f"sqlite:///{tmp_path}/tls.sqlite3"
    migrate(make_engine(url))
    files = {
        "ca_file": str(certs / "ca.crt"),
        "cert_file": str(certs / "client.crt"),
        "key_file": str(certs / "client.key"),
    }
    settings = gateway_settings_for(url, f"mqtts://127.0.0.1:{broker.port}", "tls/dtpr/v1", **files)
    with GatewayHandle(settings) as handle:
        assert handle.wait_connected(15), "the gateway did not connect over TLS"
        device = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
        device.tls_set(ca_certs=files["ca_file"], certfile=files["cert_file"], keyfile=files["key_file"])
        device.connect("127.0.0.1", broker.port)
        device.loop_start()
        payload = {"device": {"model": "TLS-1", "serial": "T1"}, "elements": ["air_quality"]}
        device.publish("tls/dtpr/v1/TLS-0001/meta", json.dumps(payload), qos=1, retain=True).wait_for_publish(10)
        device.loop_stop()
        device.disconnect()
        engine = make_engine(url)

        def recorded() -> SensorRow | None:
            with Session(engine) as session:
                return session.get(SensorRow, "TLS-0001")

        row = wait_for(recorded, 10)
        assert row is not None, "the announcement sent over TLS was not recorded"
        assert "TLS-1" in json.dumps(row.device)


def test_a_gateway_without_the_ca_does_not_connect(tls_broker: tuple[Mosquitto, Path], tmp_path: Path) -> None:
    broker, certs = tls_broker
    url = f"sqlite:///{tmp_path}/untrusted.sqlite3"
    migrate(make_engine(url))
    files = {"cert_file": str(certs / "client.crt"), "key_file": str(certs / "client.key")}
    settings = gateway_settings_for(url, f"mqtts://127.0.0.1:{broker.port}", "tls/dtpr/v1", **files)
    with GatewayHandle(settings) as handle:
        assert not handle.wait_connected(3), "a server certificate from an unknown CA must be refused"
