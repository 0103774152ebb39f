import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from dtpr_core.errors import InvalidAnnouncement
from gateway.native import parse_meta, parse_online
from gateway.topics import SensorTopic

ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 1, 12, tzinfo=UTC)
TOPIC = SensorTopic("dtpr/v1", "ANG-AQ-0042", "meta")


def schema() -> dict:
    return json.loads((ROOT / "docs/schemas/announcement.schema.json").read_text("utf-8"))


def test_schema_is_valid_draft_2020_12_and_the_example_follows_it():
    jsonschema.Draft202012Validator.check_schema(schema())
    example = json.loads((ROOT / "docs/examples/announcement.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(example)
    for inline in schema()["examples"]:
        jsonschema.Draft202012Validator(schema()).validate(inline)


def test_the_example_parses_into_a_full_announcement():
    announcement = parse_meta(TOPIC, (ROOT / "docs/examples/announcement.json").read_bytes(), AT)
    assert announcement.identity.model == "AQ-Station 3" and announcement.identity.firmware == "2.4.1"
    assert announcement.elements == ("air_quality", "values_time", "aggregated")
    assert announcement.location is not None and announcement.location.lat == pytest.approx(47.4712)
    assert announcement.datachain is not None and announcement.datachain.id == "ANG-AQ-0042"


def test_empty_payload_is_a_withdrawal():
    assert parse_meta(TOPIC, b"", AT).withdrawn


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"\xff\xfe", "payload is not UTF-8"),
        (b"{nope", "payload is not JSON"),
        (b"[1]", "announcement must be a JSON object"),
        (b'{"elements": []}', "missing required key 'device'"),
        (b'{"device": {}, "elements": "air_quality"}', "elements has the wrong type"),
        (b'{"device": {"model": 3}, "elements": []}', "device.model must be a string"),
        (b'{"device": {}, "elements": ["air_qualty"]}', "unknown DTPR element 'air_qualty' (did you mean air_quality"),
        (b'{"device": {}, "elements": [], "colour": 1}', "unknown key 'colour'"),
        (b'{"device": {}, "elements": [], "location": {"lat": 91, "lon": 0}}', "location.lat must be between"),
        (b'{"device": {}, "elements": [], "location": {"lat": NaN, "lon": 0}}', "payload is not JSON"),
        (b'{"device": {}, "elements": [], "datachain": {"id": "OTHER"}}', "differs from the topic's sensor id"),
        (b'{"device": {}, "elements": [], "datachain": {"name": 1}}', "datachain is not a valid sensor"),
        (b"[" * 100_000, "payload nested more than 32 levels deep"),
    ],
)
def test_bad_payloads_say_why(payload, reason):
    with pytest.raises(InvalidAnnouncement) as error:
        parse_meta(TOPIC, payload, AT)
    assert reason in error.value.reason


@pytest.mark.parametrize(
    ("payload", "online"),
    [
        (b"online", True),
        (b"offline", False),
        (b" OFFLINE\n", False),
        (b'{"state": "online"}', True),
        (b'"offline"', False),
    ],
)
def test_status_payloads(payload, online):
    assert parse_online("t", payload) is online


@pytest.mark.parametrize("payload", [b"maybe", b"\xff", b'{"state": 1}', b"{"])
def test_bad_status_payloads(payload):
    with pytest.raises(InvalidAnnouncement):
        parse_online("t", payload)
