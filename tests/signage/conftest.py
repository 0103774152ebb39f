"""Sensors for the sign tests, built with the domain (never from the root sensors.yaml)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dtpr_core import Sensor, read_sensor_data
from signage import SignOptions

BASE_URL = "https://capteurs.angers.fr"

DURATION = {"fr": "1 an", "en": "1 year", "es": "1 año", "pt": "1 ano"}
TECH_BY_CASE = {"identifiable": "identifiable_video", "de_identified": "de_identified_video", "none": "air_quality"}


def sensor_data(case: str = "none", **changes: Any) -> dict[str, Any]:
    personal = case != "none"
    data: dict[str, Any] = {
        "id": "ANG-TEST-0001",
        "name": {"fr": "Qualité de l'air — Place du Ralliement", "en": "Air quality — Place du Ralliement"},
        "description": {"fr": "Mesure les particules fines.", "en": "Measures fine particles."},
        "location": {"lat": 47.47, "lon": -0.55, "commune": "Angers", "zone": "Centre"},
        "accountable": [
            {
                "key": "alm",
                "name": {"fr": "Angers Loire Métropole", "en": "Angers Loire Métropole"},
                "kind": "institution",
                "role": {"fr": "Responsable du traitement", "en": "Data controller"},
                "contact": {"phone": "+33 2 41 05 50 00", "email": "capteurs@angersloiremetropole.fr"},
                "data_protection": {"email": "dpo@angersloiremetropole.fr"},
            }
        ],
        "datachain": {
            "purpose": ["health"],
            "tech": [TECH_BY_CASE[case]],
            "data": ["personal"] if personal else ["values_time"],
            "retention": [{"element": "data_retained", "variables": {"duration": DURATION}}],
        },
    }
    if personal:
        data["legal_basis"] = "public_task"
    data.update(changes)
    return data


def make_sensor(case: str = "none", **changes: Any) -> Sensor:
    sensor, problems = read_sensor_data(sensor_data(case, **changes))
    assert sensor is not None, [p.message for p in problems]
    return sensor


@pytest.fixture
def sensor_factory() -> Callable[..., Sensor]:
    return make_sensor


@pytest.fixture
def options() -> SignOptions:
    return SignOptions(base_url=BASE_URL, size="a5", langs=("fr", "en"), revision=3)
