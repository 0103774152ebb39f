"""The summaries a passer-by reads first (the sign's few lines) are not hard to read."""

from pathlib import Path

from dtpr_core import load_register_file
from dtpr_core.readability import MIN_WORDS, readability
from signage.wording import summary

SENSORS_YAML = Path(__file__).parents[2] / "sensors.yaml"


def test_every_shipped_sensor_sign_summary_is_plain_french():
    result = load_register_file(str(SENSORS_YAML))
    assert result.register is not None
    texts = {sensor.id: summary(sensor, "fr", "angers.fr/s/x") for sensor in result.register.sensors}
    scores = {sensor_id: readability(text) for sensor_id, text in texts.items()}
    assert all(measured.words >= MIN_WORDS for measured in scores.values())  # each one is judged
    assert {
        sensor_id: (measured.score, texts[sensor_id]) for sensor_id, measured in scores.items() if measured.is_hard
    } == {}
