"""Small register texts for the domain tests, and helpers to find a problem and its line."""

from __future__ import annotations

from dtpr_core.errors import Problem
from dtpr_core.yaml_source import RegisterResult, load_register_text

HEAD = """\
version: 1
organisations:
  alm: {name: Angers Loire Métropole, kind: institution, data_protection: {email: dpo@alm.example.fr}}
  ville-angers: {name: Ville d'Angers, kind: institution}
sensors:
"""

SENSOR = """\
  - id: ANG-T-0001
    name: {fr: Capteur de test, en: Test sensor}
    location: {lat: 47.47, lon: -0.55}
    status: active
    installed_on: 2024-01-01
    accountable: [alm]
    datachain:
      purpose: [health]
      tech: [air_quality]
      data: [values_time]
      retention:
        - element: data_retained
          variables: {duration: {fr: 1 an, en: 1 year}}
      storage: [stored_locally]
"""

VALID = HEAD + SENSOR


def edited(*replacements: tuple[str, str], base: str = VALID) -> str:
    """*base* with each (old, new) replaced once; fails loudly when *old* is not there."""
    text = base
    for old, new in replacements:
        assert old in text, f"{old!r} not in the register"
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line of *text* containing *needle*."""
    lines = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def problems(result: RegisterResult, severity: str | None = None) -> list[Problem]:
    return [p for p in result.problems if severity is None or p.severity == severity]


def the_problem(text: str, fragment: str, severity: str = "error") -> Problem:
    """Load *text* and return the one problem of *severity* whose message holds *fragment*."""
    result = load_register_text(text)
    found = [p for p in problems(result, severity) if fragment in p.message]
    assert len(found) == 1, [(p.severity, p.message) for p in result.problems]
    if severity == "error":
        assert not result.ok and result.register is None
    return found[0]
