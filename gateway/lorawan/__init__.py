"""LoRaWAN network servers as sources of the gateway: ChirpStack v4, The Things Stack v3, forwarded webhooks.

One parser module per source; :class:`LorawanRouter` picks it by topic prefix (a city
may run several network servers) and turns a message into a payload-free
:class:`~dtpr_core.lorawan.LorawanEvent`, or raises ``InvalidAnnouncement``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from dtpr_core.lorawan import LorawanEvent
from gateway.lorawan import webhook
from gateway.lorawan.chirpstack import ChirpstackTopic, parse_chirpstack
from gateway.lorawan.privacy import redact_payload
from gateway.lorawan.thethingsstack import TtsTopic, parse_thethingsstack

Parser = Callable[[str, str, bytes, datetime], LorawanEvent]

__all__ = ["LorawanRouter", "Source", "redact_payload"]


@dataclass(frozen=True, slots=True)
class Source:
    """One network server's topic prefix and how to read it; ``kind`` labels its metrics."""

    kind: str
    prefix: str
    parse: Parser
    filters: tuple[str, ...]

    def matches(self, topic: str) -> bool:
        """Every topic under the prefix is this source's (a malformed one is refused by its parser)."""
        return topic.startswith(self.prefix + "/")


class LorawanRouter:
    def __init__(
        self, *, chirpstack: Sequence[str] = (), thethingsstack: Sequence[str] = (), webhooks: Sequence[str] = ()
    ) -> None:
        sources = [
            *(Source("chirpstack", p, parse_chirpstack, ChirpstackTopic.filters(p)) for p in chirpstack),
            *(Source("thethingsstack", p, parse_thethingsstack, TtsTopic.filters(p)) for p in thethingsstack),
            *(Source("lorawan_webhook", p, webhook.parse_webhook, webhook.filters(p)) for p in webhooks),
        ]
        # the longest prefix first, so "lora/eu" wins over "lora" for a topic under both
        self.sources = tuple(sorted(sources, key=lambda source: -len(source.prefix)))

    def filters(self) -> list[str]:
        return [topic_filter for source in self.sources for topic_filter in source.filters]

    def source_of(self, topic: str) -> Source | None:
        return next((source for source in self.sources if source.matches(topic)), None)

    def decode(self, source: Source, topic: str, payload: bytes, received_at: datetime) -> LorawanEvent:
        return source.parse(source.prefix, topic, payload, received_at)
