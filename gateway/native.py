"""Native DTPR payloads -> :class:`Announcement` / :class:`StatusUpdate`.

The meta payload is described by ``docs/schemas/announcement.schema.json``; the
checks below are the same rules, written as a small declarative table so every
refusal names the field and says how to fix it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson

from dtpr_core.announcement import Announcement, DeviceIdentity, StatusUpdate
from dtpr_core.errors import InvalidAnnouncement
from dtpr_core.location import Location
from dtpr_core.model import Sensor
from dtpr_core.nesting import TOO_DEEP, deeper_than
from dtpr_core.register import read_sensor_data
from dtpr_core.taxonomy import load_taxonomy
from gateway.topics import SensorTopic

SCHEMA_ID = "https://dtpr.angers.fr/schemas/announcement/v1"
MAX_TEXT = 200
MAX_ELEMENTS = 100

TOP_LEVEL: dict[str, type | tuple[type, ...]] = {
    "$schema": str,
    "device": dict,
    "elements": list,
    "location": dict,
    "datachain": dict,
    "sent_at": str,
}
REQUIRED = ("device", "elements")
DEVICE_FIELDS = ("manufacturer", "model", "serial", "firmware")
ONLINE = {"online": True, "offline": False, "true": True, "false": False, "1": True, "0": False}


def invalid(topic: str, reason: str) -> InvalidAnnouncement:
    return InvalidAnnouncement(f"{topic}: {reason}", topic=topic, reason=reason)


def decode_json(topic: str, payload: bytes) -> Any:
    """UTF-8 JSON, strict: no NaN/Infinity, bounded nesting."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as error:
        raise invalid(topic, f"payload is not UTF-8 (byte {error.start})") from None
    try:
        value = orjson.loads(text)  # strict: no NaN or Infinity, at most 1024 levels deep
    except orjson.JSONDecodeError as error:
        if "depth limit" in str(error) or "recursion" in str(error).lower():
            raise invalid(topic, f"payload {TOO_DEEP}") from None
        raise invalid(topic, f"payload is not JSON: {error}") from None
    if deeper_than(value):  # before any recursive code walks it
        raise invalid(topic, f"payload {TOO_DEEP}")
    return value


def _text(topic: str, value: object, field: str) -> str:
    if not isinstance(value, str):
        raise invalid(topic, f"{field} must be a string, got {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise invalid(topic, f"{field} is longer than {MAX_TEXT} characters")
    return value


def _identity(topic: str, value: Mapping[str, Any]) -> DeviceIdentity:
    unknown = sorted(set(value) - set(DEVICE_FIELDS))
    if unknown:
        raise invalid(topic, f"unknown key device.{unknown[0]} (allowed: {', '.join(DEVICE_FIELDS)})")
    texts = {name: _text(topic, value[name], f"device.{name}") for name in DEVICE_FIELDS if value.get(name) is not None}
    return DeviceIdentity(**texts)


def check_element(topic: str, element_id: object, field: str = "elements") -> str:
    """A known DTPR element id, else a reason with the closest ids."""
    elements = load_taxonomy().elements
    if not isinstance(element_id, str):
        raise invalid(topic, f"{field} must hold element id strings, got {type(element_id).__name__}")
    if element_id not in elements:
        close = difflib.get_close_matches(element_id, list(elements), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see /api/v1/taxonomy for the element ids)"
        raise invalid(topic, f"unknown DTPR element {element_id[:80]!r}{hint}")
    return element_id


def _elements(topic: str, value: list[Any]) -> tuple[str, ...]:
    if len(value) > MAX_ELEMENTS:
        raise invalid(topic, f"elements lists more than {MAX_ELEMENTS} ids")
    return tuple(dict.fromkeys(check_element(topic, item) for item in value))


def _coordinate(topic: str, value: object, field: str, bound: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise invalid(topic, f"location.{field} must be a number")
    if not -bound <= value <= bound:
        raise invalid(topic, f"location.{field} must be between {-bound} and {bound}")
    return float(value)


def _location(topic: str, value: Mapping[str, Any]) -> Location:
    unknown = sorted(set(value) - {"lat", "lon"})
    if unknown or "lat" not in value or "lon" not in value:
        raise invalid(topic, 'location must be {"lat": number, "lon": number}')
    return position(topic, value["lat"], value["lon"])


def position(topic: str, lat: object, lon: object) -> Location:
    """A device's own position, checked (latitude within ±90, longitude within ±180)."""
    return Location(_coordinate(topic, lat, "lat", 90), _coordinate(topic, lon, "lon", 180))


def _datachain(topic: str, sensor_id: str, value: dict[str, Any]) -> Sensor:
    data = {"id": sensor_id, **value}
    if data["id"] != sensor_id:
        raise invalid(topic, f"datachain.id {str(data['id'])[:80]!r} differs from the topic's sensor id {sensor_id!r}")
    try:
        sensor, problems = read_sensor_data(data, numbers_as_text=False)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise invalid(topic, f"datachain is not a valid sensor: {error}") from None
    if sensor is None:
        first = next(problem for problem in problems if problem.is_error)
        where = f" at datachain.{first.field}" if first.field else ""
        raise invalid(topic, f"datachain is not a valid sensor{where}: {first.message}")
    return sensor


def _sent_at(topic: str, value: str) -> datetime:
    """An ISO 8601 date-time with its time zone (``2026-11-01T12:00:00Z``)."""
    example = "write it like 2026-11-01T12:00:00Z"
    try:
        moment = datetime.fromisoformat(value) if len(value) <= 40 else None
    except ValueError:
        moment = None
    if moment is None or "T" not in value.upper():
        raise invalid(topic, f"sent_at {value[:40]!r} is not an ISO 8601 date-time; {example}")
    if moment.tzinfo is None:
        raise invalid(topic, f"sent_at {value[:40]!r} has no time zone; {example}")
    return moment


def _check_shape(topic: str, data: object) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise invalid(topic, f"announcement must be a JSON object, got {type(data).__name__}")
    for name in data:
        if name not in TOP_LEVEL:
            raise invalid(topic, f"unknown key {str(name)[:80]!r} (allowed: {', '.join(TOP_LEVEL)})")
        if not isinstance(data[name], TOP_LEVEL[name]):
            raise invalid(topic, f"{name} has the wrong type ({type(data[name]).__name__})")
    for name in REQUIRED:
        if name not in data:
            raise invalid(topic, f"missing required key {name!r}")
    if "sent_at" in data:
        _sent_at(topic, data["sent_at"])
    return data


def parse_meta(topic: SensorTopic, payload: bytes, received_at: datetime) -> Announcement:
    """A native meta message; an empty payload is the device's withdrawal."""
    name = str(topic)
    if not payload:
        return Announcement(topic.sensor_id, "dtpr", received_at, withdrawn=True)
    data = _check_shape(name, decode_json(name, payload))
    return Announcement(
        sensor_id=topic.sensor_id,
        source="dtpr",
        received_at=received_at,
        identity=_identity(name, data["device"]),
        elements=_elements(name, data["elements"]),
        location=_location(name, data["location"]) if "location" in data else None,
        datachain=_datachain(name, topic.sensor_id, data["datachain"]) if "datachain" in data else None,
    )


def parse_online(topic: str, payload: bytes, *, online: str = "online", offline: str = "offline") -> bool:
    """``online``/``offline`` as plain text, a JSON string, or JSON ``{"state": …}``."""
    try:
        text = payload.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise invalid(topic, "status payload is not UTF-8") from None
    if text.startswith(("{", '"')):
        data = decode_json(topic, payload)
        state = data.get("state") if isinstance(data, dict) else data
        if not isinstance(state, str):
            raise invalid(topic, 'status JSON must be {"state": "online"|"offline"}')
        text = state
    if text == online:
        return True
    if text == offline:
        return False
    if text.lower() in ONLINE:
        return ONLINE[text.lower()]
    raise invalid(topic, f"status must be {online!r} or {offline!r}, got {text[:40]!r}")


def parse_status(topic: SensorTopic, payload: bytes, received_at: datetime) -> StatusUpdate:
    return StatusUpdate(topic.sensor_id, parse_online(str(topic), payload), received_at, "dtpr")
