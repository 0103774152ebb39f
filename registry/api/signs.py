"""``/api/v1/signs``: which printed signs are out of date, and recording new prints."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlmodel import col, select

from dtpr_store.reads import last_printed
from dtpr_store.tables import SensorRow
from dtpr_store.writes import record_sign_prints
from registry.api.models import SignPrints
from registry.api.responses import OutdatedSigns, SignsRecorded
from registry.deps import ReadToken, SessionDep, UrlsDep, WriteToken

router = APIRouter(prefix="/api/v1/signs", tags=["signs"])


@router.post(
    "/printed",
    summary="Record printed signs: sensor, datachain revision, format, size (write token)",
    response_model=SignsRecorded,
)
def printed(body: SignPrints, session: SessionDep, token: WriteToken) -> dict[str, Any]:
    items: list[tuple[str, int, str, str]] = [
        (item.sensor_id, item.revision, item.format, item.size) for item in body.items
    ]
    count = record_sign_prints(session, items=items, actor=token.name)
    session.commit()
    return {"ok": True, "recorded": count}


@router.get(
    "/outdated",
    summary="Sensors whose sign was never printed or shows an older revision (read token)",
    response_model=OutdatedSigns,
)
def outdated(session: SessionDep, token: ReadToken, urls: UrlsDep) -> dict[str, Any]:
    printed = last_printed(session)
    query: Any = (
        select(SensorRow.id, SensorRow.name_fr, SensorRow.revision, SensorRow.status)
        .where(SensorRow.declared == True, SensorRow.status != "retired")  # noqa: E712
        .order_by(col(SensorRow.id))
    )
    items = [
        {
            "id": sensor_id,
            "name": name,
            "revision": revision,
            "printed_revision": printed.get(sensor_id),
            "sign": urls.sign(sensor_id, "pdf"),
        }
        for sensor_id, name, revision, _status in session.exec(query)
        if printed.get(sensor_id) is None or revision > printed[sensor_id]
    ]
    return {"items": items, "total": len(items)}
