"""The Things Stack v3 MQTT server: ``{prefix}/{application id}[@{tenant id}]/devices/{device id}/{type}``.

Written from The Things Stack's published data formats (``end_device_ids``,
``uplink_message.rx_metadata``, ``version_ids``, ``join_accept``…). Webhooks post the
same JSON, so :func:`parse_application_up` also reads forwarded webhook bodies.
``frm_payload``, ``decoded_payload`` and ``normalized_payload`` are never read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from dtpr_core.lorawan import Battery, LinkHealth, LorawanEvent
from gateway.lorawan._fields import dev_eui, event_time, load_object, number, position, refuse, section, text

MESSAGE_KEYS = {
    "uplink_message": "up",
    "join_accept": "join",
    "downlink_ack": "down/ack",
    "downlink_nack": "down/nack",
    "downlink_sent": "down/sent",
    "downlink_failed": "down/failed",
    "downlink_queued": "down/queued",
    "downlink_queue_invalidated": "down/queue/invalidated",
    "service_data": "service/data",
    "location_solved": "location/solved",
    "uplink_normalized": "up/normalized",
}
"""Which key of an ApplicationUp carries which event (the topic's last levels)."""
EVENTS = frozenset(MESSAGE_KEYS.values()) | {"down/push", "down/replace"}
HEARD = frozenset({"up", "join", "down/ack", "down/nack"})
"""The device transmitted (a downlink ack or nack is an uplink of the device)."""
_GRAMMAR = r"(?P<application>[^/@]+)(?:@(?P<tenant>[^/]+))?/devices/(?P<device_id>[^/]+)/(?P<event>.+)"


@dataclass(frozen=True, slots=True)
class TtsTopic:
    prefix: str
    application: str
    tenant: str | None
    device_id: str
    event: str

    @staticmethod
    def filters(prefix: str) -> tuple[str, ...]:
        return (f"{prefix}/+/devices/+/#",)

    @classmethod
    def parse(cls, topic: str, prefix: str) -> TtsTopic:
        match = _matcher(prefix).fullmatch(topic)
        if match is None:
            raise refuse(
                topic, f"malformed topic: expected {prefix}/<application id>[@<tenant>]/devices/<device id>/<type>"
            )
        if match["event"] not in EVENTS:
            raise refuse(topic, f"unknown The Things Stack event '{match['event'][:40]}'")
        return cls(prefix, match["application"], match["tenant"], match["device_id"], match["event"])


@lru_cache(maxsize=32)
def _matcher(prefix: str) -> re.Pattern[str]:
    return re.compile(re.escape(prefix) + "/" + _GRAMMAR)


def _link(topic: str, uplink: Mapping[str, Any]) -> LinkHealth:
    metadata = uplink.get("rx_metadata", [])
    if not isinstance(metadata, list):
        raise refuse(topic, "uplink_message.rx_metadata must be a list")
    rssi: list[float] = []
    snr: list[float] = []
    gateways: set[str] = set()
    for index, item in enumerate(metadata[:1000]):
        where = f"rx_metadata[{index}]"
        if not isinstance(item, dict):
            raise refuse(topic, f"{where} must be a JSON object")
        ids = section(topic, item, "gateway_ids", required=False)
        gateways.add(text(topic, ids, "gateway_id", f"{where}.gateway_ids") or str(index))
        value = number(topic, item, "rssi", where, -300, 100)
        value = number(topic, item, "channel_rssi", where, -300, 100) if value is None else value
        if value is not None:
            rssi.append(value)
        value = number(topic, item, "snr", where, -100, 100)
        if value is not None:
            snr.append(value)
    return LinkHealth(int(max(rssi)) if rssi else None, max(snr) if snr else None, len(gateways))


def _battery(topic: str, uplink: Mapping[str, Any]) -> Battery | None:
    """``last_battery_percentage`` (v3.33.1 and later), when the device reported one."""
    battery = section(topic, uplink, "last_battery_percentage", required=False)
    level = number(topic, battery, "value", "last_battery_percentage", 0, 100)
    return Battery(level) if level is not None else None


def parse_application_up(
    prefix: str, topic: str, body: Mapping[str, Any], received_at: datetime, *, event: str | None = None
) -> LorawanEvent:
    """An ApplicationUp body (MQTT or webhook); *event* from the topic, else from the message key it carries."""
    ids = section(topic, body, "end_device_ids")
    carried = next((kind for key, kind in MESSAGE_KEYS.items() if key in body), None)
    event = event or carried
    if event is None:
        raise refuse(topic, f"no event in the message (expected one of {', '.join(sorted(MESSAGE_KEYS))})")
    if "dev_eui" not in ids:
        raise refuse(
            topic, "no stable device identifier: end_device_ids.dev_eui is missing (give the device its DevEUI)"
        )
    eui = dev_eui(topic, ids.get("dev_eui"), "end_device_ids.dev_eui")
    application = text(
        topic, section(topic, ids, "application_ids", required=False), "application_id", "end_device_ids"
    )
    key = next((key for key, kind in MESSAGE_KEYS.items() if kind == event), None)
    message = section(topic, body, key, required=False) if key else {}
    uplink = message if event == "up" else {}
    versions = section(topic, message, "version_ids", required=False)  # v3.13 uplinks; v3.34 other messages
    return LorawanEvent(
        server="thethingsstack",
        network=prefix,
        kind=event,
        dev_eui=eui,
        at=event_time(body, "received_at", received_at),
        heard=event in HEARD,
        device_id=text(topic, ids, "device_id", "end_device_ids"),
        application=application,
        brand=text(topic, versions, "brand_id", "version_ids"),
        model=text(topic, versions, "model_id", "version_ids"),
        joined=event == "join",
        link=_link(topic, uplink) if event == "up" else None,
        battery=_battery(topic, uplink) if event == "up" else None,
        location=position(topic, section(topic, message, "location", required=False), "location_solved.location")
        if event == "location/solved"
        else None,
    )


def parse_thethingsstack(prefix: str, topic: str, payload: bytes, received_at: datetime) -> LorawanEvent:
    """One The Things Stack event -> :class:`LorawanEvent`; raises ``InvalidAnnouncement`` with the reason."""
    where = TtsTopic.parse(topic, prefix)
    body = load_object(topic, payload, f"a The Things Stack {where.event} message")
    event = parse_application_up(prefix, topic, body, received_at, event=where.event)
    if event.device_id and event.device_id != where.device_id:
        raise refuse(
            topic, f"end_device_ids.device_id '{event.device_id}' differs from the topic's '{where.device_id}'"
        )
    if event.application and event.application != where.application:
        raise refuse(
            topic, f"end_device_ids.application_id '{event.application}' differs from the topic's '{where.application}'"
        )
    return event
