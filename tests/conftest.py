"""Shared fixtures: real databases (SQLite and PostgreSQL), a real MQTT broker, sample sensors.

PostgreSQL tests get a database of their own per test session (created and dropped
here), so several runs on one machine never collide. CI always provides both
services (scripts/ensure-services.sh); locally a missing service skips its tests.
"""

from __future__ import annotations

import gc
import os
import socket
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import jinja2
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text

import dtpr_core.passwords
import registry.app
import registry.pages
from dtpr_core.model import Sensor
from dtpr_core.register import read_sensor_data
from dtpr_store.db import make_engine, migrate

POSTGRES_URL = os.environ.get("DTPR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MQTT_URL = os.environ.get("DTPR_TEST_MQTT_URL", "mqtt://127.0.0.1:1883")
REQUIRE_SERVICES = os.environ.get("CI") == "true"


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _unavailable(what: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is not reachable; CI must provide it (scripts/ensure-services.sh)")
    pytest.skip(f"{what} is not reachable")


class _GcWithoutFullCollection:
    """The ``gc`` module, but ``collect()`` does nothing: see :func:`app_start_without_full_collection`."""

    def __getattr__(self, name: str) -> Any:
        return getattr(gc, name)

    @staticmethod
    def collect(generation: int = 2) -> int:
        return 0


@pytest.fixture(scope="session", autouse=True)
def app_start_without_full_collection() -> Iterator[None]:
    """Apps started by the tests skip the full garbage collection of ``registry.app.steady_heap``.

    A server collects once, at start-up; the test process starts an app for most registry tests
    and its heap (every test module, hypothesis) made each collection cost 0.1-0.5 s. The heap is
    still frozen and the thresholds set as in production; ``tests/registry/test_steady_heap.py``
    checks the real thing, collection included.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry.app, "gc", _GcWithoutFullCollection())
        yield


class _CompiledTemplates(jinja2.BytecodeCache):
    """The pages' templates compiled once per test process (Jinja checks each one's source before reuse)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session", autouse=True)
def pages_compiled_once() -> Iterator[None]:
    """Each app of the tests compiles the same page templates: the second one reuses the first's code.

    ``create_app`` makes the pages' Jinja2 environment (``registry.pages.make_environment``) and
    compiles its templates, 0.07 s of the 0.11 s it takes; every environment it makes has the
    same options, and a template whose source differs is compiled again.
    """
    compiled = _CompiledTemplates()
    make = registry.pages.make_environment

    def make_environment(*args: Any, **kwargs: Any) -> jinja2.Environment:
        environment = make(*args, **kwargs)
        environment.bytecode_cache = compiled
        return environment

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry.pages, "make_environment", make_environment)
        yield


CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""argon2id still, at a cost the tests can afford: the library's defaults take 0.2 s a hash on CI's two cores."""


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Passwords hashed and checked in the test process at :data:`CHEAP_HASHER`'s cost.

    Every staff test signs someone in, and the throttling tests try hundreds of passwords.
    A hash carries its own parameters, so those made by ``dtpr staff`` processes (at the
    real cost) still verify. ``tests/domain/test_passwords.py`` checks the real parameters.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dtpr_core.passwords, "_hasher", lambda: CHEAP_HASHER)
        patch.setattr(dtpr_core.passwords, "_dummy_hash", lambda: dummy)
        dummy = CHEAP_HASHER.hash("not a password of anyone")
        yield


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    parts = urlsplit(POSTGRES_URL)
    if not _port_open(parts.hostname or "127.0.0.1", parts.port or 5432):
        _unavailable("PostgreSQL")
    name = f"dtpr_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class PostgresReset:
    """Empties the session's PostgreSQL database between tests.

    The first time, and whenever the schema is not exactly what the migrations made (an extra
    table, another revision), the schema is dropped and migrated again from nothing. Otherwise
    the migrations' tables are emptied (``TRUNCATE … RESTART IDENTITY``) and kept at the head
    revision, so the ``migrate()`` of the test finds nothing to do (0.06 s a test instead of 0.11 s).
    """

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.migrated: tuple[set[str], str] | None = None

    def _state(self) -> tuple[set[str], str | None]:
        with self.engine.connect() as connection:
            tables = set(
                connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
            )
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute(text("SELECT string_agg(version_num, ',') FROM alembic_version")).scalar()
        return tables, revision

    def __call__(self) -> None:
        if self.migrated is not None and self._state() == self.migrated:
            tables = ", ".join(f'"{name}"' for name in sorted(self.migrated[0] - {"alembic_version"}))
            with self.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            return
        with self.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        migrate(self.engine)
        tables, revision = self._state()
        self.migrated = (tables, revision) if revision else None


@pytest.fixture(scope="session")
def postgres_reset(postgres_url: str) -> Iterator[PostgresReset]:
    reset = PostgresReset(postgres_url)
    yield reset
    reset.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """Each test using it runs once on SQLite and once on PostgreSQL (emptied, see :class:`PostgresReset`)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/dtpr.sqlite3"
    request.getfixturevalue("postgres_reset")()
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated, empty database."""
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def mqtt_url() -> str:
    parts = urlsplit(MQTT_URL)
    if not _port_open(parts.hostname or "127.0.0.1", parts.port or 1883):
        _unavailable("the MQTT broker")
    return MQTT_URL


@pytest.fixture
def topic_prefix() -> str:
    """A unique MQTT topic prefix per test, so tests never see each other's messages."""
    return f"test/{uuid.uuid4().hex[:12]}/dtpr/v1"


def make_sensor(sensor_id: str = "ANG-TEST-0001", **changes: object) -> Sensor:
    """A valid sensor in register format, with *changes* merged at the top level."""
    data: dict[str, object] = {
        "id": sensor_id,
        "name": {"fr": "Capteur de test", "en": "Test sensor"},
        "description": {"fr": "Mesure la qualité de l'air.", "en": "Measures air quality."},
        "location": {
            "lat": 47.47,
            "lon": -0.55,
            "address": "Place du Ralliement",
            "commune": "Angers",
            "zone": "Centre-ville",
        },
        "status": "active",
        "accountable": [
            {
                "key": "alm",
                "name": {"fr": "Angers Loire Métropole"},
                "kind": "institution",
                "contact": {
                    "email": "contact@example.org",
                    "phone": "+33 2 41 00 00 00",
                    "postal": "83 rue du Mail, Angers",
                },
                "data_protection": {"email": "dpo@example.org"},
            }
        ],
        "datachain": {
            "purpose": ["health"],
            "tech": ["air_quality"],
            "data": ["values_time"],
            "retention": [{"element": "data_retained", "variables": {"duration": {"fr": "1 an", "en": "1 year"}}}],
            "storage": ["stored_locally"],
        },
    }
    data.update(changes)
    sensor, problems = read_sensor_data(data)
    assert sensor is not None, problems
    return sensor


@pytest.fixture
def sensor() -> Sensor:
    return make_sensor()
