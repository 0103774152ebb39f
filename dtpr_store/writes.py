"""Every write to the database, as keyword-only functions.

Each change to a sensor appends a :class:`RevisionRow` (never updated, never
deleted) and updates the sensor's current-state row in the same transaction.
Callers own the transaction (``session_scope``); nothing here commits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlmodel import Session, select

from dtpr_core.announcement import Announcement, StatusUpdate, find_drift
from dtpr_core.datachain import personal_data
from dtpr_core.model import Sensor
from dtpr_core.register import sensor_to_data
from dtpr_store.tables import (
    FeedbackRow,
    PageViewRow,
    QuarantineRow,
    RevisionRow,
    SensorRow,
    SignPrintRow,
    TokenRow,
)

Outcome = Literal["created", "updated", "unchanged"]
Source = Literal["register", "api", "gateway"]


def now() -> datetime:
    return datetime.now(UTC)


def _append_revision(
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


def _diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[dict[str, Any]]:
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


def _refresh_drift(row: SensorRow) -> bool:
    """Recompute drift from declared vs announced elements; True when it changed."""
    drift: list[dict[str, Any]] = []
    if row.declared and row.announced:
        drift = [item.as_dict() for item in find_drift(declared_element_ids(row.data), set(row.announced))]
    if drift != (row.drift or []):
        row.drift = drift
        return True
    return False


def _apply_declared(row: SensorRow, sensor: Sensor, data: dict[str, Any], at: datetime) -> None:
    row.declared = True
    row.data = data
    row.revision += 1
    row.status = sensor.status
    row.name_fr = sensor.name.get("fr", "")[:200]
    row.commune = sensor.location.commune
    row.zone = sensor.location.zone
    row.lat, row.lon = sensor.location.lat, sensor.location.lon
    row.personal_data = personal_data(sensor)
    row.purposes = " ".join(s.element_id for s in sensor.elements("purpose"))
    row.techs = " ".join(s.element_id for s in sensor.elements("tech"))
    row.declared_at = at


def upsert_sensor(
    session: Session, *, sensor: Sensor, source: Source, actor: str, at: datetime | None = None
) -> Outcome:
    """Create or update a declared sensor; an identical one changes nothing."""
    at = at or now()
    data = sensor_to_data(sensor)
    row = session.get(SensorRow, sensor.id)
    if row is not None and row.declared and row.data == data:
        return "unchanged"
    outcome: Outcome = "updated" if row is not None and row.declared else "created"
    before = row.data if row is not None else None
    if row is None:
        row = SensorRow(id=sensor.id, created_at=at, updated_at=at)
        session.add(row)
    _apply_declared(row, sensor, data, at)
    kind = "retired" if sensor.status == "retired" and (before or {}).get("status") != "retired" else outcome
    _append_revision(
        session, row, at=at, source=source, actor=actor, kind=kind, change=_diff(before, data), snapshot=data
    )
    if _refresh_drift(row):
        _append_revision(
            session,
            row,
            at=at,
            source=source,
            actor=actor,
            kind="drift",
            change=[{"field": "drift", "after": row.drift}],
            snapshot=None,
        )
    return outcome


def retire_sensor(session: Session, *, sensor: Sensor, source: Source, actor: str, on: date | None = None) -> Outcome:
    """Retire a sensor (nothing is ever deleted): status ``retired`` with its date."""
    retired = dataclasses.replace(sensor, status="retired", retired_on=sensor.retired_on or on or now().date())
    return upsert_sensor(session, sensor=retired, source=source, actor=actor)


def _sensor_rows(session: Session, ids: Iterable[str]) -> dict[str, SensorRow]:
    wanted = sorted(set(ids))
    rows: dict[str, SensorRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in session.exec(select(SensorRow).where(SensorRow.id.in_(chunk))):  # type: ignore[attr-defined]
            rows[row.id] = row
    return rows


def _device_facts(row: SensorRow, item: Announcement) -> dict[str, Any]:
    device = dict(row.device or {})
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
    device["entities"] = entities
    device["withdrawn"] = item.withdrawn and not entities
    return device


def _record_one(session: Session, rows: dict[str, SensorRow], item: Announcement) -> str:
    row = rows.get(item.sensor_id)
    if row is None:
        if item.withdrawn:
            return "unchanged"
        row = SensorRow(id=item.sensor_id, created_at=item.received_at, updated_at=item.received_at)
        session.add(row)
        rows[item.sensor_id] = row
    if not item.withdrawn:
        row.last_seen = item.received_at
        if row.online is None:
            row.online = True
    device = _device_facts(row, item)
    if device == (row.device or {}):
        return "unchanged"
    change = _diff(row.device, device)
    row.device = device
    row.announced = sorted({e for elements in device["entities"].values() for e in elements})
    if not row.declared and item.location is not None:
        row.lat, row.lon = item.location.lat, item.location.lon
    kind = "withdrawn" if device["withdrawn"] else "device"
    _append_revision(
        session,
        row,
        at=item.received_at,
        source="gateway",
        actor=item.source,
        kind=kind,
        change=change,
        snapshot=device,
    )
    if _refresh_drift(row):
        _append_revision(
            session,
            row,
            at=item.received_at,
            source="gateway",
            actor=item.source,
            kind="drift",
            change=[{"field": "drift", "after": row.drift}],
            snapshot=None,
        )
    return "updated"


def record_announcements(session: Session, *, announcements: list[Announcement]) -> list[str]:
    """Record device announcements in order; the declared datachain is never touched.

    Returns one outcome per announcement: ``updated`` or ``unchanged`` (a repeat).
    """
    rows = _sensor_rows(session, (item.sensor_id for item in announcements))
    return [_record_one(session, rows, item) for item in announcements]


_BULK_COLUMNS = (
    "id", "declared", "data", "revision", "device", "announced", "drift", "online", "last_seen",
    "lat", "lon", "history_seq", "created_at", "updated_at",
)  # fmt: skip
_BULK_UPDATED = ("device", "announced", "drift", "online", "last_seen", "lat", "lon", "history_seq", "updated_at")
"""What an announcement may change on an existing row (never the declared datachain)."""


def _new_sensor_state(sensor_id: str, at: datetime) -> dict[str, Any]:
    """Every column of a new (discovered) sensor row, defaults included, for a Core insert."""
    from pydantic_core import PydanticUndefined

    defaults = {
        name: field.default for name, field in SensorRow.model_fields.items() if field.default is not PydanticUndefined
    }
    return {**defaults, "id": sensor_id, "created_at": at, "updated_at": at}


def _bulk_revision(state: dict[str, Any], out: list[dict[str, Any]], **fields: Any) -> None:
    state["history_seq"] += 1
    state["updated_at"] = fields["at"]
    out.append(
        {"sensor_id": state["id"], "seq": state["history_seq"], "datachain_revision": state["revision"], **fields}
    )


def _bulk_record_one(state: dict[str, Any], item: Announcement, revisions: list[dict[str, Any]]) -> str:
    if not item.withdrawn:
        state["last_seen"] = item.received_at
        if state["online"] is None:
            state["online"] = True
    before = state["device"]
    device = _device_facts(dataclasses.replace(_FACTS, device=before), item)  # type: ignore[arg-type]
    if device == (before or {}):
        return "unchanged"
    state["device"] = device
    state["announced"] = sorted({e for elements in device["entities"].values() for e in elements})
    if not state["declared"] and item.location is not None:
        state["lat"], state["lon"] = item.location.lat, item.location.lon
    common = {"at": item.received_at, "source": "gateway", "actor": item.source}
    kind = "withdrawn" if device["withdrawn"] else "device"
    _bulk_revision(state, revisions, kind=kind, change=_diff(before, device), snapshot=device, **common)
    drift: list[dict[str, Any]] = []
    if state["declared"] and state["announced"]:
        drift = [d.as_dict() for d in find_drift(declared_element_ids(state["data"]), set(state["announced"]))]
    if drift != (state["drift"] or []):
        state["drift"] = drift
        _bulk_revision(
            state, revisions, kind="drift", change=[{"field": "drift", "after": drift}], snapshot=None, **common
        )
    return "updated"


_REVISION_COLUMNS = ("sensor_id", "seq", "at", "source", "actor", "kind", "datachain_revision", "change", "snapshot")


def _executemany(
    connection: Any, table: Any, rows: list[dict[str, Any]], columns: tuple[str, ...], update_by: str | None = None
) -> None:
    """INSERT (or UPDATE ... WHERE *update_by*) many rows at the driver level, values bound by the column types.

    The same SQL and values SQLAlchemy would send, without its per-row machinery (the gateway's hot path).
    """
    if not rows:
        return
    dialect = connection.dialect
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in columns]
    if update_by is None:
        names = ", ".join(quote(name) for name in columns)
        sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join(marker for _ in columns)})"
        keys = columns
    else:
        sets = ", ".join(f"{quote(name)} = {marker}" for name in columns)
        sql = f"UPDATE {quote(table.name)} SET {sets} WHERE {quote(update_by)} = {marker}"
        keys = (*columns, update_by)
        processors.append(table.c[update_by].type._cached_bind_processor(dialect))
    params = [
        tuple(
            process(row[key]) if process is not None and row[key] is not None else row[key]
            for key, process in zip(keys, processors, strict=True)
        )
        for row in rows
    ]
    connection.exec_driver_sql(sql, params)


@dataclasses.dataclass
class _DeviceOnly:
    device: dict[str, Any] | None = None


_FACTS = _DeviceOnly()


def record_announcements_bulk(session: Session, *, announcements: list[Announcement]) -> list[str]:
    """The same effect and outcomes as :func:`record_announcements`, in a few bulk Core statements.

    The gateway's hot path: no ORM object per row. Pending ORM changes are flushed first
    and the session's ORM objects expired after, so both styles mix in one transaction.
    """

    if not announcements:
        return []
    session.flush()
    table: Any = SensorRow.__table__  # type: ignore[attr-defined]
    states: dict[str, dict[str, Any]] = {}
    wanted = sorted({item.sensor_id for item in announcements})
    for start in range(0, len(wanted), 500):
        query = select(*(table.c[name] for name in _BULK_COLUMNS)).where(table.c.id.in_(wanted[start : start + 500]))
        for found in session.connection().execute(query).mappings():
            states[found["id"]] = dict(found)
    created: dict[str, dict[str, Any]] = {}
    revisions: list[dict[str, Any]] = []
    outcomes = []
    for item in announcements:
        state = states.get(item.sensor_id)
        if state is None:
            if item.withdrawn:
                outcomes.append("unchanged")
                continue
            state = states[item.sensor_id] = created[item.sensor_id] = _new_sensor_state(
                item.sensor_id, item.received_at
            )
        outcomes.append(_bulk_record_one(state, item, revisions))
    connection = session.connection()
    if created:
        new_rows = list(created.values())
        _executemany(connection, table, new_rows, tuple(new_rows[0]))
    changed = [state for key, state in states.items() if key not in created]
    _executemany(connection, table, changed, _BULK_UPDATED, update_by="id")
    _executemany(connection, RevisionRow.__table__, revisions, _REVISION_COLUMNS)  # type: ignore[attr-defined]
    session.expire_all()
    return outcomes


def record_statuses(session: Session, *, updates: list[StatusUpdate]) -> None:
    """Online/offline and last-heard-from; unknown devices become discovered entries."""
    rows = _sensor_rows(session, (update.sensor_id for update in updates))
    for update in updates:
        row = rows.get(update.sensor_id)
        if row is None:
            row = SensorRow(id=update.sensor_id, created_at=update.at, updated_at=update.at)
            session.add(row)
            rows[update.sensor_id] = row
        row.online = update.online
        if update.online or row.last_seen is None or update.at > row.last_seen:
            row.last_seen = update.at


def quarantine_messages(session: Session, *, items: list[tuple[str, bytes, int, str, datetime]]) -> None:
    """Keep bad messages: (topic, bounded payload, full size, reason, received_at)."""
    for topic, payload, size, reason, received_at in items:
        session.add(
            QuarantineRow(
                topic=topic[:1024], payload=payload, payload_size=size, reason=reason[:1000], received_at=received_at
            )
        )


def add_feedback(
    session: Session, *, sensor_id: str, message: str, email: str | None, locale: str, kind: str = "question"
) -> FeedbackRow:
    row = FeedbackRow(sensor_id=sensor_id, created_at=now(), message=message, email=email, locale=locale, kind=kind)
    session.add(row)
    session.flush()
    return row


def answer_feedback(
    session: Session, *, feedback_id: int, answer: str | None, status: str, actor: str
) -> FeedbackRow | None:
    row = session.get(FeedbackRow, feedback_id)
    if row is None:
        return None
    row.status = status
    if answer is not None:
        row.answer, row.answered_at, row.answered_by = answer, now(), actor
    return row


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, *, name: str, scope: Literal["read", "write"], token: str | None = None) -> str:
    """Store a new token hashed; the plain token is returned once and never stored."""
    token = token or "dtpr_" + secrets.token_urlsafe(32)
    existing = session.exec(select(TokenRow).where(TokenRow.token_hash == hash_token(token))).first()
    if existing is None:
        session.add(TokenRow(name=name, token_hash=hash_token(token), scope=scope, created_at=now()))
    return token


def revoke_token(session: Session, *, token_id: int) -> bool:
    row = session.get(TokenRow, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now()
    return True


def add_page_views(session: Session, *, counts: Mapping[tuple[str, date], int]) -> None:
    """Add buffered page-view counts (sensor id, day) -> n."""
    for (sensor_id, day), count in counts.items():
        row = session.get(PageViewRow, (sensor_id, day))
        if row is None:
            session.add(PageViewRow(sensor_id=sensor_id, day=day, count=count))
        else:
            row.count += count


def record_sign_prints(session: Session, *, items: list[tuple[str, int, str, str]], actor: str) -> int:
    """Remember printed signs: (sensor id, datachain revision, format, size)."""
    at = now()
    for sensor_id, revision, fmt, size in items:
        session.add(
            SignPrintRow(sensor_id=sensor_id, revision=revision, printed_at=at, format=fmt, size=size, actor=actor)
        )
    return len(items)
