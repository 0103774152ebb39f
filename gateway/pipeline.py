"""ReceivedMessage -> what to record (:class:`Accepted`) or what to keep aside (:class:`Quarantined`).

Pure apart from what Home Assistant configs teach it (availability topics and
which device owns which config topic). :meth:`Pipeline.decode` never raises.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from dtpr_core.announcement import Announcement, StatusUpdate
from dtpr_core.errors import InvalidAnnouncement
from dtpr_core.lorawan import LorawanEvent
from dtpr_core.quarantine_reasons import REASON_KINDS
from gateway.homeassistant import HA_ID_PREFIX, Availability, parse_config
from gateway.lorawan import LorawanRouter, redact_payload
from gateway.message import ReceivedMessage
from gateway.native import invalid, parse_meta, parse_online, parse_status
from gateway.topics import DiscoveryTopic, SensorTopic

log = logging.getLogger("dtpr.gateway")

RESERVED_HA_ID = (
    f"reserved topic: sensor ids starting with {HA_ID_PREFIX!r} belong to devices discovered through Home Assistant; "
    "a native DTPR device must use its own id"
)


@dataclass(frozen=True, slots=True)
class Accepted:
    """What one message asks to record. ``removals`` are HA entities whose owner the store must look up."""

    announcements: tuple[Announcement, ...] = ()
    statuses: tuple[StatusUpdate, ...] = ()
    removals: tuple[str, ...] = ()
    subscribe: tuple[str, ...] = ()
    """Availability topics newly learned: subscribe to them."""
    kind: str = "meta"
    lorawan: tuple[LorawanEvent, ...] = ()
    """Network-server events (ChirpStack, The Things Stack): the store resolves their sensor."""


@dataclass(frozen=True, slots=True)
class Quarantined:
    topic: str
    payload: bytes
    """At most ``quarantine_payload_bytes`` of it."""
    size: int
    reason: str
    received_at: datetime

    @property
    def kind(self) -> str:
        """A short label for metrics: topic, encoding, json, size, element, identifier, schema, internal."""
        return next((label for prefix, label in REASON_KINDS if self.reason.startswith(prefix)), "schema")

    def as_row(self) -> tuple[str, bytes, int, str, datetime]:
        return (self.topic, self.payload, self.size, self.reason, self.received_at)


Decoded = Accepted | Quarantined


class Pipeline:
    def __init__(
        self,
        *,
        topic_prefix: str,
        discovery_prefix: str,
        max_payload_bytes: int = 65_536,
        quarantine_payload_bytes: int = 4096,
        reserved_prefixes: tuple[str, ...] = (),
        lorawan: LorawanRouter | None = None,
    ) -> None:
        self.lorawan = lorawan
        self.topic_prefix = topic_prefix
        self.discovery_prefix = discovery_prefix
        lorawan_prefixes = tuple(source.prefix for source in lorawan.sources) if lorawan else ()
        self.reserved_prefixes = (topic_prefix, discovery_prefix, *reserved_prefixes, *lorawan_prefixes)
        """Namespaces the gateway reads itself: a device config may never claim a topic in them."""
        self.max_payload_bytes = max_payload_bytes
        self.quarantine_payload_bytes = quarantine_payload_bytes
        self.availability: dict[str, dict[str, Availability]] = {}
        self.config_owner: dict[str, str] = {}

    def decode(self, message: ReceivedMessage) -> Decoded:
        """Never raises: anything unexpected is quarantined with its reason."""
        try:
            if len(message.payload) > self.max_payload_bytes:
                raise invalid(
                    message.topic, f"payload too large: {len(message.payload)} > {self.max_payload_bytes} bytes"
                )
            return self._route(message)
        except InvalidAnnouncement as error:
            return self._quarantine(message, error.reason)
        except Exception as error:  # a bug must not stop the gateway: keep the message, log once
            log.exception("internal error decoding a message on %r", message.topic)
            return self._quarantine(message, f"internal error: {type(error).__name__}: {error}")

    def _quarantine(self, message: ReceivedMessage, reason: str) -> Quarantined:
        bounded = message.payload[: self.quarantine_payload_bytes]
        if self.lorawan is not None and self.lorawan.source_of(message.topic) is not None:  # never a device's payload
            bounded = redact_payload(message.payload, self.quarantine_payload_bytes)
        return Quarantined(message.topic, bounded, len(message.payload), reason, message.received_at)

    def _route(self, message: ReceivedMessage) -> Decoded:
        topic = message.topic
        if SensorTopic.matches(topic, self.topic_prefix):
            native = SensorTopic.parse(topic, self.topic_prefix)
            if native.sensor_id.startswith(HA_ID_PREFIX):
                raise invalid(topic, RESERVED_HA_ID)
            if native.kind == "status":
                if not message.payload:
                    return Accepted(kind="status")  # a cleared retained status: nothing to say
                return Accepted(statuses=(parse_status(native, message.payload, message.received_at),), kind="status")
            return Accepted(announcements=(parse_meta(native, message.payload, message.received_at),))
        if DiscoveryTopic.matches(topic, self.discovery_prefix):
            return self._discovery(DiscoveryTopic.parse(topic, self.discovery_prefix), message)
        source = self.lorawan.source_of(topic) if self.lorawan is not None else None
        if source is not None and self.lorawan is not None:
            event = self.lorawan.decode(source, topic, message.payload, message.received_at)
            return Accepted(lorawan=(event,), kind=source.kind)
        if topic in self.availability:
            return self._availability(message)
        raise invalid(topic, "malformed topic: not a DTPR, Home Assistant discovery, LoRaWAN or availability topic")

    def _discovery(self, topic: DiscoveryTopic, message: ReceivedMessage) -> Accepted:
        name = str(topic)
        if not message.payload:
            owner = self.config_owner.pop(name, None)
            if owner is None:
                return Accepted(removals=(topic.entity,), kind="homeassistant")
            gone = Announcement(owner, "homeassistant", message.received_at, entity=topic.entity, withdrawn=True)
            return Accepted(announcements=(gone,), kind="homeassistant")
        entity = parse_config(topic, message.payload, message.received_at)
        for item in entity.availability:
            self._refuse_reserved(name, item.topic)
        self.config_owner[name] = entity.announcement.sensor_id
        new = []
        for item in entity.availability:
            known = self.availability.setdefault(item.topic, {})
            if not known:
                new.append(item.topic)
            known[item.sensor_id] = item
        return Accepted(announcements=(entity.announcement,), subscribe=tuple(new), kind="homeassistant")

    def _refuse_reserved(self, config_topic: str, claimed: str) -> None:
        for prefix in self.reserved_prefixes:
            if claimed == prefix or claimed.startswith(prefix + "/"):
                raise invalid(
                    config_topic,
                    f"reserved topic: availability topic {claimed[:120]!r} is in the {prefix!r} namespace, which the "
                    "gateway reads itself; a device config may only name its own topics",
                )

    def _availability(self, message: ReceivedMessage) -> Accepted:
        if not message.payload:
            return Accepted(kind="availability")
        statuses = []
        for item in self.availability[message.topic].values():
            online = parse_online(
                message.topic, message.payload, online=item.payload_available, offline=item.payload_not_available
            )
            statuses.append(StatusUpdate(item.sensor_id, online, message.received_at, "homeassistant"))
        return Accepted(statuses=tuple(statuses), kind="availability")
