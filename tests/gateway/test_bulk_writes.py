"""record_announcements_bulk (the gateway's hot path) has exactly the effect of record_announcements."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from dtpr_core.announcement import Announcement, DeviceIdentity, StatusUpdate
from dtpr_core.location import Location
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.tables import RevisionRow, SensorRow
from dtpr_store.writes import record_announcements, record_announcements_bulk, record_statuses, upsert_sensor
from tests.conftest import make_sensor

AT = datetime(2026, 11, 1, 12, tzinfo=UTC)


def ann(sensor_id: str, *elements: str, minutes: int = 0, **changes: object) -> Announcement:
    base = Announcement(
        sensor_id,
        "dtpr",
        AT + timedelta(minutes=minutes),
        identity=DeviceIdentity("Acme", "M", "S", "1"),
        elements=elements,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


BATCHES = [
    [ann("ANG-TEST-0001", "air_quality"), ann("ANG-TEST-0001", "air_quality"), ann("NEW-1", "thermometer")],
    [
        ann("ANG-TEST-0001", "air_quality", "identifiable_video", minutes=1),
        ann("NEW-1", "thermometer", minutes=1, location=Location(47.4, -0.5)),
        ann("GONE-1", minutes=1, withdrawn=True),
        ann("ha-x", "weather_station", minutes=1, source="homeassistant", entity="sensor/x/h"),
        ann("ha-x", "thermometer", minutes=1, source="homeassistant", entity="sensor/x/t"),
    ],
    [
        ann("ha-x", minutes=2, source="homeassistant", entity="sensor/x/h", withdrawn=True),
        ann("ANG-TEST-0001", "air_quality", minutes=2, identity=DeviceIdentity(firmware="2")),
        ann("NEW-1", minutes=2, withdrawn=True),
    ],
]


def snapshot(engine) -> tuple[list[tuple], list[tuple]]:
    def naive(value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=None) if value is not None else None

    with Session(engine) as session:
        sensors = [
            (r.id, r.declared, r.revision, r.device, r.announced, r.drift or [], r.online, naive(r.last_seen), r.lat, r.lon,
             r.history_seq, naive(r.updated_at), r.status, r.personal_data)
            for r in session.exec(select(SensorRow).order_by(col(SensorRow.id)))
        ]  # fmt: skip
        revisions = [
            (r.sensor_id, r.seq, r.kind, r.source, r.actor, r.change, r.snapshot, r.datachain_revision, naive(r.at))
            for r in session.exec(select(RevisionRow).order_by(col(RevisionRow.sensor_id), col(RevisionRow.seq)))
        ]
    return sensors, revisions


def test_bulk_path_matches_the_orm_path(engine, tmp_path: Path):
    reference = make_engine(f"sqlite:///{tmp_path}/reference.sqlite3")
    migrate(reference)
    outcomes = {}
    for target, record in ((reference, record_announcements), (engine, record_announcements_bulk)):
        with session_scope(target) as session:
            upsert_sensor(session, sensor=make_sensor(), source="register", actor="test", at=AT)
        outcomes[record] = []
        for batch in BATCHES:
            with session_scope(target) as session:
                outcomes[record].append(record(session, announcements=batch))
                record_statuses(session, updates=[StatusUpdate("NEW-1", online=False, at=AT)])
    assert outcomes[record_announcements] == outcomes[record_announcements_bulk]
    assert outcomes[record_announcements][0] == ["updated", "unchanged", "updated"]
    assert snapshot(reference) == snapshot(engine)
    reference.dispose()
