"""The map's two files, made in one read of the register: its data and its background."""

from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass

from sqlmodel import Session

from dtpr_core.settings import MapSettings
from dtpr_store.reads import MapPoint, iter_map_points
from registry.map.data import map_data
from registry.map.outlines import OutlineFileError, commune_outlines, read_outline_file

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Body:
    """A file's bytes and their gzip copy (what the live route sends to a browser that accepts it)."""

    plain: bytes
    gzipped: bytes

    @classmethod
    def of(cls, plain: bytes) -> Body:
        return cls(plain, gzip.compress(plain, compresslevel=6, mtime=0))


@dataclass(frozen=True, slots=True)
class MapFiles:
    data: Body
    """``/carte/sensors.json`` (:func:`registry.map.data.map_data`)."""
    outlines: Body
    """``/carte/communes.geojson``: the operator's outline file, or the outlines drawn from the sensors."""


def read_map_files(session: Session, settings: MapSettings) -> MapFiles:
    points = list(iter_map_points(session))
    return MapFiles(Body.of(map_data(points)), Body.of(outlines(points, settings)))


def outlines(points: list[MapPoint], settings: MapSettings) -> bytes:
    """The operator's file when set and usable; else (said in the log) the outlines drawn from *points*."""
    if settings.outline_file:
        try:
            return read_outline_file(settings.outline_file)
        except OutlineFileError as error:
            log.warning("map background: %s; drawing the communes from the sensors instead", error)
    return commune_outlines(points)
