"""The embedded fonts (DejaVu Sans: covers fr/en/es/pt/tl) and their real metrics.

reportlab draws one glyph per character and shapes nothing, and DejaVu Sans has no Khmer:
a character without a glyph would print as an empty box. :func:`missing_glyphs` finds
them, so a language or a text the sign cannot draw is refused rather than printed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
SVG_FONT_FAMILY = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"
PT_PER_MM = 72.0 / 25.4


def font_path(name: str) -> Path:
    return Path(str(resources.files("signage").joinpath("fonts", f"{name}.ttf")))


@cache
def register_fonts() -> None:
    """Register both faces with reportlab once (they are subset and embedded in every PDF)."""
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))


def font_name(bold: bool) -> str:
    return BOLD if bold else REGULAR


def text_width_mm(text: str, size_mm: float, bold: bool = False) -> float:
    """The printed width of *text* at *size_mm* (the font's em size), in millimetres."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font_name(bold), size_mm))


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    faces = [pdfmetrics.getFont(name).face for name in (REGULAR, BOLD)]
    return frozenset.intersection(*(frozenset(face.charToGlyph) for face in faces))


def missing_glyphs(text: str) -> str:
    """The characters of *text* (each once, in order) the sign's fonts cannot draw; spaces and line breaks aside."""
    covered = _covered()
    return "".join(dict.fromkeys(char for char in text if ord(char) not in covered and char not in "\n\t"))
