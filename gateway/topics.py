"""MQTT topics as frozen value objects that validate themselves.

One regex per grammar: native DTPR topics ``{prefix}/{sensor_id}/(meta|status)``
and Home Assistant discovery topics ``{discovery}/{component}/[{node_id}/]{object_id}/config``.
Parsing raises :class:`InvalidAnnouncement` with reason ``malformed topic: …``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from dtpr_core.errors import InvalidAnnouncement
from dtpr_core.model import is_valid_sensor_id

NativeKind = Literal["meta", "status"]

_HA_TOPIC = r"(?P<component>\w+)/(?:(?P<node_id>[a-zA-Z0-9_-]+)/)?(?P<object_id>[a-zA-Z0-9_-]+)/config"
_NATIVE_TOPIC = r"(?P<sensor_id>[^/]*)/(?P<kind>meta|status)"


@lru_cache(maxsize=64)
def _matcher(prefix: str, grammar: str) -> re.Pattern[str]:
    return re.compile(re.escape(prefix) + "/" + grammar)


def _malformed(topic: str, why: str) -> InvalidAnnouncement:
    return InvalidAnnouncement(f"malformed topic {topic!r}: {why}", topic=topic, reason=f"malformed topic: {why}")


def validate_prefix(prefix: str) -> str:
    """A topic prefix: non-empty levels, no wildcards, no leading/trailing slash."""
    if not prefix or any(c in prefix for c in "+#\0") or "" in prefix.split("/"):
        raise ValueError(f"invalid MQTT topic prefix {prefix!r}: use levels like 'dtpr/v1', without + # or //")
    return prefix


@dataclass(frozen=True, slots=True)
class SensorTopic:
    """``{prefix}/{sensor_id}/meta`` (retained announcement) or ``…/status`` (online/offline)."""

    prefix: str
    sensor_id: str
    kind: NativeKind

    def __post_init__(self) -> None:
        if not is_valid_sensor_id(self.sensor_id):
            raise _malformed(str(self), f"{self.sensor_id!r} is not a valid sensor id ([A-Za-z0-9_-], up to 64)")

    def __str__(self) -> str:
        return f"{self.prefix}/{self.sensor_id}/{self.kind}"

    @staticmethod
    def matches(topic: str, prefix: str) -> bool:
        return topic.startswith(prefix + "/") and topic.endswith(("/meta", "/status"))

    @classmethod
    def parse(cls, topic: str, prefix: str) -> SensorTopic:
        match = _matcher(prefix, _NATIVE_TOPIC).fullmatch(topic)
        if match is None:
            raise _malformed(topic, f"expected {prefix}/<sensor_id>/meta or {prefix}/<sensor_id>/status")
        kind: NativeKind = "meta" if match["kind"] == "meta" else "status"
        return cls(prefix, match["sensor_id"], kind)

    @staticmethod
    def filters(prefix: str) -> tuple[str, ...]:
        return (f"{prefix}/+/meta", f"{prefix}/+/status")


@dataclass(frozen=True, slots=True)
class DiscoveryTopic:
    """A Home Assistant discovery config topic."""

    prefix: str
    component: str
    object_id: str
    node_id: str | None = None

    def __str__(self) -> str:
        node = f"{self.node_id}/" if self.node_id else ""
        return f"{self.prefix}/{self.component}/{node}{self.object_id}/config"

    @property
    def entity(self) -> str:
        """The entity key inside its device: ``component/[node_id/]object_id`` (unique per config topic)."""
        node = f"{self.node_id}/" if self.node_id else ""
        return f"{self.component}/{node}{self.object_id}"

    @classmethod
    def parse(cls, topic: str, prefix: str) -> DiscoveryTopic:
        match = _matcher(prefix, _HA_TOPIC).fullmatch(topic)
        if match is None:
            raise _malformed(topic, f"expected {prefix}/<component>/[<node_id>/]<object_id>/config")
        return cls(prefix, match["component"], match["object_id"], match["node_id"])

    @staticmethod
    def matches(topic: str, prefix: str) -> bool:
        return topic.startswith(prefix + "/") and topic.endswith("/config")

    @staticmethod
    def filters(prefix: str) -> tuple[str, ...]:
        return (f"{prefix}/+/+/config", f"{prefix}/+/+/+/config")


def shared(topic_filter: str, group: str | None) -> str:
    """The filter as an MQTT 5 shared subscription when *group* is set."""
    return f"$share/{group}/{topic_filter}" if group else topic_filter


def is_valid_topic_name(topic: str) -> bool:
    """A topic a device may publish to (and we may subscribe to exactly)."""
    return 0 < len(topic.encode("utf-8")) <= 65535 and not any(c in topic for c in "+#\0") and not topic.startswith("$")
