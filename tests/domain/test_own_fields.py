"""A sensor's own fields read alone give the problems the whole sensor's check gives them."""

from __future__ import annotations

import datetime as dt

import pytest

from dtpr_core import load_register_file
from dtpr_core.register import (
    OWN_TEXT_MAX,
    own_fields_problems,
    read_sensor_data,
    sensor_to_data,
)

SHIPPED = load_register_file("sensors.yaml").register


def _whole(data: dict[str, object]) -> dict[str, object]:
    """The first shipped sensor (its organisations written in full, as a JSON body has them) with *data*."""
    return {**sensor_to_data(SHIPPED.sensors[0]), **data}


def test_a_sensor_without_a_name_is_refused_with_its_reason_not_a_crash() -> None:
    data = _whole({})
    del data["name"]
    sensor, problems = read_sensor_data(data)
    assert sensor is None
    assert [p.message for p in problems if p.is_error] == ["sensor is missing the required key 'name'"]


@pytest.mark.parametrize(
    ("own", "refused"),
    [
        ({"name": {"fr": "Caméra du Ralliement"}}, False),
        ({"name": {"fr": "x" * (OWN_TEXT_MAX["name"] + 1)}}, True),
        ({"name": {"en": "Camera"}}, True),  # French is required
        ({"name": {"fr": "À COMPLÉTER : le nom"}}, True),
        ({"location": {"lat": 47.47, "lon": -0.55, "address": "a" * (OWN_TEXT_MAX["location.address"] + 1)}}, True),
        ({"location": {"lat": 91.0, "lon": 0.0}}, True),
        ({"video_protection_authorisation": "n°" * 100}, True),
        ({"installed_on": dt.date(2024, 1, 2), "retired_on": dt.date(2023, 1, 1), "status": "retired"}, True),
        ({"installed_on": dt.date(2023, 1, 2), "retired_on": dt.date(2024, 1, 1), "status": "retired"}, False),
    ],
)
def test_own_fields_alone_are_refused_as_in_the_whole_sensor(own: dict[str, object], refused: bool) -> None:
    alone = any(p.is_error for p in own_fields_problems(own))
    whole = read_sensor_data(_whole(own))[0] is None
    assert alone == whole == refused
