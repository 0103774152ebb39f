"""The buffered paho client: packets split across 64 KiB reads, and across reconnections, arrive whole and in order."""

from __future__ import annotations

import threading
import uuid
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from gateway._paho import BufferedClient
from tests.gateway.broker import Publisher
from tests.gateway.conftest import wait_for


def _subscriber(url: str, topic: str, received: list[bytes]) -> BufferedClient:
    parts = urlsplit(url)
    subscribed = threading.Event()
    client = BufferedClient(CallbackAPIVersion.VERSION2, client_id=f"buf-{uuid.uuid4().hex[:8]}")
    client.on_message = lambda _c, _u, message: received.append(message.payload)
    client.on_subscribe = lambda *_args: subscribed.set()
    client.on_connect = lambda c, *_args: c.subscribe(topic, qos=1)
    client.connect(parts.hostname or "127.0.0.1", parts.port or 1883)
    client.loop_start()
    assert subscribed.wait(10)
    return client


def test_many_small_and_a_few_large_messages_arrive_whole_and_in_order(mqtt_url: str, topic_prefix: str):
    topic = f"{topic_prefix}/buffered"
    received: list[bytes] = []
    client = _subscriber(mqtt_url, topic, received)
    sent = [f"{i:06d}".encode() * (1 + (i % 7 == 0) * 20_000) for i in range(3000)]  # some span several reads
    try:
        with Publisher(mqtt_url, window=500) as publisher:
            for payload in sent:
                publisher.publish(topic, payload)
        assert wait_for(lambda: len(received) == len(sent), 60), len(received)
        assert received == sent
    finally:
        client.disconnect()
        client.loop_stop()


def test_a_new_connection_starts_with_an_empty_buffer(mqtt_url: str, topic_prefix: str):
    topic = f"{topic_prefix}/reconnect"
    received: list[bytes] = []
    client = _subscriber(mqtt_url, topic, received)
    try:
        client._buffer, client._position = b"\x30\x05stale", 0  # left over from an old socket
        client._buffered_from = object()
        with Publisher(mqtt_url) as publisher:
            publisher.publish(topic, b"fresh")
        assert wait_for(lambda: received == [b"fresh"], 10), received
        assert client.is_connected()
    finally:
        client.disconnect()
        client.loop_stop()
    assert isinstance(client, mqtt.Client)
