"""The sections cached per chain receive a :class:`Chain`: the shared part alone, nothing of one sensor."""

from __future__ import annotations

import dataclasses

from dtpr_core.model import Sensor
from registry.pages.chain import OWN_FIELDS, SHARED_FIELDS, Chain
from tests.conftest import make_sensor


def test_every_field_of_a_sensor_is_shared_or_its_own() -> None:
    """A field added to Sensor must be classified here, or a chain could carry it."""
    fields = {f.name for f in dataclasses.fields(Sensor)}
    assert fields == {*OWN_FIELDS, *SHARED_FIELDS, "name"}
    assert not set(OWN_FIELDS) & set(SHARED_FIELDS)


def test_a_chain_carries_nothing_of_the_sensor_it_was_made_from() -> None:
    sensor = make_sensor("ANG-AQ-0042", location={"lat": 47.4, "lon": -0.5, "address": "Rue Lenepveu"})
    chain = Chain.of("key", sensor)
    for name, blank in OWN_FIELDS.items():
        assert getattr(chain.sensor, name) == blank, name
    assert set(chain.sensor.name) == set(sensor.name) and not any(chain.sensor.name.values())
    for name in SHARED_FIELDS:
        assert getattr(chain.sensor, name) == getattr(sensor, name), name


def test_sensors_declared_alike_share_one_chain() -> None:
    first, second = make_sensor("ANG-AQ-0001"), make_sensor("ANG-AQ-0002", name={"fr": "Autre", "en": "Other"})
    assert Chain.of("k", first) == Chain.of("k", second) and Chain.of("k", first).sensor == Chain.of("k", second).sensor
    assert hash(Chain.of("k", first)) == hash(Chain.of("k", second)) and Chain.of("k", first) != Chain.of("j", first)
