"""What the app's pages and routes share, computed once: one :class:`PageCache` per app (``app.state.page_cache``).

Made by ``create_app`` (the static export makes its own with ``make_pages``) and dropped
with the app: nothing is kept at module level, so two apps in one process never see each
other's sensors, contacts or facets. Every key is made of what the cached value is computed
from, so nothing needs invalidating: a sensor edited through the register, the API or the
gateway stores new JSON, which is a new key. Entries fall out least recently used first;
the few values read from the database (the city's contact, the index's facets) are kept a
short while (:class:`TtlValue`).

* :meth:`PageCache.stored_sensor`: the stored register JSON -> a validated :class:`Sensor`,
  keyed by that JSON without its ``id`` (sensors stored alike share one parse, so its ``id``
  is a stand-in: a page takes its id from the row), plus the *chain key* (its shared part:
  organisations, datachain, legal basis, languages). A shared part is checked against the
  DTPR rules once; another sensor with it is read for its own fields only.
* :attr:`PageCache.parsed`: a row -> its declared :class:`Sensor` (its own id), for every
  route and listing that reads rows (:class:`~dtpr_store.caches.ParsedSensors`).
* :attr:`PageCache.fragments`: rendered HTML of a page section, keyed by the section's name
  and the part of the view it is rendered from; :attr:`PageCache.shown`: the pieces of a
  page made from its stored content, by content and language (mostly the same bytes).
* :attr:`PageCache.dtpr_elements`: the ``/api/dtpr/v1/elements`` bodies, by URL builder and locales.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from dtpr_core.model import Sensor
from dtpr_core.register import read_sensor_alike, read_sensor_data, shared_part
from dtpr_store.caches import LruCache, ParsedSensors
from registry.pages.chain import STAND_IN_ID, Chain

V = TypeVar("V")


class TtlValue(Generic[V]):
    """One value recomputed at most every *seconds* (the city's contact, the index's facets)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._value: tuple[float, V] | None = None
        self._lock = threading.Lock()

    def get(self, compute: Callable[[], V]) -> V:
        now = time.monotonic()
        with self._lock:
            found = self._value
        if found is not None and now - found[0] < self.seconds:
            return found[1]
        value = compute()
        with self._lock:
            self._value = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._value = None

    def fresh(self) -> tuple[V] | None:
        """``(value,)`` while it is fresh, else None: what an ``async`` caller may use without computing."""
        with self._lock:
            found = self._value
        if found is not None and time.monotonic() - found[0] < self.seconds:
            return (found[1],)
        return None


@dataclasses.dataclass(frozen=True, slots=True)
class StoredSensor:
    sensor: Sensor
    """Shared by the sensors stored alike: its ``id`` is :data:`STAND_IN_ID`; a page takes its id from the row."""
    chain: Chain
    """Its shared part, named by :func:`~dtpr_core.register.shared_part`: all the datachain fragments depend on."""
    digest: str
    """SHA-256 of the stored JSON without its id (:func:`content_key`): names this content in ETags."""


def content_key(sensor_id: str, data_json: str) -> str:
    """The stored JSON object without its ``"id"`` member: equal for sensors stored alike."""
    quoted = json.dumps(sensor_id)
    for prefix in ('{"id": ' + quoted + ", ", '{"id":' + quoted + ","):  # stored id first, spaced or compact
        if data_json.startswith(prefix):
            return "{" + data_json[len(prefix) :]
    data = json.loads(data_json)
    data.pop("id", None)
    return json.dumps(data, sort_keys=True)


class PageCache:
    """The caches of one app, each bounded (sizes in entries)."""

    def __init__(self, *, sensors: int = 4096, rows: int = 4096, chains: int = 1024, fragments: int = 8192) -> None:
        self.sensors: LruCache[str, StoredSensor] = LruCache(sensors)  # a city's register, ~4 KiB an entry
        self.parsed = ParsedSensors(rows)
        """Rows -> their declared sensors: the API, twins, signs, exports, index and inventory."""
        self.alike: LruCache[str, Sensor] = LruCache(chains)
        """Shared part -> a sensor with it, checked in full: sensors declared alike are read from it."""
        self.fragments: LruCache[Hashable, bytes] = LruCache(fragments)
        self.shown: LruCache[tuple[str, str], dict[str, bytes]] = LruCache(sensors)
        """(content digest, language) -> the page's pieces made from that content (``sensor_page.VALUES``…)."""
        self.city_contact: TtlValue[object] = TtlValue(600.0)
        self.facets: TtlValue[dict[str, list[str]]] = TtlValue(60.0)
        self.dtpr_elements: LruCache[Hashable, bytes] = LruCache(64)
        """``/api/dtpr/v1/elements`` bodies by (URL builder, locales): 63 choices of locales at most."""

    def stored_sensor(self, sensor_id: str, content: str) -> StoredSensor:
        """The declared sensor of a row's stored JSON (*content*: :func:`content_key`), parsed once.

        Its ``id`` is a stand-in (see :class:`StoredSensor`). A city's sensors differ by their
        place and dates, and share a few datachains: a content not seen yet is read in full
        once per shared part, then only for its own fields
        (:func:`~dtpr_core.register.read_sensor_alike`).

        Raises :class:`ValueError` when the stored data no longer validates (e.g. after a taxonomy change).
        """
        found = self.sensors.get(content)
        if found is not None:
            return found
        data = json.loads(content)
        data["id"] = STAND_IN_ID
        shared = shared_part(data)
        alike = self.alike.get(shared)
        sensor, problems = (
            read_sensor_data(data, stored=True) if alike is None else read_sensor_alike(data, alike, stored=True)
        )
        if sensor is None:
            raise ValueError(f"stored sensor {sensor_id} no longer validates: {problems[:1]}")
        if alike is None:
            self.alike.put(shared, sensor)
        found = StoredSensor(sensor, Chain.of(shared, sensor), hashlib.sha256(content.encode()).hexdigest())
        self.sensors.put(content, found)
        return found
