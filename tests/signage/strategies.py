"""Hypothesis strategies for signs: names and texts in every printed language, written by hand."""

from __future__ import annotations

from hypothesis import strategies as st

from dtpr_core import Sensor, read_sensor_data
from signage import SIZES
from tests.signage.conftest import sensor_data

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éèêëàâçîïôœùûüÿÉÈÇÀŒ'’«»—–-,.;:!?¿¡ñÑãõÃÕáíóúÁÍÓÚ&<>\"/()"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=120).map(lambda s: s.strip() or "x")
long_words = st.text(alphabet="WMwmÉŒ", min_size=20, max_size=90)
names = st.one_of(words, long_words, st.just("Capteur " * 15))
langs = st.sampled_from([("fr",), ("fr", "en"), ("fr", "es"), ("fr", "pt"), ("en",), ("es", "pt"), ("fr", "km")])
sizes = st.sampled_from(sorted(SIZES))
cases = st.sampled_from(["identifiable", "de_identified", "none"])
french_texts = st.text(
    alphabet=ALPHABET + "°º\u00a0\u202f\t", max_size=160
)  # free texts of a register: any spacing around the marks, "n°" glued or not


@st.composite
def sensors(draw: st.DrawFn) -> Sensor:
    name = draw(names)
    org = draw(names)
    case = draw(cases)
    data = sensor_data(case, name={"fr": name, "en": draw(names), "es": name, "pt": name})
    data["accountable"][0]["name"] = {"fr": org}
    duration = {"fr": "1 an", "en": "1 year", "es": "1 año", "pt": "1 ano"}
    data["datachain"]["retention"] = [{"element": "data_retained", "variables": {"duration": duration}}]
    data["datachain"]["purpose"] = [draw(st.sampled_from(["health", "safety_security", "planning_decision_making"]))]
    sensor, problems = read_sensor_data(data)
    assert sensor is not None, [p.message for p in problems]
    return sensor
