"""Multi-row SQL for the gateway's hot path, at the driver level, one shape per dialect.

SQLite runs one prepared statement over every row (the driver's ``executemany``, a
C loop). PostgreSQL gets one statement for all the rows, whatever their number: the
rows travel as one JSON array parameter, unpacked by ``json_to_recordset`` into typed
columns (``INSERT … SELECT … FROM json_to_recordset(…)``, ``UPDATE … FROM
json_to_recordset(…)``). Values are stored as the SQLAlchemy column types would store
them (JSON columns as JSON text, ``UTCDateTime`` in UTC); orjson writes the JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
from sqlalchemy import types as sa_types

Kind = Literal["text", "int", "bool", "float", "json", "time"]

_PG_TYPE: dict[Kind, str] = {
    "text": "text",
    "int": "integer",
    "bool": "boolean",
    "float": "double precision",
    "json": "json",
    "time": "timestamptz",
}
_SQLITE_IN_CHUNK = 500
_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps_json(value: Any) -> str:
    """JSON text for a JSON column (also the engines' ``json_serializer``)."""
    return orjson.dumps(value, option=_JSON_OPTIONS).decode()


def loads_json(text: str | bytes | None) -> Any:
    """The value of a JSON column read as text (also the engines' ``json_deserializer``)."""
    return None if text is None else orjson.loads(text)


def _sqlite_time(value: datetime) -> str:
    """What SQLAlchemy's SQLite DATETIME stores for a ``UTCDateTime``: naive UTC, always with microseconds."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    update: str = "{new}"
    """How an UPDATE combines the bound value ``{new}`` with the stored one ``{old}``."""


def table_columns(table: Any, names: str, **updates: str) -> tuple[Column, ...]:
    """Columns of an SQLModel *table* by name (``"id seq …"``), each of the kind its definition says.

    *updates* gives a column's UPDATE expression (:attr:`Column.update`); the others are bound as-is.
    """
    defined = table.__table__.c
    unknown = set(updates) - set(names.split())
    if unknown:
        raise ValueError(f"update expressions for columns not listed: {', '.join(sorted(unknown))}")
    return tuple(Column(name, kind_of(defined[name].type), updates.get(name, "{new}")) for name in names.split())


def kind_of(column_type: Any) -> Kind:
    """How a column of this SQLAlchemy type is bound (by its type's affinity, as the table defines it)."""
    for kind, affinity in _KINDS:
        if issubclass(column_type._type_affinity, affinity):
            return kind
    raise ValueError(f"no bulk kind for a column of type {column_type!r}")


_KINDS: tuple[tuple[Kind, type[Any]], ...] = (
    ("json", sa_types.JSON),
    ("bool", sa_types.Boolean),
    ("int", sa_types.Integer),
    ("float", sa_types.Float),
    ("time", sa_types.DateTime),
    ("text", sa_types.String),
)


class BulkSql:
    """Driver-level bulk statements on one SQLAlchemy connection (SQLite or PostgreSQL)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"

    def select_in(self, table: str, columns: Sequence[str], key: str, keys: Iterable[str]) -> list[tuple[Any, ...]]:
        """Rows whose *key* is one of *keys* (select JSON columns ``::text`` on PostgreSQL)."""
        wanted = sorted(set(keys))
        names = ", ".join(columns)
        if self.postgres:
            sql = f"SELECT {names} FROM {table} WHERE {key} = ANY(%s)"
            return list(self.connection.exec_driver_sql(sql, (wanted,)).fetchall())
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(wanted), _SQLITE_IN_CHUNK):
            chunk = wanted[start : start + _SQLITE_IN_CHUNK]
            sql = f"SELECT {names} FROM {table} WHERE {key} IN ({', '.join('?' for _ in chunk)})"
            rows.extend(self.connection.exec_driver_sql(sql, tuple(chunk)).fetchall())
        return rows

    def insert(self, table: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        names = ", ".join(column.name for column in columns)
        if self.postgres:
            source, parameter = self._recordset(columns, rows)
            self.connection.exec_driver_sql(f"INSERT INTO {table} ({names}) SELECT {names} FROM {source}", parameter)
        else:
            markers = ", ".join("?" for _ in columns)
            sql = f"INSERT INTO {table} ({names}) VALUES ({markers})"
            self.connection.exec_driver_sql(sql, self._sqlite_rows(columns, rows))

    def update(self, table: str, key: Column, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> None:
        """UPDATE by *key*; each row holds the new values of *columns*, then the key."""
        if not rows:
            return
        if self.postgres:
            sets = ", ".join(f"{c.name} = " + c.update.format(new=f"v.{c.name}", old=f"s.{c.name}") for c in columns)
            source, parameter = self._recordset((*columns, key), rows)
            sql = f"UPDATE {table} AS s SET {sets} FROM {source} WHERE s.{key.name} = v.{key.name}"
            self.connection.exec_driver_sql(sql, parameter)
        else:
            sets = ", ".join(f"{c.name} = " + c.update.format(new="?", old=c.name) for c in columns)
            sql = f"UPDATE {table} SET {sets} WHERE {key.name} = ?"
            self.connection.exec_driver_sql(sql, self._sqlite_rows((*columns, key), rows))

    @staticmethod
    def _sqlite_rows(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        json = [i for i, column in enumerate(columns) if column.kind == "json"]
        times = [i for i, column in enumerate(columns) if column.kind == "time"]
        bound = []
        for row in rows:
            values = list(row)
            for i in json:
                if values[i] is not None:
                    values[i] = dumps_json(values[i])
            for i in times:
                if values[i] is not None:
                    values[i] = _sqlite_time(values[i])
            bound.append(tuple(values))
        return bound

    @staticmethod
    def _recordset(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> tuple[str, tuple[str]]:
        """PostgreSQL: the rows as one JSON array of objects, and the typed ``json_to_recordset`` reading it."""
        names = [column.name for column in columns]
        typed = ", ".join(f"{column.name} {_PG_TYPE[column.kind]}" for column in columns)
        payload = orjson.dumps([dict(zip(names, row, strict=True)) for row in rows], option=_JSON_OPTIONS)
        return f"json_to_recordset(%s::json) AS v({typed})", (payload.decode(),)
