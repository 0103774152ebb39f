"""The embedded broker of ``dtpr up`` / ``dtpr demo``: it carries a message and stops at once on Ctrl-C."""

from __future__ import annotations

import threading
import time

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from dtpr_cli.embedded_broker import EmbeddedBroker, free_port


def test_the_embedded_broker_carries_a_message_and_stops_at_once() -> None:
    broker = EmbeddedBroker(free_port()).start()
    try:
        received = threading.Event()
        client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
        client.on_message = lambda *_args: received.set()
        client.connect(broker.host, broker.port)
        client.loop_start()
        try:
            client.subscribe("probe/#", qos=1)
            deadline = time.monotonic() + 10
            while not received.is_set() and time.monotonic() < deadline:
                client.publish("probe/x", b"hello", qos=1)
                received.wait(0.2)
            assert received.is_set(), "the embedded broker did not deliver a message"
        finally:
            client.loop_stop()
            client.disconnect()
    finally:
        started = time.monotonic()
        broker.stop()
        stopped_in = time.monotonic() - started
    assert stopped_in < 2, f"the embedded broker took {stopped_in:.1f} s to stop (amqtt's 5 s shutdown wait)"
