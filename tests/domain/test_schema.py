"""The committed JSON Schema is the generated one, and it agrees with the validator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from dtpr_core.schema import SCHEMA_PATH, register_json_schema, schema_text
from dtpr_core.yaml_source import load_register_text

ROOT = Path(__file__).resolve().parents[2]

GOOD_SENSOR = """\
  - id: ANG-T-1
    name: {fr: Capteur, en: Sensor}
    location: {lat: 47.47, lon: -0.55}
    accountable: [alm]
    datachain:
      purpose: [health]
      tech: [air_quality]
      retention:
        - element: data_retained
          variables: {duration: {fr: 1 an, en: 1 year}}
"""
HEAD = "version: 1\norganisations:\n  alm: {name: Angers Loire Métropole, kind: institution}\nsensors:\n"


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(register_json_schema(), format_checker=jsonschema.FormatChecker())


def _plain(text: str) -> Any:
    """YAML -> JSON-compatible data (dates become ISO strings), as an editor sees it."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def test_committed_schema_is_the_generated_one():
    committed = (ROOT / SCHEMA_PATH).read_text("utf-8")
    assert committed == schema_text(), "run: python -m dtpr_core.schema"


def test_schema_is_valid_draft_2020_12_and_lists_element_ids():
    schema = register_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "air_quality" in schema["$defs"]["tech_element"]["enum"]
    assert "health" in schema["$defs"]["purpose_element"]["enum"]
    assert "health" not in schema["$defs"]["tech_element"]["enum"]
    sensor = schema["$defs"]["sensor"]
    assert sensor["additionalProperties"] is False
    assert all("description" in field for field in sensor["properties"].values())


def test_modeline_is_the_first_line_of_the_register():
    first = (ROOT / "sensors.yaml").read_text("utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=./{SCHEMA_PATH}"


def test_real_register_validates_against_schema_and_validator():
    text = (ROOT / "sensors.yaml").read_text("utf-8")
    errors = [e.message for e in _validator().iter_errors(_plain(text))]
    assert errors == []
    result = load_register_text(text)
    assert result.ok, [p.message for p in result.problems if p.is_error]
    assert result.register is not None and len(result.register.sensors) >= 18


def test_good_minimal_register_passes_both():
    text = HEAD + GOOD_SENSOR
    assert list(_validator().iter_errors(_plain(text))) == []
    assert load_register_text(text).ok


BAD = {
    "unknown sensor key": (GOOD_SENSOR + "    colour: red\n", "unknown key 'colour'"),
    "unknown element": (GOOD_SENSOR.replace("[health]", "[helth]"), "unknown DTPR element 'helth'"),
    "element in the wrong category": (GOOD_SENSOR.replace("[health]", "[air_quality]"), "is a tech element"),
    "four purposes": (
        GOOD_SENSOR.replace("[health]", "[health, ecology, mobility, safety_security]"),
        "at most 3 purposes",
    ),
    "latitude out of range": (GOOD_SENSOR.replace("lat: 47.47", "lat: 147.47"), "between -90 and 90"),
    "bad status": (GOOD_SENSOR + "    status: broken\n", "status must be one of"),
    "bad sensor id": (GOOD_SENSOR.replace("ANG-T-1", "ANG T 1"), "must match"),
    "no French name": (GOOD_SENSOR.replace("{fr: Capteur, en: Sensor}", "{en: Sensor}"), "needs a French text"),
    "missing datachain": (GOOD_SENSOR.split("    datachain:")[0], "missing the required key 'datachain'"),
    "bad legal basis": (GOOD_SENSOR + "    legal_basis: because\n", "legal_basis must be one of"),
    "unknown language": (GOOD_SENSOR.replace("en: Sensor", "de: Sensor"), "unknown language 'de'"),
    "bad e-mail": (
        GOOD_SENSOR.replace("accountable: [alm]", "accountable: [{key: x, name: X, contact: {email: nobody}}]"),
        "is not an e-mail address",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_registers_are_rejected_by_schema_and_validator(case: str):
    sensor, message = BAD[case]
    text = HEAD + sensor
    assert list(_validator().iter_errors(_plain(text))), f"schema accepted: {case}"
    result = load_register_text(text)
    assert not result.ok
    assert any(message in p.message for p in result.problems if p.is_error), [p.message for p in result.problems]


@pytest.mark.parametrize(
    "text",
    [
        "sensors: []\nextra: 1\n",
        "version: 2\nsensors: []\n",
        "organisations: {ALM: {name: X}}\nsensors: []\n",
        "organisations: {alm: {name: X, colour: red}}\nsensors: []\n",
        "organisations: {}\n",
    ],
)
def test_bad_top_levels_are_rejected_by_both(text: str):
    assert list(_validator().iter_errors(_plain(text)))
    assert not load_register_text(text).ok
