"""Public-page fixtures: sensors stored through the one writes module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from dtpr_core.model import Sensor
from dtpr_store.db import session_scope
from dtpr_store.writes import upsert_sensor
from tests.conftest import make_sensor

CITY = {
    "key": "alm",
    "name": {"fr": "Angers Loire Métropole"},
    "kind": "institution",
    "contact": {"email": "capteurs@example.fr", "phone": "+33 2 41 05 50 00", "postal": "83 rue du Mail, Angers"},
    "data_protection": {"email": "dpo@example.fr"},
}

CAMERA_CHAIN = {
    "purpose": ["mobility"],
    "tech": ["identifiable_video"],
    "data": ["values_time"],
    "retention": [{"element": "data_retained", "variables": {"duration": {"fr": "30 jours", "en": "30 days"}}}],
    "storage": ["stored_locally"],
}


@pytest.fixture
def store(app: FastAPI) -> Callable[..., Sensor]:
    """``store("ID", **changes)`` declares a sensor (the city accountable) and returns it."""

    def declare(sensor_id: str = "ANG-AQ-0001", **changes: Any) -> Sensor:
        changes.setdefault("accountable", [CITY])
        sensor = make_sensor(sensor_id, **changes)
        with session_scope(app.state.engine) as session:
            upsert_sensor(session, sensor=sensor, source="register", actor="test")
        return sensor

    return declare
