"""The "declare" snippet: a ``sensors.yaml`` entry pre-filled from a device's announcement.

What the device said (id, position, the elements it uses, its own proposal when it
sends one) is filled in; what only the city knows is a text starting with
:data:`TO_FILL`. ``dtpr validate`` refuses an entry while any such text is left
(:func:`unfilled`), naming each field, so a pasted snippet cannot be published half done.
Every value comes from the device: it is written by the YAML dumper (quoted as needed),
never pasted into the text, and comments only carry cleaned, shortened words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml

from dtpr_core.errors import Path
from dtpr_core.taxonomy import CATEGORY_KEYS, load_taxonomy

TO_FILL = "À COMPLÉTER"
_KEY_OF_CATEGORY = {category_id: key for key, category_id in CATEGORY_KEYS.items()}
_UNPRINTABLE = re.compile(r"[^\w .,/+()'-]", re.UNICODE)


def unfilled(value: object, path: Path = (), within: tuple[object, ...] = ()) -> Iterator[tuple[Path, str]]:
    """``(path, text)`` of every text still starting with :data:`TO_FILL` in *value*; a list or mapping
    inside itself (a YAML alias inside its own anchor: ``&a [*a]``) is walked once."""
    if isinstance(value, str):
        if value.strip().startswith(TO_FILL):
            yield path, value.strip()
    elif isinstance(value, (Mapping, list)) and not any(outer is value for outer in within):
        items = value.items() if isinstance(value, Mapping) else enumerate(value)
        for key, item in items:
            yield from unfilled(
                item, (*path, key if isinstance(key, int) and isinstance(value, list) else str(key)), (*within, value)
            )


def _todo(what: str) -> str:
    return f"{TO_FILL}\u00a0: {what}"


def _by_category(elements: Sequence[str]) -> dict[str, list[str]]:
    """Announced element ids sorted into datachain keys (unknown ids are left out: the device is wrong)."""
    taxonomy = load_taxonomy()
    chain: dict[str, list[str]] = {}
    for element_id in elements:
        element = taxonomy.elements.get(element_id)
        key = _KEY_OF_CATEGORY.get(element.category_id) if element else None
        if key and key != "accountable" and element_id not in chain.get(key, []):
            chain.setdefault(key, []).append(element_id)
    return chain


def _datachain(device: Mapping[str, Any], announced: Sequence[str]) -> dict[str, Any]:
    proposed = (device.get("proposed") or {}).get("datachain")
    chain: dict[str, Any] = dict(proposed) if isinstance(proposed, Mapping) else _by_category(announced)
    chain.setdefault("purpose", [_todo("1 à 3 finalités, la principale d'abord (p. ex. health)")])
    chain.setdefault("tech", [_todo("la technologie du capteur (p. ex. air_quality)")])
    chain.setdefault("retention", [_todo("data_retained avec sa durée, ou no_data_retained")])
    return {key: chain[key] for key in CATEGORY_KEYS if key in chain}


def _location(device: Mapping[str, Any], lat: float | None, lon: float | None) -> dict[str, Any]:
    where = device.get("location") or {}
    lat = lat if lat is not None else where.get("lat")
    lon = lon if lon is not None else where.get("lon")
    return {
        "lat": lat if isinstance(lat, int | float) else _todo("latitude (p. ex. 47.4712)"),
        "lon": lon if isinstance(lon, int | float) else _todo("longitude (p. ex. -0.5518)"),
        "address": _todo("adresse ou lieu-dit"),
        "commune": _todo("commune"),
        "zone": _todo("quartier"),
    }


def snippet_data(
    sensor_id: str, device: Mapping[str, Any] | None, announced: Sequence[str], lat: float | None, lon: float | None
) -> dict[str, Any]:
    """The entry as data: announced facts filled, the rest marked :data:`TO_FILL`."""
    device = device or {}
    proposed = device.get("proposed") or {}
    return {
        "id": sensor_id,
        "name": proposed.get("name") or {"fr": _todo("nom affiché (ce que mesure le capteur — lieu)")},
        "description": proposed.get("description") or {"fr": _todo("ce que fait le capteur, en une phrase")},
        "location": _location(device, lat, lon),
        "status": "active",
        "purpose": proposed.get("purpose") or {"fr": _todo("à quoi il sert, dit après « Pour » (suivre la pollution)")},
        "accountable": [_todo("clé d'une organisation déclarée sous organisations")],
        "datachain": _datachain(device, announced),
    }


def _clean(value: object) -> str:
    """A device's word fit for a YAML comment: one line, plain characters, at most 60 of them."""
    return _UNPRINTABLE.sub("", str(value)).strip()[:60]


def _header(device: Mapping[str, Any]) -> list[str]:
    identity = device.get("identity") or {}
    labels = {"manufacturer": "fabricant", "model": "modèle", "serial": "n° de série", "firmware": "micrologiciel"}
    facts = [f"{label} {value}" for name, label in labels.items() if (value := _clean(identity.get(name) or ""))]
    source = _clean(device.get("source") or "?")
    lines = [f"# Appareil annoncé par {source}" + (f" ({', '.join(facts)})" if facts else "") + "."]
    lines.append(
        f"# Collez sous «\u00a0sensors:\u00a0», remplacez chaque «\u00a0{TO_FILL}\u00a0», puis vérifiez\u00a0:"
    )
    lines.append("#     dtpr validate sensors.yaml")
    if device.get("proposed"):
        lines.append("# Nom, description et informations DTPR proposés par l'appareil\u00a0: vérifiez-les.")
    return lines


def declare_snippet(
    sensor_id: str,
    device: Mapping[str, Any] | None,
    announced: Sequence[str],
    lat: float | None = None,
    lon: float | None = None,
) -> str:
    """The ready-to-paste entry (indented for the ``sensors:`` list), with comments first."""
    data = snippet_data(sensor_id, device, announced, lat, lon)
    body = yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    lines = [*_header(device or {}), *body.splitlines()]
    return "\n".join(f"  {line}" for line in lines) + "\n"
