"""What devices say: announcements (their facts) and statuses (online, last heard).

One core, :func:`apply_announcement`, decides what an announcement changes of a sensor and
which history lines it makes. Two paths feed it: the ORM one (:func:`record_announcements`,
on :class:`SensorRow` objects) and the gateway's bulk one (:func:`record_announcements_bulk`,
plain values and a few multi-row statements); ``tests/gateway/test_bulk_writes.py`` checks
that both leave the same rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session

from dtpr_core.announcement import Announcement, StatusUpdate
from dtpr_core.register import sensor_to_data
from dtpr_store._bulk import BulkSql, Column, loads_json, table_columns
from dtpr_store.reads.sensors import sensor_rows
from dtpr_store.tables import RevisionRow, SensorRow
from dtpr_store.writes.revisions import append_revision, diff, drift_of

Revise = Callable[[str, list[dict[str, Any]], dict[str, Any] | None], None]
"""``revise(kind, change, snapshot)``: append one line to the sensor's history."""


class Announced(Protocol):
    """What an announcement reads and changes of a sensor (a :class:`SensorRow` or the bulk path's state)."""

    declared: bool
    data: dict[str, Any] | None
    device: dict[str, Any] | None
    announced: list[str] | None
    drift: list[dict[str, Any]] | None
    online: bool | None
    last_seen: datetime | None
    lat: float | None
    lon: float | None


def apply_announcement(target: Announced, item: Announcement, revise: Revise) -> str:
    """Apply *item* to *target*: ``updated``, or ``unchanged`` for a repeat (then only "last heard" moves)."""
    if not item.withdrawn:
        target.last_seen = item.received_at
        if target.online is None:
            target.online = True
    before = target.device
    device = _device_facts(before, item)
    if device == (before or {}):
        return "unchanged"
    target.device = device
    target.announced = sorted({e for elements in device["entities"].values() for e in elements})
    if not target.declared and item.location is not None:
        target.lat, target.lon = item.location.lat, item.location.lon
    revise("withdrawn" if device["withdrawn"] else "device", diff(before, device), device)
    drift = drift_of(target.declared, target.data, target.announced)
    if drift != (target.drift or []):
        target.drift = drift
        revise("drift", [{"field": "drift", "after": drift}], None)
    return "updated"


def _device_facts(stored: dict[str, Any] | None, item: Announcement) -> dict[str, Any]:
    device = dict(stored or {})
    entities = dict(device.get("entities") or {})
    if item.withdrawn:
        if item.entity:
            entities.pop(item.entity, None)
        else:
            entities = {}
    else:
        entities[item.entity] = sorted(set(item.elements))
        device["source"] = item.source
        device["identity"] = {**(device.get("identity") or {}), **item.identity.as_dict()}
        if item.datachain is not None:
            device["proposed"] = sensor_to_data(item.datachain)
        if item.location is not None:
            device["location"] = {"lat": item.location.lat, "lon": item.location.lon}
        if "network" in item.extra:  # LoRaWAN: the network identity (never measurements)
            device["network"] = item.extra["network"]
    device["entities"] = entities
    device["withdrawn"] = item.withdrawn and not entities
    return device


def record_announcements(session: Session, *, announcements: list[Announcement]) -> list[str]:
    """Record device announcements in order; the declared datachain is never touched.

    Returns one outcome per announcement: ``updated`` or ``unchanged`` (a repeat).
    """
    rows = sensor_rows(session, [item.sensor_id for item in announcements])
    outcomes = []
    for item in announcements:
        row = rows.get(item.sensor_id)
        if row is None:
            if item.withdrawn:
                outcomes.append("unchanged")
                continue
            row = rows[item.sensor_id] = SensorRow(
                id=item.sensor_id, created_at=item.received_at, updated_at=item.received_at
            )
            session.add(row)
        outcomes.append(apply_announcement(row, item, _orm_revise(session, row, item)))
    return outcomes


def _orm_revise(session: Session, row: SensorRow, item: Announcement) -> Revise:
    def revise(kind: str, change: list[dict[str, Any]], snapshot: dict[str, Any] | None) -> None:
        at, actor = item.received_at, item.source
        append_revision(session, row, at=at, source="gateway", actor=actor, kind=kind, change=change, snapshot=snapshot)

    return revise


def record_statuses(session: Session, *, updates: list[StatusUpdate]) -> None:
    """Online/offline and last-heard-from; unknown devices become discovered entries."""
    rows = sensor_rows(session, [update.sensor_id for update in updates])
    for update in updates:
        row = rows.get(update.sensor_id)
        if row is None:
            row = SensorRow(id=update.sensor_id, created_at=update.at, updated_at=update.at)
            session.add(row)
            rows[update.sensor_id] = row
        row.online = update.online
        if update.online or row.last_seen is None or update.at > row.last_seen:
            row.last_seen = update.at


_NEW_SENSOR = table_columns(
    SensorRow,
    "id declared revision status name_fr commune zone personal_data purposes techs device announced drift online"
    " last_seen lat lon history_seq created_at updated_at",
)
_KEEP = "COALESCE({new}, {old})"
"""A NULL bound value keeps the stored one (nothing an announcement sets is ever NULL)."""
_ANNOUNCED_UPDATE = table_columns(
    SensorRow,
    "device announced drift online last_seen lat lon history_seq updated_at",
    device=_KEEP,
    announced=_KEEP,
    drift=_KEEP,
    online="COALESCE({old}, {new})",
    last_seen=_KEEP,
    lat=_KEEP,
    lon=_KEEP,
    updated_at=_KEEP,
)
"""What an announcement may change on an existing row (never the declared datachain)."""
_REVISION = table_columns(RevisionRow, "sensor_id seq at source actor kind datachain_revision change snapshot")
_OWN = frozenset("id device announced drift online last_seen lat lon history_seq created_at updated_at".split())
"""What a discovered sensor's row takes from the announcements (the rest is the table's defaults)."""
_DEFAULTS = {name: field.default for name, field in SensorRow.model_fields.items()}


@dataclasses.dataclass(slots=True)
class _SensorState:
    """What recording announcements reads and changes of one sensor row (``None``: left as stored)."""

    id: str
    declared: bool
    revision: int
    history_seq: int
    device: dict[str, Any] | None
    drift: list[dict[str, Any]] | None
    data: dict[str, Any] | None
    created_at: datetime | None = None
    """Set for a sensor this batch discovers (inserted, not updated)."""
    announced: list[str] | None = None
    online: bool | None = None
    last_seen: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    updated_at: datetime | None = None
    stored: tuple[Any, Any] = (None, None)
    """The device facts and drift as read (a changed one is written, else left as stored)."""

    def __post_init__(self) -> None:
        self.stored = (self.device, self.drift)

    def values(self, names: Iterable[str]) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in names)

    def new_row(self) -> tuple[Any, ...]:
        """A discovered sensor's row: what announcements set, the table's defaults for the rest."""
        return tuple(getattr(self, c.name) if c.name in _OWN else _DEFAULTS[c.name] for c in _NEW_SENSOR)

    def changes(self) -> tuple[Any, ...]:
        device = self.device if self.device is not self.stored[0] else None
        drift = self.drift if self.drift is not self.stored[1] else None
        own = {"device": device, "drift": drift}
        return (*(own[c.name] if c.name in own else getattr(self, c.name) for c in _ANNOUNCED_UPDATE), self.id)


def _bulk_revise(state: _SensorState, out: list[tuple[Any, ...]], item: Announcement) -> Revise:
    def revise(kind: str, change: list[dict[str, Any]], snapshot: dict[str, Any] | None) -> None:
        state.history_seq += 1
        state.updated_at = item.received_at
        line = {"sensor_id": state.id, "seq": state.history_seq, "at": item.received_at, "source": "gateway"}
        line |= {"actor": item.source, "kind": kind, "datachain_revision": state.revision}
        line |= {"change": change, "snapshot": snapshot}
        out.append(tuple(line[c.name] for c in _REVISION))

    return revise


def _read_states(sql: BulkSql, ids: Iterable[str]) -> dict[str, _SensorState]:
    as_text = "::text" if sql.postgres else ""
    # the datachain only when declared: it is only needed for drift
    selected = [
        "id",
        "declared",
        "revision",
        "history_seq",
        f"device{as_text}",
        f"drift{as_text}",
        f"CASE WHEN declared THEN data{as_text} END",
    ]
    states = {}
    for sensor_id, declared, revision, history_seq, device, drift, data in sql.select_in("sensor", selected, "id", ids):
        states[sensor_id] = _SensorState(
            sensor_id, bool(declared), revision, history_seq, loads_json(device), loads_json(drift), loads_json(data)
        )
    return states


def record_announcements_bulk(session: Session, *, announcements: list[Announcement]) -> list[str]:
    """The same effect and outcomes as :func:`record_announcements`, in a few multi-row statements.

    The gateway's hot path: no ORM object per row. Pending ORM changes are flushed first
    and the session's ORM objects expired after, so both styles mix in one transaction.
    """
    if not announcements:
        return []
    session.flush()
    sql = BulkSql(session.connection())
    states = _read_states(sql, (item.sensor_id for item in announcements))
    created: dict[str, _SensorState] = {}
    revisions: list[tuple[Any, ...]] = []
    outcomes = []
    for item in announcements:
        state = states.get(item.sensor_id)
        if state is None:
            if item.withdrawn:
                outcomes.append("unchanged")
                continue
            state = _SensorState(item.sensor_id, False, 0, 0, None, None, None, created_at=item.received_at)
            state.updated_at = item.received_at
            states[item.sensor_id] = created[item.sensor_id] = state
        outcomes.append(apply_announcement(state, item, _bulk_revise(state, revisions, item)))
    sql.insert("sensor", _NEW_SENSOR, [state.new_row() for state in created.values()])
    changed = [state.changes() for key, state in states.items() if key not in created]
    sql.update("sensor", Column("id", "text"), _ANNOUNCED_UPDATE, changed)
    sql.insert("revision", _REVISION, revisions)
    session.expire_all()
    return outcomes


__all__ = [
    "Announced",
    "apply_announcement",
    "record_announcements",
    "record_announcements_bulk",
    "record_statuses",
]
