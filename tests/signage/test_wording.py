"""The sign's words: in the sign's language throughout, plain, by kind of device."""

from __future__ import annotations

import pytest

from dtpr_core import load_register_file
from dtpr_core.catalogues import translate
from dtpr_core.locales import LOCALES
from signage import SignOptions, sign_layout
from signage.wording import personal_data_sentence, summary

REGISTER = load_register_file("sensors.yaml").register
assert REGISTER is not None
CAMERA = next(sensor for sensor in REGISTER.sensors if sensor.id == "ANG-VID-0001")
FRENCH_FRAME = ("Ce capteur", "sert à", "Cette caméra", "Elle ")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_personal_data_line_is_in_the_signs_language(locale: str) -> None:
    line = personal_data_sentence(CAMERA, locale)
    text, lang = translate(locale, "plain_camera_identifiable")
    assert (line, lang) == (text, locale)
    if locale != "fr":
        assert not any(french in summary(CAMERA, locale, "x") for french in FRENCH_FRAME)


def test_a_tagalog_sign_has_no_french_frame() -> None:
    """Was: "Ce capteur (Makikilalang video) sert à : pagkilos…" (#13)."""
    text = summary(CAMERA, "tl", "x")
    assert text.startswith("Kinukunan ng kamerang ito ang mga taong maaaring makilala.")
    assert "Mga gamit: Pagkilos" in text  # no Tagalog purpose in the register: the DTPR purposes, in Tagalog


def test_the_french_sign_speaks_plainly_with_its_typography() -> None:
    text = summary(CAMERA, "fr", "x")
    assert text.startswith(
        "Cette caméra filme des personnes qu’on peut reconnaître. Elle sert à régler les feux et aider en cas d'accident."
    )
    assert "identifiante" not in text


def test_a_label_that_fell_back_keeps_its_own_language() -> None:
    layout = sign_layout(CAMERA, SignOptions("https://capteurs.example.fr", langs=("tl",)))
    labels = {line: block.lang for hexagon in layout.hexagons for block in hexagon.labels for line in block.lines}
    assert labels["Tagakontrol ng datos"] == "tl"  # a role code is said in every language
    assert labels["Angers Loire"] == "en"  # the register gives the name in French and English only
    assert labels["Pagkilos"] == "tl"
