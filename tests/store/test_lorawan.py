"""The LoRaWAN area of the store: links kept in step with the register, device facts merged, silence."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from dtpr_core.lorawan import Battery, LinkHealth, LorawanEvent, LorawanLink
from dtpr_core.lorawan_mapping import default_mapping
from dtpr_store import session_scope
from dtpr_store.reads import list_discovered, lorawan_device_of, silent_sensors
from dtpr_store.tables import LorawanDeviceRow, SensorRow
from dtpr_store.writes import record_announcements_bulk, record_lorawan_events, upsert_sensor
from tests.conftest import make_sensor

AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
EUI = "70B3D57ED0001234"


def event(kind: str = "up", *, at: datetime = AT, eui: str = EUI, **fields: object) -> LorawanEvent:
    values: dict[str, object] = {"profile": "Capteur CO2", "device_id": "aq-1", "application": "ville"}
    values.update(fields)
    return LorawanEvent("chirpstack", "application", kind, eui, at, kind in ("up", "join", "status"), **values)  # type: ignore[arg-type]


def record(engine, *events: LorawanEvent) -> None:
    with session_scope(engine) as session:
        found = record_lorawan_events(session, events=list(events), mapping=default_mapping())
        record_announcements_bulk(session, announcements=[a for a in found if a is not None])


def linked(sensor_id: str, dev_eui: str = EUI, interval: int | None = None, **changes: object):
    return dataclasses.replace(make_sensor(sensor_id, **changes), lorawan=LorawanLink(dev_eui, interval))


def test_link_follows_the_register(engine):
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=linked("S-1", interval=600), source="register", actor="t", at=AT)
    with Session(engine) as session:
        row = lorawan_device_of(session, "S-1")
        assert row is not None and (row.dev_eui, row.declared_interval, row.linked_at) == (EUI, 600, AT)
    with session_scope(engine) as session:  # the technician corrects the DevEUI
        upsert_sensor(session, sensor=linked("S-1", "70B3D57ED0009999"), source="register", actor="t")
    with Session(engine) as session:
        assert session.get(LorawanDeviceRow, EUI).linked_sensor_id is None
        assert lorawan_device_of(session, "S-1").dev_eui == "70B3D57ED0009999"
    with session_scope(engine) as session:  # and removes the link
        upsert_sensor(session, sensor=make_sensor("S-1"), source="register", actor="t")
    with Session(engine) as session:
        assert lorawan_device_of(session, "S-1") is None


def test_events_merge_into_one_device_row_without_losing_order(engine):
    later = AT + timedelta(minutes=10)
    record(
        engine,
        event("join", at=AT - timedelta(minutes=1), joined=True),
        event("up", at=later, link=LinkHealth(-80, 7.5, 3)),
        event("status", at=AT, battery=Battery(55.0, False, 9)),
        event("up", at=AT, link=None),  # an older event, redelivered: last heard stays the latest
    )
    with Session(engine) as session:
        row = session.get(LorawanDeviceRow, EUI)
        assert (row.first_heard, row.last_heard, row.last_join) == (
            AT - timedelta(minutes=1),
            later,
            AT - timedelta(minutes=1),
        )
        assert (row.rssi, row.snr, row.gateway_count, row.battery_level, row.margin) == (-80, 7.5, 3, 55.0, 9)
        assert row.profile_interval == 900, "CO2 profile's default"
        (discovered,) = list_discovered(session)
        assert discovered.id == "lorawan-70b3d57ed0001234" and discovered.last_seen == later
        assert discovered.announced == ["air_quality"]


def test_a_txack_alone_discovers_nothing(engine):
    record(engine, event("txack"))
    with Session(engine) as session:
        assert list_discovered(session) == []
        assert session.get(LorawanDeviceRow, EUI).last_heard is None


def test_linking_a_discovered_device_withdraws_its_discovered_entry(engine):
    record(engine, event("up"))
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=linked("S-2"), source="register", actor="t")
    record(engine, event("up", at=AT + timedelta(hours=1)))
    with Session(engine) as session:
        assert session.get(SensorRow, "lorawan-70b3d57ed0001234").device["withdrawn"] is True
        assert session.get(SensorRow, "S-2").last_seen == AT + timedelta(hours=1)


def test_silence_skips_planned_retired_and_unjudgeable_sensors(engine):
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=linked("S-A", "1111111111111111", 3600), source="register", actor="t", at=AT)
        upsert_sensor(
            session,
            sensor=linked("S-P", "2222222222222222", 3600, status="planned"),
            source="register",
            actor="t",
            at=AT,
        )
        upsert_sensor(session, sensor=linked("S-U", "3333333333333333"), source="register", actor="t", at=AT)
    with Session(engine) as session:
        assert [s.sensor_id for s in silent_sensors(session, now=AT + timedelta(hours=2, minutes=59))] == []
        (never,) = silent_sensors(session, now=AT + timedelta(hours=3))
        assert (never.sensor_id, never.last_heard, never.as_dict()["last_heard"]) == ("S-A", None, None)
        both = silent_sensors(session, now=AT + timedelta(days=1), default_interval=3600)
        assert [s.sensor_id for s in both] == ["S-A", "S-U"], "no interval known: judged with the default only"
