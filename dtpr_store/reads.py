"""Read queries shared by the registry (pages, API, exports) and the tools."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, literal, or_
from sqlmodel import Session, col, select

from dtpr_core.model import Sensor
from dtpr_core.register import read_sensor_data
from dtpr_store.db import _sqlite_pragmas
from dtpr_store.tables import (
    FeedbackRow,
    PageViewRow,
    QuarantineRow,
    RevisionRow,
    SensorRow,
    SignPrintRow,
    TokenRow,
)
from dtpr_store.writes import hash_token


@dataclass(frozen=True, slots=True)
class SensorFilters:
    q: str | None = None
    commune: str | None = None
    zone: str | None = None
    purpose: str | None = None
    tech: str | None = None
    personal_data: bool | None = None
    status: str | None = None
    include_retired: bool = True


def get_sensor_row(session: Session, sensor_id: str) -> SensorRow | None:
    return session.get(SensorRow, sensor_id)


@lru_cache(maxsize=4096)
def _parse(sensor_id: str, revision: int, frozen: str) -> Sensor:
    sensor, problems = read_sensor_data(json.loads(frozen))
    if sensor is None:
        raise ValueError(f"stored sensor {sensor_id} r{revision} no longer validates: {problems[:1]}")
    return sensor


def declared_sensor(row: SensorRow) -> Sensor | None:
    """The declared datachain of a row as a domain Sensor (cached per revision)."""
    if not row.declared or row.data is None:
        return None
    return _parse(row.id, row.revision, json.dumps(row.data, sort_keys=True))


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """What a page shows of one revision."""

    at: datetime
    kind: str
    source: str


@dataclass(frozen=True, slots=True)
class SensorPageRead:
    """What the public page needs of one sensor row, without ORM objects: one cheap read per page.

    *data_json* is the stored register JSON as text (not parsed), so callers can key caches by it.
    """

    id: str
    declared: bool
    data_json: str | None
    revision: int
    status: str
    online: bool | None
    last_seen: datetime | None
    updated_at: datetime
    history_seq: int
    drift: list[dict[str, Any]] | None
    history: tuple[HistoryLine, ...]


_PAGE_SQL = (
    "SELECT s.declared, CAST(s.data AS TEXT), s.revision, s.status, s.online, s.last_seen, s.updated_at,"
    " s.history_seq, s.drift, r.at, r.kind, r.source FROM sensor s LEFT JOIN"
    " (SELECT at, kind, source, seq FROM revision WHERE sensor_id = {p} ORDER BY seq DESC LIMIT {p}) r ON 1 = 1"
    " WHERE s.id = {p} ORDER BY r.seq DESC"
)
"""The row (primary key) beside its latest revisions (unique index on sensor_id, seq): one round trip."""
_PAGE_SQL_BY_PARAMSTYLE = {"qmark": _PAGE_SQL.format(p="?"), "format": _PAGE_SQL.format(p="%s")}
_PAGE_SQL_BY_PARAMSTYLE["pyformat"] = _PAGE_SQL_BY_PARAMSTYLE["format"]  # sqlite3: qmark; psycopg: pyformat


def _utc(value: Any) -> datetime:
    """A ``UTCDateTime`` column's raw value (SQLite: naive ISO text in UTC) as an aware UTC datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _json_value(value: Any) -> Any:
    """A JSON column's raw value: text on SQLite, already decoded by psycopg."""
    return json.loads(value) if isinstance(value, str) else value


def make_read_engine(url: str) -> Engine:
    """A small autocommit pool for :func:`read_sensor_page` (the public pages' one-statement read).

    Autocommit: no ``BEGIN`` and ``ROLLBACK`` round trips around a single ``SELECT``. No
    pre-ping: :func:`read_sensor_page` replaces a connection the server dropped and reads
    once more, rather than pinging on every checkout. Never write with it.
    """
    if not url.startswith("sqlite"):
        return create_engine(url, isolation_level="AUTOCOMMIT", pool_size=2, max_overflow=2)
    engine = create_engine(
        url, isolation_level="AUTOCOMMIT", pool_size=2, max_overflow=2, connect_args={"check_same_thread": False}
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "connect", _sqlite_read_pragmas)
    return engine


def _sqlite_read_pragmas(connection: Any, _record: Any) -> None:
    """Read pages through a memory map (no read() system call per page of the file)."""
    connection.execute(f"PRAGMA mmap_size={256 * 1024 * 1024}")


def read_sensor_page(engine: Engine, sensor_id: str, *, history: int) -> SensorPageRead | None:
    """The row and its *history* latest revisions as plain values, in one statement.

    The public page's hot path, so it talks to the driver directly (the ORM, or even Core,
    costs ~50 µs a statement: ten times the query on SQLite). *engine* comes from
    :func:`dtpr_store.db.make_read_engine`: a dropped connection is replaced and read again once.
    """
    sql = _PAGE_SQL_BY_PARAMSTYLE[engine.dialect.paramstyle]
    rows: Sequence[Any] = ()
    for attempt in (1, 2):
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql, (sensor_id, max(history, 1), sensor_id))
            rows = cursor.fetchall()
            cursor.close()
            break
        except engine.dialect.loaded_dbapi.Error as error:
            if attempt == 2 or not engine.dialect.is_disconnect(error, connection.dbapi_connection, None):
                raise
            connection.invalidate()
        finally:
            connection.close()
    if not rows:
        return None
    declared, data_json, revision, status, online, last_seen, updated_at, history_seq, drift = rows[0][:9]
    return SensorPageRead(
        id=sensor_id,
        declared=bool(declared),
        data_json=None if data_json in (None, "null") else data_json,
        revision=revision,
        status=status,
        online=None if online is None else bool(online),
        last_seen=None if last_seen is None else _utc(last_seen),
        updated_at=_utc(updated_at),
        history_seq=history_seq,
        drift=_json_value(drift),
        history=tuple(HistoryLine(_utc(at), kind, source) for *_, at, kind, source in rows[:history] if at is not None),
    )


def list_sensors(
    session: Session, filters: SensorFilters, *, limit: int = 100, offset: int = 0
) -> tuple[list[SensorRow], int]:
    """Declared sensors matching *filters*, by id, and the total count."""
    query = select(SensorRow).where(SensorRow.declared == True)  # noqa: E712
    if filters.q:
        pattern = f"%{filters.q.lower()}%"
        query = query.where(
            or_(
                func.lower(SensorRow.name_fr).like(pattern),
                func.lower(SensorRow.id).like(pattern),
                func.lower(SensorRow.zone).like(pattern),
                func.lower(SensorRow.commune).like(pattern),
            )
        )
    if filters.commune:
        query = query.where(SensorRow.commune == filters.commune)
    if filters.zone:
        query = query.where(SensorRow.zone == filters.zone)
    if filters.purpose:
        query = query.where((literal(" ") + SensorRow.purposes + literal(" ")).like(f"% {filters.purpose} %"))
    if filters.tech:
        query = query.where((literal(" ") + SensorRow.techs + literal(" ")).like(f"% {filters.tech} %"))
    if filters.personal_data is True:
        query = query.where(SensorRow.personal_data != "none")
    elif filters.personal_data is False:
        query = query.where(SensorRow.personal_data == "none")
    if filters.status:
        query = query.where(SensorRow.status == filters.status)
    elif not filters.include_retired:
        query = query.where(SensorRow.status != "retired")
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(SensorRow.id)).offset(offset).limit(limit)).all()
    return list(rows), int(total)


def iter_declared_sensors(session: Session, *, batch: int = 500) -> Iterator[SensorRow]:
    """Every declared sensor by id, fetched in batches (for streamed exports)."""
    last = ""
    while True:
        rows = session.exec(
            select(SensorRow)
            .where(SensorRow.declared == True, SensorRow.id > last)  # noqa: E712
            .order_by(col(SensorRow.id))
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def facets(session: Session) -> dict[str, list[str]]:
    """Distinct communes and zones of declared sensors, for the index filters."""
    out: dict[str, list[str]] = {}
    for name, column in (("commune", SensorRow.commune), ("zone", SensorRow.zone)):
        values = session.exec(select(column).where(SensorRow.declared == True).distinct().order_by(column))  # noqa: E712
        out[name] = [value for value in values if value]
    return out


def sensor_history(session: Session, sensor_id: str, *, limit: int = 200) -> list[RevisionRow]:
    return list(
        session.exec(
            select(RevisionRow)
            .where(RevisionRow.sensor_id == sensor_id)
            .order_by(col(RevisionRow.seq).desc())
            .limit(limit)
        ).all()
    )


def list_discovered(session: Session) -> list[SensorRow]:
    return list(session.exec(select(SensorRow).where(SensorRow.declared == False).order_by(col(SensorRow.id))).all())  # noqa: E712


def list_drift(session: Session) -> list[SensorRow]:
    rows = session.exec(select(SensorRow).where(SensorRow.declared == True).order_by(col(SensorRow.id))).all()  # noqa: E712
    return [row for row in rows if row.drift]


def list_quarantine(session: Session, *, limit: int = 100, offset: int = 0) -> list[QuarantineRow]:
    return list(
        session.exec(select(QuarantineRow).order_by(col(QuarantineRow.id).desc()).offset(offset).limit(limit)).all()
    )


def sensors_with_entity(session: Session, *, entity: str) -> list[str]:
    """Ids of the sensors whose announced device facts list *entity* (a Home Assistant config being removed)."""
    from sqlalchemy import String, cast

    query = select(SensorRow).where(cast(SensorRow.device, String).like(f"%{entity}%"))
    return [row.id for row in session.exec(query) if entity in ((row.device or {}).get("entities") or {})]


def list_feedback(session: Session, *, sensor_id: str | None = None, status: str | None = None) -> list[FeedbackRow]:
    query = select(FeedbackRow)
    if sensor_id:
        query = query.where(FeedbackRow.sensor_id == sensor_id)
    if status:
        query = query.where(FeedbackRow.status == status)
    return list(session.exec(query.order_by(col(FeedbackRow.id).desc())).all())


def find_token(session: Session, token: str) -> TokenRow | None:
    """The live token row matching a presented bearer token, if any."""
    row = session.exec(select(TokenRow).where(TokenRow.token_hash == hash_token(token))).first()
    return row if row is not None and row.revoked_at is None else None


def last_printed(session: Session) -> dict[str, int]:
    """Sensor id -> highest datachain revision printed."""
    query: Any = select(SignPrintRow.sensor_id, func.max(SignPrintRow.revision)).group_by(SignPrintRow.sensor_id)
    return {sensor_id: int(revision) for sensor_id, revision in session.exec(query)}


def sensor_rows(session: Session, ids: list[str]) -> dict[str, SensorRow]:
    """Rows of the given ids (absent ones left out), fetched in chunks."""
    wanted = sorted(set(ids))
    rows: dict[str, SensorRow] = {}
    for start in range(0, len(wanted), 500):
        for row in session.exec(select(SensorRow).where(col(SensorRow.id).in_(wanted[start : start + 500]))):
            rows[row.id] = row
    return rows


def list_tokens(session: Session) -> list[TokenRow]:
    return list(session.exec(select(TokenRow).order_by(col(TokenRow.id))).all())


def page_views_by_day(session: Session, *, since: date) -> list[tuple[date, int]]:
    """Total page views per day since *since* (inclusive), oldest first."""
    query: Any = (
        select(col(PageViewRow.day), func.sum(PageViewRow.count))
        .where(PageViewRow.day >= since)
        .group_by(col(PageViewRow.day))
        .order_by(col(PageViewRow.day))
    )
    return [(day, int(total)) for day, total in session.exec(query)]


def page_views_by_sensor(session: Session, *, since: date, limit: int = 50) -> list[tuple[str, int]]:
    """The most viewed sensors since *since*, most viewed first."""
    total = func.sum(PageViewRow.count)
    query: Any = (
        select(PageViewRow.sensor_id, total)
        .where(PageViewRow.day >= since)
        .group_by(PageViewRow.sensor_id)
        .order_by(total.desc(), PageViewRow.sensor_id)
        .limit(limit)
    )
    return [(sensor_id, int(count)) for sensor_id, count in session.exec(query)]


def feedback_counts(session: Session) -> dict[str, int]:
    """Feedback messages per status (new, answered, closed)."""
    query: Any = select(FeedbackRow.status, func.count()).group_by(FeedbackRow.status)
    return {status: int(count) for status, count in session.exec(query)}


def feedback_by_sensor(session: Session, *, limit: int = 50) -> list[tuple[str, int]]:
    query: Any = (
        select(FeedbackRow.sensor_id, func.count())
        .group_by(FeedbackRow.sensor_id)
        .order_by(func.count().desc(), FeedbackRow.sensor_id)
        .limit(limit)
    )
    return [(sensor_id, int(count)) for sensor_id, count in session.exec(query)]


def sensor_counts(session: Session) -> dict[str, dict[str, int]]:
    """Declared sensors per status and per personal-data level, and the discovered ones."""
    out: dict[str, dict[str, int]] = {"status": {}, "personal_data": {}, "declared": {}}
    for name, column in (("status", SensorRow.status), ("personal_data", SensorRow.personal_data)):
        query: Any = (
            select(column, func.count()).where(SensorRow.declared == True).group_by(column)  # noqa: E712
        )
        out[name] = {value: int(count) for value, count in session.exec(query)}
    declared: Any = select(col(SensorRow.declared), func.count()).group_by(col(SensorRow.declared))
    out["declared"] = {("declared" if flag else "discovered"): int(count) for flag, count in session.exec(declared)}
    return out
