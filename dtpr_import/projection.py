"""A mapping's coordinate system: positions to WGS 84 degrees, and the area the system is made for.

A projected system (Lambert-93, the Dutch RD New…) is defined for one area; a position
that lands outside it is a typo or swapped columns (Lambert-93's X and Y swapped land in
East Africa, still "on Earth"), and is refused with that said.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from dtpr_core.location import are_places
from dtpr_import.mapping import MappingError

WGS84 = ("EPSG:4326", "WGS84")
AREA_MARGIN = 1.0
"""Degrees around a system's area of use still taken as in it (the published edges are approximate)."""


class Projection:
    """Positions written in *crs* (``EPSG:2154``…) as latitudes and longitudes, checked against its area."""

    def __init__(self, crs: str) -> None:
        self.crs = crs
        self.transformer: Transformer | None = None
        self.area_name = ""
        self.bounds = (-180.0, -90.0, 180.0, 90.0)
        """West, south, east, north, in degrees (west > east: across the antimeridian)."""
        self.unit = "degree"
        """What an X or a Y counts (``metre`` for Lambert-93)."""
        if crs.upper() in WGS84:
            return
        try:
            system = CRS.from_user_input(crs)
            self.transformer = Transformer.from_crs(system, "EPSG:4326", always_xy=True)
        except CRSError as error:
            raise MappingError(f"coordinates.crs: '{crs}' is not a known coordinate system ({error})") from error
        self.unit = system.axis_info[0].unit_name if system.axis_info else "unit"
        area = system.area_of_use
        if area is not None:
            m = AREA_MARGIN
            self.bounds = (area.west - m, max(area.south - m, -90.0), area.east + m, min(area.north + m, 90.0))
            self.area_name = area.name

    def degrees(self, xs: Sequence[float], ys: Sequence[float]) -> tuple[Sequence[float], Sequence[float]]:
        """The latitudes and longitudes of the positions (*xs*, *ys*), as they are for WGS 84."""
        if self.transformer is None:
            return ys, xs
        lons, lats = self.transformer.transform(xs, ys)
        return lats, lons

    def on_earth(self, lats: Sequence[float], lons: Sequence[float]) -> bool:
        return are_places(lats, lons)

    def in_area(self, lats: Sequence[float], lons: Sequence[float]) -> bool:
        """Every position is in the system's area of use (checked after :meth:`on_earth`)."""
        if not lats:
            return True
        west, south, east, north = self.bounds
        if not (south <= min(lats) and max(lats) <= north):
            return False
        if west <= east:
            return west <= min(lons) and max(lons) <= east
        return all(lon >= west or lon <= east for lon in lons)

    def not_a_number(self, text: str) -> str:
        """The message for an X or a Y that is not a number, *text* as seen."""
        if self.transformer is None:
            return f"{text!r}: expected a number of degrees, such as 47.4712 or 47,4712"
        return f"{text!r}: expected a number of {self.unit}s in {self.crs}, with a decimal point or comma"

    def outside(self, x_text: str, y_text: str) -> str:
        """The message for a position outside the system's area."""
        return (
            f"({x_text}, {y_text}) is outside the area {self.crs} is made for ({self.area_name.rstrip('.')}); "
            "are the X and Y columns swapped, or a digit missing?"
        )
