"""What many sensor pages share, computed once: parsed stored sensors and datachain fragments.

Every key is made of what the cached value is computed from, so nothing needs invalidating:
a sensor edited through the register, the API or the gateway stores new JSON, which is a
new key. Entries fall out least recently used first.

* :func:`stored_sensor`: the stored register JSON -> a validated :class:`Sensor`, keyed by
  that JSON without its ``id`` (sensors stored alike share one parse, so its ``id`` is a
  stand-in: a page takes its id from the row), plus the *chain key* (its shared
  part: organisations, datachain, legal basis, languages). A shared part is checked
  against the DTPR rules once; another sensor with it is read for its own fields only.
* :data:`CHAIN_FRAGMENTS`: HTML that depends only on (chain key, locale), filled by the page.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Generic, TypeVar

from dtpr_core.errors import Problem
from dtpr_core.model import Sensor
from dtpr_core.register import read_sensor_alike, read_sensor_data, shared_part

K = TypeVar("K")
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """A bounded, thread-safe least-recently-used mapping."""

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclasses.dataclass(frozen=True, slots=True)
class StoredSensor:
    sensor: Sensor
    """Shared by the sensors stored alike: its ``id`` is :data:`STAND_IN_ID`; a page takes its id from the row."""
    chain_key: str
    """Its :func:`~dtpr_core.register.shared_part`: all the datachain fragments depend on."""


_ALIKE: LruCache[str, Sensor] = LruCache(1024)
"""Shared part -> a sensor with it, checked in full: sensors declared alike are read from it."""
CHAIN_FRAGMENTS: LruCache[tuple[str, str], tuple[bytes, bytes]] = LruCache(1024)
"""(chain key, locale) -> (summary, datachain) HTML, UTF-8, of :mod:`registry.pages.sensor_page`."""


def content_key(sensor_id: str, data_json: str) -> str:
    """The stored JSON object without its ``"id"`` member: equal for sensors stored alike."""
    quoted = json.dumps(sensor_id)
    for prefix in ('{"id": ' + quoted + ", ", '{"id":' + quoted + ","):  # stored id first, spaced or compact
        if data_json.startswith(prefix):
            return "{" + data_json[len(prefix) :]
    data = json.loads(data_json)
    data.pop("id", None)
    return json.dumps(data, sort_keys=True)


def stored_sensor(sensor_id: str, data_json: str) -> StoredSensor:
    """The declared sensor of a row's stored JSON, parsed and checked once per distinct content.

    Its ``id`` is a stand-in (see :class:`StoredSensor`). A city's sensors differ by their
    place and dates, and share a few datachains: a content not seen yet is read in full
    once per shared part, then only for its own fields
    (:func:`~dtpr_core.register.read_sensor_alike`).

    Raises :class:`ValueError` when the stored data no longer validates (e.g. after a taxonomy change).
    """
    found, problems = _stored(content_key(sensor_id, data_json))
    if found is None:
        raise ValueError(f"stored sensor {sensor_id} no longer validates: {problems[:1]}")
    return found


STAND_IN_ID = "SENSOR"
"""The id of every cached :class:`StoredSensor` (a valid one, so the sensor reads as declared)."""


@lru_cache(maxsize=4096)  # a city's whole register, at ~4 KiB an entry (16 MiB)
def _stored(content: str) -> tuple[StoredSensor | None, tuple[Problem, ...]]:
    data = json.loads(content)
    data["id"] = STAND_IN_ID
    shared = shared_part(data)
    alike = _ALIKE.get(shared)
    sensor, problems = (
        read_sensor_data(data, stored=True) if alike is None else read_sensor_alike(data, alike, stored=True)
    )
    if sensor is None:
        return None, tuple(problems)
    if alike is None:
        _ALIKE.put(shared, sensor)
    return StoredSensor(sensor, shared), ()
