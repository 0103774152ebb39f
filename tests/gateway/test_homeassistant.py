import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core.errors import InvalidAnnouncement
from dtpr_core.model import is_valid_sensor_id
from gateway.homeassistant import elements_for, expand, parse_config, sensor_id_for
from gateway.topics import DiscoveryTopic

AT = datetime(2026, 11, 1, 12, tzinfo=UTC)

ZIGBEE2MQTT_PM25 = {
    "~": "zigbee2mqtt/air_sensor_1",
    "avty": [{"t": "zigbee2mqtt/bridge/state", "val_tpl": "{{ value_json.state }}"}, {"t": "~/availability"}],
    "dev": {
        "ids": ["zigbee2mqtt_0x00158d0001a2b3c4"],
        "mf": "Xiaomi",
        "mdl": "Air quality monitor (VOCKQJK11LM)",
        "name": "air_sensor_1",
        "sw": "0.0.0_0023",
    },
    "dev_cla": "pm25",
    "name": "PM2.5",
    "stat_t": "~",
    "unit_of_meas": "µg/m³",
    "uniq_id": "0x00158d0001a2b3c4_pm25_zigbee2mqtt",
    "val_tpl": "{{ value_json.pm25 }}",
}


def test_zigbee2mqtt_config_is_expanded_and_mapped():
    topic = DiscoveryTopic.parse("homeassistant/sensor/0x00158d0001a2b3c4/pm25/config", "homeassistant")
    entity = parse_config(topic, json.dumps(ZIGBEE2MQTT_PM25).encode(), AT)
    announcement = entity.announcement
    assert announcement.sensor_id == "ha-zigbee2mqtt_0x00158d0001a2b3c4"
    assert announcement.source == "homeassistant" and announcement.entity == "sensor/0x00158d0001a2b3c4/pm25"
    assert announcement.identity.manufacturer == "Xiaomi" and announcement.identity.firmware == "0.0.0_0023"
    assert announcement.elements == ("air_quality",)
    assert [a.topic for a in entity.availability] == [
        "zigbee2mqtt/bridge/state",
        "zigbee2mqtt/air_sensor_1/availability",
    ]


def test_expand_replaces_the_base_topic():
    assert expand({"~": "base/x", "stat_t": "~/state", "cmd_t": "set/~"}) == {
        "state_topic": "base/x/state",
        "cmd_t": "set/~",  # not an abbreviation we expand; untouched
    }


@pytest.mark.parametrize(
    ("component", "device_class", "unit", "elements"),
    [
        ("sensor", "pm10", None, ("air_quality",)),
        ("sensor", "carbon_dioxide", "ppm", ("air_quality",)),
        ("sensor", "volatile_organic_compounds", None, ("air_quality",)),
        ("sensor", "temperature", "°C", ("thermometer",)),
        ("sensor", None, "°C", ("thermometer",)),
        ("sensor", "humidity", "%", ("weather_station",)),
        ("sensor", "atmospheric_pressure", "hPa", ("weather_station",)),
        ("sensor", "sound_pressure", "dB", ("sound_level_meter",)),
        ("sensor", "moisture", "%", ("soil_moisture_sensor",)),
        ("binary_sensor", "occupancy", None, ("motion_detector",)),
        ("binary_sensor", "motion", None, ("motion_detector",)),
        ("camera", None, None, ("video_camera", "pixel_based_image")),
        ("sensor", "battery", "%", ()),
        ("light", None, None, ()),
    ],
)
def test_mapping_table(component, device_class, unit, elements):
    assert elements_for(component, device_class, unit, None) == elements


def test_long_or_odd_identifiers_become_valid_stable_sensor_ids():
    long_id = sensor_id_for("esphome:" + "x" * 100)
    assert is_valid_sensor_id(long_id) and long_id == sensor_id_for("esphome:" + "x" * 100)
    assert sensor_id_for("mac aa:bb") == "ha-mac-aa-bb"


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        ({"name": "x"}, "no stable device identifier"),
        ({"dev": {"ids": []}}, "no stable device identifier"),
        ({"dev": {"ids": "x"}, "dev_cla": 3}, "device_class must be a string"),
        ({"dev": {"ids": "x"}, "avty_t": "a/#"}, "is not a valid topic name"),
        ({"dev": {"ids": "x"}, "avty": "nope"}, "availability must be a list"),
    ],
)
def test_bad_configs_say_why(config, reason):
    topic = DiscoveryTopic.parse("homeassistant/sensor/t/config", "homeassistant")
    with pytest.raises(InvalidAnnouncement) as error:
        parse_config(topic, json.dumps(config).encode(), AT)
    assert reason in error.value.reason


def test_connections_are_a_fallback_identifier():
    topic = DiscoveryTopic.parse("homeassistant/binary_sensor/pir/config", "homeassistant")
    config = {"dev": {"cns": [["mac", "AA:BB:CC:DD:EE:FF"]], "mdl": "PIR"}, "dev_cla": "motion"}
    entity = parse_config(topic, json.dumps(config).encode(), AT)
    assert entity.announcement.sensor_id == "ha-mac-AA-BB-CC-DD-EE-FF"


def test_a_position_in_the_config_or_its_inline_attributes_is_the_devices():
    topic = DiscoveryTopic.parse("homeassistant/device_tracker/van/config", "homeassistant")
    base = {"dev": {"ids": ["van-12"]}, "source_type": "gps"}
    for config in (
        {**base, "latitude": 47.47, "longitude": -0.55},
        {**base, "json_attributes": {"latitude": 47.47, "longitude": -0.55, "gps_accuracy": 5}},
    ):
        location = parse_config(topic, json.dumps(config).encode(), AT).announcement.location
        assert location is not None and (location.lat, location.lon) == (47.47, -0.55)
    assert parse_config(topic, json.dumps(base).encode(), AT).announcement.location is None


@pytest.mark.parametrize(
    ("position", "reason"),
    [
        ({"latitude": 47.47}, "needs both latitude and longitude"),
        ({"latitude": "47.47", "longitude": -0.55}, "location.lat must be a number"),
        ({"latitude": 47.47, "longitude": 200}, "location.lon must be between -180 and 180"),
        ({"json_attributes": {"longitude": 1}}, "needs both latitude and longitude"),
    ],
)
def test_a_bad_position_says_why(position, reason):
    topic = DiscoveryTopic.parse("homeassistant/device_tracker/van/config", "homeassistant")
    with pytest.raises(InvalidAnnouncement) as error:
        parse_config(topic, json.dumps({"dev": {"ids": ["van-12"]}, **position}).encode(), AT)
    assert reason in error.value.reason


_json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
)


@given(latitude=_json_values, longitude=_json_values, inline=st.booleans())
def test_any_position_is_kept_checked_or_refused_with_a_reason(latitude, longitude, inline):
    topic = DiscoveryTopic.parse("homeassistant/device_tracker/van/config", "homeassistant")
    position = {"latitude": latitude, "longitude": longitude}
    config = {"dev": {"ids": ["van-12"]}, **({"json_attributes": position} if inline else position)}
    try:
        location = parse_config(topic, json.dumps(config).encode(), AT).announcement.location
    except InvalidAnnouncement as error:
        assert "lat" in error.reason or "lon" in error.reason
        return
    assert location is not None and -90 <= location.lat <= 90 and -180 <= location.lon <= 180
