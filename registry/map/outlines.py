"""The map's background without a third party: the communes' outlines (``/carte/communes.geojson``).

By default they are drawn from the register itself: each commune is the convex hull of its
sensors' positions, widened by :data:`MARGIN` degrees (a commune with one or two sensors is
a small octagon around them). An operator who installed the territory's real outlines
(``DTPR_MAP__OUTLINE_FILE``, a GeoJSON made with ``ogr2ogr``, see docs/operators.md) gets
that file served as it is, once it is checked.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from dtpr_store.reads import MapPoint

MARGIN = 0.004
"""About 300 to 450 m around a commune's outermost sensors."""
OUTLINE_FILE_MAX = 20_000_000
Point = tuple[float, float]


class OutlineFileError(ValueError):
    """The operator's outline file cannot be used (said with its path and how to fix it)."""


def commune_outlines(points: Iterable[MapPoint]) -> bytes:
    """A GeoJSON FeatureCollection: one polygon a commune (``properties.name``), lon/lat."""
    by_commune: dict[str, set[Point]] = defaultdict(set)
    for point in points:
        by_commune[point.commune or "—"].add((round(point.lon, 5), round(point.lat, 5)))
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [[list(corner) for corner in _outline(positions)]]},
        }
        for name, positions in sorted(by_commune.items())
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def _outline(positions: set[Point]) -> list[Point]:
    """The widened hull, closed (first corner repeated), counter-clockwise: an octagon around each
    corner of the positions' hull (only a hull's corners can be on the widened one)."""
    around = [
        (round(x + MARGIN * math.cos(angle), 5), round(y + MARGIN * math.sin(angle), 5))
        for x, y in convex_hull(positions)
        for angle in (k * math.pi / 4 for k in range(8))
    ]
    ring = convex_hull(around)
    return [*ring, ring[0]]


def convex_hull(points: Iterable[Point]) -> list[Point]:
    """Andrew's monotone chain: the hull's corners, counter-clockwise, without collinear ones."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return ordered

    def half(items: list[Point]) -> list[Point]:
        chain: list[Point] = []
        for item in items:
            while len(chain) >= 2 and _turn(chain[-2], chain[-1], item) <= 0:
                chain.pop()
            chain.append(item)
        return chain[:-1]

    return half(ordered) + half(ordered[::-1])


def _turn(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def read_outline_file(path: str) -> bytes:
    """The operator's outline file, checked: a GeoJSON FeatureCollection of (Multi)Polygons, not too big."""
    body = _read(path)
    try:
        found = json.loads(body)
    except ValueError as error:
        raise OutlineFileError(f"{path}: not JSON ({error}); export it with ogr2ogr -f GeoJSON") from error
    features = found.get("features") if isinstance(found, dict) else None
    if not isinstance(found, dict) or found.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise OutlineFileError(f"{path}: not a GeoJSON FeatureCollection; export it with ogr2ogr -f GeoJSON")
    for feature in features:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise OutlineFileError(f"{path}: every feature must be a Polygon or MultiPolygon (commune outlines)")
    return body


def _read(path: str) -> bytes:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > OUTLINE_FILE_MAX:
            raise OutlineFileError(f"{path}: {size} bytes; simplify it under {OUTLINE_FILE_MAX} (ogr2ogr -simplify)")
        return file.read_bytes()
    except OSError as error:
        raise OutlineFileError(f"{path}: cannot be read ({error.strerror}); check DTPR_MAP__OUTLINE_FILE") from error
