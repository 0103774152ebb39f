"""Reads of the LoRaWAN area: the devices network servers report, and the silent sensors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from dtpr_core.lorawan import SILENT_AFTER_INTERVALS
from dtpr_core.times import as_utc
from dtpr_store.tables import LorawanDeviceRow, SensorRow

QUIET_STATUSES = ("planned", "retired")
"""Declared sensors not expected to report: never listed as silent."""


@dataclass(frozen=True, slots=True)
class SilentSensor:
    """A declared sensor whose linked device has been unheard for three reporting intervals."""

    sensor_id: str
    dev_eui: str
    last_heard: datetime | None
    """``None``: never heard since it was linked."""
    interval: int
    """Expected seconds between two reports (declared, else the profile's default)."""
    silent_for: timedelta
    """Time since it was last heard (or linked, when never heard)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "sensor_id": self.sensor_id,
            "dev_eui": self.dev_eui,
            "last_heard": self.last_heard.isoformat().replace("+00:00", "Z") if self.last_heard else None,
            "reporting_interval_seconds": self.interval,
            "silent_for_seconds": int(self.silent_for.total_seconds()),
        }


def silent_sensors(
    session: Session, *, now: datetime | None = None, default_interval: int | None = None
) -> list[SilentSensor]:
    """Linked sensors unheard for :data:`SILENT_AFTER_INTERVALS` intervals, longest silent first.

    The interval is the sensor's declared ``reporting_interval``, else its device profile's
    default from the mapping table (recorded by the gateway), else *default_interval*;
    without any, a sensor is not judged. Planned and retired sensors are never silent.
    """
    now = now or datetime.now(UTC)
    query = (
        select(LorawanDeviceRow, SensorRow.status)
        .join(SensorRow, col(SensorRow.id) == col(LorawanDeviceRow.linked_sensor_id))
        .where(col(SensorRow.declared).is_(True), col(SensorRow.status).not_in(QUIET_STATUSES))
    )
    out = []
    for device, _status in session.exec(query):
        interval = device.declared_interval or device.profile_interval or default_interval
        since = device.last_heard or device.linked_at
        if not interval or since is None or device.linked_sensor_id is None:
            continue
        silent_for = now - as_utc(since)
        if silent_for >= timedelta(seconds=interval * SILENT_AFTER_INTERVALS):
            last = as_utc(device.last_heard) if device.last_heard else None
            out.append(SilentSensor(device.linked_sensor_id, device.dev_eui, last, interval, silent_for))
    return sorted(out, key=lambda item: (-item.silent_for, item.sensor_id))


def lorawan_device_of(session: Session, sensor_id: str) -> LorawanDeviceRow | None:
    """The LoRaWAN device a declared sensor is linked to, with what the network server last said."""
    return session.exec(select(LorawanDeviceRow).where(LorawanDeviceRow.linked_sensor_id == sensor_id)).first()


def list_lorawan_devices(session: Session, *, limit: int = 1000, offset: int = 0) -> list[LorawanDeviceRow]:
    """Every device heard or linked, by DevEUI (staff lists)."""
    query = select(LorawanDeviceRow).order_by(col(LorawanDeviceRow.dev_eui)).offset(offset).limit(limit)
    return list(session.exec(query).all())
