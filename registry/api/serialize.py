"""Stored rows -> the JSON the API and the ``.json`` twins answer (one place, so they agree)."""

from __future__ import annotations

from typing import Any

from dtpr_core.times import iso
from dtpr_core.urls import Urls
from dtpr_store.tables import FeedbackRow, SensorRow


def sensor_summary(row: SensorRow, urls: Urls) -> dict[str, Any]:
    """One line of ``GET /api/v1/sensors``."""
    return {
        "id": row.id,
        "name": dict((row.data or {}).get("name") or {"fr": row.name_fr}),
        "commune": row.commune,
        "zone": row.zone,
        "status": row.status,
        "revision": row.revision,
        "personal_data": row.personal_data,
        "url": urls.sensor_page(row.id),
    }


def sensor_detail(row: SensorRow) -> dict[str, Any]:
    """``GET /api/v1/sensors/{id}``: the register-format sensor plus what the registry knows."""
    return {
        "sensor": row.data,
        "revision": row.revision,
        "updated_at": iso(row.updated_at),
        "declared_at": iso(row.declared_at),
        "status": row.status,
        "personal_data": row.personal_data,
        "device": row.device,
        "online": row.online,
        "last_seen": iso(row.last_seen),
        "drift": row.drift or [],
    }


def discovered_json(row: SensorRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "device": row.device,
        "announced": row.announced or [],
        "online": row.online,
        "last_seen": iso(row.last_seen),
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
        "location": {"lat": row.lat, "lon": row.lon} if row.lat is not None and row.lon is not None else None,
    }


def feedback_json(row: FeedbackRow, *, show_email: bool, mail: str | None = None) -> dict[str, Any]:
    """A feedback message; its sender's address only for a write token (the console never shows it)."""
    return {
        "id": row.id,
        "sensor_id": row.sensor_id,
        "created_at": iso(row.created_at),
        "locale": row.locale,
        "kind": row.kind,
        "message": row.message,
        "email": row.email if show_email else None,
        "status": row.status,
        "mail": mail,
        "answer": row.answer,
        "answered_at": iso(row.answered_at),
        "answered_by": row.answered_by,
    }
