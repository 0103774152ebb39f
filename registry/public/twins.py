"""The ``.json`` twins of the public sensor page and its DTPR datachain instance.

Mounted before the HTML pages so ``/s/{id}`` (HTML) never swallows ``/s/{id}.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from dtpr_core.datachain import datachain_instance
from dtpr_core.errors import NotFound
from dtpr_core.model import is_valid_sensor_id
from dtpr_core.times import as_utc
from dtpr_core.urls import Urls
from dtpr_store.caches import ParsedSensors
from dtpr_store.reads import sensor_history
from dtpr_store.tables import RevisionRow, SensorRow
from registry.api.responses import PublicSensor
from registry.api.serialize import public_sensor
from registry.deps import ParsedDep, SessionDep, UrlsDep
from registry.history import revision_json

router = APIRouter(tags=["public"])

PUBLIC_CACHE = "public, max-age=60"


def public_row(session: SessionDep, sensor_id: str) -> SensorRow:
    if not is_valid_sensor_id(sensor_id):
        raise NotFound(
            f"'{sensor_id[:80]}' is not a sensor id: ids are letters, digits, - and _ as printed on the sign "
            "(e.g. ANG-AQ-0001); the list of sensors is at /"
        )
    row = session.get(SensorRow, sensor_id)
    if row is None or not row.declared:
        raise NotFound(
            f"no sensor '{sensor_id}' in the register: check the code printed under the QR code; "
            "the list of sensors is at /"
        )
    return row


def _cached(request: Request, row: SensorRow, body: dict[str, Any]) -> Response:
    etag = f'"{row.id}-{row.revision}-{row.history_seq}"'
    headers = {"ETag": etag, "Cache-Control": PUBLIC_CACHE, "Access-Control-Allow-Origin": "*"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return JSONResponse(body, headers=headers)


@router.get(
    "/s/{sensor_id}.json",
    summary="A sensor's public page as JSON (retired sensors included)",
    response_model=PublicSensor,
)
def sensor_json(sensor_id: str, request: Request, session: SessionDep, urls: UrlsDep) -> Response:
    row = public_row(session, sensor_id)
    return _cached(request, row, sensor_twin(row, urls, sensor_history(session, sensor_id, limit=TWIN_HISTORY)))


def sensor_instance(row: SensorRow, parsed: ParsedSensors) -> dict[str, Any]:
    """A declared row's DTPR datachain instance (the route's body, and the static export's)."""
    sensor = parsed.declared_sensor(row)
    if sensor is None:
        raise NotFound(f"no sensor '{row.id}' in the register")
    created = as_utc(row.declared_at or row.created_at)
    assert created is not None
    return datachain_instance(sensor, created, updated_at=row.updated_at, revision=row.revision)


TWIN_HISTORY = 20
"""Revisions shown in a ``.json`` twin, latest first."""


def sensor_twin(row: SensorRow, urls: Urls, revisions: Sequence[RevisionRow]) -> dict[str, Any]:
    """A declared row's ``.json`` twin of its page (the route's body, and the static export's)."""
    return public_sensor(row, urls, [revision_json(item, with_actor=False) for item in revisions])


@router.get("/s/{sensor_id}/datachain.json", summary="The sensor's DTPR datachain instance (upstream shape)")
def datachain_json(sensor_id: str, request: Request, session: SessionDep, parsed: ParsedDep) -> Response:
    row = public_row(session, sensor_id)
    return _cached(request, row, sensor_instance(row, parsed))
