"""Property tests: the register never crashes, valid registers round-trip, ordering is stable."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtpr_core.register import dump_register, read_sensor_alike, read_sensor_data, sensor_to_data, shared_part
from dtpr_core.rules import personal_first
from dtpr_core.yaml_source import RegisterResult, load_register_text
from tests.strategies import (
    PERSONAL_TECH,
    TAXONOMY,
    broken_register_data,
    nested_data,
    register_data,
    sensor_data,
    tech_selections,
    yamlish_texts,
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEAVY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def to_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def assert_well_formed(result: RegisterResult) -> None:
    errors = [p for p in result.problems if p.is_error]
    if result.ok:
        assert result.register is not None and not errors
    else:
        assert errors, "an invalid register must say why"
    for problem in result.problems:
        assert problem.line is not None and problem.line >= 1
        assert problem.column is not None and problem.column >= 1
        assert problem.message.strip()
        assert problem.severity in ("error", "warning")


# (a) never crash, always located ──────────────────────────────────────────────


@FAST
@given(st.text(max_size=300))
def test_any_text_is_answered_with_located_problems(text: str):
    assert_well_formed(load_register_text(text))


@FAST
@given(yamlish_texts)
def test_yamlish_text_is_answered_with_located_problems(text: str):
    assert_well_formed(load_register_text(text))


@FAST
@given(nested_data)
def test_any_yaml_data_is_answered_with_located_problems(data: Any):
    assert_well_formed(load_register_text(to_yaml(data)))
    assert_well_formed(load_register_text(to_yaml({"sensors": [data]})))


@HEAVY
@given(broken_register_data())
def test_registers_with_one_wrong_value_are_answered_with_located_problems(data: Any):
    assert_well_formed(load_register_text(to_yaml(data)))


# (b) valid registers load, and load -> dump -> load is an identity ────────────


@HEAVY
@given(register_data())
def test_valid_registers_round_trip(data: dict[str, Any]):
    first = load_register_text(to_yaml(data))
    assert first.ok, [p.message for p in first.problems if p.is_error]
    assert first.register is not None
    second = load_register_text(to_yaml(dump_register(first.register)))
    assert second.ok and second.register == first.register
    assert [p for p in second.problems if "reordered" in p.message] == []


# (c) identifiable and de-identified technologies first, idempotent ────────────


@FAST
@given(tech_selections)
def test_personal_first_is_idempotent_and_puts_personal_tech_first(selections):
    once = personal_first(selections, TAXONOMY)
    assert personal_first(once, TAXONOMY) == once
    assert [s.priority for s in once] == list(range(len(selections)))
    personal = [s.element_id in PERSONAL_TECH for s in once]
    assert personal == sorted(personal, reverse=True)
    assert sorted(s.element_id for s in once) == sorted(s.element_id for s in selections)


# (d) the JSON path round-trips ────────────────────────────────────────────────


@HEAVY
@given(sensor_data())
def test_json_sensor_round_trips(data: dict[str, Any]):
    sensor, problems = read_sensor_data(json.loads(json.dumps(data, default=str)))
    assert sensor is not None, [p.message for p in problems if p.is_error]
    again, problems = read_sensor_data(json.loads(json.dumps(sensor_to_data(sensor))))
    assert again == sensor and not [p for p in problems if p.is_error]


# (e) a stored sensor read "alike" (its shared part checked once) is read as in full ─────


OWN_FIELDS = ("id", "name", "description", "location", "status", "installed_on", "retired_on", "mounting")


@st.composite
def alike_pairs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A stored sensor, and another with its shared part and its own fields, sometimes broken."""
    first = json.loads(json.dumps(draw(sensor_data()), default=str))
    other = json.loads(json.dumps(draw(sensor_data()), default=str))
    second = {key: value for key, value in first.items() if key not in OWN_FIELDS}
    second.update({key: value for key, value in other.items() if key in OWN_FIELDS})
    second["name"] = {locale: f"{text} (2)" for locale, text in first["name"].items()}  # alike: same languages
    if draw(st.booleans()):
        key = draw(st.sampled_from(OWN_FIELDS))
        second[key] = json.loads(json.dumps(draw(nested_data), default=str))
    return first, second


@HEAVY
@given(alike_pairs())
def test_a_sensor_read_alike_is_read_as_in_full(pair: tuple[dict[str, Any], dict[str, Any]]):
    first, second = pair
    alike, _ = read_sensor_data(first)
    assert alike is not None
    name = second.get("name")
    assert shared_part(first) == shared_part(second) or not isinstance(name, dict) or tuple(name) != alike.locales
    full, full_problems = read_sensor_data(second)
    fast, fast_problems = read_sensor_alike(second, alike)
    assert fast == full
    if full is None:
        errors = [p for p in fast_problems if p.is_error]
        assert errors and all(p.message for p in errors), "a refused sensor must say why"
    else:
        assert not [p for p in fast_problems if p.is_error]
        assert {p.message for p in fast_problems} <= {p.message for p in full_problems}
