"""Our immutable view of an MQTT message, made from paho's at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ReceivedMessage:
    """One received PUBLISH. ``session`` counts broker connections: acks are only sent on the one that received it."""

    topic: str
    payload: bytes
    qos: int = 1
    retain: bool = False
    mid: int = 0
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    session: int = 0

    @classmethod
    def from_paho(cls, message: Any, *, session: int = 0) -> ReceivedMessage:
        topic_bytes: bytes = message._topic  # raw bytes: a non-UTF-8 topic must not raise here
        topic = topic_bytes.decode("utf-8", errors="backslashreplace")
        return cls(
            topic=topic,
            payload=bytes(message.payload),
            qos=int(message.qos),
            retain=bool(message.retain),
            mid=int(message.mid),
            session=session,
        )
