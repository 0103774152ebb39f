"""docs/technicians.md stays honest: every field documented, examples valid, messages real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dtpr_core.register import LOCATION_KEYS, ORGANISATION_KEYS, SENSOR_KEYS
from dtpr_core.yaml_source import load_register_text
from tests.domain.registers import HEAD, VALID, edited

DOC = (Path(__file__).resolve().parents[2] / "docs" / "technicians.md").read_text("utf-8")

# (replacement in the test register, or a whole text) -> the lines the doc quotes
ERROR_CASES: list[str] = [
    edited(("tech: [air_quality]", "tech: [air_qualty]")),
    edited(("purpose: [health]", "purpose: [air_quality]")),
    edited(("purpose: [health]", "purpose: [health, ecology, mobility, safety_security]")),
    edited(("{duration: {fr: 1 an, en: 1 year}}", "{duration: {fr: 1 an}}")),
    edited(("tech: [air_quality]", "tech: [identifiable_video]")),
    edited(("accountable: [alm]", "accountable: [ville_angers]")),
    edited(("    status: active", "    status: active\n    adress: Place du Ralliement")),
    edited(("    status: active", "    mounting: Hauteur: 3 m")),
    edited(("    status: active", "    status: active\n    status: planned")),
    edited(("installed_on: 2024-01-01", "installed_on: 12/03/2024")),
    edited(("name: {fr: Capteur de test, en: Test sensor}", "name: {en: Test sensor}")),
    VALID + VALID.split("sensors:\n")[1],
    VALID.replace("    status: active", "\tstatus: active"),
    edited(("status: active", "status: retired")),
    edited(
        ("tech: [air_quality]", "tech: [identifiable_video]"),
        ("data: [values_time]", "data: [personal, pixel_based_image]"),
        ("accountable: [alm]", "accountable: [ville-angers]"),
        ("    datachain:", "    legal_basis: public_task\n    datachain:"),
    ),
    edited(("    datachain:", "    legal_basis: legitimate_interests\n    datachain:")),
    edited(("    datachain:", "    legal_basis: consent\n    datachain:")),
    edited(
        ("tech: [air_quality]", "tech: [identifiable_video]"),
        ("data: [values_time]", "data: [personal, pixel_based_image]"),
        ("purpose: [health]", "purpose: [mobility, safety_security]"),
        ("    datachain:", "    legal_basis: public_task\n    datachain:"),
    ),
    edited(
        (
            "    location: {lat: 47.47, lon: -0.55}",
            "    description: Dispositif de caractérisation de la concentration atmosphérique des particules fines, "
            "permettant l'évaluation de l'exposition des populations riveraines.\n"
            "    location: {lat: 47.47, lon: -0.55}",
        )
    ),
    edited(
        (
            "    location: {lat: 47.47, lon: -0.55}",
            "    description: Mesure les particules fines dans l'air de la place, au-dessus du marché, pour savoir "
            "ce que respirent les riverains et les passants, le matin comme le soir.\n"
            "    location: {lat: 47.47, lon: -0.55}",
        )
    ),
    edited(("    status: active", "    status: active\n    network: {lorawan: {dev_eui: 70B3D57ED000123}}")),
    edited(("    status: active", "    status: active\n    network: {lorawan: {dev_eui: 70B3D57ED0001234}}"))
    + edited(("    status: active", "    status: active\n    network: {lorawan: {dev_eui: 70b3d57ed0001234}}"))
    .split("sensors:\n")[1]
    .replace("ANG-T-0001", "ANG-T-0002"),
    edited(("    status: active", "    status: active\n    network: {lorawan: {dev_eui: 0004123400001234}}")),
]


@pytest.mark.parametrize("keys", [SENSOR_KEYS, LOCATION_KEYS, ORGANISATION_KEYS])
def test_every_field_has_a_table_row(keys: tuple[str, ...]):
    for key in keys:
        assert f"| `{key}` |" in DOC, f"docs/technicians.md does not document `{key}`"


@pytest.mark.parametrize("text", ERROR_CASES)
def test_quoted_messages_are_what_the_validator_prints(text: str):
    lines = [problem.format("s.yaml") for problem in load_register_text(text).problems]
    assert lines
    for line in lines:
        assert f"\n{line}\n" in DOC, f"docs/technicians.md should quote: {line}"


def test_the_annotated_example_is_valid():
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL) if "- id: ANG-PC-0001" in b)
    result = load_register_text(HEAD + block)
    assert result.ok and result.problems == [], [p.message for p in result.problems]


def test_the_example_is_the_one_in_the_register():
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL) if "- id: ANG-PC-0001" in b)
    register = (Path(__file__).resolve().parents[2] / "sensors.yaml").read_text("utf-8")

    def strip(text: str) -> list[str]:
        """Lines without comments, blank and comment-only lines dropped."""
        return [line.split(" #")[0].rstrip() for line in text.splitlines() if line.strip()[:1] not in ("", "#")]

    example = strip(block)
    start = strip(register).index(example[0])
    assert strip(register)[start : start + len(example)] == example
