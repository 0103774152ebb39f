"""The public map's data file (``/carte/sensors.json``): every sensor on the map, in columns.

One object of parallel arrays, so 100,000 sensors stay well under 2 MB gzipped
(``bench/map.py``): ``ids``, ``names`` (the register's French name), ``names_in`` (for each
other language that names at least one sensor, its names, ``""`` where it has none: the page
then falls back along :func:`dtpr_core.locales.fallback_chain` and says so), ``lat`` and ``lon``
(integer degrees × 100,000, about a metre; each the difference from the previous sensor's,
sensors in id order), ``personal`` (one character a sensor: ``0`` no personal data, ``1``
de-identified, ``2`` identifiable: the DTPR colours) and ``purposes`` (each sensor's purpose
numbers, indices into ``purpose_ids``, joined by ``.``). ``registry/pages/static/map/map.js``
reads it back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from dtpr_core.locales import DEFAULT_LOCALE, LOCALES
from dtpr_store.reads import MapPoint

OTHER_LOCALES = tuple(locale for locale in LOCALES if locale != DEFAULT_LOCALE)

FORMAT = 2
SCALE = 100_000
"""Positions are integers of 1/100,000 degree (1.1 m of latitude)."""
PERSONAL_CODES = {"none": "0", "de_identified": "1", "identifiable": "2"}
"""The DTPR personal-data levels, one character each; any other stored value is shown as identifiable."""


def collects_personal_data(level: str) -> bool:
    """The yes/no answer of a sensor page ("Données personnelles ? — Oui/Non")."""
    return level != "none"


def map_data(points: Iterable[MapPoint]) -> bytes:
    """The data file's bytes (UTF-8 JSON, no spaces), from points in any order (written by id)."""
    purpose_ids: dict[str, int] = {}
    ids: list[str] = []
    names: list[str] = []
    names_in: dict[str, list[str]] = {locale: [] for locale in OTHER_LOCALES}
    lats: list[int] = []
    lons: list[int] = []
    personal: list[str] = []
    purposes: list[str] = []
    last_lat = last_lon = 0
    for point in points:
        lat, lon = round(point.lat * SCALE), round(point.lon * SCALE)
        ids.append(point.id)
        names.append(point.name)
        for locale, column in names_in.items():
            column.append(point.names.get(locale, ""))
        lats.append(lat - last_lat)
        lons.append(lon - last_lon)
        last_lat, last_lon = lat, lon
        personal.append(PERSONAL_CODES.get(point.personal_data, "2"))
        numbers = (purpose_ids.setdefault(purpose, len(purpose_ids)) for purpose in point.purposes)
        purposes.append(".".join(map(str, numbers)))
    document = {
        "format": FORMAT,
        "scale": SCALE,
        "purpose_ids": list(purpose_ids),
        "ids": ids,
        "names": names,
        "names_in": {locale: column for locale, column in names_in.items() if any(column)},
        "lat": lats,
        "lon": lons,
        "personal": "".join(personal),
        "purposes": purposes,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
