"""Every language a sign offers prints real glyphs; one it cannot draw is refused (issue #20, item 7).

Checked on the PDF itself: its fonts are the embedded DejaVu subsets, and every character
of its text has a glyph in them (a character without one prints as an empty box). Khmer,
set in Noto Sans Khmer and shaped, is checked in test_khmer.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from dtpr_core import Sensor, load_register_file
from signage import SignError, SignOptions, render_sign
from signage.fonts import BOLD, REGULAR, missing_glyphs, register_fonts
from signage.options import sign_languages
from tests.signage.conftest import BASE_URL, make_sensor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def camera() -> Sensor:
    register = load_register_file(ROOT / "sensors.yaml").register
    assert register is not None
    return next(sensor for sensor in register.sensors if sensor.id == "ANG-VID-0001")


def pdf_fonts_and_text(pdf: bytes) -> tuple[set[str], str]:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts, "".join(page.extract_text() for page in reader.pages)


def glyphs_of(font: str) -> set[int]:
    register_fonts()
    return set(pdfmetrics.getFont(font).face.charToGlyph)  # type: ignore[attr-defined]


@pytest.mark.parametrize("second", ["en", "es", "pt", "tl"])
def test_every_offered_language_prints_real_glyphs(camera: Sensor, second: str) -> None:
    assert second in sign_languages()
    fonts, text = pdf_fonts_and_text(render_sign(camera, SignOptions(BASE_URL, size="a5", langs=("fr", second)), "pdf"))
    assert fonts <= {REGULAR, BOLD}, f"only the embedded DejaVu faces: {fonts}"
    covered = glyphs_of(REGULAR) & glyphs_of(BOLD)
    drawn = {char for char in text if not char.isspace()}
    assert drawn and not {char for char in drawn if ord(char) not in covered}


def test_every_language_is_offered_for_signs() -> None:
    assert sign_languages() == ("fr", "en", "es", "pt", "tl", "km")  # Khmer shaped: tests/signage/test_khmer.py


def test_a_register_text_without_glyphs_is_refused_not_boxed() -> None:
    assert missing_glyphs("Caméra — n° 5 « ok »") == ""
    assert missing_glyphs("ផ្លូវ ABC") == ""  # a line with Khmer is set in Noto Sans Khmer
    assert missing_glyphs("市場 ABC") == "市場"
    sensor = make_sensor(name={"fr": "Capteur 市場", "en": "Sensor"})
    with pytest.raises(SignError, match="cannot draw '市場'"):
        render_sign(sensor, SignOptions(BASE_URL, size="a5"), "pdf")
