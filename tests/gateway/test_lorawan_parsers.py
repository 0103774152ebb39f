"""Each LoRaWAN parser on its own: the documented shapes, the refusals and their reasons, never a crash."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from chirpstack_api import integration
from google.protobuf import json_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtpr_core.errors import InvalidAnnouncement
from dtpr_core.lorawan import DEV_EUI_RE, LorawanEvent
from gateway.lorawan import LorawanRouter
from gateway.lorawan.chirpstack import EVENTS as CS_EVENTS
from gateway.lorawan.chirpstack import parse_chirpstack
from gateway.lorawan.privacy import METADATA_KEYS, OTHER_KEYS, PAYLOAD_KEYS, WITHHELD, redact_payload
from gateway.lorawan.thethingsstack import parse_thethingsstack
from gateway.lorawan.webhook import parse_webhook
from gateway.message import ReceivedMessage
from gateway.pipeline import Pipeline, Quarantined
from tests.gateway import lorawan_samples as samples
from tests.gateway.strategies import json_values, mutated_payloads

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
EUI = "70B3D57ED0001234"
CS = "application"
CS_TOPIC = f"{CS}/17c82e96/device/{EUI.lower()}/event/"
TTS_TOPIC = "v3/capteurs-ville@angers/devices/bin-0042/"
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(event: LorawanEvent) -> None:
    """What any accepted event must be: a valid DevEUI, bounded texts, nothing of the payload."""
    assert DEV_EUI_RE.fullmatch(event.dev_eui) and event.dev_eui == event.dev_eui.upper()
    assert event.at <= NOW
    for text in (event.device_id, event.application, event.profile, event.brand, event.model):
        assert isinstance(text, str) and len(text) <= 200
    assert not any(needle in repr(event) for needle in samples.NEEDLES)


def refused(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidAnnouncement) as caught:
        call()
    reason = caught.value.reason
    assert isinstance(reason, str) and 5 < len(reason) < 400
    return reason


# -- ChirpStack ---------------------------------------------------------------------------


@pytest.mark.parametrize("event", list(samples.CHIRPSTACK_EVENTS))
def test_chirpstack_json_events_of_each_type(event):
    parsed = parse_chirpstack(CS, CS_TOPIC + event, samples.encode(samples.CHIRPSTACK_EVENTS[event](EUI)), NOW)
    check(parsed)
    assert (parsed.kind, parsed.dev_eui, parsed.server) == (event, EUI, "chirpstack")
    assert parsed.heard == (event in ("up", "join", "status", "ack"))
    assert parsed.profile == "Capteur CO2 Elsys ERS" and parsed.application == "capteurs-ville"
    assert parsed.joined == (event == "join")
    if event == "up":
        assert parsed.link is not None and (parsed.link.rssi, parsed.link.snr, parsed.link.gateway_count) == (
            -71,
            9.25,
            2,
        )
    if event == "status":
        assert parsed.battery is not None and (parsed.battery.level, parsed.battery.margin) == (87.5, 7)


def test_chirpstack_time_has_nanoseconds_and_is_never_in_the_future():
    parsed = parse_chirpstack(CS, CS_TOPIC + "up", samples.encode(samples.cs_up(EUI)), NOW)
    assert parsed.at == datetime(2026, 12, 6, 9, 34, 15, 775023, tzinfo=UTC)
    future = samples.cs_up(EUI) | {"time": "2030-01-01T00:00:00Z"}
    assert parse_chirpstack(CS, CS_TOPIC + "up", samples.encode(future), NOW).at == NOW


def test_chirpstack_status_battery_unavailable_or_external_power():
    body = samples.cs_status(EUI) | {"batteryLevelUnavailable": True}
    assert parse_chirpstack(CS, CS_TOPIC + "status", samples.encode(body), NOW).battery.level is None
    body = samples.cs_status(EUI) | {"externalPowerSource": True}
    battery = parse_chirpstack(CS, CS_TOPIC + "status", samples.encode(body), NOW).battery
    assert battery.external_power and battery.level is None


@pytest.mark.parametrize("event", ["up", "join", "status"])
def test_chirpstack_protobuf_marshaler(event):
    cls = {"up": integration.UplinkEvent, "join": integration.JoinEvent, "status": integration.StatusEvent}[event]
    message = json_format.ParseDict(samples.CHIRPSTACK_EVENTS[event](EUI), cls(), ignore_unknown_fields=True)
    from_json = parse_chirpstack(CS, CS_TOPIC + event, samples.encode(samples.CHIRPSTACK_EVENTS[event](EUI)), NOW)
    from_protobuf = parse_chirpstack(CS, CS_TOPIC + event, message.SerializeToString(), NOW)
    assert from_protobuf == from_json


@pytest.mark.parametrize(
    ("topic", "payload", "reason"),
    [
        (CS_TOPIC + "up", b"[1, 2]", "not a ChirpStack up event (JSON or protobuf)"),
        (CS_TOPIC + "up", b"{oops", "payload is not JSON"),
        (CS_TOPIC + "up", b"{}", "'deviceInfo' is missing"),
        (CS_TOPIC + "up", b'{"deviceInfo": {"devEui": "12"}}', "no stable device identifier: deviceInfo.devEui '12'"),
        (CS_TOPIC + "dance", b"{}", "unknown ChirpStack event 'dance'"),
        (f"{CS}/app/device/XYZ/event/up", b"{}", "no stable device identifier: topic DevEUI 'XYZ'"),
        (f"{CS}/app/devices/{EUI}/event/up", b"{}", "malformed topic: expected application/<application id>/device"),
    ],
)
def test_chirpstack_refusals_say_why(topic, payload, reason):
    assert reason in refused(lambda: parse_chirpstack(CS, topic, payload, NOW))


@PROPERTY
@given(payload=mutated_payloads(samples.cs_up(EUI)), event=st.sampled_from([*CS_EVENTS, "x"]))
def test_chirpstack_parser_never_crashes(payload, event):
    try:
        check(parse_chirpstack(CS, CS_TOPIC + event, payload, NOW))
    except InvalidAnnouncement as error:
        assert error.reason and len(error.reason) < 400


# -- The Things Stack ---------------------------------------------------------------------


def test_tts_uplink_join_and_downlink_ack():
    up = parse_thethingsstack("v3", TTS_TOPIC + "up", samples.encode(samples.tts_up(EUI)), NOW)
    check(up)
    assert (up.server, up.kind, up.dev_eui, up.device_id, up.application) == (
        "thethingsstack",
        "up",
        EUI,
        "bin-0042",
        "capteurs-ville",
    )
    assert (up.brand, up.model) == ("milesight-iot", "em310-udl")
    assert up.link is not None and (up.link.rssi, up.link.snr, up.link.gateway_count) == (-88, 6.0, 2)
    assert up.battery is not None and up.battery.level == 64.5
    join = parse_thethingsstack("v3", TTS_TOPIC + "join", samples.encode(samples.tts_join(EUI)), NOW)
    assert join.joined and join.heard and join.at == datetime(2026, 12, 6, 9, 20, tzinfo=UTC)
    ack = parse_thethingsstack("v3", TTS_TOPIC + "down/ack", samples.encode(samples.tts_down_ack(EUI)), NOW)
    assert ack.heard and ack.kind == "down/ack"
    queued = {"end_device_ids": samples.tts_ids(EUI, "bin-0042"), "downlink_queued": {"frm_payload": "AA=="}}
    assert not parse_thethingsstack("v3", TTS_TOPIC + "down/queued", samples.encode(queued), NOW).heard


def test_tts_join_accept_carries_version_ids_since_3_34():
    body = samples.tts_join(EUI)
    body["join_accept"]["version_ids"] = {"brand_id": "elsys", "model_id": "ers-co2"}
    join = parse_thethingsstack("v3", TTS_TOPIC + "join", samples.encode(body), NOW)
    assert (join.brand, join.model) == ("elsys", "ers-co2")


def test_tts_open_source_topics_have_no_tenant():
    event = parse_thethingsstack(
        "v3", "v3/capteurs-ville/devices/bin-0042/up", samples.encode(samples.tts_up(EUI)), NOW
    )
    assert event.application == "capteurs-ville"


@pytest.mark.parametrize(
    ("topic", "body", "reason"),
    [
        (TTS_TOPIC + "up", {"uplink_message": {}}, "'end_device_ids' is missing"),
        (TTS_TOPIC + "up", {"end_device_ids": {"device_id": "bin-0042"}}, "end_device_ids.dev_eui is missing"),
        (TTS_TOPIC + "fly", {}, "unknown The Things Stack event 'fly'"),
        (
            "v3/app/devices/bin-0042/up",
            samples.tts_up(EUI),
            "application_id 'capteurs-ville' differs from the topic's 'app'",
        ),
        (TTS_TOPIC + "up", samples.tts_up(EUI) | {"uplink_message": {"rx_metadata": {}}}, "rx_metadata must be a list"),
    ],
)
def test_tts_refusals_say_why(topic, body, reason):
    assert reason in refused(lambda: parse_thethingsstack("v3", topic, samples.encode(body), NOW))


@PROPERTY
@given(payload=mutated_payloads(samples.tts_up(EUI)), event=st.sampled_from(["up", "join", "down/ack", "x/y"]))
def test_tts_parser_never_crashes(payload, event):
    try:
        check(parse_thethingsstack("v3", TTS_TOPIC + event, payload, NOW))
    except InvalidAnnouncement as error:
        assert error.reason and len(error.reason) < 400


# -- webhook envelopes --------------------------------------------------------------------


def test_webhook_envelopes_of_both_network_servers():
    tts = parse_webhook("hooks", "hooks/any/level", samples.encode(samples.tts_join(EUI)), NOW)
    assert (tts.server, tts.kind, tts.network) == ("thethingsstack", "join", "hooks")
    chirp = parse_webhook(
        "hooks", "hooks/cs", samples.encode(samples.chirpstack_envelope("status", samples.cs_status(EUI))), NOW
    )
    assert (chirp.server, chirp.kind, chirp.battery.level) == ("chirpstack", "status", 87.5)
    assert "unknown ChirpStack event 'nap'" in refused(
        lambda: parse_webhook("hooks", "hooks/cs", samples.encode({"event": "nap", "body": {}}), NOW)
    )


@PROPERTY
@given(
    payload=st.one_of(
        mutated_payloads(samples.tts_up(EUI)),
        mutated_payloads(samples.chirpstack_envelope("up", samples.cs_up(EUI))),
    )
)
def test_webhook_parser_never_crashes(payload):
    try:
        check(parse_webhook("hooks", "hooks/x", payload, NOW))
    except InvalidAnnouncement as error:
        assert error.reason and len(error.reason) < 400


# -- the pipeline and the privacy rule ----------------------------------------------------


def pipeline() -> Pipeline:
    router = LorawanRouter(chirpstack=[CS], thethingsstack=["v3"], webhooks=["hooks"])
    return Pipeline(topic_prefix="dtpr/v1", discovery_prefix="homeassistant", lorawan=router)


@PROPERTY
@given(
    topic=st.sampled_from([CS_TOPIC + "up", CS_TOPIC + "status", TTS_TOPIC + "up", "hooks/a", f"{CS}/a/b"]),
    payload=st.one_of(mutated_payloads(samples.cs_up(EUI)), mutated_payloads(samples.tts_up(EUI))),
)
def test_pipeline_never_raises_and_never_quarantines_a_payload(topic, payload):
    decoded = pipeline().decode(ReceivedMessage(topic, payload, received_at=NOW))
    if isinstance(decoded, Quarantined):
        assert decoded.reason
        for needle in samples.NEEDLES:
            assert needle.encode() not in decoded.payload
        assert samples.RAW not in decoded.payload
    else:
        assert decoded.kind in ("chirpstack", "thethingsstack", "lorawan_webhook") and len(decoded.lorawan) == 1


@given(value=json_values)
def test_redaction_keeps_the_shape_without_payload_keys(value):
    payload = json.dumps({"data": value, "rxInfo": [{"decoded_payload": value, "rssi": -70}]}).encode()
    redacted = redact_payload(payload, 1_000_000)
    if redacted:  # else not JSON for a strict parser (Infinity, integers past 64 bits): nothing kept
        kept = json.loads(redacted)
        assert kept == {"data": WITHHELD, "rxInfo": [{"decoded_payload": WITHHELD, "rssi": -70}]}
    assert redact_payload(b"\x00protobuf", 100) == b""


@given(value=st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_redaction_keeps_only_metadata_keys(value):
    """Whatever a source's version names its fields: only metadata keys come out, with their values."""
    redacted = redact_payload(json.dumps({"rxInfo": [value], "unknownThing": value}).encode(), 1_000_000)
    if not redacted:
        return
    kept = json.loads(redacted)
    assert kept.pop(OTHER_KEYS) == 1
    stack = [kept]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            assert set(item) <= METADATA_KEYS | PAYLOAD_KEYS | {OTHER_KEYS}, item
            stack += [child for key, child in item.items() if key in METADATA_KEYS]
            assert all(item[key] == WITHHELD for key in set(item) & PAYLOAD_KEYS)
        elif isinstance(item, list):
            stack += item


def test_longest_prefix_wins_when_prefixes_nest():
    router = LorawanRouter(chirpstack=["lora"], webhooks=["lora/hooks"])
    assert router.source_of("lora/hooks/a").kind == "lorawan_webhook"
    assert router.source_of("lora/app/device/x/event/up").kind == "chirpstack"
    assert router.source_of("elsewhere/a") is None
