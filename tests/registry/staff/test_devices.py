"""Devices and drift as staff see them: ignored devices and resolved drift leave the lists, and are in the history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from dtpr_core.announcement import Announcement
from dtpr_store.db import session_scope
from dtpr_store.reads import open_drift, sensor_history, undeclared_devices
from dtpr_store.writes import record_announcements, review_device, stop_ignoring, upsert_sensor
from tests.conftest import make_sensor


def announce(engine: Engine, sensor_id: str, *elements: str, ago_s: int = 0) -> None:
    at = datetime.now(UTC) - timedelta(seconds=ago_s)
    with session_scope(engine) as session:
        record_announcements(session, announcements=[Announcement(sensor_id, "dtpr", at, elements=elements)])


def test_an_ignored_device_leaves_the_list_with_its_reason_in_the_history(engine: Engine) -> None:
    announce(engine, "DEV-OLD", "air_quality", ago_s=60)
    announce(engine, "DEV-NEW", "identifiable_wifi_sensor")
    with session_scope(engine) as session:
        assert [row.id for row, _ in undeclared_devices(session)] == ["DEV-NEW", "DEV-OLD"]
        assert review_device(session, sensor_id="DEV-OLD", decision="ignored", reason="test bench", actor="Camille")
        assert not review_device(session, sensor_id="NOPE", decision="ignored", reason="", actor="Camille")
    with session_scope(engine) as session:
        assert [row.id for row, _ in undeclared_devices(session)] == ["DEV-NEW"]
        pairs = undeclared_devices(session, include_ignored=True)
        review = {row.id: review for row, review in pairs}["DEV-OLD"]
        assert review is not None and (review.reason, review.actor) == ("test bench", "Camille")
        last = sensor_history(session, "DEV-OLD")[0]
        assert (last.source, last.actor, last.kind) == ("staff", "Camille", "review")


def test_a_device_no_longer_ignored_is_listed_again_and_the_history_says_so(engine: Engine) -> None:
    announce(engine, "DEV-OLD", "air_quality")
    with session_scope(engine) as session:
        assert not stop_ignoring(session, sensor_id="DEV-OLD", actor="Camille"), "not ignored yet"
        review_device(session, sensor_id="DEV-OLD", decision="ignored", reason="test bench", actor="Camille")
    with session_scope(engine) as session:
        assert stop_ignoring(session, sensor_id="DEV-OLD", actor="Lou")
        assert not stop_ignoring(session, sensor_id="NOPE", actor="Lou")
    with session_scope(engine) as session:
        assert [(row.id, review) for row, review in undeclared_devices(session)] == [("DEV-OLD", None)]
        last = sensor_history(session, "DEV-OLD")[0]
        assert (last.actor, last.kind) == ("Lou", "review")
        assert last.change == [
            {"field": "review", "before": {"decision": "ignored", "reason": "test bench"}, "after": None}
        ]


def test_resolved_drift_stays_resolved_until_the_drift_changes(engine: Engine) -> None:
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=make_sensor("ANG-T-1"), source="register", actor="sync")
    announce(engine, "ANG-T-1", "air_quality", "identifiable_wifi_sensor")
    with session_scope(engine) as session:
        ((row, review),) = open_drift(session)
        assert row.id == "ANG-T-1" and review is None
        review_device(session, sensor_id="ANG-T-1", decision="misconfigured", reason="", actor="Camille")
    with session_scope(engine) as session:
        assert open_drift(session) == []
        assert [row.id for row, _ in open_drift(session, include_resolved=True)] == ["ANG-T-1"]
    announce(engine, "ANG-T-1", "air_quality", "identifiable_wifi_sensor", "identifiable_video")
    with session_scope(engine) as session:
        assert [row.id for row, _ in open_drift(session)] == ["ANG-T-1"], "a new drift shows again"
