"""A private Mosquitto on a free port (kill/restart scenarios, the benchmark), and a capped QoS 1 publisher."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def mosquitto_binary() -> str | None:
    candidates = [os.environ.get("DTPR_TEST_MOSQUITTO"), shutil.which("mosquitto"), "/usr/sbin/mosquitto"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


class Mosquitto:
    """``with Mosquitto() as broker: broker.url``; unlimited queues so the broker itself drops nothing."""

    def __init__(self, binary: str, port: int | None = None) -> None:
        self.binary = binary
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="dtpr-mosquitto-"))
        self.conf = self.dir / "mosquitto.conf"
        self.conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
            "max_inflight_messages 0\nmax_queued_messages 0\nmax_queued_bytes 0\nset_tcp_nodelay true\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> Mosquitto:
        log = (self.dir / "mosquitto.log").open("ab")
        self.process = subprocess.Popen([self.binary, "-c", str(self.conf)], stdout=log, stderr=subprocess.STDOUT)
        wait_port(self.port)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def __enter__(self) -> Mosquitto:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Publisher:
    """A QoS 1 publisher whose in-flight backlog is capped (paho stalls past 65,535 unacknowledged messages)."""

    def __init__(self, url: str, *, window: int = 100, client_id: str = "") -> None:
        parts = urlsplit(url)
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv311)
        self.client.max_inflight_messages_set(window)
        self.client.max_queued_messages_set(0)
        self.window = threading.BoundedSemaphore(window)
        self.client.on_publish = lambda *_args: self.window.release()
        self.client.connect(parts.hostname or "127.0.0.1", parts.port or 1883)
        self.client.loop_start()

    def publish(self, topic: str, payload: bytes | str, *, retain: bool = False, qos: int = 1) -> None:
        if qos == 0:
            self.client.publish(topic, payload, qos=0, retain=retain)
            return
        self.window.acquire()
        self.client.publish(topic, payload, qos=qos, retain=retain)

    def flush(self, timeout: float = 60.0) -> None:
        """Wait until the broker acknowledged everything published."""
        deadline = time.monotonic() + timeout
        while self.client._out_messages and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not self.client._out_messages, "the broker did not acknowledge every message"

    def close(self) -> None:
        self.flush()
        self.client.disconnect()
        self.client.loop_stop()

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
