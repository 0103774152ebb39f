"""The map's two files, made in one read of the register: its data and its background."""

from __future__ import annotations

import gzip
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.locales import LOCALES
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
    data: dict[str, Body]
    """By page language: ``/carte/sensors.json``, ``/carte/sensors.es.json``… (:func:`registry.map.data.map_data`)."""
    outlines: Body
    """``/carte/communes.geojson``: the operator's outline file, or the outlines drawn from the sensors."""


class MapFilesCache:
    """The live map's files, built at most every *seconds*, one build at a time.

    Once built, a request never waits: a stale copy is served while the next one is built
    in a thread of its own (100,000 sensors take seconds to read). Only the very first
    request waits for the first build.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._value: tuple[float, MapFiles] | None = None
        self._building = threading.Lock()

    def get(self, build: Callable[[], MapFiles]) -> MapFiles:
        found = self._value
        if found is not None:
            if time.monotonic() - found[0] >= self.seconds and self._building.acquire(blocking=False):
                threading.Thread(target=self._rebuild, args=(build,), name="map-files", daemon=True).start()
            return found[1]
        with self._building:
            if self._value is None:
                self._value = (time.monotonic(), build())
            return self._value[1]

    def _rebuild(self, build: Callable[[], MapFiles]) -> None:
        try:
            self._value = (time.monotonic(), build())
        except Exception:  # the stale copy stays; the next request tries again
            log.exception("map files: the rebuild failed")
        finally:
            self._building.release()


def build_map_files(engine: Engine, settings: MapSettings) -> MapFiles:
    """:func:`read_map_files` in a session of its own (the cache builds outside any request)."""
    with Session(engine) as session:
        return read_map_files(session, settings)


def read_map_files(session: Session, settings: MapSettings) -> MapFiles:
    """Both files from one read; sensors by id (the same bytes on SQLite and PostgreSQL, smaller deltas)."""
    points = sorted(iter_map_points(session), key=lambda point: point.id)
    data = {locale: Body.of(map_data(points, locale)) for locale in LOCALES}
    return MapFiles(data, Body.of(outlines(points, settings)))


def outlines(points: list[MapPoint], settings: MapSettings) -> bytes:
    """The operator's file when set and usable; else (said in the log) the outlines drawn from *points*."""
    if settings.outline_file:
        try:
            return read_outline_file(settings.outline_file)
        except OutlineFileError as error:
            log.warning("map background: %s; drawing the communes from the sensors instead", error)
    return commune_outlines(points)
