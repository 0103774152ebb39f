"""The import: sheets + mapping + the register's text -> a report and the merged text.

Framework-free: ``dtpr import`` and the staff console's "import a file" page both call
:func:`import_sheets`. Nothing is written here; the caller decides what to do with
:attr:`ImportReport.after`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dtpr_core.model import Register, Sensor
from dtpr_core.register import (
    SENSOR_KEYS,
    organisation_to_data,
    read_sensor_alike,
    read_sensor_data,
    sensor_to_data,
    shared_part,
)
from dtpr_core.yaml_source import load_register_text
from dtpr_import.alike import AlikeRows
from dtpr_import.convert import CellProblem, Converted, RowConverter, ordered
from dtpr_import.drafts import draft_of
from dtpr_import.header import HeaderSearch
from dtpr_import.mapping import ImportMapping, MappingError
from dtpr_import.merge import MergedRegister, NewSensor, existing_data
from dtpr_import.organisations import Organisations, key_value_sheet
from dtpr_import.problems import RULE_KINDS, ProblemKind, SkipReason
from dtpr_import.report import ImportReport
from dtpr_import.tables import Sheet, trimmed

MAX_ALIKE = 1024
"""Sensors kept to validate the rows declared alike (same datachain, organisations, privacy fields) at once."""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    update: bool = False
    """Replace the mapped fields of a sensor already in the register (else it is refused)."""
    draft: bool = False
    """Write a row that is not a valid sensor as ``status: planned``, its problems in a comment."""
    register_name: str = "sensors.yaml"
    progress: Callable[[str, int], None] | None = None
    """Called after each block of rows with the sheet's name and the rows read so far (a long import shows it)."""
    alike: bool = True
    """Import rows declared alike a block at a time (:mod:`dtpr_import.alike`); ``False`` sends every row
    through the whole conversion and check, one by one (the reference the fast path is tested against)."""


class _Run:
    """One import's state: ids seen, organisations, the sensors to add or update, the report."""

    def __init__(self, mapping: ImportMapping, register: Register | None, before: str, options: ImportOptions) -> None:
        self.mapping, self.options = mapping, options
        self.register_sensors = {s.id: s for s in register.sensors} if register else {}
        self.raw_sensors = _raw_sensors(before)
        self.organisations = Organisations(_organisations_data(register))
        self.report = ImportReport(before=before, register_name=options.register_name)
        self.seen: dict[str, dict[str, int]] = {}
        """Sheet name -> the ids its rows gave -> the row that gave each."""
        self.merged = MergedRegister(before)
        self.updates: dict[str, dict[str, Any]] = {}
        self.alike: dict[str, Sensor] = {}
        self.constant_orgs = [self.organisations.declare(key, data) for key, data in mapping.organisations.items()]
        self.sheet_org: str | None = None
        self.empty = 0
        self.sheets_skipped: list[MappingError] = []
        """Why each sheet without the mapped columns was skipped (an error if every sheet is)."""

    def read_organisation_sheet(self, sheets: Sequence[Sheet]) -> list[Sheet]:
        spec = self.mapping.organisation_sheet
        if spec is None:
            return list(sheets)
        rest = []
        for sheet in sheets:
            if sheet.name.casefold() == spec.sheet.casefold():
                self.sheet_org = self.organisations.from_fields(key_value_sheet(sheet, spec.fields), spec.kind)
            else:
                rest.append(sheet)
        return rest

    def read_sheet(self, sheet: Sheet, among_others: bool = False) -> None:
        """Import *sheet*'s rows; one that is not a table of sensors is skipped when *among_others*."""
        converter: RowConverter | None = None
        alike: AlikeRows | None = None
        search = HeaderSearch(self.mapping.columns(), self.mapping.repeat)
        self.seen.setdefault(sheet.name, {})
        self.empty = 0  # empty rows are counted once data follows them (a workbook's tail is not news)
        number = 0
        for block in sheet.blocks:
            first, number = number + 1, number + len(block)
            if self.options.progress is not None:
                self.options.progress(sheet.name, number)
            if alike is not None and alike.take(first, block):
                continue
            for offset, raw in enumerate(block):
                cells = trimmed(raw)
                if not any(cells):
                    self.empty += 1
                    continue
                self.data_follows()
                if converter is None:
                    header = search.offer(first + offset, cells)
                    if header is None:
                        if search.given_up:
                            self._no_header(sheet, search, among_others)
                            return
                        continue
                    self.report.skip(SkipReason.ABOVE_HEADER, search.tried)
                    converter = RowConverter(self.mapping, header, sheet.file, sheet.name)
                    alike = AlikeRows.of(self, converter) if self.options.alike else None
                    if alike is not None and alike.take(first + offset + 1, block[offset + 1 :]):
                        break
                    continue
                self.exact_row(converter, first + offset, cells)
        if converter is None:
            self._no_header(sheet, search, among_others)

    def data_follows(self) -> None:
        self.report.skip(SkipReason.EMPTY_ROWS, self.empty)
        self.empty = 0

    def exact_row(self, converter: RowConverter, number: int, cells: list[str]) -> dict[str, Any] | None:
        """One row through the whole conversion and check; the data of the sensor it added, if one."""
        self.report.read += 1
        added = None
        for group in range(self.mapping.repeat):
            if group and converter.group_is_empty(cells, group):
                continue
            added = self.row(converter, converter.convert(number, cells, group), number, cells)
        return added

    def _no_header(self, sheet: Sheet, search: HeaderSearch, among_others: bool) -> None:
        if among_others and search.names_none:
            self.report.skip(SkipReason.OTHER_SHEET)
            self.report.other_sheets.append(sheet.name)
            self.sheets_skipped.append(search.error(sheet.file, sheet.name))
            return
        raise search.error(sheet.file, sheet.name)

    def _accountable(self, converter: RowConverter, converted: Converted, cells: list[str]) -> None:
        assert converted.data is not None
        keys = [k for k in (self.sheet_org, *self.constant_orgs) if k]
        columns = self.mapping.organisation_columns
        if columns:
            fields = {name: converter.header.cell(cells, column, converted.group) for name, column in columns.items()}
            row_org = self.organisations.from_fields(fields)
            if row_org and row_org not in keys:  # the row may name an organisation the mapping gives too
                keys.append(row_org)
                converted.sources.setdefault("accountable", columns["name"])
        listed = converted.data.setdefault("accountable", [])
        listed[:0] = [k for k in keys if k not in listed]

    def row(
        self, converter: RowConverter, converted: Converted, number: int, cells: list[str]
    ) -> dict[str, Any] | None:
        """One sensor of a row: added, updated or refused; the data of the sensor added, if one."""
        if converted.data is not None:
            self._accountable(converter, converted, cells)
        sensor_id = converted.sensor_id
        if sensor_id is not None and not self._fresh(sensor_id, converted, number):
            return None
        if converted.data is None:
            self._refuse(converted, converted.problems)
            return None
        existing = self.raw_sensors.get(str(sensor_id))
        data = _merged(existing, converted.data) if existing else ordered(converted.data, SENSOR_KEYS)
        sensor, problems = self._validate(converted, data)
        if sensor is None:
            self._refuse(converted, converted.problems + problems)
        elif existing is None:
            self.merged.add(NewSensor(data))
            self.report.imported.append(sensor.id)
            return data
        else:
            self._update(sensor, converted, data)
        return None

    def first_seen(self, sensor_id: str) -> str | None:
        """Where the file gave *sensor_id* before (``Sheet row 12``), if it did."""
        return next((f"{sheet} row {ids[sensor_id]}" for sheet, ids in self.seen.items() if sensor_id in ids), None)

    def _fresh(self, sensor_id: str, converted: Converted, number: int) -> bool:
        first = self.first_seen(sensor_id)
        if first is not None:
            message = f"duplicate id '{sensor_id}' in the file (first at {first})"
            self.report.refuse([_at(converted, "id", message, ProblemKind.DUPLICATE)])
            return False
        self.seen[converted.sheet][sensor_id] = number
        return True

    def _validate(self, converted: Converted, data: Mapping[str, Any]) -> tuple[Sensor | None, list[CellProblem]]:
        inline = _with_inline_organisations(data, self.organisations.all())
        key = shared_part(inline)
        alike = self.alike.get(key)
        sensor, problems = read_sensor_alike(inline, alike) if alike else read_sensor_data(inline)
        if sensor is not None and alike is None:
            if len(self.alike) >= MAX_ALIKE:  # rows that share nothing must not keep every sensor
                del self.alike[next(iter(self.alike))]
            self.alike[key] = sensor
        found = [
            _at(
                converted,
                converted.column_of(p.path),
                f"{p.field}: {p.message}" if p.path else p.message,
                RULE_KINDS.get(p.rule, ProblemKind.REGISTER_RULE),
            )
            for p in problems
            if p.is_error
        ]
        return sensor, found

    def _refuse(self, converted: Converted, problems: list[CellProblem]) -> None:
        self.report.refuse(problems)
        if self.options.draft and converted.data is not None and converted.sensor_id not in self.raw_sensors:
            self.merged.add(draft_of(ordered(converted.data, SENSOR_KEYS), problems))
            self.report.drafts.append(str(converted.sensor_id))

    def _update(self, sensor: Sensor, converted: Converted, data: dict[str, Any]) -> None:
        assert converted.data is not None
        if self.register_sensors[sensor.id] == sensor:
            self.report.skip(SkipReason.UNCHANGED)
        elif self.options.update:
            if sensor.kept and isinstance(data.get("datachain"), dict):  # durations derived from kept: not written
                retention = sensor_to_data(sensor)["datachain"].get("retention", [])
                data = {**data, "datachain": {**data["datachain"], "retention": retention}}
            self.updates[sensor.id] = {key: data[key] for key in converted.data if key != "id"}
            self.report.updated.append(sensor.id)
        else:
            message = (
                f"'{sensor.id}' is already in {self.options.register_name} and differs; "
                "use --update to replace its mapped fields"
            )
            self.report.refuse([_at(converted, "id", message, ProblemKind.IN_REGISTER)])


def _merged(existing: Mapping[str, Any], mapped: Mapping[str, Any]) -> dict[str, Any]:
    """The register's entry with the mapped fields replaced; an organisation kept keeps its role."""
    merged = {**existing, **mapped}
    if "accountable" in mapped:
        before = {_organisation_of(item): item for item in existing.get("accountable") or []}
        merged["accountable"] = [before.get(key, key) if isinstance(key, str) else key for key in mapped["accountable"]]
    return ordered(merged, SENSOR_KEYS)


def _organisation_of(item: object) -> object:
    if isinstance(item, Mapping):
        return item.get("organisation", item.get("key"))
    return item


def _at(converted: Converted, column: str, message: str, kind: ProblemKind) -> CellProblem:
    name = converted.sources.get("id", "-") if column == "id" else column
    return CellProblem(converted.file, converted.sheet, converted.row, name, message, kind)


def _raw_sensors(before: str) -> dict[str, Mapping[str, Any]]:
    listed = existing_data(before).get("sensors") or []
    return {str(item["id"]): item for item in listed if isinstance(item, Mapping) and "id" in item}


def _organisations_data(register: Register | None) -> dict[str, Mapping[str, Any]]:
    if register is None:
        return {}
    return {key: organisation_to_data(org) for key, org in register.organisations.items()}


def _with_inline_organisations(data: Mapping[str, Any], known: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """*data* with each organisation it names written in full (as a JSON body has them)."""
    inline = dict(data)
    listed = []
    for item in data.get("accountable") or []:
        key = item.get("organisation") if isinstance(item, Mapping) and "key" not in item else item
        if isinstance(key, str) and key in known:
            role = item.get("role") if isinstance(item, Mapping) else None
            listed.append({"key": key, **known[key], **({"role": role} if role else {})})
        else:
            listed.append(item)
    inline["accountable"] = listed
    return inline


def import_sheets(
    sheets: Iterable[Sheet], mapping: ImportMapping, before: str, options: ImportOptions | None = None
) -> ImportReport:
    """Import *sheets* into the register whose text is *before*; raises :class:`MappingError` on a usage error."""
    options = options or ImportOptions()
    register: Register | None = None
    if before.strip():
        loaded = load_register_text(before)
        if not loaded.ok:
            first = next(p for p in loaded.problems if p.is_error)
            raise MappingError(
                f"{options.register_name} is not valid; fix it first: {first.format(options.register_name)}"
            )
        register = loaded.register
    run = _Run(mapping, register, before, options)
    sheets = run.read_organisation_sheet(list(sheets))
    chosen = [s for s in sheets if len(sheets) == 1 or mapping.sheet is None or s.name == mapping.sheet]
    if not chosen:
        raise MappingError(f"no sheet named '{mapping.sheet}'; found {', '.join(s.name for s in sheets)}")
    for sheet in chosen:
        run.read_sheet(sheet, among_others=len(chosen) > 1)
    if len(run.sheets_skipped) == len(chosen):
        raise run.sheets_skipped[0]
    if run.merged.count or run.updates:
        run.report.organisations_added = list(run.organisations.added)
        run.report.organisations_completed = list(run.organisations.completed)
        run.merged.edit(run.organisations.added, run.updates, run.organisations.completed)
        run.merged.check()
        run.report.merged = run.merged
        run.report.check_merged()
    else:
        run.merged.close()
    return run.report
