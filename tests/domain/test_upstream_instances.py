"""Every published DTPR datachain instance passes upstream's instance schema and semantic rules.

The checks are upstream's (see ``tests/domain/upstream_dtpr.py``); the instances are built by
``dtpr_core.datachain.datachain_instance``, the one place the registry, the JSON route and the
static export take them from.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from dtpr_core.datachain import datachain_instance, instance_time
from dtpr_core.register import read_sensor_data
from dtpr_core.yaml_source import load_register_file
from tests.domain.upstream_dtpr import schema_errors, semantic_errors, upstream_errors
from tests.strategies import sensor_data

SHIPPED = Path(__file__).resolve().parents[2] / "sensors.yaml"
CREATED = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)


def test_every_shipped_sensor_makes_an_instance_upstream_accepts() -> None:
    result = load_register_file(str(SHIPPED))
    assert result.register is not None and result.register.sensors
    for sensor in result.register.sensors:
        instance = datachain_instance(sensor, CREATED, updated_at=CREATED + timedelta(days=3), revision=4)
        assert upstream_errors(instance) == [], sensor.id
        assert instance["created_at"] == "2026-03-01T08:30:15Z"
        assert instance["updated_at"] == "2026-03-04T08:30:15Z" and instance["instance_version"] == "4"


def test_timestamps_are_utc_in_the_z_form() -> None:
    paris = timezone(timedelta(hours=2))
    assert instance_time(datetime(2026, 8, 21, 10, 38, 25, tzinfo=paris)) == "2026-08-21T08:38:25Z"
    assert instance_time(datetime(2026, 8, 21, 10, 38, 25)) == "2026-08-21T10:38:25Z"  # naive: SQLite's UTC


def test_the_upstream_checks_refuse_what_upstream_refuses() -> None:
    """The checks can fail: the old ``+00:00`` form, ``tl``, an unknown element, a missing category."""
    result = load_register_file(str(SHIPPED))
    assert result.register is not None
    good = datachain_instance(result.register.sensors[0], CREATED)
    old = copy.deepcopy(good) | {"created_at": CREATED.isoformat()}
    assert any(line.startswith("created_at:") for line in schema_errors(old))
    tagalog = copy.deepcopy(good)
    tagalog["title"].append({"locale": "tl", "value": "Sensor"})
    assert any(line.startswith("title/") for line in schema_errors(tagalog))
    unknown = copy.deepcopy(good)
    unknown["elements"].append({"element_id": "no_such_element", "priority": 0, "variables": [], "actions": []})
    assert any("INSTANCE_ELEMENT_UNKNOWN" in line for line in semantic_errors(unknown))
    no_tech = copy.deepcopy(good)
    no_tech["elements"] = [e for e in no_tech["elements"] if e["element_id"] == good["elements"][0]["element_id"]]
    assert any("REQUIRED_CATEGORY_MISSING" in line for line in semantic_errors(no_tech))
    empty = copy.deepcopy(good)
    empty["elements"][0]["variables"] = [{"id": "duration", "value": []}]
    assert any("INSTANCE_VARIABLE_VALUE_EMPTY" in line for line in semantic_errors(empty))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sensor_data())
def test_any_valid_sensor_makes_an_instance_upstream_accepts(data: dict) -> None:
    sensor, problems = read_sensor_data(data)
    assert sensor is not None, problems
    instance = datachain_instance(sensor, CREATED, updated_at=CREATED, revision=1)
    assert upstream_errors(instance) == []


def test_our_tagalog_is_published_as_filipino() -> None:
    result = load_register_file(str(SHIPPED))
    assert result.register is not None
    named = dataclasses.replace(result.register.sensors[0], name={"fr": "Capteur", "tl": "Sensor"})
    instance = datachain_instance(named, CREATED)
    assert {"locale": "fil", "value": "Sensor"} in instance["title"] and upstream_errors(instance) == []
