"""The French typographic pass every printed text goes through (issue #20, item 7)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from dtpr_core import load_register_file
from signage import SIZES, SignOptions, sign_layout
from signage.typography import typeset
from tests.signage.conftest import BASE_URL
from tests.signage.strategies import french_texts
from tests.signage.test_first_layer import ROOT

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("Arrêté n° 2020-VP-0153", f"Arrêté n°{NBSP}2020-VP-0153"),
        ("N°5", f"N°{NBSP}5"),
        ("Commune : Tous", f"Commune{NBSP}: Tous"),
        ("Commune: Tous", f"Commune{NBSP}: Tous"),
        ("Une question ? Oui!", f"Une question{NNBSP}? Oui{NNBSP}!"),
        ("« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
        ("Nos 3 capteurs", "Nos 3 capteurs"),
        ("https://capteurs.angers.fr/s/A?b=c à 10:30", "https://capteurs.angers.fr/s/A?b=c à 10:30"),
    ],
)
def test_french_spacing(written: str, printed: str) -> None:
    assert typeset(written, "fr") == printed


def test_other_languages_are_left_as_written() -> None:
    assert typeset("Question : n° 5 ?", "en") == "Question : n° 5 ?"


@given(french_texts)
def test_the_pass_keeps_every_mark_and_leaves_no_breakable_space_before_one(text: str) -> None:
    done = typeset(text, "fr")
    assert typeset(done, "fr") == done, "applied twice, the same"
    assert re.sub(r"\s", "", done) == re.sub(r"\s", "", text), "only spaces change"
    assert not re.search(r"[ \t][:;?!»]|«[ \t]|[nN][°º][ \t]", done)


@pytest.mark.parametrize("size", [size for size in SIZES if size != "sticker"])  # its sticker is refused (#20)
def test_every_french_text_on_the_camera_sign_is_typeset(size: str) -> None:
    register = load_register_file(ROOT / "sensors.yaml").register
    assert register is not None
    camera = next(sensor for sensor in register.sensors if sensor.id == "ANG-VID-0001")
    layout = sign_layout(camera, SignOptions(BASE_URL, size=size, langs=("fr", "en")))
    french = [" ".join(block.lines) for block in layout.all_texts() if block.lang == "fr"]
    assert french
    for text in french:
        assert not re.search(r"[nN]° |[\w ][:;?!»](?:\s|$)|« ", text), text
    assert f"n°{NBSP}2020-VP-0153" in " ".join(french), "n° never ends a line"
