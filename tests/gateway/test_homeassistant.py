import json
from datetime import UTC, datetime

import pytest

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
