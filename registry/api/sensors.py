"""``/api/v1/sensors``: the public list and detail, and the token-guarded writes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Path, Query, Response

from dtpr_core.errors import InvalidSensor, NotFound, Problem, errors_only
from dtpr_core.model import SENSOR_ID_PATTERN, Sensor
from dtpr_core.register import read_sensor_data
from dtpr_core.times import iso
from dtpr_store.reads import SensorFilters, list_sensors, sensor_history
from dtpr_store.tables import SensorRow
from dtpr_store.writes import retire_sensor, upsert_sensor
from registry.api.models import RetireRequest, unstorable_problems
from registry.api.responses import SensorHistory, SensorList, SensorRead, SensorRetired, SensorWritten
from registry.api.serialize import sensor_detail, sensor_summary
from registry.deps import OptionalToken, ParsedDep, SessionDep, UrlsDep, WriteToken
from registry.errors import problem_item
from registry.history import revision_json, summary_words

router = APIRouter(prefix="/api/v1/sensors", tags=["sensors"])

SensorIdPath = Annotated[str, Path(pattern=SENSOR_ID_PATTERN, description="Sensor id, e.g. ANG-AQ-0001")]
SourceHeader = Annotated[
    Literal["register", "api"],
    Header(alias="X-DTPR-Source", description="Where the change comes from (dtpr sync sends register)"),
]
FilterText = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]


def declared_row(session: SessionDep, sensor_id: str) -> SensorRow:
    row = session.get(SensorRow, sensor_id)
    if row is None or not row.declared:
        raise NotFound(f"no declared sensor '{sensor_id}'; the list is at /api/v1/sensors")
    return row


def parse_sensor_body(
    body: object, sensor_id: str | None = None, path: tuple[str | int, ...] = ()
) -> tuple[Sensor, list[Problem]]:
    """A sensor from a JSON body and its warnings, or InvalidSensor (422) with every problem located."""
    problems = unstorable_problems(body, path)
    if isinstance(body, dict) and sensor_id is not None:
        body = {"id": sensor_id, **body}
        if body["id"] != sensor_id:
            problems.append(Problem("error", f"the body's id '{body['id']}' differs from the URL's '{sensor_id}'"))
    sensor, found = read_sensor_data(body)
    problems += [Problem(p.severity, p.message, (*path, *p.path)) for p in found]
    if sensor is None or errors_only(problems):
        raise InvalidSensor("the sensor is not valid: " + errors_only(problems)[0].message, problems)
    return sensor, problems


@router.get("", summary="List declared sensors (public)", response_model=SensorList)
def list_public_sensors(
    session: SessionDep,
    urls: UrlsDep,
    q: FilterText = None,
    commune: FilterText = None,
    zone: FilterText = None,
    purpose: FilterText = None,
    tech: FilterText = None,
    personal_data: bool | None = None,
    status: Literal["planned", "active", "maintenance", "retired"] | None = None,
    include_retired: bool = True,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    filters = SensorFilters(q, commune, zone, purpose, tech, personal_data, status, include_retired)
    rows, total = list_sensors(session, filters, limit=limit, offset=offset)
    return {"items": [sensor_summary(row, urls) for row in rows], "total": total, "limit": limit, "offset": offset}


@router.get("/{sensor_id}", summary="One declared sensor with its device facts (public)", response_model=SensorRead)
def get_sensor(sensor_id: SensorIdPath, session: SessionDep) -> dict[str, Any]:
    return sensor_detail(declared_row(session, sensor_id))


@router.put(
    "/{sensor_id}",
    summary="Create or update a sensor (write token)",
    response_model=SensorWritten,
    responses={201: {"description": "created"}, 200: {"description": "updated or unchanged"}},
)
def put_sensor(
    sensor_id: SensorIdPath,
    session: SessionDep,
    token: WriteToken,
    response: Response,
    body: Annotated[dict[str, Any], Body(description="The sensor in register format (JSON)")],
    source: SourceHeader = "api",
) -> dict[str, Any]:
    sensor, warnings = parse_sensor_body(body, sensor_id)
    outcome = upsert_sensor(session, sensor=sensor, source=source, actor=token.name)
    session.commit()
    row = declared_row(session, sensor_id)
    response.status_code = 201 if outcome == "created" else 200
    return {
        "ok": True,
        "outcome": outcome,
        "id": sensor_id,
        "revision": row.revision,
        "warnings": [problem_item(p) for p in warnings if not p.is_error],
    }


@router.post(
    "/{sensor_id}/retire",
    summary="Retire a sensor; nothing is ever deleted (write token)",
    response_model=SensorRetired,
)
def retire(
    sensor_id: SensorIdPath,
    session: SessionDep,
    token: WriteToken,
    parsed: ParsedDep,
    body: Annotated[RetireRequest | None, Body()] = None,
    source: SourceHeader = "api",
) -> dict[str, Any]:
    row = declared_row(session, sensor_id)
    sensor = parsed.declared_sensor(row)
    if sensor is None:
        raise NotFound(f"no declared sensor '{sensor_id}'")
    outcome = retire_sensor(session, sensor=sensor, source=source, actor=token.name, on=body.on if body else None)
    session.commit()
    return {"ok": True, "outcome": outcome, "id": sensor_id, "status": "retired", "revision": row.revision}


@router.get(
    "/{sensor_id}/history",
    summary="Every change to a sensor, newest first (public; actor with a token)",
    response_model=SensorHistory,
    response_model_exclude_unset=True,
)
def history(
    sensor_id: SensorIdPath,
    session: SessionDep,
    token: OptionalToken,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    row = session.get(SensorRow, sensor_id)
    if row is None or (not row.declared and token is None):
        raise NotFound(f"no declared sensor '{sensor_id}'; the list is at /api/v1/sensors")
    revisions = sensor_history(session, sensor_id, limit=limit)
    words = summary_words()
    return {
        "id": sensor_id,
        "revision": row.revision,
        "updated_at": iso(revisions[0].at) if revisions else None,
        "items": [revision_json(item, with_actor=token is not None, words=words) for item in revisions],
    }
