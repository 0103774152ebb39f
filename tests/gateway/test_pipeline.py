import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.message import ReceivedMessage
from gateway.pipeline import Accepted, Pipeline, Quarantined
from tests.gateway.strategies import payloads, topics

PREFIX, DISCOVERY = "dtpr/v1", "homeassistant"


def pipeline(**options: int) -> Pipeline:
    return Pipeline(topic_prefix=PREFIX, discovery_prefix=DISCOVERY, **options)


def msg(topic: str, payload: bytes) -> ReceivedMessage:
    return ReceivedMessage(topic, payload)


def test_native_meta_and_status():
    p = pipeline()
    meta = p.decode(msg("dtpr/v1/ANG-AQ-1/meta", b'{"device": {"model": "M"}, "elements": ["air_quality"]}'))
    assert isinstance(meta, Accepted) and meta.announcements[0].elements == ("air_quality",)
    status = p.decode(msg("dtpr/v1/ANG-AQ-1/status", b"offline"))
    assert isinstance(status, Accepted) and status.statuses[0].online is False


def test_too_large_payloads_are_quarantined_bounded():
    result = pipeline(max_payload_bytes=300, quarantine_payload_bytes=64).decode(msg("dtpr/v1/A/meta", b"x" * 1000))
    assert isinstance(result, Quarantined)
    assert result.kind == "size" and result.size == 1000 and len(result.payload) == 64


def test_unknown_topics_are_quarantined():
    result = pipeline().decode(msg("elsewhere/x", b"1"))
    assert isinstance(result, Quarantined) and result.kind == "topic"


def test_home_assistant_availability_and_removal():
    p = pipeline()
    config = {
        "dev": {"ids": "dev1"},
        "dev_cla": "temperature",
        "avty_t": "dev1/avail",
        "pl_avail": "up",
        "pl_not_avail": "down",
    }
    first = p.decode(msg("homeassistant/sensor/dev1/t/config", json.dumps(config).encode()))
    assert isinstance(first, Accepted) and first.subscribe == ("dev1/avail",)
    again = p.decode(msg("homeassistant/sensor/dev1/t/config", json.dumps(config).encode()))
    assert isinstance(again, Accepted) and again.subscribe == ()
    down = p.decode(msg("dev1/avail", b"down"))
    assert isinstance(down, Accepted) and [(s.sensor_id, s.online) for s in down.statuses] == [("ha-dev1", False)]
    gone = p.decode(msg("homeassistant/sensor/dev1/t/config", b""))
    assert (
        isinstance(gone, Accepted) and gone.announcements[0].withdrawn and gone.announcements[0].sensor_id == "ha-dev1"
    )
    unknown = p.decode(msg("homeassistant/sensor/dev2/t/config", b""))
    assert isinstance(unknown, Accepted) and unknown.removals == ("sensor/dev2/t",)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(topic=topics(PREFIX, DISCOVERY), payload=payloads, limit=st.sampled_from([256, 65_536]))
def test_anything_is_either_accepted_or_quarantined_never_raised(topic, payload, limit):
    result = pipeline(max_payload_bytes=limit).decode(msg(topic, payload))
    assert isinstance(result, (Accepted, Quarantined))
    if isinstance(result, Quarantined):
        assert result.reason and not result.reason.startswith("internal error"), result.reason
        assert len(result.payload) <= 4096 and result.size == len(payload)
