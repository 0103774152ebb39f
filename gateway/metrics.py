"""Prometheus metrics and the ``/metrics`` + ``/healthz`` endpoint of the gateway.

Each gateway has its own registry, so several can run in one process (tests, ``dtpr up``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class GatewayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.received = Counter("dtpr_gateway_messages_received", "MQTT messages received", ["kind"], registry=r)
        self.recorded = Counter(
            "dtpr_gateway_messages_recorded",
            "Messages durably recorded and acknowledged (outcome: changed, unchanged, status)",
            ["kind", "outcome"],
            registry=r,
        )
        self.quarantined = Counter(
            "dtpr_gateway_messages_quarantined", "Messages kept in quarantine, by reason", ["reason"], registry=r
        )
        self.drift = Gauge("dtpr_gateway_drift_sensors", "Declared sensors whose sign is out of date", registry=r)
        self.lag = Gauge(
            "dtpr_gateway_lag_seconds", "Receive-to-commit delay of the last batch's oldest message", registry=r
        )
        self.batch_seconds = Histogram(
            "dtpr_gateway_batch_seconds",
            "Time to write one batch",
            registry=r,
            buckets=(0.001, 0.005, 0.02, 0.1, 0.5, 2, 10),
        )
        self.db_errors = Counter("dtpr_gateway_database_errors", "Failed batch writes (retried)", registry=r)
        self.connected = Gauge("dtpr_gateway_broker_connected", "1 when connected to the broker", registry=r)
        self.pending = Gauge("dtpr_gateway_pending_messages", "Messages received, not yet recorded", registry=r)
        self.lorawan_events = Counter(
            "dtpr_gateway_lorawan_events",
            "LoRaWAN network-server events by source (chirpstack, thethingsstack, lorawan_webhook) and type; "
            "event=refused: quarantined",
            ["source", "event"],
            registry=r,
        )
        self._received_by_kind: dict[str, Counter] = {}

    def count_received(self, kind: str) -> None:
        """``received.labels(kind).inc()``, without the label lookup (once per message on paho's thread)."""
        child = self._received_by_kind.get(kind)
        if child is None:
            child = self._received_by_kind[kind] = self.received.labels(kind)
        child.inc()

    def count_lorawan(self, source: str, event: str) -> None:
        self.lorawan_events.labels(source, event).inc()

    def total(self, counter: Counter) -> float:
        """Sum of a counter over its labels (tests and the benchmark)."""
        name = counter._name
        return sum(
            sample.value
            for metric in self.registry.collect()
            if metric.name == name
            for sample in metric.samples
            if sample.name.endswith("_total")
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)


HealthCheck = Callable[[], dict[str, Any]]


def serve_metrics(
    metrics: GatewayMetrics, health: HealthCheck, port: int, host: str = "0.0.0.0"
) -> ThreadingHTTPServer:
    """Serve ``/metrics`` and ``/healthz`` (200 when healthy, else 503) in a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path.startswith("/metrics"):
                self._send(200, metrics.render(), CONTENT_TYPE_LATEST)
            elif self.path.startswith("/healthz"):
                state = health()
                body = json.dumps(state).encode()
                self._send(200 if state.get("status") == "ok" else 503, body, "application/json")
            else:
                self._send(404, b'{"error": "not found"}', "application/json")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: scraped every few seconds
            return

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="gateway-metrics", daemon=True).start()
    return server
