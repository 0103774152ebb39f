"""LoRaWAN in the domain: DevEUIs, reporting intervals, the register's network section, the mapping table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core._reader import Reader
from dtpr_core.lorawan import (
    LorawanLink,
    discovered_sensor_id,
    format_interval,
    normalise_dev_eui,
    parse_interval,
)
from dtpr_core.lorawan_mapping import MappingError, default_mapping, load_mapping, parse_mapping
from dtpr_core.model import is_valid_sensor_id
from dtpr_core.network import read_network
from dtpr_core.register import parse_register
from tests.domain.registers import VALID
from tests.gateway.strategies import json_values


def test_dev_eui_forms():
    assert normalise_dev_eui("70b3d57ed0001234") == "70B3D57ED0001234"
    assert normalise_dev_eui("70-B3-D5-7E-D0-00-12-34") == "70B3D57ED0001234"
    for bad in ("70B3D57ED000123", "70B3D57ED00012345", "70B3D57ED000123G", 70, None, ""):
        assert normalise_dev_eui(bad) is None
    assert is_valid_sensor_id(discovered_sensor_id("70B3D57ED0001234"))


@given(st.text(max_size=30) | json_values)
def test_normalise_dev_eui_never_crashes(value):
    result = normalise_dev_eui(value)
    assert result is None or (len(result) == 16 and result == result.upper())


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("15m", 900), ("15 min", 900), ("6h", 21600), ("1d", 86400), (" 2 d ", 172800)]
)
def test_intervals(text, seconds):
    assert parse_interval(text) == seconds
    assert parse_interval(format_interval(seconds)) == seconds


@pytest.mark.parametrize("bad", ["5s", "15", "m", "1y", "400d", 15, None, "1.5h"])
def test_bad_intervals(bad):
    assert parse_interval(bad) is None


@given(st.integers(min_value=10, max_value=366 * 86400))
def test_interval_round_trip(seconds):
    assert parse_interval(format_interval(seconds)) == seconds


@given(json_values)
def test_read_network_never_crashes(value):
    reader = Reader()
    link = read_network(reader, {"lorawan": value}, ("network",))
    assert link is None or isinstance(link, LorawanLink)
    if isinstance(value, dict) and "dev_eui" in value and link is None:
        assert reader.problems, "a refused DevEUI always says why"
    for problem in reader.problems:
        assert problem.message and problem.path[:2] == ("network", "lorawan")


def test_register_round_trip_keeps_the_link():
    text = VALID.replace(
        "    status: active",
        '    status: active\n    network: {lorawan: {dev_eui: "70b3d57ed0001234", reporting_interval: 30 min}}',
    )
    from dtpr_core.register import dump_register
    from dtpr_core.yaml_source import load_register_text

    result = load_register_text(text)
    assert result.ok, result.problems
    sensor = result.register.sensors[0]
    assert sensor.lorawan == LorawanLink("70B3D57ED0001234", 1800)
    dumped = dump_register(result.register)
    assert dumped["sensors"][0]["network"] == {"lorawan": {"dev_eui": "70B3D57ED0001234", "reporting_interval": "30m"}}
    again, problems = parse_register(dumped)
    assert again == result.register and not [p for p in problems if p.is_error]


def test_shipped_mapping_covers_the_common_city_sensors():
    mapping = default_mapping()
    cases = {
        "Capteur CO2 Elsys": "air_quality",
        "Qualité de l'air": "air_quality",
        "Sonomètre": "sound_level_meter",
        "Compteur de passage": "passive_infrared_sensor",
        "Parking bay sensor": "radar",
        "Bin fill level": "ultrasonic_level_sensor",
        "Humidité du sol": "soil_moisture_sensor",
        "Station météo": "weather_station",
    }
    for profile, element in cases.items():
        assert mapping.elements(profile=profile) == (element,), profile
    assert mapping.elements(profile="x", brand="elsys", model="ers-co2-lite") == ("air_quality",)
    assert mapping.elements(profile="Tracker de vélos") == ()
    assert mapping.interval(profile="Tracker de vélos") == 3600, "the table's default"


def test_a_city_mapping_file_with_mistakes_says_where(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("rows:\n  - {profile: '*co2*', elements: [air_qualty], interval: 15 minutes}\n  - {elements: []}\n")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    message = str(caught.value)
    assert "rows[0].elements[0]: 'air_qualty' is not a DTPR technology element (did you mean 'air_quality'?)" in message
    assert "rows[0].interval: interval '15 minutes' must look like 90s, 15m, 6h or 1d" in message
    assert "rows[1]: a row needs a profile or a model pattern (or both)" in message
    assert str(path) in message
    path.write_text("rows:\n  - {profile: '*noise*', elements: [sound_level_meter]}\n")
    assert load_mapping(path).elements(profile="Noise sensor") == ("sound_level_meter",)


@given(json_values)
def test_parse_mapping_never_crashes(value):
    try:
        parse_mapping({"rows": [value]})
    except MappingError as error:
        assert error.problems and all(p.message for p in error.problems)
