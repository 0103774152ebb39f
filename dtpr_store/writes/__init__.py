"""Every write to the database, as keyword-only functions.

Each change to a sensor appends a :class:`RevisionRow` (never updated, never
deleted) and updates the sensor's current-state row in the same transaction.
Callers own the transaction (``session_scope``); nothing here commits.
Writes of a newer area (staff, LoRaWAN, votes…) live in a module of their own in
this package and are re-exported here, so callers keep one import.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from dtpr_core.announcement import Announcement, StatusUpdate, find_drift
from dtpr_core.datachain import personal_data
from dtpr_core.model import Sensor
from dtpr_core.register import sensor_to_data
from dtpr_store._bulk import BulkSql, Column, columns, loads_json
from dtpr_store.tables import (
    FeedbackRow,
    PageViewRow,
    QuarantineRow,
    RevisionRow,
    SensorRow,
    SignPrintRow,
    TokenRow,
)
from dtpr_store.writes.lorawan import link_lorawan_device
from dtpr_store.writes.lorawan import record_lorawan_events as record_lorawan_events
from dtpr_store.writes.votes import add_page_vote as add_page_vote

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
    link_lorawan_device(session, sensor_id=sensor.id, link=sensor.lorawan, at=at)
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
    device = _device_facts(row.device, item)
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


_SENSOR = "sensor"
_NEW_SENSOR = columns(
    "id:text declared:bool revision:int status:text name_fr:text commune:text zone:text personal_data:text"
    " purposes:text techs:text device:json announced:json drift:json online:bool last_seen:time lat:float"
    " lon:float history_seq:int created_at:time updated_at:time"
)
_KEEP = "COALESCE({new}, {old})"
"""A NULL bound value keeps the stored one (nothing an announcement sets is ever NULL)."""
_ANNOUNCED_UPDATE = (
    Column("device", "json", _KEEP),
    Column("announced", "json", _KEEP),
    Column("drift", "json", _KEEP),
    Column("online", "bool", "COALESCE({old}, {new})"),
    Column("last_seen", "time", _KEEP),
    Column("lat", "float", _KEEP),
    Column("lon", "float", _KEEP),
    Column("history_seq", "int"),
    Column("updated_at", "time", _KEEP),
)
"""What an announcement may change on an existing row (never the declared datachain)."""
_REVISION = columns(
    "sensor_id:text seq:int at:time source:text actor:text kind:text datachain_revision:int change:json snapshot:json"
)


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
    device_changed: bool = False
    announced: list[str] | None = None
    online: bool | None = None
    last_seen: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    updated_at: datetime | None = None
    drift_changed: bool = False

    def new_row(self) -> tuple[Any, ...]:
        return (
            self.id, False, 0, "active", "", "", "", "none", "", "",
            self.device, self.announced, self.drift, self.online, self.last_seen,
            self.lat, self.lon, self.history_seq, self.created_at, self.updated_at,
        )  # fmt: skip

    def changes(self) -> tuple[Any, ...]:
        return (
            self.device if self.device_changed else None,
            self.announced,
            self.drift if self.drift_changed else None,
            self.online,
            self.last_seen,
            self.lat,
            self.lon,
            self.history_seq,
            self.updated_at,
            self.id,
        )


def _bulk_revision(
    state: _SensorState, out: list[tuple[Any, ...]], item: Announcement, kind: str, change: Any, snapshot: Any
) -> None:
    state.history_seq += 1
    state.updated_at = item.received_at
    out.append(
        (state.id, state.history_seq, item.received_at, "gateway", item.source, kind, state.revision, change, snapshot)
    )


def _bulk_record_one(state: _SensorState, item: Announcement, revisions: list[tuple[Any, ...]]) -> str:
    if not item.withdrawn:
        state.last_seen = item.received_at
        state.online = True  # only where none is stored yet
    before = state.device
    device = _device_facts(before, item)
    if device == (before or {}):
        return "unchanged"
    state.device, state.device_changed = device, True
    state.announced = sorted({e for elements in device["entities"].values() for e in elements})
    if not state.declared and item.location is not None:
        state.lat, state.lon = item.location.lat, item.location.lon
    kind = "withdrawn" if device["withdrawn"] else "device"
    _bulk_revision(state, revisions, item, kind, _diff(before, device), device)
    drift: list[dict[str, Any]] = []
    if state.declared and state.announced:
        drift = [d.as_dict() for d in find_drift(declared_element_ids(state.data), set(state.announced))]
    if drift != (state.drift or []):
        state.drift, state.drift_changed = drift, True
        _bulk_revision(state, revisions, item, "drift", [{"field": "drift", "after": drift}], None)
    return "updated"


def _read_states(sql: BulkSql, ids: Iterable[str]) -> dict[str, _SensorState]:
    as_text = "::text" if sql.postgres else ""
    columns = (
        "id, declared, revision, history_seq",
        f"device{as_text}",
        f"drift{as_text}",
        f"CASE WHEN declared THEN data{as_text} END",  # the datachain is only needed for drift
    )
    return {
        sensor_id: _SensorState(
            sensor_id, bool(declared), revision, history_seq, loads_json(device), loads_json(drift), loads_json(data)
        )
        for sensor_id, declared, revision, history_seq, device, drift, data in sql.select_in(
            _SENSOR, columns, "id", ids
        )
    }


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
        outcomes.append(_bulk_record_one(state, item, revisions))
    sql.insert(_SENSOR, _NEW_SENSOR, [state.new_row() for state in created.values()])
    changed = [state.changes() for key, state in states.items() if key not in created]
    sql.update(_SENSOR, Column("id", "text"), _ANNOUNCED_UPDATE, changed)
    sql.insert("revision", _REVISION, revisions)
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
    """Add buffered page-view counts (sensor id, day) -> n.

    One upsert (``INSERT … ON CONFLICT DO UPDATE``, SQLite and PostgreSQL), rows in key
    order: registry replicas flushing the same counters at once wait for each other
    instead of deadlocking, or of both inserting a row.
    """
    if not counts:
        return
    rows = [{"sensor_id": sensor_id, "day": day, "count": n} for (sensor_id, day), n in sorted(counts.items())]
    table = PageViewRow.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.sensor_id, table.c.day], set_={"count": table.c.count + statement.excluded.count}
    )
    session.execute(statement, rows)  # executemany: batched by SQLAlchemy within each database's limits


def record_sign_prints(session: Session, *, items: list[tuple[str, int, str, str]], actor: str) -> int:
    """Remember printed signs: (sensor id, datachain revision, format, size)."""
    at = now()
    for sensor_id, revision, fmt, size in items:
        session.add(
            SignPrintRow(sensor_id=sensor_id, revision=revision, printed_at=at, format=fmt, size=size, actor=actor)
        )
    return len(items)


# staff console, print centre and devices (#14)
from dtpr_store.writes.devices import review_device as review_device  # noqa: E402
from dtpr_store.writes.devices import stop_ignoring as stop_ignoring  # noqa: E402
from dtpr_store.writes.outbox import MailToSend as MailToSend  # noqa: E402
from dtpr_store.writes.outbox import claim_mail as claim_mail  # noqa: E402
from dtpr_store.writes.outbox import due_mail_ids as due_mail_ids  # noqa: E402
from dtpr_store.writes.outbox import forget_sender_address as forget_sender_address  # noqa: E402
from dtpr_store.writes.outbox import queue_answer_mail as queue_answer_mail  # noqa: E402
from dtpr_store.writes.outbox import record_mail_failure as record_mail_failure  # noqa: E402
from dtpr_store.writes.outbox import record_mail_sent as record_mail_sent  # noqa: E402
from dtpr_store.writes.outbox import send_mail_again as send_mail_again  # noqa: E402
from dtpr_store.writes.print_jobs import create_print_job as create_print_job  # noqa: E402
from dtpr_store.writes.print_jobs import expire_print_jobs as expire_print_jobs  # noqa: E402
from dtpr_store.writes.print_jobs import fail_print_job as fail_print_job  # noqa: E402
from dtpr_store.writes.print_jobs import fail_stale_print_jobs as fail_stale_print_jobs  # noqa: E402
from dtpr_store.writes.print_jobs import finish_print_job as finish_print_job  # noqa: E402
from dtpr_store.writes.print_jobs import mark_job_printed as mark_job_printed  # noqa: E402
from dtpr_store.writes.print_jobs import mark_print_downloaded as mark_print_downloaded  # noqa: E402
from dtpr_store.writes.print_jobs import set_print_progress as set_print_progress  # noqa: E402
from dtpr_store.writes.print_jobs import start_print_job as start_print_job  # noqa: E402
from dtpr_store.writes.print_jobs import unmark_job_printed as unmark_job_printed  # noqa: E402
from dtpr_store.writes.quarantine import purge_quarantine as purge_quarantine  # noqa: E402
from dtpr_store.writes.staff import *  # noqa: E402, F403  (the staff console's area, re-exported: one import for callers)
