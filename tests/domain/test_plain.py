"""Plain-language answers: the right message ids for every shipped sensor, in every language."""

from __future__ import annotations

import pytest

from dtpr_core import load_register_file, personal_data
from dtpr_core.catalogues import messages
from dtpr_core.locales import LOCALES
from dtpr_core.model import Sensor
from dtpr_core.plain import SENTENCES, TECH_KINDS, plain_words
from dtpr_core.register import read_sensor_data, sensor_to_data
from dtpr_core.taxonomy import load_taxonomy

SHIPPED = load_register_file("sensors.yaml").register
assert SHIPPED is not None
SENSORS: dict[str, Sensor] = {sensor.id: sensor for sensor in SHIPPED.sensors}


@pytest.mark.parametrize("sensor_id", sorted(SENSORS))
def test_every_shipped_sensor_gets_a_specific_answer_in_every_language(sensor_id: str) -> None:
    sensor = SENSORS[sensor_id]
    words = plain_words(sensor)
    assert words.kind != "device", "a shipped sensor is named by its kind (caméra, sonomètre, capteur…)"
    assert words.level == personal_data(sensor)
    ids = [
        words.answer,
        words.sentence,
        words.what_question,
        words.sign_what,
        *([words.rights] if words.rights else []),
    ]
    for locale in LOCALES:
        table = messages(locale)
        assert all(table[msgid].lang == locale for msgid in ids), (locale, ids)
    assert (words.rights is None) == (words.level == "none")
    if words.kind == "camera":
        assert words.what_question != "measures_q", "a camera does not measure"


def test_the_identifiable_camera_says_so_in_plain_french() -> None:
    words = plain_words(SENSORS["ANG-VID-0001"])
    fr = messages("fr")
    assert fr[words.answer].text() == "Oui."
    assert fr[words.sentence].text() == "Cette caméra filme des personnes qu’on peut reconnaître."
    assert fr[words.rights or ""].text().startswith("Pour voir vos images ou vérifier qu’elles sont effacées, écrivez")


def test_a_counting_camera_is_a_camera_whose_data_is_made_anonymous() -> None:
    words = plain_words(SENSORS["ANG-PC-0001"])
    assert (words.kind, words.answer, words.rights) == ("camera", "answer_anonymous", "rights_de_identified")


def test_a_sensor_without_personal_data_answers_no_and_shows_no_rights() -> None:
    words = plain_words(SENSORS["ANG-AQ-0001"])
    assert (words.answer, words.rights, words.what_question) == ("answer_no", None, "measures_q")


def test_a_technology_without_a_kind_is_a_device() -> None:
    data = sensor_to_data(SENSORS["ANG-VID-0001"])
    data["datachain"]["tech"] = ["identifiable_rfid"]  # RFID: no everyday kind of its own
    sensor, problems = read_sensor_data(data)
    assert sensor is not None, problems
    words = plain_words(sensor)
    assert (words.kind, words.sentence, words.rights) == ("device", "plain_device_identifiable", "rights_device")


def test_every_sentence_and_kind_has_its_messages() -> None:
    table = messages("en")
    for kind, level in SENTENCES:
        assert f"plain_{kind}_{level}" in table
        assert f"sign_what_{kind}" in table
    assert set(TECH_KINDS) <= set(load_taxonomy().elements), "TECH_KINDS names only real DTPR elements"
