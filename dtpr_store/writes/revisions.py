"""The history every change to a sensor appends to, and what changes share: the clock, diffs, drift.

Each change to a sensor appends a :class:`RevisionRow` (never updated, never deleted) and
updates the sensor's current-state row in the same transaction. Callers own the
transaction (``session_scope``); nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from dtpr_core.announcement import find_drift
from dtpr_store.tables import RevisionRow, SensorRow


def now() -> datetime:
    return datetime.now(UTC)


def append_revision(
    session: Session,
    row: SensorRow,
    *,
    at: datetime,
    source: str,
    actor: str,
    kind: str,
    change: list[dict[str, Any]],
    snapshot: dict[str, Any] | None,
) -> None:
    """One line of *row*'s history, numbered after the last (``history_seq``); the row's ``updated_at`` moves."""
    row.history_seq += 1
    row.updated_at = at
    session.add(
        RevisionRow(
            sensor_id=row.id,
            seq=row.history_seq,
            at=at,
            source=source,
            actor=actor,
            kind=kind,
            datachain_revision=row.revision,
            change=change,
            snapshot=snapshot,
        )
    )


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The fields that differ, each ``{"field", "before", "after"}`` (keys of *after* first)."""
    before = before or {}
    keys = list(after) + [key for key in before if key not in after]
    return [
        {"field": key, "before": before.get(key), "after": after.get(key)}
        for key in keys
        if before.get(key) != after.get(key)
    ]


def declared_element_ids(data: Mapping[str, Any] | None) -> set[str]:
    """Element ids listed in a register-format datachain (no full parse needed)."""
    ids: set[str] = set()
    for items in ((data or {}).get("datachain") or {}).values():
        for item in items:
            ids.add(item if isinstance(item, str) else item.get("element", ""))
    return ids


def drift_of(declared: bool, data: Mapping[str, Any] | None, announced: list[str] | None) -> list[dict[str, Any]]:
    """What a declared sensor's device announces and its register does not say (empty: none)."""
    if not declared or not announced:
        return []
    return [item.as_dict() for item in find_drift(declared_element_ids(data), set(announced))]


__all__ = ["append_revision", "declared_element_ids", "diff", "drift_of", "now"]
