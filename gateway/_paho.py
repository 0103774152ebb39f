"""paho's client, reading the socket in large chunks.

paho reads each packet with three or more ``recv`` calls (command byte, length bytes,
body), and every call gives up the GIL and must win it back from the writer thread.
Reading up to 64 KiB at once and serving the packets from that buffer costs one
call per many messages. ``loop_read`` then goes on while whole packets are
buffered: the socket would not wake ``select`` for them.
"""

from __future__ import annotations

from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import MQTTErrorCode

CHUNK = 65_536


class BufferedClient(mqtt.Client):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._buffer = b""
        self._position = 0
        self._buffered_from: object = None

    def _buffered(self) -> bool:
        return self._position < len(self._buffer) and self._buffered_from is self._sock

    def _sock_recv(self, bufsize: int) -> bytes:
        if not self._buffered():
            data = super()._sock_recv(max(bufsize, CHUNK))
            if len(data) <= bufsize:
                return data
            self._buffer, self._position, self._buffered_from = data, 0, self._sock
        start = self._position
        self._position = min(start + bufsize, len(self._buffer))
        return self._buffer[start : self._position]

    def loop_read(self, max_packets: int = 1) -> MQTTErrorCode:
        rc = super().loop_read(max_packets)
        while rc == MQTTErrorCode.MQTT_ERR_SUCCESS and self._buffered():
            rc = super().loop_read(max_packets)
        return rc
