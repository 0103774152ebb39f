"""The register as a table, one row a sensor: the ``dtpr`` preset's columns, so it imports back.

The columns are named once, in ``presets/dtpr.yaml``: the export writes what that
mapping reads, in its order.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from typing import IO, Any

import openpyxl

from dtpr_core.model import Organisation, Register, Sensor
from dtpr_import.mapping import load_preset, template_columns

EXPORT_FORMATS = ("csv", "xlsx")
NUMBER_COLUMNS = ("location.lat", "location.lon")


def _elements(sensor: Sensor, key: str) -> str:
    free_duration = key == "retention" and not sensor.kept  # a duration from kept is not the table's
    return ";".join(s.element_id for s in sensor.elements(key) if not (free_duration and s.variables))


def _duration(sensor: Sensor, locale: str) -> str:
    if sensor.kept:
        return ""  # the kept.<kind> columns hold it
    kept = next((s for s in sensor.elements("retention") if s.variables.get("duration")), None)
    return kept.variables["duration"].get(locale, "") if kept else ""


def _recipients(sensor: Sensor, locale: str) -> str:
    """The codes (``locale`` empty), or the free texts in *locale*: codes are said first."""
    codes = sensor.recipient_codes or ("",) * len(sensor.recipients)
    if not locale:
        return ";".join(code for code in codes if code)
    return ";".join(text.get(locale, "") for code, text in zip(codes, sensor.recipients, strict=True) if not code)


def _roles(sensor: Sensor, organisations: Mapping[str, Organisation]) -> str:
    """For each accountable organisation, the role given for this sensor only (empty: its own)."""
    roles = [org.role_code if organisations.get(org.key) != org else "" for org in sensor.accountable]
    return ";".join(roles) if any(roles) else ""


def cell(sensor: Sensor, target: str, organisations: Mapping[str, Organisation] | None = None) -> Any:
    """The value of one register field of *sensor*, as the ``dtpr`` table holds it."""
    head, _, rest = target.partition(".")
    if head in ("name", "description", "purpose"):
        return getattr(sensor, head).get(rest, "")
    if head == "retention":
        return _duration(sensor, rest)
    if head == "location":
        return getattr(sensor.location, rest)
    if head == "datachain":
        return _elements(sensor, rest)
    if head == "kept":
        return next((item.as_text() for item in sensor.kept if item.data == rest), "")
    if head == "recipients":
        return _recipients(sensor, rest)
    if head == "legal_ground":
        return ";".join(sensor.legal_grounds)
    if head == "automated_decisions":
        return "true" if sensor.automated_decisions else ""
    if head == "role":
        return _roles(sensor, organisations or {})
    if head == "accountable":
        return ";".join(org.key for org in sensor.accountable)
    value = getattr(sensor, head)
    return value.isoformat() if hasattr(value, "isoformat") else (value or "")


def export_rows(register: Register) -> Iterator[list[Any]]:
    """The header, then one row a sensor (numbers as numbers, the rest as text)."""
    preset = load_preset("dtpr")
    (id_column,) = template_columns(preset.id_template)
    yield [id_column, *(f.columns[0] for f in preset.fields)]
    for sensor in register.sensors:
        yield [sensor.id, *(cell(sensor, f.to, register.organisations) for f in preset.fields)]


def _text(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def write_csv(register: Register, out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    count = -1
    for count, row in enumerate(export_rows(register)):  # noqa: B007 - the count is the result
        writer.writerow([_text(value) for value in row])
    return count


def write_xlsx(register: Register, out: IO[bytes] | str, sheet: str = "Register") -> int:
    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    count = -1
    for count, row in enumerate(export_rows(register)):  # noqa: B007 - the count is the result
        worksheet.append(row)
    workbook.save(out)
    return count
