"""Where a sensor or a device is: a position, and the address people know it by."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

LAT_RANGE = (-90.0, 90.0)
LON_RANGE = (-180.0, 180.0)


def is_place(lat: float, lon: float) -> bool:
    """A latitude and longitude on Earth (WGS 84 degrees)."""
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def are_places(lats: Sequence[float], lons: Sequence[float]) -> bool:
    """:func:`is_place` of each pair, a block at once."""
    if not lats or not (all(map(math.isfinite, lats)) and all(map(math.isfinite, lons))):
        return not lats and not lons
    return (
        LAT_RANGE[0] <= min(lats)
        and max(lats) <= LAT_RANGE[1]
        and LON_RANGE[0] <= min(lons)
        and max(lons) <= LON_RANGE[1]
    )


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float
    address: str = ""
    commune: str = ""
    zone: str = ""
