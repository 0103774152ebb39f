"""Monitoring for staff tools (read token): discovered devices, drift, quarantine, usage indicators; the public data inventory."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from dtpr_core.times import iso
from dtpr_store.reads import (
    count_discovered,
    count_quarantine,
    feedback_by_sensor,
    feedback_counts,
    list_discovered,
    list_drift,
    list_quarantine,
    page_views_by_day,
    page_views_by_sensor,
    sensor_counts,
)
from dtpr_store.tables import QuarantineRow
from dtpr_store.writes import now
from registry.api.models import LocaleQuery
from registry.api.responses import DiscoveredList, DriftList, Inventory, QuarantineList, Stats
from registry.api.serialize import discovered_json
from registry.api.votes import helpful_stats
from registry.deps import ParsedDep, ReadToken, SessionDep, SettingsDep, UrlsDep
from registry.inventory import inventory_rows

router = APIRouter(prefix="/api/v1", tags=["staff"])

Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get(
    "/discovered",
    summary="Devices seen on the network that nobody declared yet, by id (read token)",
    response_model=DiscoveredList,
)
def discovered(session: SessionDep, token: ReadToken, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    rows = list_discovered(session, limit=limit, offset=offset)
    items = [discovered_json(row) for row in rows]
    return {"items": items, "total": count_discovered(session), "limit": limit, "offset": offset}


@router.get(
    "/drift",
    summary="Declared sensors whose device does more than their datachain says (read token)",
    response_model=DriftList,
)
def drift(session: SessionDep, token: ReadToken, urls: UrlsDep) -> dict[str, Any]:
    return {
        "items": [
            {
                "id": row.id,
                "name": (row.data or {}).get("name"),
                "drift": row.drift,
                "device": row.device,
                "url": urls.sensor_page(row.id),
            }
            for row in list_drift(session)
        ]
    }


def quarantine_json(row: QuarantineRow) -> dict[str, Any]:
    """The payload as text (undecodable bytes escaped) and as base64, never interpreted."""
    return {
        "id": row.id,
        "received_at": iso(row.received_at),
        "topic": row.topic,
        "reason": row.reason,
        "payload_size": row.payload_size,
        "payload_text": row.payload.decode("utf-8", "backslashreplace"),
        "payload_base64": base64.b64encode(row.payload).decode("ascii"),
    }


@router.get(
    "/quarantine",
    summary="MQTT messages that could not be recorded, newest first (read token)",
    response_model=QuarantineList,
)
def quarantine(session: SessionDep, token: ReadToken, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    rows = list_quarantine(session, limit=limit, offset=offset)
    items = [quarantine_json(row) for row in rows]
    return {"items": items, "total": count_quarantine(session), "limit": limit, "offset": offset}


@router.get(
    "/stats",
    summary='Indicators without tracking: page views per day, feedback, "did this page help?" (read token)',
    response_model=Stats,
)
def stats(session: SessionDep, token: ReadToken, days: Annotated[int, Query(ge=1, le=3660)] = 30) -> dict[str, Any]:
    since = now().date() - timedelta(days=days - 1)
    by_day = page_views_by_day(session, since=since)
    feedback = feedback_counts(session)
    return {
        "since": since.isoformat(),
        "days": days,
        "page_views": {
            "total": sum(count for _, count in by_day),
            "by_day": [{"day": day.isoformat(), "count": count} for day, count in by_day],
            "top_sensors": [{"sensor_id": s, "count": c} for s, c in page_views_by_sensor(session, since=since)],
        },
        "feedback": {
            "total": sum(feedback.values()),
            "by_status": feedback,
            "top_sensors": [{"sensor_id": s, "count": c} for s, c in feedback_by_sensor(session)],
        },
        "sensors": sensor_counts(session),
        "helpful": helpful_stats(session, since=since),
    }


@router.get(
    "/inventory",
    summary="Data inventory: sensors collecting personal data, for the DPO (public)",
    response_model=Inventory,
)
def inventory(
    session: SessionDep, settings: SettingsDep, parsed: ParsedDep, locale: LocaleQuery = None
) -> JSONResponse:
    chosen = locale or settings.public.default_locale
    rows = inventory_rows(session, chosen, parsed)
    return JSONResponse(
        {"items": [row.as_dict() for row in rows], "total": len(rows), "locale": chosen},
        headers={"Cache-Control": "no-cache"},
    )
