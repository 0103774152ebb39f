"""Read queries for the registry's staff views and statistics."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from dtpr_core.announcement import Announcement, StatusUpdate
from dtpr_core.times import as_utc
from dtpr_store import session_scope
from dtpr_store._bulk import kind_of
from dtpr_store.db import make_engine, migrate
from dtpr_store.page_read import PageReader, SensorPageRead
from dtpr_store.reads import (
    feedback_by_sensor,
    feedback_counts,
    list_tokens,
    page_views_by_day,
    page_views_by_sensor,
    sensor_counts,
    sensor_history,
    sensor_rows,
)
from dtpr_store.sensor_read import REVISION_COLUMNS, REVISION_TABLE, SENSOR_COLUMNS, SENSOR_TABLE
from dtpr_store.tables import SensorRow
from dtpr_store.writes import (
    add_feedback,
    add_page_views,
    create_token,
    record_announcements,
    record_statuses,
    upsert_sensor,
)
from tests.conftest import make_sensor


def test_counts_and_page_views(engine) -> None:
    with session_scope(engine) as session:
        for index in range(3):
            upsert_sensor(session, sensor=make_sensor(f"ANG-R-{index}"), source="register", actor="t")
        add_feedback(session, sensor_id="ANG-R-1", message="hi", email=None, locale="fr")
        add_page_views(session, counts={("ANG-R-1", date(2026, 11, 1)): 3, ("ANG-R-2", date(2026, 11, 2)): 1})
        create_token(session, name="reader", scope="read")
    with Session(engine) as session:
        assert sorted(sensor_rows(session, ["ANG-R-1", "ANG-R-2", "nope"])) == ["ANG-R-1", "ANG-R-2"]
        assert sensor_counts(session)["declared"] == {"declared": 3}
        assert feedback_counts(session) == {"new": 1}
        assert feedback_by_sensor(session) == [("ANG-R-1", 1)]
        assert page_views_by_day(session, since=date(2026, 11, 2)) == [(date(2026, 11, 2), 1)]
        assert page_views_by_sensor(session, since=date(2026, 1, 1)) == [("ANG-R-1", 3), ("ANG-R-2", 1)]
        assert [row.name for row in list_tokens(session)] == ["reader"]


def test_page_read_matches_the_orm_rows(engine, database_url: str) -> None:
    with session_scope(engine) as session:
        upsert_sensor(session, sensor=make_sensor("ANG-P-1"), source="register", actor="t")
    for index in range(5):  # more revisions than the page shows; online, last seen and drift set
        with session_scope(engine) as session:
            at = datetime.now(UTC) - timedelta(minutes=index)
            record_statuses(session, updates=[StatusUpdate("ANG-P-1", index % 2 == 0, at)])
            elements = ("air_quality", "identifiable_video") if index % 2 else ("air_quality",)
            record_announcements(session, announcements=[Announcement("ANG-P-1", "dtpr", at, elements=elements)])

    async def reads() -> tuple[SensorPageRead | None, SensorPageRead | None]:
        reader = PageReader(database_url)
        try:
            return await reader.read("ANG-P-1", history=3), await reader.read("ANG-NOPE-1", history=3)
        finally:
            await reader.aclose()

    read, unknown = asyncio.run(reads())
    assert read is not None and unknown is None
    with Session(engine) as session:
        row = session.get(SensorRow, "ANG-P-1")
        assert row is not None and row.data is not None
        assert read.declared is True and read.data is not None
        for name in SENSOR_COLUMNS:  # every column the read names, as the ORM reads it
            assert _as_orm(getattr(read, name), name, SENSOR_TABLE) == _stored(getattr(row, name)), name
        expected = [
            tuple(_stored(getattr(r, name)) for name in REVISION_COLUMNS)
            for r in sensor_history(session, "ANG-P-1", limit=3)
        ]
    assert [
        tuple(_as_orm(getattr(line, name), name, REVISION_TABLE) for name in REVISION_COLUMNS) for line in read.history
    ] == expected
    assert read.last_seen is not None and read.last_seen.tzinfo is not None


@pytest.fixture
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    """The machine's PostgreSQL, migrated."""
    engine = make_engine(postgres_url)
    migrate(engine)
    yield engine
    engine.dispose()


def declare(engine: Engine, *sensor_ids: str) -> None:
    with session_scope(engine) as session:
        for sensor_id in sensor_ids:
            upsert_sensor(session, sensor=make_sensor(sensor_id), source="register", actor="t")


def run_then_close(reader: PageReader, scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """*scenario* in a new event loop, then the reader closed (in another one, as at a server's shutdown)."""
    try:
        asyncio.run(scenario())
    finally:
        asyncio.run(reader.aclose())


@pytest.mark.postgres
def test_page_reader_shares_connections_and_survives_a_dropped_one(postgres_url: str, postgres_engine: Engine) -> None:
    declare(postgres_engine, *(f"ANG-Q-{index}" for index in range(3)))

    async def scenario() -> None:
        reader = PageReader(postgres_url, connections=2)
        try:
            reads = await asyncio.gather(*(reader.read(f"ANG-Q-{index % 4}", history=8) for index in range(12)))
            assert [read.id if read else None for read in reads] == [
                f"ANG-Q-{index % 4}" if index % 4 < 3 else None for index in range(12)
            ]
            with postgres_engine.connect() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
            read = await reader.read("ANG-Q-1", history=8)
            assert read is not None and read.id == "ANG-Q-1" and read.history[0].kind == "created"
        finally:
            await reader.aclose()

    asyncio.run(scenario())


@pytest.mark.postgres
def test_page_reader_follows_a_new_event_loop(postgres_url: str, postgres_engine: Engine) -> None:
    declare(postgres_engine, "ANG-Q-5")
    reader = PageReader(postgres_url, connections=1)
    try:

        async def three_at_once() -> list[SensorPageRead | None]:  # they queue for the one connection
            return list(await asyncio.gather(*(reader.read("ANG-Q-5", history=8) for _ in range(3))))

        for _ in range(2):  # a second loop cannot wait on the first one's futures and statements
            assert [read.id if read else None for read in asyncio.run(three_at_once())] == ["ANG-Q-5"] * 3
    finally:
        asyncio.run(reader.aclose())


@pytest.mark.postgres
def test_page_reads_asked_at_once_share_statements(postgres_url: str, postgres_engine: Engine) -> None:
    declare(postgres_engine, *(f"ANG-B-{index}" for index in range(3)))
    with session_scope(postgres_engine) as session:
        for index in range(3):  # three more revisions of ANG-B-0
            sensor = make_sensor("ANG-B-0", description={"fr": f"Version {index}"})
            upsert_sensor(session, sensor=sensor, source="api", actor="t")
    reader = PageReader(postgres_url, connections=1)
    statements: list[list[str]] = []
    select = reader._select

    async def counted(sensor_ids: list[str], history: int) -> list[object]:
        statements.append(sensor_ids)
        return await select(sensor_ids, history)

    reader._select = counted  # type: ignore[method-assign]

    async def scenario() -> None:
        asked = [(f"ANG-B-{index % 4}", 1 + index % 3) for index in range(20)]  # an unknown id, ids twice, 3 depths
        reads = await asyncio.gather(*(reader.read(sensor_id, history=depth) for sensor_id, depth in asked))
        for (sensor_id, depth), read in zip(asked, reads, strict=True):
            if sensor_id == "ANG-B-3":
                assert read is None
                continue
            assert read is not None and read.id == sensor_id
            assert len(read.history) == min(depth, 4 if sensor_id == "ANG-B-0" else 1)
        assert 1 <= len(statements) <= 2  # the first read went alone, or with the others
        assert sorted({sensor_id for ids in statements for sensor_id in ids}) == [f"ANG-B-{i}" for i in range(4)]

        given_up = asyncio.ensure_future(reader.read("ANG-B-1", history=8))
        kept = asyncio.ensure_future(reader.read("ANG-B-2", history=8))
        given_up.cancel()  # before the statement starts: the other read still gets its answer
        kept_read = await kept
        assert given_up.cancelled() and kept_read is not None and kept_read.id == "ANG-B-2"

    run_then_close(reader, scenario)


@pytest.mark.postgres
def test_a_failed_statement_fails_its_reads_only(postgres_url: str, postgres_engine: Engine) -> None:
    declare(postgres_engine, "ANG-F-1")
    reader = PageReader(postgres_url, connections=1)
    select = reader._select
    failures = [RuntimeError("the server answered nonsense")]

    async def failing_once(sensor_ids: list[str], history: int) -> list[object]:
        if failures:
            raise failures.pop()
        return await select(sensor_ids, history)

    reader._select = failing_once  # type: ignore[method-assign]

    async def scenario() -> None:
        first = await asyncio.gather(*(reader.read("ANG-F-1", history=8) for _ in range(3)), return_exceptions=True)
        assert all(isinstance(result, RuntimeError) for result in first)
        again = await reader.read("ANG-F-1", history=8)
        assert again is not None and again.id == "ANG-F-1"

    run_then_close(reader, scenario)


def _stored(value: object) -> object:
    """An ORM value as the read gives it: times aware in UTC."""
    return as_utc(value) if isinstance(value, datetime) else value


def _as_orm(value: object, name: str, table: Any) -> object:
    """A read value as the ORM gives it: JSON columns parsed."""
    if kind_of(table.c[name].type) == "json" and isinstance(value, str):
        return json.loads(value)
    return value
