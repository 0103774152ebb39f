"""The gateway process: a paho-mqtt client, the decoding pipeline and the batch recorder.

No-loss design: QoS 1 subscriptions on a persistent session (MQTT 3.1.1
``clean_session=False``, MQTT 5 ``clean_start=False`` + session expiry) and paho's
manual acknowledgement, sent by the recorder only after the message's batch is
committed. paho's network thread only decodes (reading the socket in large chunks,
see ``gateway._paho``); the database is written in a writer thread of its own.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions
from sqlalchemy import Engine, text

from dtpr_core.lorawan_mapping import load_mapping
from dtpr_core.settings import LorawanSettings, Settings
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.reads import list_drift
from gateway._paho import BufferedClient
from gateway.lorawan import LorawanRouter
from gateway.message import ReceivedMessage
from gateway.metrics import GatewayMetrics, serve_metrics
from gateway.pipeline import Decoded, Pipeline, Quarantined
from gateway.recorder import Pending, Recorder
from gateway.topics import DiscoveryTopic, SensorTopic, shared, validate_prefix

log = logging.getLogger("dtpr.gateway")

SESSION_EXPIRY_SECONDS = 7 * 24 * 3600
DEFAULT_URL = "mqtt://127.0.0.1:1883"


class Gateway:
    """One gateway instance; :meth:`run` blocks until *stop* is set."""

    def __init__(self, settings: Settings, *, engine: Engine | None = None) -> None:
        self.settings = settings
        self.mqtt = settings.mqtt
        self.topic_prefix = validate_prefix(self.mqtt.topic_prefix)
        self.discovery_prefix = validate_prefix(self.mqtt.discovery_prefix)
        self.url = self.mqtt.url or DEFAULT_URL
        self.engine = engine or make_engine(settings.database.url, echo=settings.database.echo)
        self.metrics = GatewayMetrics()
        self.lorawan = lorawan_router(settings.lorawan)
        self.pipeline = Pipeline(
            topic_prefix=self.topic_prefix,
            discovery_prefix=self.discovery_prefix,
            max_payload_bytes=self.mqtt.max_payload_bytes,
            quarantine_payload_bytes=settings.gateway.quarantine_payload_bytes,
            lorawan=self.lorawan,
        )
        self.recorder = Recorder(
            self.engine,
            ack=self._ack,
            metrics=self.metrics,
            batch_size=settings.gateway.batch_size,
            batch_wait_ms=settings.gateway.batch_wait_ms,
            quarantine_payload_bytes=settings.gateway.quarantine_payload_bytes,
            mapping=load_mapping(settings.lorawan.mapping_file),
        )
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        """Set when the broker acknowledged the subscriptions made on the latest connection."""
        self.session = 0
        self.closing = threading.Event()
        self.client = self._make_client()

    # -- paho, at the edge -------------------------------------------------------------
    def _make_client(self) -> mqtt.Client:
        v5 = self.mqtt.protocol == "5"
        client = BufferedClient(
            CallbackAPIVersion.VERSION2,
            client_id=self.mqtt.client_id,
            clean_session=None if v5 else False,
            protocol=mqtt.MQTTv5 if v5 else mqtt.MQTTv311,
            manual_ack=True,
        )
        parts = urlsplit(self.url)
        if parts.username:
            client.username_pw_set(unquote(parts.username), unquote(parts.password) if parts.password else None)
        if parts.scheme in ("mqtts", "ssl"):
            client.tls_set(ca_certs=self.mqtt.ca_file, certfile=self.mqtt.cert_file, keyfile=self.mqtt.key_file)
        client.reconnect_delay_set(1, 60)
        client.max_inflight_messages_set(100)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        return client

    def _connect_async(self) -> None:
        parts = urlsplit(self.url)
        tls = parts.scheme in ("mqtts", "ssl")
        host, port = parts.hostname or "127.0.0.1", parts.port or (8883 if tls else 1883)
        if self.mqtt.protocol == "5":
            properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
            properties.SessionExpiryInterval = SESSION_EXPIRY_SECONDS
            properties.ReceiveMaximum = min(65535, self.recorder.inbox.capacity + self.settings.gateway.batch_size)
            self.client.connect_async(host, port, self.mqtt.keepalive, clean_start=False, properties=properties)
        else:
            self.client.connect_async(host, port, self.mqtt.keepalive)
        log.info("connecting to %s:%d as %r (MQTT %s)", host, port, self.mqtt.client_id, self.mqtt.protocol)

    def topic_filters(self) -> list[str]:
        filters = [
            *SensorTopic.filters(self.topic_prefix),
            *DiscoveryTopic.filters(self.discovery_prefix),
            *self.lorawan.filters(),
        ]
        return [*filters, *self.pipeline.availability]

    def _subscribe(self, client: mqtt.Client, filters: list[str]) -> None:
        if not filters:
            return
        group = self.mqtt.share_group if self.mqtt.protocol == "5" else None
        if self.mqtt.protocol == "5":
            options = SubscribeOptions(qos=self.mqtt.qos)
            client.subscribe([(shared(f, group), options) for f in filters])
        else:
            plain: list[tuple[str, int]] = [(f, self.mqtt.qos) for f in filters]
            client.subscribe(plain)

    def _on_connect(self, client: mqtt.Client, _userdata: Any, flags: Any, reason: Any, _props: Any) -> None:
        if reason.is_failure:
            log.error("broker refused the connection: %s (retrying)", reason)
            return
        self.session += 1
        log.info("connected to the broker (session present: %s)", flags.session_present)
        self.subscribed.clear()
        filters = self.topic_filters()
        self._subscribe(client, filters)
        if not filters:
            self.subscribed.set()
        self.connected.set()
        self.metrics.connected.set(1)

    def _on_subscribe(self, _client: mqtt.Client, _userdata: Any, _mid: int, codes: Any, _props: Any) -> None:
        refused = [code for code in codes if getattr(code, "is_failure", False)]
        if refused:
            log.error("broker refused a subscription: %s", refused[0])
        self.subscribed.set()  # the first answer after a connection is to its subscriptions (the broker answers in order)

    def _on_disconnect(self, _client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        self.connected.clear()
        self.metrics.connected.set(0)
        if not self.closing.is_set():
            log.warning("disconnected from the broker (%s); reconnecting with backoff", reason)

    def _on_message(self, client: mqtt.Client, _userdata: Any, paho_message: mqtt.MQTTMessage) -> None:
        if self.closing.is_set():
            return  # not acknowledged: redelivered at the next start
        try:
            message = ReceivedMessage.from_paho(paho_message, session=self.session)
            decoded = self.pipeline.decode(message)
            self.metrics.count_received("quarantine" if isinstance(decoded, Quarantined) else decoded.kind)
            self._count_lorawan(message, decoded)
            if not isinstance(decoded, Quarantined) and decoded.subscribe:
                self._subscribe(client, list(decoded.subscribe))
            self.recorder.submit(Pending(message, decoded), self.closing)
        except Exception:  # never let an exception out of paho's callback
            log.exception("unexpected error handling a message")

    def _count_lorawan(self, message: ReceivedMessage, decoded: Decoded) -> None:
        if isinstance(decoded, Quarantined):
            source = self.lorawan.source_of(message.topic) if self.lorawan.sources else None
            if source is not None:
                self.metrics.count_lorawan(source.kind, "refused")
        elif decoded.lorawan:
            self.metrics.count_lorawan(decoded.kind, decoded.lorawan[0].kind)

    def _ack(self, message: ReceivedMessage) -> None:
        # an ack for a message received on an earlier connection would hit a reused mid: the
        # broker redelivered that message on this connection, and its copy is acknowledged instead
        if message.qos > 0 and message.session == self.session:
            self.client.ack(message.mid, message.qos)

    # -- lifecycle ---------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        database = "ok" if self.recorder.database_ok and self._database_reachable() else "unreachable"
        broker = "connected" if self.connected.is_set() else "disconnected"
        ok = database == "ok" and broker == "connected"
        return {"status": "ok" if ok else "unhealthy", "broker": broker, "database": database}

    def _database_reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def _refresh_drift(self) -> None:
        try:
            with session_scope(self.engine) as session:
                self.metrics.drift.set(len(list_drift(session)))
        except Exception as error:
            log.debug("drift count failed: %s", error)

    def run(self, stop: threading.Event, *, migrate_database: bool = True) -> None:
        if migrate_database:
            migrate(self.engine)
        server = None
        if self.settings.gateway.metrics_port is not None:
            server = serve_metrics(self.metrics, self.health, self.settings.gateway.metrics_port)
            log.info("metrics on :%d/metrics, health on /healthz", self.settings.gateway.metrics_port)
        writer_stop = threading.Event()
        writer = threading.Thread(target=self.recorder.run, args=(writer_stop,), name="gateway-writer", daemon=True)
        writer.start()
        self._connect_async()
        self.client.loop_start()
        try:
            self._refresh_drift()
            while not stop.wait(10):
                self._refresh_drift()
        finally:
            self._shutdown(writer, writer_stop)
            if server is not None:
                server.shutdown()

    def _shutdown(self, writer: threading.Thread, writer_stop: threading.Event) -> None:
        log.info("stopping: recording and acknowledging what is queued")
        self.closing.set()
        writer_stop.set()
        writer.join(30)
        time.sleep(0.05)  # let paho's thread write the last acknowledgements
        self.client.disconnect()
        self.client.loop_stop()
        log.info("gateway stopped")


def lorawan_router(settings: LorawanSettings) -> LorawanRouter:
    """The LoRaWAN sources of the settings; each prefix is checked (a bad one stops the gateway at start)."""
    return LorawanRouter(
        chirpstack=[validate_prefix(p) for p in settings.chirpstack_prefixes],
        thethingsstack=[validate_prefix(p) for p in settings.thethingsstack_prefixes],
        webhooks=[validate_prefix(p) for p in settings.webhook_prefixes],
    )


def run_gateway(settings: Settings, *, stop_event: threading.Event | None = None, engine: Engine | None = None) -> None:
    """Run a gateway in this thread until *stop_event* is set (forever without one)."""
    Gateway(settings, engine=engine).run(stop_event or threading.Event())


class GatewayHandle:
    """A gateway in a background thread: ``with GatewayHandle(settings) as gw: gw.wait_connected()``."""

    def __init__(self, settings: Settings, *, engine: Engine | None = None) -> None:
        self.gateway = Gateway(settings, engine=engine)
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.gateway.run, args=(self.stop_event,), name="gateway", daemon=True)

    def start(self) -> GatewayHandle:
        self.thread.start()
        return self

    def wait_connected(self, timeout: float = 10.0) -> bool:
        return self.gateway.connected.wait(timeout)

    def wait_subscribed(self, timeout: float = 10.0) -> bool:
        """True once connected and the broker acknowledged the subscriptions."""
        return self.gateway.connected.wait(timeout) and self.gateway.subscribed.wait(timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once every received message is recorded (or quarantined) and acknowledged."""
        return self.gateway.recorder.idle.wait(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        self.thread.join(timeout)

    def __enter__(self) -> GatewayHandle:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
