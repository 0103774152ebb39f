"""The Kandel–Moles readability score and the validator's warning on a hard French description."""

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dtpr_core import load_register_file, load_taxonomy
from dtpr_core.readability import MIN_SCORE, MIN_WORDS, description_problems, long_words, readability
from dtpr_core.yaml_source import load_register_text
from tests.domain.registers import edited, line_of
from tests.domain.test_spelling import french_catalogue_texts

SENSORS_YAML = Path(__file__).parents[2] / "sensors.yaml"
HARD = (
    "Dispositif de caractérisation de la concentration atmosphérique des particules fines, "
    "permettant l'évaluation de l'exposition des populations riveraines."
)
PLAIN = "Mesure les particules fines dans l'air. Sert à savoir ce que respirent les riverains."


def test_plain_french_scores_high_and_administrative_french_low():
    plain, hard = readability(PLAIN), readability(HARD)
    assert plain.score > 80 and not plain.is_hard
    assert hard.score < 30 and hard.is_hard
    assert (plain.words, plain.sentences) == (14, 2)
    assert hard.words_per_sentence > plain.words_per_sentence
    assert hard.syllables_per_word > plain.syllables_per_word


def test_short_texts_and_empty_texts_are_not_judged():
    assert readability("").words == 0 and not readability("").is_hard
    label = readability("Délégué à la protection des données")
    assert label.words < MIN_WORDS and not label.is_hard


def test_long_words_are_named():
    assert long_words(HARD) == ["Dispositif", "caractérisation", "atmosphérique"]
    assert long_words(HARD, limit=5)[3:] == ["exposition", "populations"]  # « l'exposition » without its article
    assert long_words(PLAIN) == []


def test_validate_warns_on_a_hard_description_with_its_line_and_a_suggestion():
    text = edited(
        ("    location: {lat: 47.47, lon: -0.55}", f"    description: {HARD}\n    location: {{lat: 47.47, lon: -0.55}}")
    )
    result = load_register_text(text)
    assert result.ok  # a warning, not an error
    [problem] = result.problems
    assert problem.severity == "warning"
    assert problem.line == line_of(text, "description:")
    assert problem.field == "sensors[0].description"
    assert "Kandel–Moles score" in problem.message and f"aim for {MIN_SCORE:.0f}" in problem.message
    assert "sentences of 15 words or fewer" in problem.message and "« caractérisation »" in problem.message


def test_validate_is_quiet_on_a_plain_description_in_any_form():
    for description in (PLAIN, f"{{fr: {PLAIN}, en: Measures fine particles.}}", f">-\n      {PLAIN}"):
        text = edited(
            (
                "    location: {lat: 47.47, lon: -0.55}",
                f"    description: {description}\n    location: {{lat: 47.47, lon: -0.55}}",
            )
        )
        assert load_register_text(text).problems == []


def test_only_french_is_scored():
    text = edited(
        (
            "    location: {lat: 47.47, lon: -0.55}",
            f'    description: {{fr: {PLAIN}, en: "{HARD}"}}\n    location: {{lat: 47.47, lon: -0.55}}',
        )
    )
    assert load_register_text(text).problems == []


def test_every_shipped_sensor_description_is_plain():
    result = load_register_file(str(SENSORS_YAML))
    assert result.register is not None
    scores = {sensor.id: readability(sensor.description["fr"]) for sensor in result.register.sensors}
    assert {sensor_id: r.score for sensor_id, r in scores.items() if r.is_hard} == {}
    assert not [p for p in result.problems if "hard to read" in p.message]
    assert all(description_problems(sensor) == [] for sensor in result.register.sensors)


def test_the_french_page_and_sign_sentences_are_not_hard_to_read():
    texts = french_catalogue_texts()
    texts.pop("credit")  # the CC BY credit line: names, a licence and addresses, not a sentence to read
    scores = {key: readability(text) for key, text in texts.items()}
    assert {key: measured.score for key, measured in scores.items() if measured.is_hard} == {}
    assert sum(measured.words >= MIN_WORDS for measured in scores.values()) >= 5  # the long ones are scored


def test_the_edited_taxonomy_reads_better_than_upstream():
    upstream = json.loads(resources.files("dtpr_core").joinpath("_data", "taxonomy", "device.v1.json").read_text())
    before = [readability(item["description"]["fr"]) for item in upstream["elements"]]
    after = [readability(element.description["fr"]) for element in load_taxonomy().elements.values()]
    assert sum(r.is_hard for r in before) > 50
    assert [r.score for r in after if r.is_hard] == []


def test_importing_dtpr_core_does_not_load_the_scoring_library():
    code = "import sys, dtpr_core, dtpr_core.readability; print('textstat' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


@given(st.text())
def test_scoring_never_crashes(text):
    measured = readability(text)
    assert measured.words >= 0 and measured.sentences >= 0 and measured.syllables >= 0
    assert measured.score == measured.score  # not NaN
    assert isinstance(long_words(text), list)


def test_validate_warns_on_a_lead_over_25_words_in_any_language():
    long_lead = " ".join(["mot"] * 26) + "."
    text = edited(
        (
            "    location: {lat: 47.47, lon: -0.55}",
            f"    description: {{fr: {PLAIN}, en: {long_lead}}}\n    location: {{lat: 47.47, lon: -0.55}}",
        )
    )
    result = load_register_text(text)
    assert result.ok
    [problem] = result.problems
    assert problem.severity == "warning" and problem.field == "sensors[0].description.en"
    assert "26 words" in problem.message and "25 words or fewer" in problem.message
    assert problem.line == line_of(text, "description:")


def test_a_lead_of_25_words_is_fine():
    lead = " ".join(["Mesure"] * 24) + " l’air."
    assert len(lead.split()) == 25
    text = edited(
        (
            "    location: {lat: 47.47, lon: -0.55}",
            f"    description: {{fr: {PLAIN}, en: {lead}}}\n    location: {{lat: 47.47, lon: -0.55}}",
        )
    )
    assert load_register_text(text).problems == []
