"""An embedded MQTT 3.1.1 broker (amqtt) for `dtpr up` / `dtpr demo` when no broker is configured.

It runs its own asyncio loop in a daemon thread, listens on loopback only and
allows anonymous clients: it is for a newcomer's laptop, never for production
(use Mosquitto there: docs/operators.md).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from typing import Any

log = logging.getLogger("dtpr.broker")


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class EmbeddedBroker:
    """``with EmbeddedBroker(port) as broker: ... broker.url``"""

    def __init__(self, port: int = 1883, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port if port and port_is_free(host, port) else free_port(host)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="embedded-mqtt", daemon=True)
        self._broker: Any = None

    @property
    def url(self) -> str:
        return f"mqtt://{self.host}:{self.port}"

    def start(self) -> EmbeddedBroker:
        from amqtt.broker import Broker

        config = {
            "listeners": {"default": {"type": "tcp", "bind": f"{self.host}:{self.port}"}},
            "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}},
        }
        for noisy in ("amqtt", "transitions"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        self._thread.start()

        async def make() -> Any:
            # made on its own loop: amqtt creates a future in __init__ on the current loop, and a
            # future of another loop never wakes its shutdown, which then waited 5 s on every Ctrl-C
            return Broker(config, loop=self._loop)

        self._broker = asyncio.run_coroutine_threadsafe(make(), self._loop).result(timeout=15)
        asyncio.run_coroutine_threadsafe(self._broker.start(), self._loop).result(timeout=15)
        log.info("embedded MQTT broker listening on %s", self.url)
        return self

    def stop(self) -> None:
        if self._broker is not None:
            logging.getLogger("amqtt").setLevel(logging.CRITICAL)
            try:
                asyncio.run_coroutine_threadsafe(self._broker.shutdown(), self._loop).result(timeout=10)
            except Exception as error:  # noqa: BLE001 - shutting down anyway
                log.warning("embedded broker did not stop cleanly: %s", error)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
