"""Where a sensor or a device is: a position, and the address people know it by."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float
    address: str = ""
    commune: str = ""
    zone: str = ""
