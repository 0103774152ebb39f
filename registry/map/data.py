"""The public map's data file (``/carte/sensors.json``): every sensor on the map, in columns.

One object of parallel arrays, so 100,000 sensors stay well under 2 MB gzipped
(``bench/map.py``); one file per page language (:func:`dtpr_core.urls.map_data_name`):
``ids``, ``names`` (each sensor's name in that language, else along
:func:`dtpr_core.locales.fallback_chain`), ``name_langs`` (the languages the names are in)
and ``name_lang`` (one digit a sensor, its name's language in ``name_langs``: the page marks
a name not in its own language and says so), ``lat`` and ``lon``
(integer degrees × 100,000, about a metre; each the difference from the previous sensor's,
sensors in id order), ``personal`` (one character a sensor: ``0`` no personal data, ``1``
de-identified, ``2`` identifiable: the DTPR colours) and ``purposes`` (each sensor's purpose
numbers, indices into ``purpose_ids``, joined by ``.``). ``registry/pages/static/map/map.js``
reads it back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from dtpr_core.locales import DEFAULT_LOCALE, LOCALES, localize
from dtpr_store.reads import MapPoint

FORMAT = 2
SCALE = 100_000
"""Positions are integers of 1/100,000 degree (1.1 m of latitude)."""
PERSONAL_CODES = {"none": "0", "de_identified": "1", "identifiable": "2"}
"""The DTPR personal-data levels, one character each; any other stored value is shown as identifiable."""


def collects_personal_data(level: str) -> bool:
    """The yes/no answer of a sensor page ("Données personnelles ? — Oui/Non")."""
    return level != "none"


def _names(point: MapPoint) -> dict[str, str]:
    """The point's names in the six languages (French from its own column when the JSON has none)."""
    return {DEFAULT_LOCALE: point.name} | {lang: point.names[lang] for lang in LOCALES if point.names.get(lang)}


def map_data(points: Iterable[MapPoint], locale: str = DEFAULT_LOCALE) -> bytes:
    """The data file's bytes for a page in *locale* (UTF-8 JSON, no spaces), from points in the order wanted."""
    purpose_ids: dict[str, int] = {}
    ids: list[str] = []
    names: list[str] = []
    name_langs: dict[str, int] = {locale: 0}
    name_lang: list[str] = []
    lats: list[int] = []
    lons: list[int] = []
    personal: list[str] = []
    purposes: list[str] = []
    last_lat = last_lon = 0
    for point in points:
        lat, lon = round(point.lat * SCALE), round(point.lon * SCALE)
        ids.append(point.id)
        name = localize(_names(point), locale)
        names.append(name.text)
        name_lang.append(str(name_langs.setdefault(name.lang, len(name_langs))))
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
        "name_langs": list(name_langs),
        "name_lang": "".join(name_lang),
        "lat": lats,
        "lon": lons,
        "personal": "".join(personal),
        "purposes": purposes,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
