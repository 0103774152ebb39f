"""Typed reading of a network server's JSON event: every refusal is an :class:`InvalidAnnouncement` with its reason."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from dtpr_core.errors import InvalidAnnouncement
from dtpr_core.location import Location
from dtpr_core.lorawan import normalise_dev_eui

MAX_TEXT = 200
_FRACTION = re.compile(r"(\.\d{6})\d+")


def refuse(topic: str, reason: str) -> InvalidAnnouncement:
    return InvalidAnnouncement(f"{reason} (on {topic!r})", topic=topic, reason=reason)


def load_object(topic: str, payload: bytes, what: str) -> Mapping[str, Any]:
    """The payload as a JSON object."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(topic, "payload is not UTF-8") from None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise refuse(topic, f"payload is not JSON: {str(error)[:120]}") from None
    if not isinstance(data, dict):
        raise refuse(topic, f"{what} must be a JSON object, not {type(data).__name__}")
    return data


def section(topic: str, data: Mapping[str, Any], key: str, *, required: bool = True) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise refuse(topic, f"'{key}' must be a JSON object" if key in data else f"'{key}' is missing")
    return value


def text(topic: str, data: Mapping[str, Any], key: str, where: str) -> str:
    """An optional short text ("" when absent)."""
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise refuse(topic, f"{where}.{key} must be text, not {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise refuse(topic, f"{where}.{key} is longer than {MAX_TEXT} characters")
    return value.strip()


def number(topic: str, data: Mapping[str, Any], key: str, where: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise refuse(topic, f"{where}.{key} must be a number, not {type(value).__name__}")
    if not low <= value <= high:
        raise refuse(topic, f"{where}.{key} = {value} is outside {low}..{high}")
    return float(value)


def flag(topic: str, data: Mapping[str, Any], key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise refuse(topic, f"{where}.{key} must be true or false, not {type(value).__name__}")
    return value


def dev_eui(topic: str, value: object, where: str) -> str:
    normalised = normalise_dev_eui(value)
    if normalised is None:
        raise refuse(topic, f"no stable device identifier: {where} {str(value)[:40]!r} is not 16 hexadecimal digits")
    return normalised


def event_time(data: Mapping[str, Any], key: str, received_at: datetime) -> datetime:
    """The network server's event time (never later than its receipt here); the receipt time when absent or unreadable."""
    value = data.get(key)
    if not isinstance(value, str) or len(value) > 64:
        return received_at
    try:
        at = datetime.fromisoformat(_FRACTION.sub(r"\1", value.replace("Z", "+00:00")))
    except ValueError:
        return received_at
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return min(at.astimezone(UTC), received_at)


def position(topic: str, data: Mapping[str, Any], where: str) -> Location | None:
    """``latitude`` and ``longitude`` of *data* (a network server's location object), checked; ``None`` when absent."""
    lat = number(topic, data, "latitude", where, -90, 90)
    lon = number(topic, data, "longitude", where, -180, 180)
    return Location(lat, lon) if lat is not None and lon is not None else None
