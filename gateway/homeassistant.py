"""Home Assistant MQTT discovery configs -> :class:`Announcement`.

Devices that already announce themselves to Home Assistant (zigbee2mqtt,
ESPHome, Tasmota…) are understood as they are: abbreviated keys are expanded,
the device's first stable identifier becomes its sensor id (``ha-…``) and the
component, ``device_class`` and unit map to DTPR elements (table in docs/mqtt.md).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dtpr_core.announcement import Announcement, DeviceIdentity
from dtpr_core.location import Location
from dtpr_core.model import is_valid_sensor_id
from gateway.native import decode_json, invalid, position
from gateway.topics import DiscoveryTopic, is_valid_topic_name

ABBREVIATIONS = {
    "avty": "availability",
    "avty_mode": "availability_mode",
    "avty_t": "availability_topic",
    "avty_tpl": "availability_template",
    "dev": "device",
    "dev_cla": "device_class",
    "ent_cat": "entity_category",
    "json_attr_t": "json_attributes_topic",
    "name": "name",
    "obj_id": "object_id",
    "pl_avail": "payload_available",
    "pl_not_avail": "payload_not_available",
    "src_type": "source_type",
    "stat_cla": "state_class",
    "stat_t": "state_topic",
    "t": "topic",
    "uniq_id": "unique_id",
    "unit_of_meas": "unit_of_measurement",
    "val_tpl": "value_template",
}
DEVICE_ABBREVIATIONS = {
    "cns": "connections",
    "cu": "configuration_url",
    "hw": "hw_version",
    "ids": "identifiers",
    "mdl": "model",
    "mdl_id": "model_id",
    "mf": "manufacturer",
    "name": "name",
    "sa": "suggested_area",
    "sn": "serial_number",
    "sw": "sw_version",
}

AIR = ("air_quality",)
DEVICE_CLASS_ELEMENTS: dict[tuple[str, str], tuple[str, ...]] = {
    **{
        ("sensor", cls): AIR
        for cls in (
            "aqi",
            "pm1",
            "pm25",
            "pm10",
            "carbon_dioxide",
            "carbon_monoxide",
            "volatile_organic_compounds",
            "volatile_organic_compounds_parts",
            "nitrogen_dioxide",
            "nitrogen_monoxide",
            "nitrous_oxide",
            "ozone",
            "sulphur_dioxide",
        )
    },  # fmt: skip
    ("sensor", "temperature"): ("thermometer",),
    **{
        ("sensor", cls): ("weather_station",)
        for cls in (
            "humidity",
            "atmospheric_pressure",
            "pressure",
            "wind_speed",
            "precipitation",
            "precipitation_intensity",
        )
    },
    ("sensor", "sound_pressure"): ("sound_level_meter",),
    ("sensor", "moisture"): ("soil_moisture_sensor",),
    ("sensor", "weight"): ("weighing_scale",),
    ("binary_sensor", "moisture"): ("soil_moisture_sensor",),
    ("binary_sensor", "occupancy"): ("motion_detector",),
    ("binary_sensor", "motion"): ("motion_detector",),
    ("binary_sensor", "presence"): ("motion_detector",),
    ("binary_sensor", "sound"): ("microphone",),
}
UNIT_ELEMENTS: dict[str, tuple[str, ...]] = {
    "µg/m³": AIR, "μg/m³": AIR, "ppm": AIR, "ppb": AIR,
    "°C": ("thermometer",), "°F": ("thermometer",), "K": ("thermometer",),
    "hPa": ("weather_station",), "mbar": ("weather_station",), "inHg": ("weather_station",),
    "dB": ("sound_level_meter",), "dBA": ("sound_level_meter",), "dB(A)": ("sound_level_meter",),
}  # fmt: skip
COMPONENT_ELEMENTS: dict[str, tuple[str, ...]] = {
    "camera": ("video_camera", "pixel_based_image"),
    "image": ("image", "pixel_based_image"),
}
TRACKER_ELEMENTS = {"gps": ("gps",), "router": ("wireless_access_point",), "bluetooth": ("location_beacon",)}
TRACKER_ELEMENTS["bluetooth_le"] = TRACKER_ELEMENTS["bluetooth"]

HA_ID_PREFIX = "ha-"
MAX_TEXT = 200
"""Longest device text kept (manufacturer, model, serial, firmware)."""
MAX_ENTITY = 256
"""Longest entity key (component/[node_id/]object_id) kept."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Availability:
    """An availability topic learned from a config, and the payloads it uses."""

    topic: str
    sensor_id: str
    payload_available: str = "online"
    payload_not_available: str = "offline"


@dataclass(frozen=True, slots=True)
class DiscoveredEntity:
    announcement: Announcement
    availability: tuple[Availability, ...] = ()


def expand(config: Mapping[str, Any]) -> dict[str, Any]:
    """Abbreviated keys expanded and ``~`` replaced by the base topic, as Home Assistant does."""
    out = {ABBREVIATIONS.get(key, key): value for key, value in config.items()}
    base = out.pop("~", None)
    if isinstance(out.get("device"), Mapping):
        out["device"] = {DEVICE_ABBREVIATIONS.get(k, k): v for k, v in out["device"].items()}
    if isinstance(out.get("availability"), list):
        out["availability"] = [
            {ABBREVIATIONS.get(k, k): v for k, v in item.items()} if isinstance(item, Mapping) else item
            for item in out["availability"]
        ]
    if isinstance(base, str):
        out = {k: _with_base(v, base) if k.endswith("_topic") else v for k, v in out.items()}
        if isinstance(out.get("availability"), list):
            out["availability"] = [
                {**item, "topic": _with_base(item.get("topic"), base)} if isinstance(item, dict) else item
                for item in out["availability"]
            ]
    return out


def _with_base(value: object, base: str) -> object:
    if isinstance(value, str):
        if value.startswith("~"):
            return base + value[1:]
        if value.endswith("~"):
            return value[:-1] + base
    return value


def sensor_id_for(identifier: str) -> str:
    """``ha-`` + the sanitised identifier; hash-shortened when too long for a sensor id."""
    clean = _UNSAFE.sub("-", identifier).strip("-") or "device"
    candidate = f"{HA_ID_PREFIX}{clean}"
    if len(candidate) > 64:
        digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:16]
        candidate = f"{HA_ID_PREFIX}{clean[:44]}-{digest}"
    assert is_valid_sensor_id(candidate), candidate
    return candidate


def stable_identifier(topic: str, device: Mapping[str, Any]) -> str:
    identifiers = device.get("identifiers")
    if isinstance(identifiers, str):
        identifiers = [identifiers]
    for item in identifiers if isinstance(identifiers, list) else []:
        if isinstance(item, str) and item.strip():
            return item.strip()
    connections = device.get("connections")
    for pair in connections if isinstance(connections, list) else []:
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair):
            return f"{pair[0]}-{pair[1]}"
    raise invalid(topic, "no stable device identifier: the config needs device.identifiers (ids) or connections (cns)")


def _optional_text(topic: str, config: Mapping[str, Any], key: str) -> str | None:
    value = config.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key.endswith("version"):
        value = str(value)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(topic, f"{key} must be a string, got {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise invalid(
            topic, f"{key} is longer than {MAX_TEXT} characters ({len(value)}): shorten it in the device's config"
        )
    return value


def elements_for(
    component: str, device_class: str | None, unit: str | None, source_type: str | None
) -> tuple[str, ...]:
    if component in COMPONENT_ELEMENTS:
        return COMPONENT_ELEMENTS[component]
    if component == "device_tracker":
        return TRACKER_ELEMENTS.get(source_type or "", ())
    if device_class and (component, device_class) in DEVICE_CLASS_ELEMENTS:
        return DEVICE_CLASS_ELEMENTS[(component, device_class)]
    return UNIT_ELEMENTS.get(unit or "", ()) if component == "sensor" else ()


def _availability(topic: str, config: Mapping[str, Any], sensor_id: str) -> tuple[Availability, ...]:
    on = _optional_text(topic, config, "payload_available") or "online"
    off = _optional_text(topic, config, "payload_not_available") or "offline"
    items: list[tuple[object, object, object]] = []
    if "availability_topic" in config:
        items.append((config["availability_topic"], on, off))
    listed = config.get("availability", [])
    if not isinstance(listed, list):
        raise invalid(topic, "availability must be a list of {topic: …}")
    for item in listed:
        if not isinstance(item, dict):
            raise invalid(topic, "availability must be a list of {topic: …}")
        items.append((item.get("topic"), item.get("payload_available", on), item.get("payload_not_available", off)))
    out = []
    for name, available, not_available in items:
        if not isinstance(name, str) or not is_valid_topic_name(name):
            raise invalid(topic, f"availability topic {str(name)[:80]!r} is not a valid topic name")
        if not isinstance(available, str) or not isinstance(not_available, str):
            raise invalid(topic, "payload_available / payload_not_available must be strings")
        out.append(Availability(name, sensor_id, available, not_available))
    return tuple(out)


def _location(topic: str, config: Mapping[str, Any]) -> Location | None:
    """The device's position when its discovery config gives one: ``latitude`` and ``longitude`` at
    the top level or in an inline ``json_attributes`` object (a device tracker's attributes)."""
    for holder in (config, config.get("json_attributes")):
        if isinstance(holder, Mapping) and ("latitude" in holder or "longitude" in holder):
            if "latitude" not in holder or "longitude" not in holder:
                raise invalid(topic, "a position needs both latitude and longitude")
            return position(topic, holder["latitude"], holder["longitude"])
    return None


def parse_config(topic: DiscoveryTopic, payload: bytes, received_at: datetime) -> DiscoveredEntity:
    """A non-empty discovery config (an empty one is a removal: see the pipeline)."""
    name = str(topic)
    if len(topic.entity) > MAX_ENTITY:
        raise invalid(name, f"malformed topic: node_id/object_id longer than {MAX_ENTITY} characters")
    raw = decode_json(name, payload)
    if not isinstance(raw, dict):
        raise invalid(name, f"discovery config must be a JSON object, got {type(raw).__name__}")
    config = expand(raw)
    device = config.get("device")
    if not isinstance(device, dict):
        raise invalid(name, "no stable device identifier: the config has no device block (dev)")
    sensor_id = sensor_id_for(stable_identifier(name, device))
    identity = DeviceIdentity(
        manufacturer=_optional_text(name, device, "manufacturer"),
        model=_optional_text(name, device, "model"),
        serial=_optional_text(name, device, "serial_number"),
        firmware=_optional_text(name, device, "sw_version"),
    )
    device_class = _optional_text(name, config, "device_class")
    unit = _optional_text(name, config, "unit_of_measurement")
    source_type = _optional_text(name, config, "source_type")
    announcement = Announcement(
        sensor_id=sensor_id,
        source="homeassistant",
        received_at=received_at,
        entity=topic.entity,
        identity=identity,
        elements=elements_for(topic.component, device_class, unit, source_type),
        location=_location(name, config),
    )
    return DiscoveredEntity(announcement, _availability(name, config, sensor_id))
