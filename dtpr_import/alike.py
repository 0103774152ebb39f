"""Rows declared alike, imported a block at a time: the import's fast path.

A city's inventory says the same on most rows but for the id, the name, the address and
the position. The import reads rows in blocks (:data:`dtpr_import.tables.BLOCK_ROWS`)
and works on them a column at a time:

- a row's *shape* is what its cells give the sensor's shared fields (datachain,
  organisations, legal fields, dates…) and what the DTPR rules see of its own fields
  (:data:`dtpr_core.register.OWN_FIELDS`: their languages, whether they are given).
  The first row of a shape goes through the whole conversion and check
  (``exact_row``); once imported, its entry is the shape's template, its own fields slots;
- own fields are converted, checked and written a column at a time, or once for each set of
  cells that feeds them (:mod:`dtpr_import.own_fields`);
- ids, duplicates and positions (read and projected together) are checked a block at once.

A block that is not plain (an empty or short row, an id to clean up, a missing position,
a duplicate, an id the register has) goes row by row through the whole path, as does a row
with a problem in one of its own fields: whatever is refused is said exactly as the
row-by-row import says it. A shape whose first row was refused for its shared fields
refuses the next rows of that shape with the same problems, each at its own row.
``tests/dtpr_import/test_alike.py`` checks that both paths write the same register and
the same report.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Protocol

from dtpr_core.register import OWN_FIELD_KEYS, OWN_FIELDS, SENSOR_KEYS
from dtpr_import.convert import CLEAN_IDS, CellProblem, Converted, RowConverter, TemplateValues, top_key
from dtpr_import.emit import coordinate_texts, id_scalars, key_text
from dtpr_import.mapping import FieldMap
from dtpr_import.merge import MergedRegister
from dtpr_import.organisations import Organisations
from dtpr_import.own_fields import REFUSED, OwnFields, Places, columns_of, reads_row
from dtpr_import.problems import ProblemKind
from dtpr_import.report import ImportReport
from dtpr_import.tables import trim, trimmed

SHAPES_MAX = 4096
"""Shapes remembered before starting afresh."""


class Run(Protocol):
    """What the fast path needs of an import (``dtpr_import.importer._Run``)."""

    report: ImportReport
    merged: MergedRegister
    organisations: Organisations
    seen: dict[str, dict[str, int]]

    @property
    def raw_sensors(self) -> Mapping[str, Any]: ...

    def exact_row(self, converter: RowConverter, number: int, cells: list[str]) -> dict[str, Any] | None: ...

    def data_follows(self) -> None: ...


def _numbers(cells: Sequence[str]) -> list[float] | None:
    """The numbers of a column of cells (``dtpr_import.values.number`` a block at once); ``None`` if one is not."""
    joined = "\n".join(cells)
    if "\u00a0" in joined or " " in joined:
        joined = joined.replace("\u00a0", "").replace(" ", "")
    parts = joined.replace(",", ".").split("\n")
    if len(parts) != len(cells):
        return None
    try:
        numbers = list(map(float, parts))
    except ValueError:
        return None
    return numbers if all(map(math.isfinite, numbers)) else None


class AlikeRows:
    """The fast path of one sheet, its header read (see the module's documentation)."""

    @classmethod
    def of(cls, run: Run, converter: RowConverter) -> AlikeRows | None:
        """The fast path for a sheet of one sensor a row (a wide form goes row by row)."""
        return cls(run, converter) if converter.mapping.repeat == 1 else None

    def __init__(self, run: Run, converter: RowConverter) -> None:
        self.run, self.converter = run, converter
        mapping, header = converter.mapping, converter.header
        by_key: dict[str, list[FieldMap]] = {}
        for field_map in mapping.fields:
            by_key.setdefault(top_key(field_map.to), []).append(field_map)
        positions = mapping.coordinates
        self.own = [
            OwnFields(
                keys,
                [f for key in keys for f in by_key.get(key, [])],
                converter,
                positioned="location" in keys and positions is not None,
            )
            for keys in OWN_FIELDS
            if any(key in by_key for key in keys) or ("location" in keys and positions is not None)
        ]
        self.own.sort(key=lambda group: SENSOR_KEYS.index(group.keys[0]))
        shared = [f for f in mapping.fields if top_key(f.to) not in OWN_FIELD_KEYS]
        shape_columns = set(columns_of(shared)) | set(mapping.organisation_columns.values())
        self.shape_indexes = sorted({header.index(column) for column in shape_columns})
        self.shape_reads_row = reads_row(shared)
        id_columns = sorted(mapping.id.columns)
        simple = len(id_columns) == 1 and mapping.id_template == "{" + id_columns[0] + "}"
        self.id_index = header.index(id_columns[0]) if simple else None
        self.id_columns = [(column, header.index(column)) for column in id_columns]
        self.positions = (header.index(positions.x), header.index(positions.y)) if positions else None
        self.width = 1 + max(header.index(column) for column in mapping.columns()) if mapping.columns() else 0
        self.shapes: dict[Hashable, str | None] = {}
        self.refusals: dict[Hashable, tuple[tuple[str, str, ProblemKind, str], ...]] = {}
        """Shapes whose first row was refused (for its shared fields): the problems (column, message, kind, severity)."""
        self.organisations_seen = run.organisations.changes
        """The organisations' state the refusals were made in (one given its DPO's contact may pass now)."""

    def take(self, first: int, rows: list[list[str]]) -> bool:
        """Import *rows* (numbered from *first*) if the block is plain; ``False`` (nothing done) if not."""
        if not rows:
            return True
        count = len(rows)
        if min(map(len, rows)) < self.width or not all(map(any, map(map, itertools.repeat(str.strip), rows))):
            return False
        columns = list(zip(*rows, strict=False))
        numbers = range(first, first + count)
        ids = self._ids(columns, numbers)
        if ids is None or len(set(ids)) < count or not self._new(ids):
            return False
        places = self._places(columns) if self.positions else None
        if self.positions and places is None:
            return False
        self.run.data_follows()
        written = [field.texts(columns, numbers, places) for field in self.own]
        texts = [text for text, _ in written]
        shape_cells: list[Sequence[Hashable]] = [columns[index] for index in self.shape_indexes]
        if self.shape_reads_row:
            shape_cells.append(numbers)
        keys: list[Hashable] = list(zip(*shape_cells, *(tokens for _, tokens in written), strict=True))
        if not keys:
            keys = [()] * count
        templates = list(map(self.shapes.get, keys))
        slots = list(zip(id_scalars(ids), *texts, strict=True))
        if None not in templates:
            self._add(list(map(operator.mod, templates, slots)), ids, numbers)
            return True
        self._one_by_one(rows, numbers, ids, keys, slots)
        return True

    def _one_by_one(
        self,
        rows: list[list[str]],
        numbers: range,
        ids: Sequence[str],
        keys: list[Hashable],
        slots: list[tuple[str, ...]],
    ) -> None:
        """A block with rows of a shape not seen yet (or refused): those go through the whole path, or are
        refused as their shape's first row was; the others are written as usual."""
        start = 0
        entries: list[str] = []
        for index, key in enumerate(keys):
            template = self.shapes.get(key)
            if template is not None:
                entries.append(template % slots[index])
                continue
            self._add(entries, ids[start:index], numbers[start:index])
            entries, start = [], index + 1
            if self.run.organisations.changes != self.organisations_seen:
                self.refusals.clear()
                self.organisations_seen = self.run.organisations.changes
            refusal = self.refusals.get(key)
            if refusal is not None:
                self._refuse_alike(refusal, ids[index], numbers[index])
                continue
            report = self.run.report
            problems, refused, drafts = len(report.problems), report.refused, len(report.drafts)
            data = self.run.exact_row(self.converter, numbers[index], trimmed(rows[index]))
            if REFUSED in key:  # type: ignore[operator]
                continue
            if len(self.shapes) >= SHAPES_MAX:
                self.shapes.clear()
                self.refusals.clear()
            if data is not None:
                self.shapes[key] = self._template(data)
            elif report.refused == refused + 1 and len(report.drafts) == drafts:
                said = report.problems[problems:]
                if not any(ids[index] in problem.message for problem in said):
                    self.refusals[key] = tuple((p.column, p.message, p.kind, p.severity) for p in said)
        self._add(entries, ids[start:], numbers[start:])

    def _refuse_alike(
        self, refusal: tuple[tuple[str, str, ProblemKind, str], ...], sensor_id: str, number: int
    ) -> None:
        """A row refused for what its shape's first row was refused for (its own fields are fine)."""
        converter, run = self.converter, self.run
        run.report.read += 1
        run.seen[converter.sheet][sensor_id] = number
        run.report.refuse([CellProblem(converter.file, converter.sheet, number, *problem) for problem in refusal])

    def _add(self, entries: list[str], ids: Sequence[str], numbers: range) -> None:
        run = self.run
        run.merged.add_texts(entries)
        run.report.imported.extend(ids)
        run.report.read += len(entries)
        run.seen[self.converter.sheet].update(zip(ids, numbers, strict=True))

    def _template(self, data: Mapping[str, Any]) -> str | None:
        """The entry of a shape, from the data of its first row: the id and the own fields as ``%s``."""
        if next(iter(data), None) != "id" or not set(data) <= set(SENSOR_KEYS):
            return None
        slots = {group.keys[0] for group in self.own}
        own = {key for group in self.own for key in group.keys}
        parts = ["  - id: %s\n"]
        for key in SENSOR_KEYS[1:]:
            if key in slots:
                parts.append("%s")
            elif key in data and key not in own:
                parts.append(key_text(key, data[key]).replace("%", "%%"))
        return "".join(parts)

    def _ids(self, columns: Sequence[Sequence[str]], numbers: range) -> Sequence[str] | None:
        """The block's ids, when each is its template's text as it is (nothing to clean up); else ``None``."""
        if self.id_index is not None:
            ids: Sequence[str] = columns[self.id_index]
        else:
            converter, made = self.converter, []
            for index, number in enumerate(numbers):
                values = TemplateValues({column: trim(columns[at][index]) for column, at in self.id_columns})
                values.update(row=number, group=1, sheet=converter.sheet)
                out = Converted(None, None, converter.file, converter.sheet, number, 0)
                made.append(converter.sensor_id(values, out, number) or "")
            ids = made
        return ids if CLEAN_IDS.fullmatch("\n".join(ids) + "\n") else None

    def _new(self, ids: Sequence[str]) -> bool:
        """None of *ids* is in the register or earlier in the file."""
        run = self.run
        return run.raw_sensors.keys().isdisjoint(ids) and all(seen.keys().isdisjoint(ids) for seen in run.seen.values())

    def _places(self, columns: Sequence[Sequence[str]]) -> Places | None:
        """The block's latitudes and longitudes as written, when every row has a position on Earth."""
        assert self.positions is not None
        xs, ys = _numbers(columns[self.positions[0]]), _numbers(columns[self.positions[1]])
        if xs is None or ys is None:
            return None
        projection = self.converter.projection
        assert projection is not None
        lats, lons = projection.degrees(xs, ys)
        if not (projection.on_earth(lats, lons) and projection.in_area(lats, lons)):
            return None
        return coordinate_texts(lats), coordinate_texts(lons)
