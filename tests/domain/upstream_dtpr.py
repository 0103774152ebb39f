"""Upstream DTPR's checks of a datachain instance, written again in Python for our tests.

Read from the Helpful-Places/dtpr repository (``api/src/schema/datachain-instance.ts``,
``locale.ts``, ``manifest.ts``, ``provenance.ts`` for the structure; ``api/src/validator/
rules/instance.ts`` for the semantic rules 4, 7, 9, 10, 15). Upstream states the structure as
a Zod schema and publishes it as JSON Schema (draft 2020-12, ``z.toJSONSchema``); :data:`SCHEMA`
is that JSON Schema for the instance, by hand. Zod's ``z.string().datetime()`` takes the UTC
``Z`` form only (no offset), which is the reason ``+00:00`` is refused.

The semantic rules run against the schema version source an upstream tool would read from
this registry: the categories and elements that ``/api/dtpr/v1`` publishes.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from dtpr_core.taxonomy import Taxonomy, load_taxonomy
from registry.api.dtpr import REQUIRED_CATEGORIES

UPSTREAM_LOCALES = ["en", "fr", "es", "pt", "fil", "km", "vi", "zh-Hans", "zh-Hant", "nl", "de"]
_SLUG = "^[a-zA-Z0-9_-]+$"
_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"

_LOCALE_ARRAY = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"locale": {"enum": UPSTREAM_LOCALES}, "value": {"type": "string"}},
        "required": ["locale", "value"],
    },
}
_PROVENANCE = {
    "type": "object",
    "properties": {
        "type": {
            "enum": [
                "ai_register",
                "model_card",
                "policy_document",
                "api_documentation",
                "framework",
                "standard",
                "regulation",
                "research_paper",
                "prior_art",
                "internal_memo",
                "other",
            ]
        },
        "title": {"type": "string", "minLength": 1},
        "url": {"type": "string", "format": "uri"},
        "citation": {"type": "string"},
    },
    "required": ["type", "title"],
}
_VARIABLE = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": _SLUG},
        "value": {"anyOf": [_LOCALE_ARRAY, {"type": "array", "items": {"type": "string", "minLength": 1}}]},
    },
    "required": ["id", "value"],
}
_ACTION = {
    "type": "object",
    "properties": {
        "type": {"enum": ["email", "url", "phone", "form", "postal"]},
        "label": _LOCALE_ARRAY,
        "target": {"type": "string", "minLength": 1},
    },
    "required": ["type", "label", "target"],
}
_ELEMENT = {
    "type": "object",
    "properties": {
        "element_id": {"type": "string", "minLength": 1},
        "priority": {"type": "integer", "minimum": 0},
        "context_type_id": {"type": "string", "minLength": 1},
        "variables": {"type": "array", "items": _VARIABLE},
        "subchain_instance_id": {"type": "string", "minLength": 1},
        "actions": {"type": "array", "items": _ACTION},
        "sources": {"type": "array", "items": _PROVENANCE},
    },
    "required": ["element_id"],
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "DatachainInstance",
    "type": "object",
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "title": _LOCALE_ARRAY,
        "description": _LOCALE_ARRAY,
        "schema_version": {"type": "string", "pattern": r"^[a-zA-Z0-9_-]+@\d{4}-\d{2}-\d{2}(-beta)?$"},
        "created_at": {"type": "string", "format": "date-time", "pattern": _DATETIME},
        "updated_at": {"type": "string", "format": "date-time", "pattern": _DATETIME},
        "instance_version": {"type": "string", "minLength": 1},
        "elements": {"type": "array", "items": _ELEMENT, "minItems": 1},
        "subchain_instances": {"type": "array"},
        "sources": {"type": "array", "items": _PROVENANCE},
        "linked_instance_ids": {"type": "array", "items": {"type": "string", "minLength": 1}},
    },
    "required": ["id", "schema_version", "created_at", "elements"],
}
_VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def schema_errors(instance: Any) -> list[str]:
    """What upstream's instance schema refuses, as ``path: message`` lines."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in _VALIDATOR.iter_errors(instance)
    ]


def semantic_errors(instance: dict[str, Any], taxonomy: Taxonomy | None = None) -> list[str]:
    """Upstream's instance rules (``validateInstance``) against the taxonomy we publish."""
    taxonomy = taxonomy or load_taxonomy()
    errors: list[str] = []
    covered = set()
    for index, placed in enumerate(instance["elements"]):
        where = f"elements[{index}]"
        element = taxonomy.elements.get(placed["element_id"])
        if element is None:
            errors.append(f"{where}: INSTANCE_ELEMENT_UNKNOWN {placed['element_id']!r}")
            continue
        covered.add(element.category_id)
        if placed.get("priority", 0) < 0:
            errors.append(f"{where}: INSTANCE_PRIORITY_NEGATIVE")
        if "context_type_id" in placed:  # no category or element of ours declares a context
            errors.append(f"{where}: CONTEXT_TYPE_UNKNOWN {placed['context_type_id']!r}")
        declared = {variable.id: variable for variable in taxonomy.category(element.category_id).variables}
        given = {variable["id"] for variable in placed.get("variables", [])}
        for variable in placed.get("variables", []):
            if variable["id"] not in declared:
                errors.append(f"{where}: INSTANCE_VARIABLE_UNKNOWN {variable['id']!r} ({element.category_id})")
            if not variable["value"]:
                errors.append(f"{where}: INSTANCE_VARIABLE_VALUE_EMPTY {variable['id']!r}")
        for variable in declared.values():
            if variable.required and variable.id not in given:
                errors.append(f"{where}: INSTANCE_REQUIRED_VARIABLE_MISSING {variable.id!r}")
    for category in taxonomy.categories:
        if category.key in REQUIRED_CATEGORIES and category.id not in covered:
            errors.append(f"REQUIRED_CATEGORY_MISSING {category.id}")
    return errors


def upstream_errors(instance: Any) -> list[str]:
    """Schema errors, then (when the structure holds) semantic ones: empty when upstream accepts it."""
    return schema_errors(instance) or semantic_errors(instance)
