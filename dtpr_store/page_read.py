"""The public sensor page's one read (its twin's and the static export's too): a row and its latest revisions,
in one statement. What is read, column by column, is :mod:`dtpr_store.sensor_read`'s.

This is the registry's hot path (every QR code scan), so it talks to the database driver
directly: the ORM, or even SQLAlchemy Core, costs ~50 µs a statement, ten times the query
itself on SQLite. :class:`PageReader` serves an ``async`` route without blocking it:

* SQLite: the read runs inline (a local file, tens of microseconds: cheaper than a hop to
  a thread);
* PostgreSQL: awaited on a few autocommit ``psycopg`` async connections, so the event loop
  serves other requests while the server answers. Reads asked for while a statement is on
  its way are answered together by the next one (``WHERE id = ANY(...)``): under load, one
  round trip (~0.2 ms of this process's CPU, whatever the driver) serves several pages
  instead of one; alone, a read still goes at once.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import make_url

from dtpr_store.db import _sqlite_pragmas
from dtpr_store.sensor_read import (
    REVISION_COLUMNS,
    REVISION_TABLE,
    SENSOR_COLUMNS,
    SENSOR_TABLE,
    HistoryLine,
    RowLayout,
    SensorPageRead,
    selected,
    sensor_read,
)

_INTERVAL = (
    "(SELECT COALESCE(d.declared_interval, d.profile_interval) FROM lorawan_device d"
    " WHERE d.linked_sensor_id = s.id LIMIT 1)"
)
"""A linked LoRaWAN device's expected reporting interval in seconds (indexed on linked_sensor_id)."""

_LAYOUT = RowLayout(
    ("tag", ("tag",)), ("sensor", SENSOR_COLUMNS), ("interval", ("interval",)), ("revision", REVISION_COLUMNS)
)
_SENSOR, _INTERVAL_OF, _REVISION, _TAG = _LAYOUT["sensor"], _LAYOUT["interval"], _LAYOUT["revision"], _LAYOUT["tag"]
_SQL_QMARK = (
    f"SELECT 0, {selected('s', SENSOR_COLUMNS, SENSOR_TABLE, postgres=False)}, {_INTERVAL},"
    f" {', '.join(['NULL'] * len(REVISION_COLUMNS))} FROM sensor s WHERE s.id = ?1"
    f" UNION ALL SELECT * FROM (SELECT r.seq, {', '.join(['NULL'] * (len(SENSOR_COLUMNS) + 1))},"
    f" {selected('r', REVISION_COLUMNS, REVISION_TABLE, postgres=False)} FROM revision r"
    " WHERE r.sensor_id = ?1 ORDER BY r.seq DESC LIMIT ?2)"
)
"""SQLite: the row (primary key), then its latest revisions (unique index on sensor_id, seq), in one call.

The first column (``tag``) tells them apart (0: the sensor; a revision's ``seq`` otherwise, from
1): a compound select promises no order, so :func:`_compound_page_read` sorts them (a join of
the two cost a temporary B-tree a read).
"""

_BATCH_LAYOUT = RowLayout(
    ("id", ("id",)), ("sensor", SENSOR_COLUMNS), ("interval", ("interval",)), ("revision", REVISION_COLUMNS)
)
_BATCH_SQL = (
    f"SELECT s.id, {selected('s', SENSOR_COLUMNS, SENSOR_TABLE, postgres=True)}, {_INTERVAL},"
    f" {selected('r', REVISION_COLUMNS, REVISION_TABLE, postgres=True)} FROM sensor s LEFT JOIN LATERAL"
    " (SELECT * FROM revision WHERE revision.sensor_id = s.id ORDER BY seq DESC LIMIT %s) r"
    " ON TRUE WHERE s.id = ANY(string_to_array(%s, ',')) ORDER BY s.id, r.seq DESC"
)
"""PostgreSQL: several rows (primary key) beside their latest revisions, in one round trip.

The ids go as one comma-separated text: psycopg dumps a list parameter element by element,
which cost more than the statement (a comma in an id only makes it unknown).
"""
BATCH_SIZE = 64
"""At most this many reads a statement."""


class PageReader:
    """The page's read for ``async`` code, on SQLite or PostgreSQL (see the module doc).

    SQLite: one read-only connection per thread, in autocommit (a ``SELECT`` opens no
    transaction, so each read sees the latest commit). PostgreSQL: reads wait in one queue;
    at most *connections* statements are on their way at once, each taking every read
    waiting when it starts (up to :data:`BATCH_SIZE`), on an idle connection or a new one.
    When an idle connection fails (the server dropped it), every idle one is closed and the
    statement made once more on a new one.
    """

    def __init__(self, url: str, *, connections: int = 2) -> None:
        parsed = make_url(url)
        self._sqlite_path = parsed.database if parsed.get_backend_name() == "sqlite" else None
        self._sqlite = threading.local()
        self._conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        self._connections = connections
        self._idle: list[Any] = []
        self._waiting: list[_Waiting] = []
        self._statements: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def read(self, sensor_id: str, *, history: int) -> SensorPageRead | None:
        """The row and its *history* latest revisions, or ``None`` for an unknown id."""
        if self._sqlite_path is not None:
            found = self._sqlite_connection().execute(_SQL_QMARK, (sensor_id, max(history, 1))).fetchall()
            return _compound_page_read(sensor_id, found, history)
        loop = self._follow_event_loop()
        answer: asyncio.Future[SensorPageRead | None] = loop.create_future()
        self._waiting.append(_Waiting(sensor_id, max(history, 1), answer))
        if len(self._statements) < self._connections:
            task = loop.create_task(self._answer_waiting())  # from the loop's next turn: reads asked meanwhile join
            self._statements.add(task)
            task.add_done_callback(self._statements.discard)
        return await answer

    async def _answer_waiting(self) -> None:
        """Answer the waiting reads, a statement at a time, until none is left.

        Each read of a batch gets its row or the statement's error; a read given up
        meanwhile (its request cancelled) is skipped.
        """
        while self._waiting:
            batch = [item for item in self._waiting[:BATCH_SIZE] if not item.answer.done()]
            del self._waiting[:BATCH_SIZE]
            if not batch:
                continue
            try:
                rows = await self._select(sorted({item.sensor_id for item in batch}), max(i.history for i in batch))
                by_id: dict[str, list[Any]] = {}
                for row in rows:
                    by_id.setdefault(_BATCH_LAYOUT["id"](row)[0], []).append(row)
                for item in batch:
                    if not item.answer.done():
                        item.answer.set_result(_page_read(item.sensor_id, by_id.get(item.sensor_id, ()), item.history))
            except BaseException as error:  # the batch's reads learn it; the next batch is tried
                for item in batch:
                    if not item.answer.done():
                        item.answer.set_exception(error)
                if not isinstance(error, Exception):
                    raise

    async def _select(self, sensor_ids: list[str], history: int) -> list[Any]:
        import psycopg

        for attempt in (1, 2):
            fresh = not self._idle
            connection = await self._connect() if fresh else self._idle.pop()
            try:
                cursor = connection.cursor()
                await cursor.execute(_BATCH_SQL, (history, ",".join(sensor_ids)), prepare=True)
                rows: list[Any] = await cursor.fetchall()
            except psycopg.OperationalError:  # dropped (server restart, idle timeout) or unreachable
                await connection.close()
                if attempt == 2 or fresh:
                    raise
                await self._close_idle()  # dropped together, as by a server restart
                continue  # once more, on a new connection
            except BaseException:
                await connection.close()
                raise
            self._idle.append(connection)
            return rows
        raise AssertionError("unreachable")  # pragma: no cover

    async def _connect(self) -> Any:
        import psycopg

        connection = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
        try:
            await connection.execute("SET TimeZone TO 'UTC'")  # timestamps come back in UTC, as pages want them
        except BaseException:
            await connection.close()
            raise
        return connection

    def _follow_event_loop(self) -> asyncio.AbstractEventLoop:
        """Connections, waiting reads and statements belong to one event loop: start afresh in another one.

        (A server has one loop for its life; tests and tools may drive an app from several.)
        """
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            for connection in self._idle:
                connection.pgconn.finish()  # its loop is gone or elsewhere: close without awaiting
            self._idle, self._waiting, self._statements = [], [], set()
            self._loop = loop
        return loop

    def _sqlite_connection(self) -> sqlite3.Connection:
        """This thread's connection: no pool to check out from and back into around each read."""
        connection: sqlite3.Connection | None = getattr(self._sqlite, "connection", None)
        if connection is None:
            assert self._sqlite_path is not None
            connection = sqlite3.connect(self._sqlite_path, timeout=30, check_same_thread=False)
            _sqlite_pragmas(connection, None)
            connection.execute(f"PRAGMA mmap_size={256 * 1024 * 1024}")  # no read() call per page of the file
            connection.execute("PRAGMA query_only=ON")
            self._sqlite.connection = connection
        return connection

    async def aclose(self) -> None:
        """Let the statements on their way end, close the PostgreSQL connections and this thread's SQLite one."""
        if self._statements and self._loop is asyncio.get_running_loop():
            await asyncio.gather(*self._statements, return_exceptions=True)
        await self._close_idle()
        connection: sqlite3.Connection | None = getattr(self._sqlite, "connection", None)
        if connection is not None:
            connection.close()
            self._sqlite.connection = None

    async def _close_idle(self) -> None:
        while self._idle:
            await self._idle.pop().close()


@dataclass(slots=True)
class _Waiting:
    sensor_id: str
    history: int
    answer: asyncio.Future[SensorPageRead | None]


def _compound_page_read(sensor_id: str, rows: list[Any], history: int) -> SensorPageRead | None:
    """:data:`_SQL_QMARK`'s rows: the sensor's (``tag`` 0) and its revisions' (their ``seq``), in any order."""
    sensor = None
    revisions = []
    for row in rows:
        if _TAG(row)[0] == 0:
            sensor = row
        else:
            revisions.append(row)
    if sensor is None:
        return None
    if len(revisions) > 1:
        revisions.sort(key=_TAG, reverse=True)
    (interval,) = _INTERVAL_OF(sensor)
    return sensor_read(sensor_id, _SENSOR(sensor), interval, map(_REVISION, revisions[:history]))


def _page_read(sensor_id: str, rows: Sequence[Any], history: int) -> SensorPageRead | None:
    """The joined rows of :data:`_BATCH_SQL` (each revision beside the sensor's fields, latest first)."""
    if not rows:
        return None
    layout = _BATCH_LAYOUT
    (interval,) = layout["interval"](rows[0])
    return sensor_read(sensor_id, layout["sensor"](rows[0]), interval, map(layout["revision"], rows[:history]))


__all__ = ["BATCH_SIZE", "HistoryLine", "PageReader", "SensorPageRead"]
