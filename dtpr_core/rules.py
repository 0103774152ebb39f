"""The DTPR rules upstream does not enforce and we do (GUIDE §1, §4).

:func:`check_sensor` returns the sensor with its datachain in normal order and the
problems found; paths are relative to the sensor.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from dtpr_core._reader import suggest
from dtpr_core.errors import Problem
from dtpr_core.model import ElementSelection, Sensor
from dtpr_core.privacy_rules import check_privacy, collects_personal_data
from dtpr_core.taxonomy import CATEGORY_KEYS, Taxonomy, load_taxonomy

MAX_PURPOSES = 3


def personal_first(selections: tuple[ElementSelection, ...], taxonomy: Taxonomy) -> tuple[ElementSelection, ...]:
    """Tech elements with identifiable or de-identified data first, then by priority.

    Priorities are renumbered 0..n-1, so applying it twice changes nothing.
    """

    def rank(item: tuple[int, ElementSelection]) -> tuple[int, int, int]:
        index, selection = item
        element = taxonomy.elements.get(selection.element_id)
        personal = element is not None and element.collects_personal_data
        return (0 if personal else 1, selection.priority, index)

    ordered = [selection for _, selection in sorted(enumerate(selections), key=rank)]
    return tuple(dataclasses.replace(selection, priority=i) for i, selection in enumerate(ordered))


def check_datachain(
    datachain: dict[str, tuple[ElementSelection, ...]], locales: tuple[str, ...], taxonomy: Taxonomy | None = None
) -> list[Problem]:
    """Element ids known, each in its own category, once, with its variables in every language."""
    taxonomy = taxonomy or load_taxonomy()
    problems: list[Problem] = []
    for key, selections in datachain.items():
        seen: set[str] = set()
        for index, selection in enumerate(selections):
            path = ("datachain", key, index)
            element = taxonomy.elements.get(selection.element_id)
            if element is None:
                hint = suggest(selection.element_id, taxonomy.category_by_key(key).element_ids)
                hint = hint or suggest(selection.element_id, taxonomy.elements)
                problems.append(Problem("error", f"unknown DTPR element '{selection.element_id}' in {key}{hint}", path))
                continue
            if element.category_id != CATEGORY_KEYS[key]:
                home = taxonomy.category(element.category_id).key
                problems.append(
                    Problem(
                        "error",
                        f"'{element.id}' is a {home} element, not a {key} one: list it under datachain.{home}",
                        path,
                    )
                )
            if element.id in seen:
                problems.append(Problem("error", f"'{element.id}' is listed twice in {key}", path))
            seen.add(element.id)
            _check_variables(locales, selection, element.variables, path, problems)
    return problems


def _check_variables(
    locales: tuple[str, ...],
    selection: ElementSelection,
    needed: tuple[str, ...],
    path: tuple[str | int, ...],
    problems: list[Problem],
) -> None:
    for name in needed:
        values = selection.variables.get(name, {})
        missing = [locale for locale in locales if not values.get(locale)]
        if missing:
            example = "{fr: 30 jours, en: 30 days}"
            problems.append(
                Problem(
                    "error",
                    f"'{selection.element_id}' needs its {name} in every language of the sensor "
                    f"(missing: {', '.join(missing)}); add variables: {{{name}: {example}}}",
                    path,
                )
            )
    for name in selection.variables:
        if name not in needed:
            problems.append(
                Problem("error", f"'{selection.element_id}' takes no variable '{name}'", (*path, "variables"))
            )


def _check_counts(sensor: Sensor, problems: list[Problem]) -> None:
    purposes = sensor.elements("purpose")
    if not purposes:
        problems.append(Problem("error", "a sensor needs at least one purpose (why it is there)", ("datachain",)))
    elif len(purposes) > MAX_PURPOSES:
        problems.append(
            Problem(
                "error",
                f"at most {MAX_PURPOSES} purposes, most important first; found {len(purposes)}",
                ("datachain", "purpose", MAX_PURPOSES),
            )
        )
    if not sensor.accountable:
        problems.append(Problem("error", "a sensor needs at least one accountable organisation", ("accountable",)))
    if not sensor.elements("tech"):
        problems.append(
            Problem("error", "a sensor needs at least one technology element (datachain.tech)", ("datachain",))
        )
    keys = [org.key for org in sensor.accountable]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            problems.append(
                Problem("error", f"organisation '{key}' is listed twice in accountable", ("accountable", index))
            )


def _check_retention(sensor: Sensor, taxonomy: Taxonomy, problems: list[Problem]) -> None:
    retention = {s.element_id for s in sensor.elements("retention")}
    if not retention and not collects_personal_data(sensor, taxonomy):  # else an error, see privacy_rules
        problems.append(Problem("warning", "datachain.retention is empty: say how long data is kept", ("datachain",)))
    if {"data_retained", "no_data_retained"} <= retention:
        problems.append(
            Problem("error", "retention cannot be both data_retained and no_data_retained", ("datachain", "retention"))
        )
    if retention == {"no_data_retained"} and sensor.elements("storage"):
        problems.append(
            Problem(
                "warning", "no_data_retained, yet datachain.storage says where data is stored", ("datachain", "storage")
            )
        )


def check_lifecycle(sensor: Sensor) -> list[Problem]:
    """The problems with a sensor's status and dates (its own, not its datachain's)."""
    return lifecycle_problems(sensor.status, sensor.installed_on, sensor.retired_on)


def lifecycle_problems(status: str, installed_on: date | None, retired_on: date | None) -> list[Problem]:
    """:func:`check_lifecycle` from the three fields it reads."""
    problems: list[Problem] = []
    if retired_on and installed_on and retired_on < installed_on:
        problems.append(Problem("error", "retired_on is before installed_on", ("retired_on",)))
    if status == "retired" and retired_on is None:
        problems.append(Problem("warning", "status is retired: add retired_on (YYYY-MM-DD)", ("status",)))
    if status != "retired" and retired_on is not None:
        problems.append(Problem("warning", f"retired_on is set but status is {status}", ("retired_on",)))
    return problems


def check_sensor(
    sensor: Sensor, taxonomy: Taxonomy | None = None, *, stored: bool = False
) -> tuple[Sensor, list[Problem]]:
    """The sensor with its technologies in DTPR order, and every problem found.

    *stored*: the sensor was accepted before (read back from the database); the GDPR
    rules added since then warn rather than refuse it (see :func:`check_privacy`)."""
    taxonomy = taxonomy or load_taxonomy()
    problems = check_datachain(sensor.datachain, sensor.locales, taxonomy)
    _check_counts(sensor, problems)
    problems.extend(check_privacy(sensor, taxonomy, strict=not stored))
    _check_retention(sensor, taxonomy, problems)
    problems.extend(check_lifecycle(sensor))
    tech = sensor.elements("tech")
    ordered = personal_first(tech, taxonomy)
    if [s.element_id for s in ordered] != [s.element_id for s in tech]:
        problems.append(
            Problem(
                "warning",
                "identifiable and de-identified technologies are shown first: datachain.tech was reordered to "
                + ", ".join(s.element_id for s in ordered),
                ("datachain", "tech"),
            )
        )
    if ordered != tech:
        sensor = dataclasses.replace(sensor, datachain={**sensor.datachain, "tech": ordered})
    return sensor, problems
