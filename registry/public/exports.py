"""Open data: the public register as GeoJSON and CSV (streamed), and the inventory as CSV.

Column names are stable (a test freezes them; docs/api.md documents them). Discovered
devices nobody declared are never exported; retired sensors are, with their status.
CSV files are UTF-8 with a byte-order mark so spreadsheet software opens accents
right, comma-separated (RFC 4180); lists inside a cell are separated by `` | ``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from sqlmodel import Session

from dtpr_core.datachain import retention
from dtpr_core.taxonomy import attribution
from dtpr_core.times import iso
from dtpr_core.urls import Urls
from dtpr_store.caches import ParsedSensors
from dtpr_store.reads import iter_declared_sensors
from dtpr_store.tables import SensorRow
from registry.api.models import LocaleQuery
from registry.csv_cells import csv_chunks
from registry.deps import EngineDep, ParsedDep, SettingsDep
from registry.inventory import INVENTORY_COLUMNS, iter_inventory

router = APIRouter(tags=["open data"])

EXPORT_COLUMNS = (
    "id",
    "name_fr",
    "name_en",
    "status",
    "commune",
    "zone",
    "address",
    "lat",
    "lon",
    "purposes",
    "technologies",
    "personal_data",
    "legal_basis",
    "retention_fr",
    "accountable",
    "page_url",
    "revision",
    "updated_at",
    "licence",
    "attribution",
)
"""Stable column names of /export/sensors.csv and the GeoJSON properties (plus lat/lon)."""

LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab) — https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
EXPORT_HEADERS = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}


def export_record(row: SensorRow, urls: Urls, credit: str, parsed: ParsedSensors) -> dict[str, Any] | None:
    sensor = parsed.declared_sensor(row)
    if sensor is None:
        return None
    return {
        "id": sensor.id,
        "name_fr": sensor.name.get("fr", ""),
        "name_en": sensor.name.get("en", ""),
        "status": sensor.status,
        "commune": sensor.location.commune,
        "zone": sensor.location.zone,
        "address": sensor.location.address,
        "lat": sensor.location.lat,
        "lon": sensor.location.lon,
        "purposes": [s.element_id for s in sensor.elements("purpose")],
        "technologies": [s.element_id for s in sensor.elements("tech")],
        "personal_data": row.personal_data,
        "legal_basis": sensor.legal_basis or "",
        "retention_fr": retention(sensor, "fr"),
        "accountable": [org.name.get("fr") or next(iter(org.name.values()), "") for org in sensor.accountable],
        "page_url": urls.sensor_page(sensor.id),
        "revision": row.revision,
        "updated_at": iso(row.updated_at),
        "licence": LICENCE,
        "attribution": credit,
    }


def _records(engine: Engine, urls: Urls, credit: str, parsed: ParsedSensors) -> Iterator[dict[str, Any]]:
    with Session(engine) as session:
        for row in iter_declared_sensors(session):
            record = export_record(row, urls, credit, parsed)
            if record is not None:
                yield record


def geojson_chunks(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for record in records:
        properties = {k: v for k, v in record.items() if k not in ("lat", "lon")}
        feature = {
            "type": "Feature",
            "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
            "properties": properties,
        }
        yield (b"" if first else b",") + json.dumps(feature, ensure_ascii=False).encode("utf-8")
        first = False
    yield b"]}"


def _credit(settings: SettingsDep) -> str:
    return f"{settings.public.city_name} — {attribution('fr')}"


@router.get("/export/sensors.geojson", summary="Public sensors as GeoJSON (streamed)")
def sensors_geojson(engine: EngineDep, settings: SettingsDep, parsed: ParsedDep) -> StreamingResponse:
    records = _records(engine, settings.public.urls, _credit(settings), parsed)
    return StreamingResponse(geojson_chunks(records), media_type="application/geo+json", headers=EXPORT_HEADERS)


@router.get("/export/sensors.csv", summary="Public sensors as CSV (UTF-8 with BOM, streamed)")
def sensors_csv(engine: EngineDep, settings: SettingsDep, parsed: ParsedDep) -> StreamingResponse:
    records = _records(engine, settings.public.urls, _credit(settings), parsed)
    headers = {**EXPORT_HEADERS, "Content-Disposition": 'attachment; filename="sensors.csv"'}
    return StreamingResponse(csv_chunks(EXPORT_COLUMNS, records), media_type="text/csv; charset=utf-8", headers=headers)


def _inventory_records(engine: Engine, locale: str, parsed: ParsedSensors) -> Iterator[dict[str, Any]]:
    with Session(engine) as session:
        for item in iter_inventory(session, locale, parsed):
            yield item.as_dict()


@router.get("/inventory.csv", summary="Data inventory for the DPO as CSV (UTF-8 with BOM)")
def inventory_csv(
    engine: EngineDep, settings: SettingsDep, parsed: ParsedDep, locale: LocaleQuery = None
) -> StreamingResponse:
    headers = {"Cache-Control": "no-cache", "Content-Disposition": 'attachment; filename="inventory.csv"'}
    chosen = locale or settings.public.default_locale
    return StreamingResponse(
        csv_chunks(INVENTORY_COLUMNS, _inventory_records(engine, chosen, parsed)),
        media_type="text/csv; charset=utf-8",
        headers=headers,
    )
