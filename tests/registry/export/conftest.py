"""Static-export fixtures: the shipped register (and a device's news) in the test app's database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI

from dtpr_core.announcement import Announcement, StatusUpdate
from dtpr_core.yaml_source import load_register_file
from dtpr_store.db import session_scope
from dtpr_store.writes import record_announcements, record_statuses, upsert_sensor
from registry.export.site import ExportOptions, ExportReport, export_site

SHIPPED = Path(__file__).resolve().parents[3] / "sensors.yaml"
NOW = datetime(2026, 9, 1, 10, 30, 20, tzinfo=UTC)
"""The export's clock and the live route's (frozen alike, so "last heard" reads the same)."""


@pytest.fixture
def shipped(app: FastAPI) -> list[str]:
    """The shipped register declared, one device heard from and one reporting more than its sign."""
    result = load_register_file(str(SHIPPED))
    assert result.register is not None
    with session_scope(app.state.engine) as session:
        for sensor in result.register.sensors:
            upsert_sensor(session, sensor=sensor, source="register", actor="test")
    ids = [sensor.id for sensor in result.register.sensors]
    with session_scope(app.state.engine) as session:
        record_statuses(session, updates=[StatusUpdate(ids[0], True, NOW - timedelta(minutes=7))])
        record_announcements(session, announcements=[Announcement(ids[1], "dtpr", NOW, elements=("air_quality",))])
    return ids


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The live sensor route's clock stopped at :data:`NOW` (the page says "last heard 7 minutes ago")."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return NOW if tz is not None else NOW.replace(tzinfo=None)

    monkeypatch.setattr("registry.pages.routes.datetime", Clock)
    return NOW


@pytest.fixture
def export(app: FastAPI, tmp_path: Path) -> Callable[..., ExportReport]:
    """``export(**options)`` writes the site of the test app's data into ``tmp_path / "site"``."""

    def run(**options: object) -> ExportReport:
        chosen = {"out": tmp_path / "site", "signs": True, **options}
        return export_site(app.state.settings, app.state.engine, ExportOptions(**chosen), now=NOW)  # type: ignore[arg-type]

    return run
