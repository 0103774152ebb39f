"""ChirpStack v4 MQTT integration: ``{prefix}/{application id}/device/{DevEUI}/event/{type}``.

Written from ChirpStack's published event definitions (``integration.proto`` of the
``chirpstack-api`` package): the JSON marshaler's field names are the protobuf JSON
names (``deviceInfo.devEui``, ``rxInfo[].rssi``…). Events sent with the protobuf
marshaler are decoded with those definitions, then read like JSON. Only identity,
timing and link health are kept: ``data`` and ``object`` are never read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from dtpr_core.errors import InvalidAnnouncement
from dtpr_core.lorawan import Battery, LinkHealth, LorawanEvent
from gateway.lorawan._fields import dev_eui, event_time, flag, load_object, number, position, refuse, section, text

EVENTS = ("up", "join", "status", "ack", "txack", "log", "location", "integration")
HEARD = frozenset({"up", "join", "status"})
"""Events the device itself caused by transmitting (``ack`` too, when acknowledged)."""
_PROTO_CLASSES = {
    "up": "UplinkEvent",
    "join": "JoinEvent",
    "status": "StatusEvent",
    "ack": "AckEvent",
    "txack": "TxAckEvent",
    "log": "LogEvent",
    "location": "LocationEvent",
    "integration": "IntegrationEvent",  # not in every chirpstack-api release: refused with that reason
}
_GRAMMAR = r"(?P<application>[^/]+)/device/(?P<dev_eui>[^/]+)/event/(?P<event>[^/]+)"


@dataclass(frozen=True, slots=True)
class ChirpstackTopic:
    prefix: str
    application: str
    dev_eui: str
    event: str

    @staticmethod
    def filters(prefix: str) -> tuple[str, ...]:
        return (f"{prefix}/+/device/+/event/+",)

    @classmethod
    def parse(cls, topic: str, prefix: str) -> ChirpstackTopic:
        match = _matcher(prefix).fullmatch(topic)
        if match is None:
            raise refuse(topic, f"malformed topic: expected {prefix}/<application id>/device/<DevEUI>/event/<type>")
        if match["event"] not in EVENTS:
            raise refuse(topic, f"unknown ChirpStack event '{match['event'][:40]}' (known: {', '.join(EVENTS)})")
        return cls(prefix, match["application"], dev_eui(topic, match["dev_eui"], "topic DevEUI"), match["event"])


@lru_cache(maxsize=32)
def _matcher(prefix: str) -> re.Pattern[str]:
    return re.compile(re.escape(prefix) + "/" + _GRAMMAR)


def decode_protobuf(topic: str, event: str, payload: bytes) -> Mapping[str, Any]:
    """A protobuf-marshaled event as the JSON marshaler would have written it."""
    try:
        from chirpstack_api import integration
        from google.protobuf import json_format
        from google.protobuf.message import DecodeError
    except ImportError:  # pragma: no cover - a dependency; kept for installs without it
        raise refuse(topic, "ChirpStack protobuf event: install chirpstack-api to decode it") from None
    message_class = getattr(integration, _PROTO_CLASSES[event], None)
    if message_class is None:
        raise refuse(topic, f"ChirpStack {event} event in protobuf: no definition in the installed chirpstack-api")
    try:
        message = message_class.FromString(payload)
    except (DecodeError, ValueError, RecursionError) as error:
        raise refuse(topic, f"not a ChirpStack {event} event (JSON or protobuf): {str(error)[:120]}") from None
    decoded: dict[str, Any] = json_format.MessageToDict(message)
    return decoded


def _link(topic: str, body: Mapping[str, Any]) -> LinkHealth:
    rx_info = body.get("rxInfo", [])
    if not isinstance(rx_info, list):
        raise refuse(topic, "rxInfo must be a list")
    rssi: list[float] = []
    snr: list[float] = []
    gateways: set[str] = set()
    for index, item in enumerate(rx_info[:1000]):
        if not isinstance(item, dict):
            raise refuse(topic, f"rxInfo[{index}] must be a JSON object")
        where = f"rxInfo[{index}]"
        gateways.add(text(topic, item, "gatewayId", where) or str(index))
        value = number(topic, item, "rssi", where, -300, 100)
        if value is not None:
            rssi.append(value)
        value = number(topic, item, "snr", where, -100, 100)
        if value is not None:
            snr.append(value)
    return LinkHealth(int(max(rssi)) if rssi else None, max(snr) if snr else None, len(gateways))


def _battery(topic: str, body: Mapping[str, Any]) -> Battery:
    unavailable = flag(topic, body, "batteryLevelUnavailable", "status")
    level = number(topic, body, "batteryLevel", "status", 0, 100)
    margin = number(topic, body, "margin", "status", -128, 127)
    external = flag(topic, body, "externalPowerSource", "status")
    return Battery(None if unavailable or external else level, external, None if margin is None else int(margin))


def _body(topic: str, event: str, payload: bytes) -> Mapping[str, Any]:
    """JSON marshaler (an object), else protobuf marshaler; a protobuf may happen to start like JSON."""
    if not payload.lstrip()[:1] == b"{":
        return decode_protobuf(topic, event, payload)
    try:
        return load_object(topic, payload, f"a ChirpStack {event} event")
    except InvalidAnnouncement:
        try:
            return decode_protobuf(topic, event, payload)
        except InvalidAnnouncement:
            pass
        raise


def parse_chirpstack(prefix: str, topic: str, payload: bytes, received_at: datetime) -> LorawanEvent:
    """One ChirpStack event -> :class:`LorawanEvent`; raises ``InvalidAnnouncement`` with the reason."""
    where = ChirpstackTopic.parse(topic, prefix)
    event = chirpstack_body_event(prefix, topic, where.event, _body(topic, where.event, payload), received_at)
    if event.dev_eui != where.dev_eui:
        raise refuse(topic, f"deviceInfo.devEui {event.dev_eui} differs from the topic's DevEUI {where.dev_eui}")
    return event


def chirpstack_body_event(
    prefix: str, topic: str, event: str, body: Mapping[str, Any], received_at: datetime
) -> LorawanEvent:
    """A decoded ChirpStack event body (MQTT or HTTP integration) of type *event*."""
    info = section(topic, body, "deviceInfo")
    eui = dev_eui(topic, info.get("devEui"), "deviceInfo.devEui")
    heard = event in HEARD or (event == "ack" and flag(topic, body, "acknowledged", "ack"))
    return LorawanEvent(
        server="chirpstack",
        network=prefix,
        kind=event,
        dev_eui=eui,
        at=event_time(body, "time", received_at),
        heard=heard,
        device_id=text(topic, info, "deviceName", "deviceInfo"),
        application=text(topic, info, "applicationName", "deviceInfo")
        or text(topic, info, "applicationId", "deviceInfo"),
        profile=text(topic, info, "deviceProfileName", "deviceInfo"),
        joined=event == "join",
        link=_link(topic, body) if event == "up" else None,
        battery=_battery(topic, body) if event == "status" else None,
        location=position(topic, section(topic, body, "location", required=False), "location")
        if event == "location"
        else None,
    )
