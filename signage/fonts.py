"""The embedded fonts and their real metrics: DejaVu Sans (fr/en/es/pt/tl), Noto Sans Khmer (km).

reportlab draws one glyph per character, which is right for DejaVu's languages. A line with a
Khmer character is set in Noto Sans Khmer instead, shaped by HarfBuzz (:mod:`signage.shaping`):
measured, drawn in the PDF and outlined in the SVG from the same glyphs. A character the line's
face has no glyph for would print as an empty box: :func:`missing_glyphs` finds them, so a text
the sign cannot draw is refused rather than printed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from signage.shaping import needs_shaping, width_em

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
KHMER_REGULAR = "NotoSansKhmer-Regular"
KHMER_BOLD = "NotoSansKhmer-Bold"
SVG_FONT_FAMILY = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"
PT_PER_MM = 72.0 / 25.4


def font_path(name: str) -> Path:
    return Path(str(resources.files("signage").joinpath("fonts", f"{name}.ttf")))


@cache
def register_fonts() -> None:
    """Register the four faces with reportlab once (they are subset and embedded in every PDF that uses them);
    only the Khmer faces are shaped."""
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(font_path(name)), shapable=False))
    for name in (KHMER_REGULAR, KHMER_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(font_path(name)), shapable=True))


def font_name(bold: bool, text: str = "") -> str:
    """The face *text* is drawn in: the Khmer one when it has a Khmer character."""
    if needs_shaping(text):
        return KHMER_BOLD if bold else KHMER_REGULAR
    return BOLD if bold else REGULAR


@cache
def shaped_font_file(bold: bool) -> str:
    return str(font_path(KHMER_BOLD if bold else KHMER_REGULAR))


def text_width_mm(text: str, size_mm: float, bold: bool = False) -> float:
    """The printed width of *text* at *size_mm* (the font's em size), in millimetres (shaped for Khmer)."""
    if needs_shaping(text):
        return width_em(text, shaped_font_file(bold)) * size_mm
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font_name(bold), size_mm))


@cache
def _covered(khmer: bool) -> frozenset[int]:
    register_fonts()
    names = (KHMER_REGULAR, KHMER_BOLD) if khmer else (REGULAR, BOLD)
    faces = [pdfmetrics.getFont(name).face for name in names]
    return frozenset.intersection(*(frozenset(face.charToGlyph) for face in faces))


def missing_glyphs(text: str) -> str:
    """The characters of *text* (each once, in order) its face cannot draw; spaces and line breaks aside.

    *text* is one line as drawn: with a Khmer character, all of it is set in the Khmer face."""
    covered = _covered(needs_shaping(text))
    return "".join(dict.fromkeys(char for char in text if ord(char) not in covered and char not in "\n\t"))
