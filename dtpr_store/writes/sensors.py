"""Writes of declared sensors: the register's and the API's creations, updates and retirements."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, Literal

from sqlmodel import Session

from dtpr_core.datachain import personal_data
from dtpr_core.model import Sensor
from dtpr_core.register import sensor_to_data
from dtpr_store.tables import SensorRow
from dtpr_store.writes.lorawan import link_lorawan_device
from dtpr_store.writes.revisions import append_revision, diff, drift_of, now

Outcome = Literal["created", "updated", "unchanged"]
Source = Literal["register", "api", "gateway"]


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


def refresh_drift(session: Session, row: SensorRow, *, at: datetime, source: str, actor: str) -> None:
    """Recompute the row's drift (declared vs announced elements); a change is a line of its history."""
    drift = drift_of(row.declared, row.data, row.announced)
    if drift != (row.drift or []):
        row.drift = drift
        change = [{"field": "drift", "after": drift}]
        append_revision(session, row, at=at, source=source, actor=actor, kind="drift", change=change, snapshot=None)


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
    append_revision(
        session, row, at=at, source=source, actor=actor, kind=kind, change=diff(before, data), snapshot=data
    )
    refresh_drift(session, row, at=at, source=source, actor=actor)
    return outcome


def retire_sensor(session: Session, *, sensor: Sensor, source: Source, actor: str, on: date | None = None) -> Outcome:
    """Retire a sensor (nothing is ever deleted): status ``retired`` with its date."""
    retired = dataclasses.replace(sensor, status="retired", retired_on=sensor.retired_on or on or now().date())
    return upsert_sensor(session, sensor=retired, source=source, actor=actor)


__all__ = ["Outcome", "Source", "refresh_drift", "retire_sensor", "upsert_sensor"]
