"""What the public surfaces read of one sensor (its page, its ``.json`` twin, the static export).

The columns are named once: by the fields of :class:`SensorPageRead` and :class:`HistoryLine`,
which are the ``sensor`` and ``revision`` columns of the same name (``dtpr_store.tables``), each
read as its table defines it (:func:`_convert`). A new fact of the sensor row is one field of
:class:`SensorPageRead`; both statements of :class:`~dtpr_store.page_read.PageReader` and every
row conversion follow from it. JSON columns come as their stored text (parse what you show:
``data`` keys the page caches as it is).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Table

from dtpr_core.times import as_utc
from dtpr_store._bulk import kind_of
from dtpr_store.tables import RevisionRow, SensorRow


@dataclass(slots=True)  # not frozen: made for each page view, and a frozen dataclass is 2.5x slower to make
class HistoryLine:
    """One revision, as the page and the twin show it (its ``revision`` columns of the same names)."""

    seq: int
    at: datetime
    kind: str
    source: str
    datachain_revision: int
    change: str | None
    """The change as stored JSON text (the twin lists its fields)."""


@dataclass(slots=True)  # not frozen: see HistoryLine
class SensorPageRead:
    """One sensor row as plain values: every field before ``history`` is its ``sensor`` column of the same name."""

    id: str
    declared: bool
    data: str | None
    """The stored register JSON as text (not parsed), so callers can key caches by it."""
    revision: int
    status: str
    personal_data: str
    online: bool | None
    last_seen: datetime | None
    updated_at: datetime
    declared_at: datetime | None
    history_seq: int
    device: str | None
    drift: str | None
    history: tuple[HistoryLine, ...] = ()
    """Its latest revisions, latest first."""
    reporting_interval: int | None = None
    """Seconds between two reports of its linked LoRaWAN device (declared, else its profile's)."""


def _columns(record: type, table: Table) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record) if f.name in table.c)


SENSOR_TABLE: Table = SensorRow.__table__  # type: ignore[attr-defined]
REVISION_TABLE: Table = RevisionRow.__table__  # type: ignore[attr-defined]
SENSOR_COLUMNS = tuple(name for name in _columns(SensorPageRead, SENSOR_TABLE) if name != "id")
"""The ``sensor`` columns read (the id is the one asked for)."""
REVISION_COLUMNS = _columns(HistoryLine, REVISION_TABLE)


def _convert(table: Table, name: str) -> Callable[[Any], Any] | None:
    """How a column's raw value (SQLite: text times, integer booleans) becomes the read's (None: as it comes)."""
    kind = kind_of(table.c[name].type)
    if kind == "time":
        return as_utc
    if kind == "bool":
        return bool
    return None


def _converters(table: Table, names: Sequence[str]) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """(index in *names*, converter) of the columns whose raw value needs one."""
    return tuple((index, convert) for index, name in enumerate(names) if (convert := _convert(table, name)))


_SENSOR_CONVERT = _converters(SENSOR_TABLE, SENSOR_COLUMNS)
_REVISION_CONVERT = _converters(REVISION_TABLE, REVISION_COLUMNS)
_DATA = SENSOR_COLUMNS.index("data")
_ORDER = tuple(f.name for f in dataclasses.fields(SensorPageRead))
if _ORDER[1 : 1 + len(SENSOR_COLUMNS)] != SENSOR_COLUMNS or [f.name for f in dataclasses.fields(HistoryLine)] != list(
    REVISION_COLUMNS
):
    raise TypeError("the read's column fields come first (after the id), in one run: add a column before `history`")
_SEQ = REVISION_COLUMNS.index("seq")


def _converted(values: Sequence[Any], converters: tuple[tuple[int, Callable[[Any], Any]], ...]) -> list[Any]:
    found = list(values)
    for index, convert in converters:
        if found[index] is not None:
            found[index] = convert(found[index])
    return found


def selected(alias: str, names: Sequence[str], table: Table, *, postgres: bool) -> str:
    """The select list of *names* (``alias.name``), JSON columns as their text."""
    as_text = "::text" if postgres else ""
    return ", ".join(
        f"{alias}.{name}{as_text}" if kind_of(table.c[name].type) == "json" else f"{alias}.{name}" for name in names
    )


def sensor_read(
    sensor_id: str, fields: Sequence[Any], interval: int | None, revisions: Iterable[Sequence[Any]]
) -> SensorPageRead:
    """A read from the row's :data:`SENSOR_COLUMNS` values and its revisions' :data:`REVISION_COLUMNS` values.

    The values go to the dataclasses in the order of their fields, which is the columns' (both
    come from the fields): the hot path makes no dict a row.
    """
    values = _converted(fields, _SENSOR_CONVERT)
    if values[_DATA] == "null":  # a JSON null stored in a nullable JSON column
        values[_DATA] = None
    history = tuple(
        HistoryLine(*_converted(line, _REVISION_CONVERT)) for line in revisions if line[_SEQ] is not None
    )  # seq None: the sensor has no revision (PostgreSQL's outer join)
    read = SensorPageRead(sensor_id, *values)
    read.history, read.reporting_interval = history, interval
    return read


class RowLayout:
    """Where each part of a statement's rows is, from the names of its columns (never counted by hand)."""

    def __init__(self, *parts: tuple[str, Sequence[str]]) -> None:
        self._parts: dict[str, Callable[[Sequence[Any]], tuple[Any, ...]]] = {}
        start = 0
        for name, columns in parts:
            self._parts[name] = _getter(range(start, start + len(columns)))
            start += len(columns)
        self.width = start

    def __getitem__(self, part: str) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
        """``layout["sensor"](row)``: that part of *row*, as a tuple."""
        return self._parts[part]


def _getter(positions: range) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    if len(positions) == 1:
        only = positions[0]
        return lambda row: (row[only],)
    return itemgetter(*positions)


__all__ = [
    "RowLayout",
    "REVISION_COLUMNS",
    "SENSOR_COLUMNS",
    "HistoryLine",
    "SensorPageRead",
    "selected",
    "sensor_read",
]
