"""What a device says about itself over MQTT, as plain values the store can record.

The gateway turns native DTPR announcements and Home Assistant discovery configs
into these; the store compares them with the declared datachain (drift).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from dtpr_core.location import Location
from dtpr_core.model import Sensor
from dtpr_core.taxonomy import Taxonomy, load_taxonomy

Source = Literal["dtpr", "homeassistant", "lorawan"]


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    manufacturer: str | None = None
    model: str | None = None
    serial: str | None = None
    firmware: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (
                ("manufacturer", self.manufacturer),
                ("model", self.model),
                ("serial", self.serial),
                ("firmware", self.firmware),
            )
            if v
        }


@dataclass(frozen=True, slots=True)
class Announcement:
    """A device's self-description, or its withdrawal (``withdrawn=True``).

    ``entity`` tells apart the several announcements one device makes (one per
    Home Assistant entity); native DTPR announcements use ``""``.
    """

    sensor_id: str
    source: Source
    received_at: datetime
    entity: str = ""
    identity: DeviceIdentity = field(default_factory=DeviceIdentity)
    elements: tuple[str, ...] = ()
    """DTPR element ids (tech, data…) the device reports actually using."""
    location: Location | None = None
    datachain: Sensor | None = None
    """A full self-description, for self-describing devices."""
    withdrawn: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    sensor_id: str
    online: bool
    at: datetime
    source: Source = "dtpr"


@dataclass(frozen=True, slots=True)
class DriftItem:
    """An element a device announces that its declared datachain does not list."""

    element_id: str
    category: str
    identifiability: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"element_id": self.element_id, "category": self.category, "identifiability": self.identifiability}


COVERED_BY: dict[str, frozenset[str]] = {
    "video_camera": frozenset(
        {"identifiable_video", "de_identified_video", "non_identifiable_video", "video_camera_infrared"}
    ),
    "image": frozenset({"identifiable_image", "de_identified_image", "image_infrared"}),
    "microphone": frozenset({"voice", "de_identified_voice", "sound_level_meter"}),
    "wireless_access_point": frozenset({"identifiable_wifi_sensor"}),
    "motion_detector": frozenset({"passive_infrared_sensor", "person_detection", "radar"}),
    "weather_station": frozenset({"thermometer"}),
    "thermometer": frozenset({"weather_station"}),
}
"""A generic element a device may announce -> specific declared elements that already cover it."""


def find_drift(listed: set[str], announced: set[str], taxonomy: Taxonomy | None = None) -> list[DriftItem]:
    """Announced elements missing from the declared ones (*listed*), worst (identifiable) first."""
    taxonomy = taxonomy or load_taxonomy()
    out = []
    for element_id in sorted(announced - listed):
        if COVERED_BY.get(element_id, frozenset()) & listed:
            continue
        element = taxonomy.elements.get(element_id)
        if element is None or element.category_id == "device__accountable":
            continue
        out.append(DriftItem(element_id, taxonomy.category(element.category_id).key, element.identifiability))
    rank = {"identifiable": 0, "de_identified": 1}
    return sorted(out, key=lambda item: (rank.get(item.identifiability or "", 2), item.element_id))
