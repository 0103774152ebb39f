"""The ``.json`` twins of the public sensor page and its DTPR datachain instance.

Mounted before the HTML pages so ``/s/{id}`` (HTML) never swallows ``/s/{id}.json``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from dtpr_core.datachain import datachain_instance
from dtpr_core.errors import NotFound
from dtpr_core.model import is_valid_sensor_id
from dtpr_core.times import as_utc
from dtpr_store.caches import ParsedSensors
from dtpr_store.tables import SensorRow
from registry.api.responses import PublicSensor
from registry.deps import ParsedDep, SessionDep
from registry.pages.layout import etag_matches
from registry.pages.sensor_page import SensorPages
from registry.pages.sensor_twin import twin_body
from registry.pages.sensor_view import HISTORY_LINES, JSON, etag

router = APIRouter(tags=["public"])

PUBLIC_CACHE = "public, max-age=60"


_UNKNOWN = (
    "no sensor '{sensor_id}' in the register: check the code printed under the QR code; the list of sensors is at /"
)


def _check_id(sensor_id: str) -> None:
    if not is_valid_sensor_id(sensor_id):
        raise NotFound(
            f"'{sensor_id[:80]}' is not a sensor id: ids are letters, digits, - and _ as printed on the sign "
            "(e.g. ANG-AQ-0001); the list of sensors is at /"
        )


def public_row(session: SessionDep, sensor_id: str) -> SensorRow:
    _check_id(sensor_id)
    row = session.get(SensorRow, sensor_id)
    if row is None or not row.declared:
        raise NotFound(_UNKNOWN.format(sensor_id=sensor_id))
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
async def sensor_json(sensor_id: str, request: Request) -> Response:
    """The page's twin: the page's own read and view (``async``, as the page), rendered as JSON.

    Its ETag is made of every field the JSON shows (``etag(view, JSON)``): a status update
    (online, last heard) moves it, so a revalidation never gets stale values.
    """
    _check_id(sensor_id)
    state = request.app.state
    read = await state.page_reader.read(sensor_id, history=HISTORY_LINES)
    if read is None or not read.declared or read.data is None:
        raise NotFound(_UNKNOWN.format(sensor_id=sensor_id))
    pages: SensorPages = state.sensor_pages
    view = pages.view(read, locale=state.settings.public.default_locale, now=datetime.now(UTC))
    tag = etag(view, JSON)
    headers = {"ETag": tag, "Cache-Control": PUBLIC_CACHE, "Access-Control-Allow-Origin": "*"}
    if etag_matches(request, tag):
        return Response(status_code=304, headers=headers)
    return JSONResponse(twin_body(view), headers=headers)


def sensor_instance(row: SensorRow, parsed: ParsedSensors) -> dict[str, Any]:
    """A declared row's DTPR datachain instance (the route's body, and the static export's)."""
    sensor = parsed.declared_sensor(row)
    if sensor is None:
        raise NotFound(f"no sensor '{row.id}' in the register")
    created = as_utc(row.declared_at or row.created_at)
    assert created is not None
    return datachain_instance(sensor, created, updated_at=row.updated_at, revision=row.revision)


@router.get("/s/{sensor_id}/datachain.json", summary="The sensor's DTPR datachain instance (upstream shape)")
def datachain_json(sensor_id: str, request: Request, session: SessionDep, parsed: ParsedDep) -> Response:
    row = public_row(session, sensor_id)
    return _cached(request, row, sensor_instance(row, parsed))
