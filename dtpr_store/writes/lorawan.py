"""Writes of the LoRaWAN area: the register's links, and what network servers report about devices.

What is stored per device is identity, timing and link health (:class:`LorawanDeviceRow`);
a :class:`~dtpr_core.lorawan.LorawanEvent` has no field for the application payload, so
none can reach the database. Each device's events also become an announcement for its
sensor (the linked declared one, else a discovered ``lorawan-<deveui>``), recorded by the
same path as native and Home Assistant announcements: last heard, discovery, drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from dtpr_core.announcement import Announcement, DeviceIdentity
from dtpr_core.lorawan import LorawanEvent, LorawanLink, discovered_sensor_id
from dtpr_core.lorawan_mapping import Mapping
from dtpr_core.times import as_utc
from dtpr_store._bulk import BulkSql, Column, table_columns
from dtpr_store.tables import LorawanDeviceRow, SensorRow
from dtpr_store.writes.announcements import record_announcements

_TABLE: Any = LorawanDeviceRow.__table__  # type: ignore[attr-defined]
_IDENTITY = ("server", "network", "device_id", "application", "profile", "brand", "model")
_FACT_COLUMNS = table_columns(
    LorawanDeviceRow,
    "server network device_id application profile brand model first_heard last_heard last_join battery_level"
    " external_power margin status_at rssi snr gateway_count profile_interval",
)
"""What events set on a device row (the register's link columns are :func:`link_lorawan_device`'s)."""
_FACTS = tuple(column.name for column in _FACT_COLUMNS)
_TIMES = frozenset(column.name for column in _FACT_COLUMNS if column.kind == "time")
_KEY = Column("dev_eui", "text")


def link_lorawan_device(session: Session, *, sensor_id: str, link: LorawanLink | None, at: datetime) -> None:
    """Keep the devices' links in step with a declared sensor (its ``network.lorawan``).

    A DevEUI linked before to another sensor moves to this one (the register checks
    uniqueness); a device this sensor no longer names is unlinked.
    """
    session.flush()
    keep = link.dev_eui if link else None
    session.execute(
        update(_TABLE)
        .where(_TABLE.c.linked_sensor_id == sensor_id, _TABLE.c.dev_eui != (keep or ""))
        .values(linked_sensor_id=None, linked_at=None, declared_interval=None)
    )
    if link is None:
        return
    _withdraw_discovered(session, link.dev_eui, at)
    row = session.get(LorawanDeviceRow, link.dev_eui)
    if row is None:
        row = LorawanDeviceRow(
            dev_eui=link.dev_eui, linked_sensor_id=sensor_id, linked_at=at, declared_interval=link.reporting_interval
        )
        session.add(row)
    else:
        if row.linked_sensor_id != sensor_id:
            row.linked_at = at
        row.linked_sensor_id, row.declared_interval = sensor_id, link.reporting_interval
        sensor = session.get(SensorRow, sensor_id)
        if sensor is not None and row.last_heard is not None:  # heard before it was linked
            if sensor.last_seen is None or _as_time(sensor.last_seen) < _as_time(row.last_heard):  # type: ignore[operator]
                sensor.last_seen = row.last_heard
    session.flush()


def _withdraw_discovered(session: Session, dev_eui: str, at: datetime) -> None:
    """The device is declared now: its discovered entry, if any, is withdrawn (kept in history)."""
    discovered = session.get(SensorRow, discovered_sensor_id(dev_eui))
    if discovered is not None and not discovered.declared and not (discovered.device or {}).get("withdrawn"):
        gone = Announcement(discovered.id, "lorawan", at, entity="lorawan", withdrawn=True)
        record_announcements(session, announcements=[gone])


@dataclass(slots=True)
class _Device:
    """One device's stored facts, merged with this batch's events."""

    dev_eui: str
    stored: bool
    linked_sensor_id: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    changed: bool = False

    def set(self, key: str, value: Any) -> None:
        if value is not None and value != "" and self.facts.get(key) != value:
            self.facts[key] = value
            self.changed = True

    def later(self, key: str, at: datetime) -> None:
        known = self.facts.get(key)
        if known is None or at > known:
            self.set(key, at)


def _as_time(value: Any) -> datetime | None:
    """A time column read at the driver level: aware on PostgreSQL, naive UTC text on SQLite."""
    return None if value is None else as_utc(value)


def _read_devices(sql: BulkSql, dev_euis: set[str]) -> dict[str, _Device]:
    devices: dict[str, _Device] = {}
    for dev_eui, linked, *values in sql.select_in(
        "lorawan_device", ("dev_eui", "linked_sensor_id", *_FACTS), "dev_eui", dev_euis
    ):
        facts = {name: _as_time(value) if name in _TIMES else value for name, value in zip(_FACTS, values, strict=True)}
        devices[dev_eui] = _Device(dev_eui, True, linked, facts)
    for dev_eui in dev_euis:
        devices.setdefault(dev_eui, _Device(dev_eui, False))
    return devices


def _merge(device: _Device, event: LorawanEvent, mapping: Mapping) -> None:
    for name in _IDENTITY:
        device.set(name, getattr(event, name))
    if event.heard:
        first = device.facts.get("first_heard")
        if first is None or event.at < first:
            device.set("first_heard", event.at)
        device.later("last_heard", event.at)
    if event.joined:
        device.later("last_join", event.at)
    if event.battery is not None:
        device.set("battery_level", event.battery.level)
        device.set("external_power", event.battery.external_power)
        device.set("margin", event.battery.margin)
        device.set("status_at", event.at)
    if event.link is not None:
        device.set("rssi", event.link.rssi)
        device.set("snr", event.link.snr)
        device.set("gateway_count", event.link.gateway_count)
    facts = device.facts
    profile, brand, model = facts.get("profile") or "", facts.get("brand") or "", facts.get("model") or ""
    device.set("profile_interval", mapping.interval(profile=profile, brand=brand, model=model))


def _write_devices(sql: BulkSql, devices: Sequence[_Device]) -> None:
    def values(device: _Device) -> list[Any]:
        return [device.facts.get(name, "" if name in _IDENTITY else None) for name in _FACTS]

    new = [(d.dev_eui, *values(d)) for d in devices if not d.stored]
    sql.insert("lorawan_device", (_KEY, *_FACT_COLUMNS), new)
    sql.update(
        "lorawan_device", _KEY, _FACT_COLUMNS, [(*values(d), d.dev_eui) for d in devices if d.stored and d.changed]
    )


def _announcement(device: _Device, event: LorawanEvent, mapping: Mapping) -> Announcement:
    facts = device.facts
    profile, brand, model = facts.get("profile") or "", facts.get("brand") or "", facts.get("model") or ""
    network = {
        "dev_eui": device.dev_eui,
        **{
            name: facts[name]
            for name in ("server", "network", "device_id", "application", "profile")
            if facts.get(name)
        },
    }
    return Announcement(
        device.linked_sensor_id or discovered_sensor_id(device.dev_eui),
        "lorawan",
        max(event.at, facts.get("last_heard") or event.at),
        entity="lorawan",
        identity=DeviceIdentity(manufacturer=brand or None, model=model or None, serial=device.dev_eui),
        elements=mapping.elements(profile=profile, brand=brand, model=model),
        location=event.location,
        extra={"network": network},
    )


def record_lorawan_events(
    session: Session, *, events: Sequence[LorawanEvent], mapping: Mapping
) -> list[Announcement | None]:
    """Merge the events into their devices' rows; per event, the announcement to record for its sensor.

    Only a device's last sign of life in the batch (uplink, join, status, ack) and an event giving
    its position (which the announcement carries) get one; other events update the device's row only (``None``).
    """
    if not events:
        return []
    session.flush()
    sql = BulkSql(session.connection())
    devices = _read_devices(sql, {event.dev_eui for event in events})
    for event in events:
        _merge(devices[event.dev_eui], event, mapping)
    _write_devices(sql, list(devices.values()))
    last_heard = {event.dev_eui: index for index, event in enumerate(events) if event.heard}
    return [
        _announcement(devices[event.dev_eui], event, mapping)
        if last_heard.get(event.dev_eui) == index or event.location is not None
        else None
        for index, event in enumerate(events)
    ]
