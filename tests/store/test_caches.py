"""``ParsedSensors``: a row's declared sensor parsed once, never answered stale."""

from __future__ import annotations

import copy
import dataclasses
from datetime import UTC, datetime

import pytest

from dtpr_core.register import sensor_to_data
from dtpr_store.caches import LruCache, ParsedSensors
from dtpr_store.tables import SensorRow
from tests.conftest import make_sensor

AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def declared_row(data: dict[str, object] | None, *, revision: int = 1, declared: bool = True) -> SensorRow:
    return SensorRow(id="ANG-TEST-0001", declared=declared, revision=revision, data=data, created_at=AT, updated_at=AT)


def test_an_undeclared_row_has_no_sensor() -> None:
    parsed = ParsedSensors()
    assert parsed.declared_sensor(declared_row(None, declared=False)) is None
    assert parsed.declared_sensor(declared_row(sensor_to_data(make_sensor()), declared=False)) is None
    assert len(parsed) == 0


def test_a_row_is_parsed_once_per_revision_and_content() -> None:
    parsed = ParsedSensors()
    data = sensor_to_data(make_sensor())
    first = parsed.declared_sensor(declared_row(data))
    assert first is not None and first.id == "ANG-TEST-0001"
    assert parsed.declared_sensor(declared_row(data)) is first  # the same row object's data
    assert parsed.declared_sensor(declared_row(copy.deepcopy(data))) is first  # read again by a later request
    assert len(parsed) == 1


def test_the_same_revision_with_other_data_is_parsed_again() -> None:
    parsed = ParsedSensors()
    sensor = make_sensor()
    before = parsed.declared_sensor(declared_row(sensor_to_data(sensor)))
    renamed = dataclasses.replace(sensor, name={"fr": "Autre nom", "en": "Other name"})
    after = parsed.declared_sensor(declared_row(sensor_to_data(renamed)))  # e.g. a revision rolled back, then reused
    assert before is not None and after is not None
    assert before.name["fr"] == "Capteur de test" and after.name["fr"] == "Autre nom"


def test_stored_data_that_no_longer_validates_raises() -> None:
    data = sensor_to_data(make_sensor())
    data["datachain"] = {"purpose": ["no_such_element"]}
    with pytest.raises(ValueError, match="ANG-TEST-0001 r1 no longer validates"):
        ParsedSensors().declared_sensor(declared_row(data))


def test_the_cache_is_bounded() -> None:
    parsed = ParsedSensors(maxsize=2)
    data = sensor_to_data(make_sensor())
    for revision in range(1, 6):
        parsed.declared_sensor(declared_row(data, revision=revision))
    assert len(parsed) == 2


def test_lru_cache_drops_the_least_recently_used() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
