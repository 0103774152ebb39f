"""Khmer signs (``fr,km``): shaped by HarfBuzz in Noto Sans Khmer, in every format, real renders.

A Khmer word drawn one glyph per character prints wrong (a coeng's subscript as a loose mark,
a vowel after its consonant instead of before): these tests prove the glyphs are HarfBuzz's.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from PIL import Image
from pypdf import PdfReader

from dtpr_cli.main import main
from dtpr_core import Sensor, read_sensor_data
from signage import SignOptions, render_sign, sign_layout
from signage.fonts import KHMER_BOLD, KHMER_REGULAR, shaped_font_file, text_width_mm
from signage.options import sign_languages
from signage.shaping import runs, shape
from signage.spec import SignLayout, TextBlock
from signage.text_fit import characters, fit_text
from tests.signage.conftest import BASE_URL, sensor_data
from tests.signage.test_cli import write_register
from tests.signage.test_glyphs import pdf_fonts_and_text

SVG = "{http://www.w3.org/2000/svg}"
STATION = "ស្ថានីយ"
""""Station": SA, COENG, THA (a subscript under SA), AA, NO, II, YO: 7 characters, 5 glyphs."""
KM_NAME = "គុណភាពខ្យល់ — ស្ថានីយ Ralliement"


def khmer_data() -> dict[str, Any]:
    data = sensor_data("identifiable")
    data["name"] = {**data["name"], "km": KM_NAME}
    data["datachain"]["retention"][0]["variables"]["duration"]["km"] = "១ ឆ្នាំ"
    return data


@pytest.fixture(scope="module")
def sensor() -> Sensor:
    sensor, problems = read_sensor_data(khmer_data())
    assert sensor is not None, [p.message for p in problems]
    return sensor


@pytest.fixture(scope="module")
def options() -> SignOptions:
    return SignOptions(BASE_URL, size="a5", langs=("fr", "km"))


def harfbuzz_glyphs(text: str, bold: bool = False) -> list[int]:
    """The glyph ids HarfBuzz itself gives, asked directly."""
    font = hb.Font(hb.Face(hb.Blob.from_file_path(shaped_font_file(bold))))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return [info.codepoint for info in buffer.glyph_infos]


def khmer_block(layout: SignLayout, role: str) -> TextBlock:
    return next(block for block in layout.all_texts() if block.role == role and block.shaped)


def test_khmer_is_offered_for_signs() -> None:
    assert sign_languages() == ("fr", "en", "es", "pt", "tl", "km")
    assert SignOptions(BASE_URL, langs=("fr", "km")).langs == ("fr", "km")


def test_a_coeng_word_is_shaped_into_fewer_glyphs_than_characters() -> None:
    glyphs = [glyph.gid for run in shape(STATION, shaped_font_file(False)) for glyph in run]
    assert glyphs == harfbuzz_glyphs(STATION)
    assert len(glyphs) == 5 < len(STATION) == 7
    font = hb.Font(hb.Face(hb.Blob.from_file_path(shaped_font_file(False))))
    assert "uni17D21790" in [font.glyph_to_string(gid) for gid in glyphs]  # THA as a subscript, one glyph
    assert characters(STATION) == ["ស្ថា", "នី", "យ"]  # text is never cut inside a cluster


def test_widths_are_harfbuzz_advances_not_per_character_widths() -> None:
    font = hb.Font(hb.Face(hb.Blob.from_file_path(shaped_font_file(False))))
    buffer = hb.Buffer()
    buffer.add_str(STATION)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {"kern": True, "liga": True, "dlig": True})
    advances = sum(position.x_advance for position in buffer.glyph_positions) / 1000
    assert text_width_mm(STATION, 10) == pytest.approx(advances * 10)
    per_character = sum(font.get_glyph_h_advance(font.get_nominal_glyph(ord(c)) or 0) for c in STATION) / 1000
    assert abs(advances - per_character) > 0.1  # shaping moved the coeng and vowels


def test_runs_split_scripts_and_keep_punctuation() -> None:
    assert runs("DTPR ស្ថានីយ Angers, ផ្លូវ 5") == ["DTPR ", "ស្ថានីយ ", "Angers, ", "ផ្លូវ 5"]
    assert runs("Caméra") == ["Caméra"]


def test_a_long_khmer_text_wraps_between_clusters_within_its_box() -> None:
    text = "ស្ថានីយ" * 12
    fitted = fit_text(text, 30.0, 40.0, 4.0, 2.0)
    assert fitted.shaped and len(fitted.lines) > 1
    assert "".join(fitted.lines) == text
    for line in fitted.lines:
        assert text_width_mm(line, fitted.size_mm) <= 30.0 + 1e-6
        assert not line.startswith(("\u17d2", "\u17b6", "\u17b8"))  # no line starts with a mark


def test_fr_km_pdf_embeds_the_khmer_font_and_extracts_to_the_khmer_words(sensor: Sensor, options: SignOptions) -> None:
    pdf = render_sign(sensor, options, "pdf")
    fonts, _ = pdf_fonts_and_text(pdf)
    assert KHMER_REGULAR in fonts or KHMER_BOLD in fonts
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = (
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/DescendantFonts" in font
            else font["/FontDescriptor"]
        )
        assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    document = pdfium.PdfDocument(pdf)
    try:
        text = document[0].get_textpage().get_text_range()  # PDFium reads the lines' /ActualText
    finally:
        document.close()
    layout = sign_layout(sensor, options)
    for block in layout.all_texts():
        for line in block.lines:
            if block.shaped and "\u17d2" in line:
                assert line in text, line
    assert "គុណភាពខ្យល់" in text


def _glyph_codes_in_span(pdf: bytes, text: str) -> int:
    """The glyphs drawn inside the marked-content span whose /ActualText is *text* (one byte a glyph)."""
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None
    stream = content.get_data().decode("latin-1")
    marker = f"/ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>"
    span = stream[stream.index(marker) : stream.index("EMC", stream.index(marker))]
    strings = re.findall(r"\(((?:\\.|[^\\)])*)\)", span)
    return sum(len(re.sub(r"\\([0-7]{1,3}|.)", "x", string)) for string in strings)


def test_the_pdf_draws_harfbuzz_glyphs_not_characters(sensor: Sensor) -> None:
    data = khmer_data()
    data["name"]["km"] = STATION
    shaped, _ = read_sensor_data(data)
    assert shaped is not None
    pdf = render_sign(shaped, SignOptions(BASE_URL, size="a5", langs=("fr", "km")), "pdf")
    assert _glyph_codes_in_span(pdf, STATION) == len(harfbuzz_glyphs(STATION)) == 5


def test_fr_km_png_has_ink_where_the_khmer_line_is(sensor: Sensor, options: SignOptions) -> None:
    dpi = 150
    image = Image.open(io.BytesIO(render_sign(sensor, SignOptions(BASE_URL, langs=options.langs, dpi=dpi), "png")))
    block = khmer_block(sign_layout(sensor, options), "subtitle")
    assert block.lines == (KM_NAME,)
    px = dpi / 25.4
    box = (block.x * px, block.y * px, (block.x + block.width) * px, (block.y + block.used_height) * px)
    grey = image.crop(tuple(round(v) for v in box)).convert("L")
    dark = sum(grey.point(lambda value: 255 if value < 128 else 0).histogram()[255:])
    assert dark > 0.03 * grey.width * grey.height, dark


def test_fr_km_svg_draws_khmer_lines_as_shaped_outlines(sensor: Sensor, options: SignOptions) -> None:
    root = ET.fromstring(render_sign(sensor, options, "svg"))
    shaped = {node.get("aria-label"): node for node in root.iter(f"{SVG}path") if node.get("class") == "shaped"}
    assert KM_NAME in shaped
    texts = "".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))
    assert "ស" not in texts  # no Khmer left to a viewer's fonts
    outline = shaped[KM_NAME].get("d") or ""
    glyphs_drawn = sum(len(run) for run in shape(KM_NAME, shaped_font_file(False)))
    assert glyphs_drawn < len(KM_NAME) and outline.count("M") >= glyphs_drawn - KM_NAME.count(" ")


def test_a_non_khmer_sign_uses_no_shaping(sensor: Sensor) -> None:
    options = SignOptions(BASE_URL, size="a5", langs=("fr", "en"))
    assert not any(block.shaped for block in sign_layout(sensor, options).all_texts())
    fonts, _ = pdf_fonts_and_text(render_sign(sensor, options, "pdf"))
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold"}
    assert b'class="shaped"' not in render_sign(sensor, options, "svg")


@pytest.mark.parametrize("size", ["sticker", "a6", "a4"])
def test_every_size_prints_fr_km(sensor: Sensor, size: str) -> None:
    layout = sign_layout(sensor, SignOptions(BASE_URL, size=size, langs=("fr", "km")))
    for block in layout.all_texts():
        for line in block.lines:
            assert text_width_mm(line, block.size_mm, block.bold) <= block.width + 0.05, (block.role, line)
    assert render_sign(sensor, SignOptions(BASE_URL, size=size, langs=("fr", "km"), proof=True), "pdf")


def test_signs_build_prints_fr_km(tmp_path: Path) -> None:
    register = write_register(tmp_path / "sensors.yaml", khmer_data())
    out = tmp_path / "out"
    args = ["signs", "build", "--register", str(register), "--out", str(out), "--base-url", BASE_URL, "--all"]
    assert main([*args, "--lang", "fr,km", "--format", "pdf"]) == 0
    assert list(out.rglob("*.pdf"))
