"""Webhook-style envelopes some deployments forward onto MQTT (``{prefix}/…``, any levels below).

Two shapes, told apart by their keys:

* The Things Stack's webhook body, as posted: an ApplicationUp with ``end_device_ids``
  and the message key (``uplink_message``, ``join_accept``…) saying which event it is;
* ChirpStack's HTTP integration, whose event type travels in the URL (``?event=up``):
  forwarded as ``{"event": "up", "body": {…the HTTP body…}}``.
"""

from __future__ import annotations

from datetime import datetime

from dtpr_core.lorawan import LorawanEvent
from gateway.lorawan._fields import load_object, refuse, section
from gateway.lorawan.chirpstack import EVENTS, chirpstack_body_event
from gateway.lorawan.thethingsstack import parse_application_up


def filters(prefix: str) -> tuple[str, ...]:
    return (f"{prefix}/#",)


def parse_webhook(prefix: str, topic: str, payload: bytes, received_at: datetime) -> LorawanEvent:
    """One forwarded webhook -> :class:`LorawanEvent`; raises ``InvalidAnnouncement`` with the reason."""
    body = load_object(topic, payload, "a webhook envelope")
    if "end_device_ids" in body:
        return parse_application_up(prefix, topic, body, received_at)
    if "event" in body and "body" in body:
        event = body["event"]
        if event not in EVENTS:
            raise refuse(
                topic, f"unknown ChirpStack event {str(event)[:40]!r} in the envelope (known: {', '.join(EVENTS)})"
            )
        return chirpstack_body_event(prefix, topic, str(event), section(topic, body, "body"), received_at)
    raise refuse(
        topic,
        "not a webhook envelope: expected The Things Stack's body (end_device_ids…) "
        'or {"event": <ChirpStack event>, "body": {…}}',
    )
