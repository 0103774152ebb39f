"""Bounded caches of values computed from stored rows: owned by whoever uses them, never module-level.

The registry makes one :class:`ParsedSensors` per app (inside its ``PageCache``, on
``app.state``) and the static export one per run: two apps in one process share nothing,
and a cache is dropped with its owner.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Generic, TypeVar

from dtpr_core.model import Sensor
from dtpr_core.register import read_sensor_data
from dtpr_store.tables import SensorRow

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

    def __len__(self) -> int:
        return len(self._items)


class ParsedSensors:
    """Declared rows' stored register JSON as validated domain :class:`Sensor` s, each parsed once.

    Keyed by ``(row.id, row.revision)`` (every write of ``data`` bumps the revision) and checked
    against the row's ``data`` itself, so a key met again with other data (a rolled-back
    revision, a database made anew under the same app) is parsed again, never answered stale.
    A hit is a dict lookup and an identity test (the same row asked for once per language),
    or a dict comparison (~1 µs; the same sensor read again by a later request): the JSON
    dump a content key needs costs ten times that.
    """

    def __init__(self, maxsize: int = 4096) -> None:
        self._entries: LruCache[tuple[str, int], tuple[Any, Sensor]] = LruCache(maxsize)
        """(id, revision) -> (the row's ``data``, its sensor): a city's register, ~15 KiB an entry."""

    def declared_sensor(self, row: SensorRow) -> Sensor | None:
        """The declared datachain of *row* as a domain Sensor; None for a row nobody declared.

        Raises :class:`ValueError` when the stored data no longer validates (e.g. after a taxonomy change).
        """
        data = row.data
        if not row.declared or data is None:
            return None
        key = (row.id, row.revision)
        found = self._entries.get(key)
        if found is not None:
            if found[0] is data:
                return found[1]
            if found[0] == data:
                self._entries.put(key, (data, found[1]))  # this row's object: the next ask is an identity test
                return found[1]
        sensor, problems = read_sensor_data(data, stored=True)
        if sensor is None:
            raise ValueError(f"stored sensor {row.id} r{row.revision} no longer validates: {problems[:1]}")
        self._entries.put(key, (data, sensor))
        return sensor

    def __len__(self) -> int:
        return len(self._entries)
