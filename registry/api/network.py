"""Staff views of the LoRaWAN devices: silent sensors and what the network servers last said (read token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from dtpr_core.lorawan_mapping import load_mapping
from dtpr_core.times import iso
from dtpr_store.reads import list_lorawan_devices, silent_sensors
from dtpr_store.tables import LorawanDeviceRow
from registry.api.responses import LorawanDeviceList, SilentList
from registry.deps import ReadToken, SessionDep, SettingsDep, UrlsDep

router = APIRouter(prefix="/api/v1", tags=["staff"])


@router.get(
    "/silent",
    summary="Linked LoRaWAN sensors unheard for three reporting intervals (read token)",
    response_model=SilentList,
)
def silent(session: SessionDep, token: ReadToken, settings: SettingsDep, urls: UrlsDep) -> dict[str, Any]:
    default = load_mapping(settings.lorawan.mapping_file).default_interval
    items = silent_sensors(session, default_interval=default)
    return {"items": [{**item.as_dict(), "url": urls.sensor_page(item.sensor_id)} for item in items]}


def device_json(row: LorawanDeviceRow) -> dict[str, Any]:
    return {
        "dev_eui": row.dev_eui,
        "linked_sensor_id": row.linked_sensor_id,
        "server": row.server,
        "network": row.network,
        "device_id": row.device_id,
        "application": row.application,
        "profile": row.profile,
        "brand": row.brand,
        "model": row.model,
        "first_heard": iso(row.first_heard),
        "last_heard": iso(row.last_heard),
        "last_join": iso(row.last_join),
        "battery": {"level": row.battery_level, "external_power": row.external_power, "margin": row.margin},
        "link": {"rssi": row.rssi, "snr": row.snr, "gateway_count": row.gateway_count},
        "reporting_interval_seconds": row.declared_interval or row.profile_interval,
    }


@router.get(
    "/lorawan/devices",
    summary="LoRaWAN devices heard or linked, by DevEUI (read token)",
    response_model=LorawanDeviceList,
)
def devices(
    session: SessionDep,
    token: ReadToken,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    rows = list_lorawan_devices(session, limit=limit, offset=offset)
    return {"items": [device_json(row) for row in rows], "limit": limit, "offset": offset}
