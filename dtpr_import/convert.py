"""One row (or one group of a wide row) -> one sensor's register data, every problem named by its cell."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dtpr_core.kept import DATA_KINDS
from dtpr_core.location import is_place
from dtpr_core.model import ROLES
from dtpr_core.register import DATACHAIN_KEYS, LOCATION_KEYS
from dtpr_import.mapping import SCALAR_TARGETS, FieldMap, ImportMapping
from dtpr_import.problems import ProblemKind, kind_of
from dtpr_import.projection import Projection
from dtpr_import.values import is_number, mapped, number, typed

TEXTS = ("name", "description", "purpose")
"""Texts with one value a language (``purpose`` is the sensor's short clause, not the datachain's)."""
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")
CLEAN_IDS = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9_])?\n)*")
"""Ids, each followed by a newline, that :func:`clean_id` leaves as they are (and the register accepts)."""


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A problem with one cell: ``FILE:SHEET:ROW:COLUMN: message``, and its kind (what the console explains)."""

    file: str
    sheet: str
    row: int
    column: str
    message: str
    kind: ProblemKind
    severity: str = "error"

    def format(self) -> str:
        return f"{self.file}:{self.sheet}:{self.row}:{self.column}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class Header:
    """Column names -> positions; a name repeated (a wide form) has one position per group."""

    def __init__(self, cells: Sequence[str], repeat: int = 1) -> None:
        self.repeat = repeat
        self.names = [name.strip() for name in cells if name.strip()]
        self.positions: dict[str, list[int]] = {}
        for index, name in enumerate(cells):
            if name.strip():
                self.positions.setdefault(column_key(name), []).append(index)
        for name in self.names:  # the names as written too: no normalising on every cell
            self.positions.setdefault(name, self.positions[column_key(name)])

    def missing(self, columns: set[str]) -> list[str]:
        return sorted(column for column in columns if column_key(column) not in self.positions)

    def repeated(self, columns: set[str]) -> set[str]:
        return {column for column in columns if len(self.positions.get(column_key(column), ())) > 1}

    def index(self, column: str) -> int:
        """Where *column* is (its first place: a sheet of one sensor a row reads that one)."""
        return (self.positions.get(column) or self.positions[column_key(column)])[0]

    def cell(self, cells: Sequence[str], column: str, group: int) -> str:
        """The cell of *column*; in a wide row, group k reads the k-th of its last ``repeat`` occurrences."""
        found = self.positions.get(column) or self.positions[column_key(column)]
        at = (max(len(found) - self.repeat, 0) if self.repeat > 1 else 0) + group
        index = found[at] if at < len(found) else found[0]
        return cells[index] if index < len(cells) else ""


def column_key(name: str) -> str:
    """How a column is found: spaces, case and the apostrophe's form (' or ’) do not matter."""
    return " ".join(name.replace("\u2019", "'").split()).casefold()


@dataclass(slots=True)
class Converted:
    """What one group of a row became: register data (None when refused) and its problems."""

    sensor_id: str | None
    data: dict[str, Any] | None
    file: str
    sheet: str
    row: int
    group: int
    """Which of a wide row's sensors (0 for the first)."""
    problems: list[CellProblem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    """Register field -> the column it came from (to name the cell of a validation problem)."""

    def column_of(self, path: Sequence[str | int]) -> str:
        """The column that fed the field at *path* (``-`` for a problem of the whole sensor)."""
        dotted = ".".join(str(part) for part in path)
        fed = [t for t in self.sources if dotted == t or dotted.startswith(t + ".")]
        if not fed and len(path) > 1:
            fed = [t for t in self.sources if t.startswith(dotted + ".")]
        return self.sources[max(fed, key=len)] if fed else "-"


class TemplateValues(dict[str, Any]):
    """A template's names: the cells of the row, ``row``, ``group`` and ``sheet``."""

    def __missing__(self, key: str) -> str:
        raise KeyError(key)


class RowConverter:
    """Converts the rows of one sheet with one mapping (its header read first)."""

    def __init__(self, mapping: ImportMapping, header: Header, file: str, sheet: str) -> None:
        self.mapping, self.header, self.file, self.sheet = mapping, header, file, sheet
        self.projection = Projection(mapping.coordinates.crs) if mapping.coordinates else None
        self.columns = sorted(mapping.columns())  # read once: a mapping's templates are parsed here, not per row
        self.group_columns = header.repeated(set(self.columns))

    def group_is_empty(self, cells: Sequence[str], group: int) -> bool:
        """A group of a wide row with all of its own cells empty (no sensor there)."""
        if group == 0 or not self.group_columns:
            return group > 0
        return not any(self.header.cell(cells, column, group) for column in self.group_columns)

    def convert(self, number: int, cells: Sequence[str], group: int) -> Converted:
        values = TemplateValues({name: self.header.cell(cells, name, group) for name in self.columns})
        values.update(row=number, group=group + 1, sheet=self.sheet)
        out = Converted(None, None, self.file, self.sheet, number, group)
        data: dict[str, Any] = {}
        for field_map in self.mapping.fields:
            self.apply(field_map, values, data, out, number)
        if self.mapping.coordinates:
            self._coordinates(values, data, out, number)
        out.sensor_id = self.sensor_id(values, out, number)
        if out.sensor_id is not None:
            data["id"] = out.sensor_id
        if "role" in data:
            self._roles(data, out, number)
        if "kept" in data:
            _retention_from_kept(data)
        if "datachain" in data:
            data["datachain"] = ordered(data["datachain"], DATACHAIN_KEYS)
        if "location" in data:
            data["location"] = ordered(data["location"], LOCATION_KEYS)
        if not any(p.is_error for p in out.problems):
            out.data = data
        return out

    def problem(self, out: Converted, row: int, column: str, message: str, kind: ProblemKind) -> None:
        out.problems.append(CellProblem(self.file, self.sheet, row, column, message, kind))

    def sensor_id(self, values: TemplateValues, out: Converted, row: int) -> str | None:
        template = self.mapping.id
        columns = sorted(template.columns)
        out.sources["id"] = columns[0] if columns else "-"
        try:
            raw = template.raw(values)
        except (ValueError, KeyError, IndexError, TypeError) as error:
            message = f"cannot make the id from '{template.source}' ({error})"
            self.problem(out, row, out.sources["id"], message, ProblemKind.ID_NOT_MADE)
            return None
        sensor_id = clean_id(raw)
        if not sensor_id or not sensor_id[0].isalnum() or not template.given(values):
            message = f"the id is empty: '{template.source}' gave {raw!r}"
            self.problem(out, row, out.sources["id"], message, ProblemKind.ID_EMPTY)
            return None
        return sensor_id

    def _raw(self, field_map: FieldMap, values: TemplateValues) -> list[Any]:
        if field_map.value is not None:
            return [field_map.value]
        if field_map.compiled is not None:
            text = field_map.compiled.text(values)
            return [text] if text else []
        return [values[column] for column in field_map.columns if values[column]]

    def apply(
        self, field_map: FieldMap, values: TemplateValues, data: dict[str, Any], out: Converted, row: int
    ) -> None:
        column = field_map.columns[0] if field_map.columns else (field_map.template or "-")
        out.sources.setdefault(field_map.to, column)
        raw = self._raw(field_map, values)
        if field_map.split:
            raw = [part.strip() for item in raw for part in str(item).split(field_map.split) if part.strip()]
        if not raw and field_map.default is not None:
            raw = [field_map.default]
        results: list[Any] = []
        for item in raw:
            try:
                results.extend(typed(field_map, mapped(field_map, item)))
            except ValueError as error:
                said = f"{item!r}: "
                if not any(p.column == column and p.message.startswith(said) for p in out.problems):
                    self.problem(out, row, column, f"{said}{error}", kind_of(error))  # a cell's value is refused once
        for value in results:
            _assign(data, field_map.to, value)

    def _roles(self, data: dict[str, Any], out: Converted, row: int) -> None:
        """``role``: the k-th role (a code, or empty) given to the k-th accountable organisation."""
        roles = [part.strip() for part in str(data.pop("role")).split(";")]
        accountable = data.get("accountable", [])
        column = out.sources.get("role", "-")
        for index, role in enumerate(roles):
            if not role:
                continue
            if role not in ROLES:
                message = f"{role!r}: not a role; expected one of {', '.join(ROLES)}"
                self.problem(out, row, column, message, ProblemKind.NOT_A_ROLE)
            elif index >= len(accountable):
                message = f"{role!r}: no accountable organisation number {index + 1}"
                self.problem(out, row, column, message, ProblemKind.NO_ORGANISATION)
            else:
                accountable[index] = {"organisation": accountable[index], "role": role}

    def _coordinates(self, values: TemplateValues, data: dict[str, Any], out: Converted, row: int) -> None:
        spec = self.mapping.coordinates
        assert spec is not None
        out.sources["location.lat"], out.sources["location.lon"] = spec.y, spec.x
        x_text, y_text = values[spec.x], values[spec.y]
        if not x_text and not y_text:
            return
        assert self.projection is not None
        try:
            x, y = number(x_text), number(y_text)
        except ValueError as error:
            column, text = (spec.x, x_text) if not is_number(x_text) else (spec.y, y_text)
            self.problem(out, row, column, self.projection.not_a_number(text), kind_of(error))
            return
        (lat,), (lon,) = self.projection.degrees([x], [y])
        if not is_place(lat, lon):
            self.problem(out, row, spec.x, f"({x_text}, {y_text}) is not a place in {spec.crs}", ProblemKind.NOT_PLACE)
            return
        if not self.projection.in_area([lat], [lon]):
            self.problem(out, row, spec.x, self.projection.outside(x_text, y_text), ProblemKind.NOT_PLACE)
            return
        location = data.setdefault("location", {})
        location["lat"], location["lon"] = round(lat, 6), round(lon, 6)


def clean_id(raw: str) -> str:
    """An id from a template's text: letters, digits, - and _ (anything else a -), 64 at most."""
    return _NOT_ID.sub("-", raw).strip("-")[:64]


def top_key(target: str) -> str:
    """The sensor key a mapping's target fills: ``location.address`` -> ``location``, ``role`` -> ``accountable``."""
    if target == "role":
        return "accountable"
    if target == "retention" or target.startswith("retention."):
        return "datachain"
    return target.partition(".")[0]


def _duration(data: dict[str, Any], locale: str, text: str) -> None:
    """``retention.<locale>``: the duration of ``data_retained`` in one language."""
    listed = data.setdefault("datachain", {}).setdefault("retention", [])
    kept = next((item for item in listed if isinstance(item, dict) and item.get("element") == "data_retained"), None)
    if kept is None:
        kept = {"element": "data_retained", "variables": {"duration": {}}}
        listed.append(kept)
    kept["variables"]["duration"].setdefault(locale, text)


def _retention_from_kept(data: dict[str, Any]) -> None:
    """``kept`` without a retention element: ``data_retained`` (its duration is kept's longest), or none kept."""
    kept = data["kept"] = {kind: data["kept"][kind] for kind in DATA_KINDS if kind in data["kept"]}
    datachain = data.setdefault("datachain", {})
    if not datachain.get("retention"):
        kept_any = any(duration != "none" for duration in kept.values())
        datachain["retention"] = ["data_retained" if kept_any else "no_data_retained"]


def _free_recipients(data: dict[str, Any], locale: str, text: str) -> None:
    """``recipients.<lang>``: the k-th text of the cell is the k-th free-text recipient, in *locale*."""
    listed = data.setdefault("recipients", [])
    free = [item for item in listed if isinstance(item, dict)]
    for index, part in enumerate(text.split(";")):
        if index == len(free):
            free.append({})
            listed.append(free[-1])
        if part.strip():
            free[index].setdefault(locale, part.strip())


def _assign(data: dict[str, Any], target: str, value: Any) -> None:
    if target.startswith("retention."):
        _duration(data, target.partition(".")[2], value)
        return
    if target == "role":
        data.setdefault("role", str(value))
        return
    if target.startswith("recipients."):
        _free_recipients(data, target.partition(".")[2], str(value))
        return
    if target == "retention":
        target = "datachain.retention"
    parts = target.split(".")
    if parts[0] in TEXTS and len(parts) == 1:
        parts.append("fr")  # plain text is French, as in sensors.yaml
    holder = data
    for part in parts[:-1]:
        holder = holder.setdefault(part, {})
    last = parts[-1]
    if target in SCALAR_TARGETS or parts[0] in TEXTS:
        holder.setdefault(last, value)
        return
    listed = holder.setdefault(last, [])
    if value not in listed:
        listed.append(value)


def ordered(data: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """*data* with its keys in register order (unknown keys last)."""
    return {key: data[key] for key in (*keys, *data) if key in data}
