"""The privacy rule: a device's application payload is never stored, not even in quarantine.

Measurements are not the register's business and some are personal data (a people
counter's counts, a parking bay's occupancy). Recorded events carry no payload field at
all (:class:`~dtpr_core.lorawan.LorawanEvent`); a refused LoRaWAN message is kept in
quarantine with its payload fields replaced by :data:`WITHHELD`, and nothing at all when
it is not JSON (a protobuf event could hold the payload anywhere).
"""

from __future__ import annotations

from typing import Any

import orjson

PAYLOAD_KEYS = frozenset(
    {
        "data",
        "object",
        "frm_payload",
        "frmPayload",
        "decoded_payload",
        "decodedPayload",
        "decoded_payload_warnings",
        "normalized_payload",
        "normalizedPayload",
        "uplink_normalized",
        "service_data",
        "payload",
        "payload_raw",
        "payload_fields",
    }
)
"""Keys holding what a device measured, in ChirpStack, The Things Stack (v2 and v3) and envelopes."""
WITHHELD = "[withheld: application payload]"


def _strip(value: Any, depth: int = 0) -> Any:
    if depth > 64:
        return WITHHELD
    if isinstance(value, dict):
        return {key: WITHHELD if key in PAYLOAD_KEYS else _strip(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_strip(item, depth + 1) for item in value]
    return value


def redact_payload(payload: bytes, limit: int) -> bytes:
    """What quarantine may keep of a LoRaWAN message: its JSON without payload fields, at most *limit* bytes."""
    try:
        data = orjson.loads(payload)
    except (orjson.JSONDecodeError, RecursionError):
        return b""
    redacted = orjson.dumps(_strip(data))
    return redacted if len(redacted) <= limit else b""
