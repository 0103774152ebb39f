"""``POST /api/v1/sensors/bulk``: upsert many sensors in one transaction (what ``dtpr sync`` calls)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlmodel import Session, col, select

from dtpr_core.errors import InvalidSensor, Problem, errors_only
from dtpr_core.model import Sensor
from dtpr_core.register import sensor_to_data
from dtpr_store.reads import sensor_rows
from dtpr_store.tables import SensorRow
from dtpr_store.writes import retire_sensor, upsert_sensor
from registry.api.models import BulkUpsert
from registry.api.responses import BulkWritten
from registry.api.sensors import SourceHeader, parse_sensor_body
from registry.deps import ParsedDep, SessionDep, WriteToken

router = APIRouter(prefix="/api/v1/sensors", tags=["sensors"])


def _parse_items(items: list[dict[str, Any]]) -> list[Sensor]:
    sensors: list[Sensor] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        try:
            sensor, _ = parse_sensor_body(item, None, ("items", index))
        except InvalidSensor as error:
            problems += error.problems
            continue
        if sensor.id in seen:
            problems.append(
                Problem("error", f"duplicate sensor id '{sensor.id}' (also items[{seen[sensor.id]}])", ("items", index))
            )
            continue
        seen[sensor.id] = index
        sensors.append(sensor)
    if errors_only(problems):
        count = len({p.path[:2] for p in errors_only(problems)})
        raise InvalidSensor(f"{count} sensor(s) are not valid; nothing was written", problems)
    return sensors


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    before = before or {}
    return [key for key in [*after, *(k for k in before if k not in after)] if before.get(key) != after.get(key)]


def _missing(session: Session, keep: set[str]) -> list[SensorRow]:
    query = select(SensorRow).where(SensorRow.declared == True, SensorRow.status != "retired")  # noqa: E712
    return [row for row in session.exec(query.order_by(col(SensorRow.id))) if row.id not in keep]


@router.post(
    "/bulk",
    summary="Upsert many sensors atomically; optionally retire the missing ones (write token)",
    response_model=BulkWritten,
)
def bulk_upsert(
    body: BulkUpsert, session: SessionDep, token: WriteToken, parsed: ParsedDep, source: SourceHeader = "api"
) -> dict[str, Any]:
    sensors = _parse_items(body.items)
    rows = sensor_rows(session, [sensor.id for sensor in sensors])
    counts = {"created": 0, "updated": 0, "unchanged": 0, "retired": 0}
    results: list[dict[str, Any]] = []
    for sensor in sensors:
        row = rows.get(sensor.id)
        data = sensor_to_data(sensor)
        fields: list[str]
        if row is None or not row.declared:
            outcome, fields = "created", []
        elif row.data == data:
            outcome, fields = "unchanged", []
        else:
            outcome, fields = "updated", changed_fields(row.data, data)
        if not body.dry_run and outcome != "unchanged":
            upsert_sensor(session, sensor=sensor, source=source, actor=token.name)
        counts[outcome] += 1
        results.append({"id": sensor.id, "outcome": outcome, "fields": fields})
    if body.retire_missing:
        keep = {sensor.id for sensor in sensors} | set(body.keep_ids)
        for row in _missing(session, keep):
            current = parsed.declared_sensor(row)
            if current is None:
                continue
            if not body.dry_run:
                retire_sensor(session, sensor=current, source=source, actor=token.name)
            counts["retired"] += 1
            results.append({"id": row.id, "outcome": "retired", "fields": ["status"]})
    if not body.dry_run:
        session.commit()
    else:
        session.rollback()
    return {"ok": True, "dry_run": body.dry_run, **counts, "results": results}
