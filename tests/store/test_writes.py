import dataclasses
import threading
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from dtpr_core.announcement import Announcement, DeviceIdentity, StatusUpdate
from dtpr_store import session_scope
from dtpr_store.reads import ParsedSensors, find_token, list_discovered, list_drift, sensor_history
from dtpr_store.tables import PageViewRow, RevisionRow, SensorRow
from dtpr_store.writes import (
    add_page_views,
    create_token,
    record_announcements,
    record_statuses,
    retire_sensor,
    upsert_sensor,
)
from tests.conftest import make_sensor

AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_upsert_is_idempotent_and_keeps_history(engine, sensor):
    with session_scope(engine) as session:
        assert upsert_sensor(session, sensor=sensor, source="register", actor="test") == "created"
    with session_scope(engine) as session:
        assert upsert_sensor(session, sensor=sensor, source="register", actor="test") == "unchanged"
    renamed = dataclasses.replace(sensor, name={"fr": "Nouveau nom", "en": "New name"})
    with session_scope(engine) as session:
        assert upsert_sensor(session, sensor=renamed, source="api", actor="alice") == "updated"
    with session_scope(engine) as session:
        assert retire_sensor(session, sensor=renamed, source="api", actor="alice") == "updated"
    with Session(engine) as session:
        row = session.get(SensorRow, sensor.id)
        assert row.revision == 3 and row.status == "retired"
        history = sensor_history(session, sensor.id)
        assert [r.kind for r in history] == ["retired", "updated", "created"]
        assert history[1].change == [{"field": "name", "before": dict(sensor.name), "after": dict(renamed.name)}]
        assert ParsedSensors().declared_sensor(row).name["fr"] == "Nouveau nom"


def _announce(sensor_id, elements, entity="", at=AT):
    return Announcement(
        sensor_id=sensor_id,
        source="dtpr",
        received_at=at,
        entity=entity,
        identity=DeviceIdentity("Acme", "AQ-1", "SN1", "1.0"),
        elements=tuple(elements),
    )


def test_announcement_never_touches_datachain_and_flags_drift(engine, sensor):
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=sensor, source="register", actor="test")
    with session_scope(engine) as session:
        outcomes = record_announcements(
            session,
            announcements=[
                _announce(sensor.id, ["air_quality"]),
                _announce(sensor.id, ["air_quality"]),
                _announce(sensor.id, ["air_quality", "identifiable_video"]),
            ],
        )
    assert outcomes == ["updated", "unchanged", "updated"]
    with Session(engine) as session:
        row = session.get(SensorRow, sensor.id)
        assert row.revision == 1, "the declared datachain must not change"
        assert row.drift == [
            {"element_id": "identifiable_video", "category": "tech", "identifiability": "identifiable"}
        ]
        assert [r.id for r in list_drift(session)] == [sensor.id]
        assert row.device["identity"]["model"] == "AQ-1"


def test_unknown_device_is_discovered_not_public(engine):
    with session_scope(engine) as session:
        record_announcements(session, announcements=[_announce("ha-0x1234", ["thermometer"], entity="sensor/t")])
        record_statuses(session, updates=[StatusUpdate("ha-0x1234", online=False, at=AT)])
    with Session(engine) as session:
        discovered = list_discovered(session)
        assert [(r.id, r.declared, r.online) for r in discovered] == [("ha-0x1234", False, False)]
    with session_scope(engine) as session:
        withdrawn = dataclasses.replace(_announce("ha-0x1234", []), entity="sensor/t", withdrawn=True)
        assert record_announcements(session, announcements=[withdrawn]) == ["updated"]
    with Session(engine) as session:
        row = session.get(SensorRow, "ha-0x1234")
        assert row.announced == [] and row.device["withdrawn"] is True
        kinds = [r.kind for r in session.exec(select(RevisionRow).where(RevisionRow.sensor_id == "ha-0x1234"))]
        assert kinds == ["device", "withdrawn"]


def test_tokens_are_stored_hashed(engine):
    with session_scope(engine) as session:
        token = create_token(session, name="admin", scope="write")
    with Session(engine) as session:
        assert find_token(session, token).scope == "write"
        assert find_token(session, token + "x") is None
        assert token not in str(session.exec(select(SensorRow)).all())


def test_second_sensor_factory():
    assert make_sensor("X-2").id == "X-2"


def test_page_views_from_replicas_flushing_at_once_all_count(engine) -> None:
    """Two registry replicas flush overlapping counters together: no deadlock, no lost count."""
    days = [date(2026, 11, 1) + timedelta(days=n) for n in range(3)]
    keys = [(f"ANG-V-{index:04d}", day) for index in range(1500) for day in days]  # more rows than one statement takes
    with session_scope(engine) as session:
        add_page_views(session, counts={keys[0]: 1})  # an existing row too
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def flush(order: list[tuple[str, date]]) -> None:
        try:
            barrier.wait()
            with session_scope(engine) as session:
                add_page_views(session, counts=dict.fromkeys(order, 2))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=flush, args=(order,)) for order in (keys, keys[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(engine) as session:
        counts = {(row.sensor_id, row.day): row.count for row in session.exec(select(PageViewRow))}
    assert len(counts) == len(keys)
    assert counts[keys[0]] == 5 and all(count == 4 for key, count in counts.items() if key != keys[0])
