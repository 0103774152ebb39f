"""Announcement fields that were taken on trust (issue #11, point 5): refused with a clear reason."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.message import ReceivedMessage
from gateway.pipeline import Accepted, Pipeline, Quarantined

TOPIC = "dtpr/v1/ANG-AQ-0001/meta"


def decode(topic: str, payload: dict[str, object] | bytes) -> Accepted | Quarantined:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return Pipeline(topic_prefix="dtpr/v1", discovery_prefix="homeassistant").decode(ReceivedMessage(topic, body))


def meta(**extra: object) -> dict[str, object]:
    return {"device": {"model": "AQ-1"}, "elements": ["air_quality"], **extra}


@pytest.mark.parametrize(
    "sent_at", ["2026-11-01T12:00:00Z", "2026-11-01T12:00:00+01:00", "2026-11-01T12:00:00.123456Z"]
)
def test_iso_8601_sent_at_with_a_time_zone_is_accepted(sent_at: str) -> None:
    assert isinstance(decode(TOPIC, meta(sent_at=sent_at)), Accepted)


@pytest.mark.parametrize(
    ("sent_at", "why"),
    [
        ("yesterday", "not an ISO 8601 date-time"),
        ("2026-11-01", "not an ISO 8601 date-time"),
        ("2026-13-01T12:00:00Z", "not an ISO 8601 date-time"),
        ("2026-11-01T12:00:00", "has no time zone"),
        ("x" * 5000, "not an ISO 8601 date-time"),
    ],
)
def test_a_bad_sent_at_is_quarantined_with_its_reason(sent_at: str, why: str) -> None:
    result = decode(TOPIC, meta(sent_at=sent_at))
    assert isinstance(result, Quarantined) and why in result.reason and "2026-11-01T12:00:00Z" in result.reason
    assert len(result.reason) < 300


@given(st.text(max_size=60))
def test_any_sent_at_text_is_accepted_or_refused_clearly(sent_at: str) -> None:
    result = decode(TOPIC, meta(sent_at=sent_at))
    if isinstance(result, Quarantined):
        assert result.reason.startswith("sent_at"), result.reason
    else:
        parsed = datetime.fromisoformat(sent_at)
        assert parsed.tzinfo is not None


@given(st.datetimes(timezones=st.just(UTC)))
def test_every_aware_datetime_written_by_python_is_accepted(moment: datetime) -> None:
    assert isinstance(decode(TOPIC, meta(sent_at=moment.isoformat())), Accepted)


@pytest.mark.parametrize("value", [0, 12.5, 2024])
def test_a_number_where_a_datachain_wants_text_is_refused(value: object) -> None:
    datachain = {
        "name": {"fr": value},
        "status": "active",
        "location": {"lat": 47.47, "lon": -0.55, "address": "Place du Ralliement", "commune": "Angers"},
        "accountable": [{"key": "alm", "name": {"fr": "Angers Loire Métropole"}, "contact": {"email": "a@b.fr"}}],
        "datachain": {"purpose": ["health"], "tech": ["air_quality"]},
    }
    result = decode(TOPIC, meta(datachain=datachain))
    assert isinstance(result, Quarantined)
    assert "datachain.name.fr" in result.reason and "must be text" in result.reason


@pytest.mark.parametrize("field", ["mdl", "mf", "sn", "sw", "name"])
def test_home_assistant_device_texts_are_bounded(field: str) -> None:
    config = {"dev": {"ids": "dev1", field: "x" * 60_000}, "dev_cla": "temperature"}
    if field == "name":
        config = {"dev": {"ids": "dev1"}, "dev_cla": "x" * 60_000}
    result = decode("homeassistant/sensor/dev1/t/config", config)
    assert isinstance(result, Quarantined) and "longer than 200 characters" in result.reason
    assert isinstance(
        decode("homeassistant/sensor/dev1/t/config", {"dev": {"ids": "dev1", "mdl": "x" * 200}}), Accepted
    )


def test_an_overlong_entity_key_is_refused() -> None:
    result = decode(f"homeassistant/sensor/{'n' * 300}/t/config", {"dev": {"ids": "dev1"}})
    assert isinstance(result, Quarantined) and result.kind == "topic"
