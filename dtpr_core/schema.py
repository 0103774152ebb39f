"""The JSON Schema (draft 2020-12) of the register, built from the parser's own constants.

Editors use it through the ``# yaml-language-server: $schema=…`` modeline of
``sensors.yaml`` to autocomplete keys and DTPR element ids. It mirrors what
:mod:`dtpr_core.register` accepts; the validator (``dtpr validate``) stays the
authority for the DTPR rules a schema cannot say (identifiable technology first,
legal basis when personal data is collected, a duration in every language…).

``python -m dtpr_core.schema`` rewrites ``schemas/sensors.schema.json``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from dtpr_core.kept import DATA_KINDS
from dtpr_core.locales import LOCALES
from dtpr_core.model import (
    ACTION_TYPES,
    LEGAL_BASES,
    LEGAL_GROUNDS,
    ORGANISATION_KEY_RE,
    RECIPIENTS,
    ROLES,
    SENSOR_ID_PATTERN,
    STATUSES,
)
from dtpr_core.privacy_fields import MAX_RECIPIENTS
from dtpr_core.register import (
    DATACHAIN_KEYS,
    LOCATION_KEYS,
    ORGANISATION_KEYS,
    PLACE_NAME_MAX,
    REGISTER_KEYS,
    REGISTER_VERSION,
    SELECTION_KEYS,
    SENSOR_KEYS,
)
from dtpr_core.rules import MAX_PURPOSES
from dtpr_core.taxonomy import Taxonomy, load_taxonomy

SCHEMA_ID = "https://dtpr.angers.fr/schemas/sensors/v1"
SCHEMA_PATH = "schemas/sensors.schema.json"
Schema = dict[str, Any]


def _text(description: str, max_length: int) -> Schema:
    # the reader also takes a bare number as text (YAML reads `2024` as a number)
    return {"description": description, "type": ["string", "number"], "pattern": r"\S", "maxLength": max_length}


def _local_text(description: str, max_length: int, *, french: bool = True) -> Schema:
    languages: Schema = {
        "type": "object",
        "properties": {locale: _text(f"The text in '{locale}'.", max_length) for locale in LOCALES},
        "additionalProperties": False,
        "minProperties": 1,
    }
    if french:
        languages["required"] = ["fr"]
        return {
            "description": description + " Plain text is French; or a map of languages with at least fr.",
            "anyOf": [_text("French text.", max_length), languages],
        }
    return {"description": description, "anyOf": [_text("The same text in every language.", max_length), languages]}


def _role(description: str) -> Schema:
    old = _local_text("A free text (old registers: other languages cannot show it).", 200)
    return {"description": description, "anyOf": [{"enum": list(ROLES)}, old]}


def _kept() -> Schema:
    duration = {
        "description": "'none', or a number and a unit: '24 hours', '15 days', '6 months', '5 years'.",
        "type": "string",
        "pattern": r"^(none|[1-9]\d{0,3} (hour|day|week|month|year)s?)$",
    }
    return {
        "description": "How long each kind of data is kept (said in every language): {images: none, counts: 5 years}.",
        "type": "object",
        "properties": dict.fromkeys(DATA_KINDS, duration),
        "additionalProperties": False,
        "minProperties": 1,
    }


def _actions(description: str) -> Schema:
    targets: dict[str, Schema] = {
        "email": {"description": "An e-mail address.", "type": "string", "pattern": r"^\s*[^\s@]*@\S*\s*$"},
        "url": {"description": "A web page (https://…).", "type": "string", "pattern": r"^\s*https?://"},
        "phone": {
            "description": "Digits, spaces and + . - ( ) only; quote it in YAML.",
            "type": "string",
            "pattern": r"^[\s0-9+.()-]*[0-9][\s0-9+.()-]*$",
        },
        "postal": {"description": "A postal address on one line.", "type": "string", "pattern": r"\S"},
        "form": {"description": "A web form (https://…).", "type": "string", "pattern": r"^\s*https?://"},
    }
    properties = {kind: {**targets[kind], "maxLength": 300} for kind in ACTION_TYPES}
    return {"description": description, "type": "object", "properties": properties, "additionalProperties": False}


def _organisation(*, inline: bool) -> Schema:
    properties: dict[str, Schema] = {
        "name": _local_text("The organisation's name, as printed on signs.", 200),
        "kind": {
            "description": "institution (a public body) or organization (a company, an association).",
            "enum": ["organization", "institution"],
            "default": "organization",
        },
        "role": _role("Its role for the sensors: controller, joint_controller, processor, operator or owner."),
        "logo": _text("Path or URL of its logo, printed on signs.", 300),
        "contact": _actions("How the public reaches it."),
        "data_protection": _actions("Where people exercise their GDPR rights (the DPO)."),
    }
    assert tuple(properties) == ORGANISATION_KEYS
    required = ["name"]
    if inline:
        properties = {"key": {"description": "The organisation's key.", "type": "string"}, **properties}
        required = ["key", "name"]
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _accountable() -> Schema:
    key = {"description": "The key of an organisation declared under organisations.", "type": "string"}
    with_role: Schema = {
        "description": "An organisation with a role for this sensor only.",
        "type": "object",
        "properties": {"organisation": key, "role": _role("Its role for this sensor.")},
        "required": ["organisation"],
        "additionalProperties": False,
    }
    return {
        "description": "Who is responsible, the most responsible first (the city before its operator).",
        "type": "array",
        "minItems": 1,
        "items": {"anyOf": [key, with_role, {**_organisation(inline=True), "description": "Declared inline."}]},
    }


def _category_defs(key: str, taxonomy: Taxonomy) -> dict[str, Schema]:
    """``<key>_element`` (the enum of ids) and ``<key>_selection`` (an id with options)."""
    ids = list(taxonomy.category_by_key(key).element_ids)
    element: Schema = {
        "description": f"A DTPR {key} element id.",
        "enum": ids,
        "enumDescriptions": [taxonomy.element(i).title.get("en", i) for i in ids],
    }
    duration = _local_text("How long, in every language of the sensor.", 100, french=False)
    priority = {"description": "Display order, lowest first.", "type": "integer", "minimum": 0, "maximum": 10_000}
    selection: Schema = {
        "description": f"A DTPR {key} element with a priority or variables.",
        "type": "object",
        "properties": {
            "element": {"$ref": f"#/$defs/{key}_element"},
            "priority": priority,
            "variables": {"type": "object", "properties": {"duration": duration}, "additionalProperties": False},
        },
        "required": ["element"],
        "additionalProperties": False,
    }
    assert tuple(selection["properties"]) == SELECTION_KEYS
    return {f"{key}_element": element, f"{key}_selection": selection}


def _category(key: str, taxonomy: Taxonomy) -> Schema:
    category = taxonomy.category_by_key(key)
    item = {"anyOf": [{"$ref": f"#/$defs/{key}_element"}, {"$ref": f"#/$defs/{key}_selection"}]}
    listed: Schema = {"type": "array", "items": item}
    if key == "purpose":
        listed.update(minItems=1, maxItems=MAX_PURPOSES)
    elif key == "tech":
        listed["minItems"] = 1
    name = category.name.get("en", key)
    description = category.description.get("en", "")
    return {"description": f"{name}: {description}".strip(" :"), "anyOf": [listed, *item["anyOf"]]}


def _datachain(taxonomy: Taxonomy) -> Schema:
    return {
        "description": "The DTPR datachain: element ids per category (a list, most important first).",
        "type": "object",
        "properties": {key: _category(key, taxonomy) for key in DATACHAIN_KEYS},
        "required": ["purpose", "tech"],
        "additionalProperties": False,
    }


def _location() -> Schema:
    properties: dict[str, Schema] = {
        "lat": {
            "description": "Latitude, WGS84 (Angers: about 47.47).",
            "type": "number",
            "minimum": -90,
            "maximum": 90,
        },
        "lon": {
            "description": "Longitude, WGS84 (Angers: about -0.55).",
            "type": "number",
            "minimum": -180,
            "maximum": 180,
        },
        "address": _text("Street address or place name.", 200),
        "commune": _text("Commune of the metropole (Angers, Avrillé, Trélazé…).", PLACE_NAME_MAX),
        "zone": _text("District (Centre-ville, Monplaisir, Doutre…).", PLACE_NAME_MAX),
    }
    assert tuple(properties) == LOCATION_KEYS
    return {
        "description": "Where the sensor is (WGS84 degrees), with the place for the public.",
        "type": "object",
        "properties": properties,
        "required": ["lat", "lon"],
        "additionalProperties": False,
    }


def _network() -> Schema:
    interval = {
        "description": "Expected time between two reports (90s, 15m, 6h, 1d); unheard for three: 'silent'.",
        "type": "string",
        "pattern": r"^\s*\d{1,8}\s*(s|min|m|h|d)\s*$",
    }
    lorawan = {
        "description": "Its LoRaWAN device, as the network server (ChirpStack, The Things Stack) knows it.",
        "type": "object",
        "properties": {
            "dev_eui": {
                "description": "DevEUI: 16 hexadecimal digits, unique in the register (quote it in YAML).",
                "type": "string",
                "pattern": "^[0-9A-Fa-f]{16}$",
            },
            "reporting_interval": interval,
        },
        "required": ["dev_eui"],
        "additionalProperties": False,
    }
    return {
        "description": "How the gateway recognises the device on a network (see docs/technicians.md).",
        "type": "object",
        "properties": {"lorawan": lorawan},
        "additionalProperties": False,
    }


def _sensor(taxonomy: Taxonomy) -> Schema:
    day = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    properties: dict[str, Schema] = {
        "id": {
            "description": "Stable id, used in URLs and QR codes: never change it once printed.",
            "type": "string",
            "pattern": SENSOR_ID_PATTERN,
        },
        "name": _local_text("Short public name; its languages are the sensor's languages.", 120),
        "description": _local_text("What it measures and why, for the public.", 1000),
        "location": _location(),
        "mounting": _text("Where exactly it is fixed (for technicians; not public).", 500),
        "status": {"description": "Lifecycle state.", "enum": list(STATUSES), "default": "active"},
        "installed_on": {**day, "description": "Installation date, YYYY-MM-DD."},
        "retired_on": {**day, "description": "Removal date, YYYY-MM-DD (with status retired)."},
        "accountable": _accountable(),
        "legal_basis": {
            "description": "GDPR art. 6(1) lawful basis; required when personal data is collected.",
            "enum": list(LEGAL_BASES),
        },
        "legitimate_interest": _local_text(
            "The interest pursued; required with legal_basis legitimate_interests (GDPR art. 13-1-d).", 300
        ),
        "consent_withdrawal": _local_text(
            "How people withdraw their consent; required with legal_basis consent (GDPR art. 13-2-c).", 300
        ),
        "recipients": {
            "description": "Who else receives the data, beyond the DTPR access elements (e.g. police on requisition).",
            "type": "array",
            "items": {
                "anyOf": [
                    {"enum": list(RECIPIENTS)},
                    _local_text("Another recipient or category of recipients, in words.", 300),
                ]
            },
            "maxItems": MAX_RECIPIENTS,
        },
        "video_protection_authorisation": _text(
            "Reference of the prefect's video-protection authorisation (Code de la sécurité intérieure, "
            "art. L251-1 ff.), shown on the page and the sign.",
            120,
        ),
        "purpose": _local_text("Why, in one short plain clause said after 'Pour' (régler les feux…).", 160),
        "kept": _kept(),
        "legal_ground": {
            "description": "The national texts the legal basis rests on (video-protection, connection logs).",
            "type": "array",
            "items": {"enum": list(LEGAL_GROUNDS)},
        },
        "automated_decisions": {
            "description": "Whether decisions about people are taken automatically (GDPR art. 22).",
            "type": "boolean",
        },
        "datachain": _datachain(taxonomy),
        "network": _network(),
    }
    assert tuple(properties) == SENSOR_KEYS
    return {
        "type": "object",
        "properties": properties,
        "required": ["id", "name", "location", "accountable", "datachain"],
        "additionalProperties": False,
    }


def register_json_schema(taxonomy: Taxonomy | None = None) -> Schema:
    """The JSON Schema of ``sensors.yaml``."""
    taxonomy = taxonomy or load_taxonomy()
    properties: dict[str, Schema] = {
        "version": {"description": "Format version.", "const": REGISTER_VERSION},
        "organisations": {
            "description": "Organisations referred to by key from each sensor's accountable list.",
            "type": "object",
            "propertyNames": {"pattern": ORGANISATION_KEY_RE.pattern},
            "additionalProperties": {"$ref": "#/$defs/organisation"},
        },
        "sensors": {"description": "The sensors.", "type": "array", "items": {"$ref": "#/$defs/sensor"}},
    }
    assert tuple(properties) == REGISTER_KEYS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "DTPR sensor register (sensors.yaml)",
        "description": "Angers Loire Métropole's register of sensors in public space. See docs/technicians.md.",
        "type": "object",
        "properties": properties,
        "required": ["sensors"],
        "additionalProperties": False,
        "$defs": {
            "organisation": _organisation(inline=False),
            "sensor": _sensor(taxonomy),
            **{name: schema for key in DATACHAIN_KEYS for name, schema in _category_defs(key, taxonomy).items()},
        },
    }


def schema_text() -> str:
    """The schema as committed: pretty, stable, UTF-8."""
    return json.dumps(register_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    path = sys.argv[1] if len(sys.argv) > 1 else SCHEMA_PATH
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(schema_text())
