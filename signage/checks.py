"""Refuse to print a wrong sign: every reason a datachain cannot make a DTPR sign."""

from __future__ import annotations

import re

from dtpr_core import Sensor, check_sensor, load_taxonomy
from dtpr_core.taxonomy import element_title
from signage.options import SignError

_UNRESOLVED = re.compile(r"\{\{|\}\}|…")


def _element_problems(sensor: Sensor, langs: tuple[str, ...]) -> list[str]:
    taxonomy = load_taxonomy()
    problems = []
    for key, selections in sensor.datachain.items():
        for selection in selections:
            element = taxonomy.elements.get(selection.element_id)
            if element is None:
                problems.append(f"unknown DTPR element '{selection.element_id}' in datachain.{key}")
                continue
            for lang in langs:
                if _UNRESOLVED.search(element_title(element, lang, selection.variables)):
                    problems.append(
                        f"'{selection.element_id}' has an unresolved variable in {lang}: "
                        f"give variables {list(element.variables)} a value"
                    )
    return problems


def check_printable(sensor: Sensor, langs: tuple[str, ...] = ("fr",)) -> list[str]:
    """Every reason *sensor* cannot be printed (empty when it can), each with how to fix it."""
    _, problems = check_sensor(sensor)
    found = [problem.message for problem in problems if problem.is_error]
    if not sensor.elements("purpose"):
        found.append("no purpose: add datachain.purpose (why the sensor is there)")
    if not sensor.accountable:
        found.append("no accountable organisation: add accountable (who answers for it)")
    if not sensor.elements("tech"):
        found.append("no technology: add datachain.tech (what the sensor is)")
    if not any(sensor.name.get(lang) for lang in ("fr", *langs)):
        found.append("no name: give the sensor a name in French")
    found.extend(_element_problems(sensor, langs))
    return list(dict.fromkeys(found))


def ensure_printable(sensor: Sensor, langs: tuple[str, ...] = ("fr",)) -> None:
    problems = check_printable(sensor, langs)
    if problems:
        raise SignError(f"sensor {sensor.id}: cannot print its sign: " + "; ".join(problems))
