"""A readable diff between two revisions of a sensor, and who or what made each change.

Declared changes keep the whole sensor (register format) as their snapshot: the diff
compares the declared sensor as it stood at each of the two revisions: datachain elements
added or removed per category, other fields changed (flattened: ``location.zone``,
``name.en``). Device, drift, status and staff entries in between are listed as events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dtpr_store.tables import RevisionRow

DECLARED_KINDS = ("created", "updated", "retired")
SOURCES = {
    "register": "synchronisation du registre",
    "api": "interface de gestion",
    "gateway": "passerelle (l'appareil)",
    "staff": "équipe",
}


@dataclass(frozen=True, slots=True)
class ElementChange:
    category: str
    element: str
    added: bool


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class RevisionDiff:
    low: int
    high: int
    elements: tuple[ElementChange, ...]
    fields: tuple[FieldChange, ...]
    events: tuple[RevisionRow, ...]
    """Every revision after *low* up to *high*, oldest first."""

    @property
    def empty(self) -> bool:
        return not self.elements and not self.fields


def who(revision: RevisionRow) -> str:
    """``équipe — Camille Martin``, ``passerelle (l'appareil) — homeassistant``…"""
    source = SOURCES.get(revision.source, revision.source)
    return f"{source} — {revision.actor}" if revision.actor else source


def declared_at(revisions: Sequence[RevisionRow], seq: int) -> Mapping[str, Any]:
    """The declared sensor as it stood at revision *seq* (empty before it was declared)."""
    snapshot: Mapping[str, Any] = {}
    for revision in sorted(revisions, key=lambda r: r.seq):
        if revision.seq > seq:
            break
        if revision.kind in DECLARED_KINDS and isinstance(revision.snapshot, Mapping):
            snapshot = revision.snapshot
    return snapshot


def _element_ids(datachain: Mapping[str, Any], category: str) -> list[str]:
    items = datachain.get(category) or []
    return [item if isinstance(item, str) else str(item.get("element", "")) for item in items]


def element_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[ElementChange]:
    chain_before, chain_after = before.get("datachain") or {}, after.get("datachain") or {}
    changes = []
    for category in dict.fromkeys([*chain_before, *chain_after]):
        old, new = _element_ids(chain_before, category), _element_ids(chain_after, category)
        changes += [ElementChange(category, e, False) for e in old if e not in new]
        changes += [ElementChange(category, e, True) for e in new if e not in old]
    return changes


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        if all(isinstance(item, str | int | float) for item in value):
            out[prefix] = ", ".join(str(item) for item in value)
        else:
            for index, item in enumerate(value):
                key = (
                    item.get("element") or item.get("organisation") or item.get("key")
                    if isinstance(item, Mapping)
                    else None
                )
                _flatten(item, f"{prefix}.{key or index}", out)
    elif value is not None:
        out[prefix] = str(value)


def _datachain_ids_only(data: Mapping[str, Any]) -> dict[str, Any]:
    """The sensor without the element lists (shown as elements), but with their variables."""
    chain = data.get("datachain") or {}
    variables = {
        category: {str(item.get("element")): item.get("variables") for item in items if isinstance(item, Mapping)}
        for category, items in chain.items()
    }
    rest = {key: value for key, value in data.items() if key != "datachain"}
    return {**rest, "datachain": {c: v for c, v in variables.items() if v}}


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    flat_before: dict[str, str] = {}
    flat_after: dict[str, str] = {}
    _flatten(_datachain_ids_only(before), "", flat_before)
    _flatten(_datachain_ids_only(after), "", flat_after)
    keys = list(dict.fromkeys([*flat_after, *flat_before]))
    return [
        FieldChange(key, flat_before.get(key, ""), flat_after.get(key, ""))
        for key in keys
        if flat_before.get(key) != flat_after.get(key) and key != "id"
    ]


def diff_revisions(revisions: Sequence[RevisionRow], low: int, high: int) -> RevisionDiff:
    """What changed from revision *low* to revision *high* (swapped when given the other way)."""
    low, high = sorted((low, high))
    before, after = declared_at(revisions, low), declared_at(revisions, high)
    events = tuple(r for r in sorted(revisions, key=lambda r: r.seq) if low < r.seq <= high)
    return RevisionDiff(low, high, tuple(element_changes(before, after)), tuple(field_changes(before, after)), events)
