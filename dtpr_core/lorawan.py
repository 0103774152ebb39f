"""LoRaWAN devices as plain values: the link a technician declares, and what a network server reports.

A declared sensor names its device by DevEUI (``network: {lorawan: {dev_eui: …}}`` in
``sensors.yaml``). The gateway turns ChirpStack and The Things Stack events into
:class:`LorawanEvent`: network identity, timing and link health only. There is no field
for the application payload (measurements), so it cannot be recorded by mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from dtpr_core.location import Location

DEV_EUI_RE = re.compile(r"^[0-9A-Fa-f]{16}$")
_INTERVAL_RE = re.compile(r"^\s*(\d{1,8})\s*(s|min|m|h|d)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
MIN_INTERVAL_SECONDS = 10
MAX_INTERVAL_SECONDS = 366 * 86400
SILENT_AFTER_INTERVALS = 3
"""A linked device unheard for this many reporting intervals is silent."""

NetworkServer = Literal["chirpstack", "thethingsstack"]


def normalise_dev_eui(value: object) -> str | None:
    """The DevEUI in upper-case hex, or ``None`` when *value* is not 16 hexadecimal digits."""
    if not isinstance(value, str):
        return None
    value = value.strip().replace("-", "").replace(":", "")
    return value.upper() if DEV_EUI_RE.fullmatch(value) else None


def discovered_sensor_id(dev_eui: str) -> str:
    """The register id of an undeclared device: ``lorawan-`` and its DevEUI in lower case."""
    return "lorawan-" + dev_eui.lower()


def parse_interval(value: object) -> int | None:
    """``"15m"``, ``"6 h"``, ``"1d"``, ``"90s"`` (also ``min``) -> seconds; ``None`` when not understood or out of range."""
    if not isinstance(value, str):
        return None
    match = _INTERVAL_RE.fullmatch(value)
    if match is None:
        return None
    seconds = int(match[1]) * _UNIT_SECONDS[match[2]]
    return seconds if MIN_INTERVAL_SECONDS <= seconds <= MAX_INTERVAL_SECONDS else None


def format_interval(seconds: int) -> str:
    """The shortest exact spelling :func:`parse_interval` reads back: ``86400`` -> ``"1d"``."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@dataclass(frozen=True, slots=True)
class LorawanLink:
    """A declared sensor's LoRaWAN device: its DevEUI and, optionally, how often it reports."""

    dev_eui: str
    reporting_interval: int | None = None
    """Seconds between two reports; ``None``: the device profile's default from the mapping table."""

    def as_data(self) -> dict[str, str]:
        data = {"dev_eui": self.dev_eui}
        if self.reporting_interval is not None:
            data["reporting_interval"] = format_interval(self.reporting_interval)
        return data


@dataclass(frozen=True, slots=True)
class LinkHealth:
    """Radio reception of one uplink: best RSSI/SNR over the gateways that heard it (never their position)."""

    rssi: int | None = None
    snr: float | None = None
    gateway_count: int = 0


@dataclass(frozen=True, slots=True)
class Battery:
    """A ChirpStack status event: battery percentage (``None`` unknown), external power, demodulation margin."""

    level: float | None = None
    external_power: bool = False
    margin: int | None = None


@dataclass(frozen=True, slots=True)
class LorawanEvent:
    """One network-server event about one device, without its application payload.

    ``heard`` is true when the device itself transmitted (uplink, join, status, ack);
    other events (downlink queued, gateway tx ack, logs) only confirm its identity.
    """

    server: NetworkServer
    network: str
    """The topic prefix it came in on: tells apart a city's network servers."""
    kind: str
    dev_eui: str
    at: datetime
    heard: bool
    device_id: str = ""
    application: str = ""
    profile: str = ""
    brand: str = ""
    model: str = ""
    joined: bool = False
    link: LinkHealth | None = None
    battery: Battery | None = None
    location: Location | None = None
    """The device's position the network server solved or was given (a ChirpStack ``location``
    event, a The Things Stack ``location/solved``): metadata, never from the payload."""
