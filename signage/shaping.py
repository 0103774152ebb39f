"""Khmer text shaped by HarfBuzz (uharfbuzz): its runs, glyphs, advances and outlines.

Khmer cannot be drawn one glyph per character: a coeng (U+17D2) turns the next consonant
into a subscript, vowels sit before, above or below their consonant. A line with a Khmer
character is drawn in Noto Sans Khmer and shaped by HarfBuzz, run by run (a Latin word in
a Khmer line is its own run, so each run gets its script's shaper). The same shaping
measures the line (text fitting), draws the PDF (reportlab's HarfBuzz shaping of the same
runs) and the SVG (the glyphs' outlines as paths). A line without Khmer never comes here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import uharfbuzz as hb

KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
FEATURES = {"kern": True, "liga": True, "dlig": True}
"""The features reportlab shapes with (``reportlab.pdfbase.ttfonts.shapeFragWord``): measured as drawn."""
LINE_HEIGHT = 1.6
"""Baseline to baseline in a Khmer block: its stacks reach 1.0 em above the baseline and 0.57 below."""
ASCENT = 1.0
"""The first baseline below a Khmer block's top (the tallest vowel above a consonant reaches 0.99 em)."""


def needs_shaping(text: str) -> bool:
    """Whether *text* has a Khmer character (drawn shaped, in the Khmer face)."""
    return KHMER.search(text) is not None


def runs(text: str) -> list[str]:
    """*text* cut where the script changes between Khmer and another script's letters;
    spaces, digits and punctuation stay in the run they follow."""
    pieces: list[str] = []
    current, kind = "", ""
    for char in text:
        char_kind = "km" if KHMER.match(char) else ("other" if char.isalpha() else "")
        if char_kind and kind and char_kind != kind:
            pieces.append(current)
            current = ""
        kind = char_kind or kind
        current += char
    return [*pieces, current] if current else pieces


@dataclass(frozen=True, slots=True)
class Glyph:
    """One shaped glyph, in font units: its id, the first character it draws, its advance and offsets."""

    gid: int
    cluster: int
    advance: int
    dx: int
    dy: int


@dataclass(frozen=True, slots=True)
class Face:
    font: hb.Font
    units_per_em: int


@cache
def face(path: str) -> Face:
    """The HarfBuzz font of the TrueType file at *path* (shared: HarfBuzz shapes with it from any thread)."""
    hb_face = hb.Face(hb.Blob.from_file_path(path))
    return Face(hb.Font(hb_face), hb_face.upem)


@lru_cache(maxsize=16384)
def shape_run(text: str, path: str) -> tuple[Glyph, ...]:
    """The glyphs HarfBuzz gives for one run of *text* in the font at *path*."""
    buffer = hb.Buffer()
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(face(path).font, buffer, FEATURES)
    return tuple(
        Glyph(info.codepoint, info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    )


def shape(text: str, path: str) -> list[tuple[Glyph, ...]]:
    """The glyphs of each run of *text* (see :func:`runs`)."""
    return [shape_run(run, path) for run in runs(text)]


def width_em(text: str, path: str) -> float:
    """The advance of shaped *text* in ems."""
    return sum(glyph.advance for run in shape(text, path) for glyph in run) / face(path).units_per_em


Command = tuple[str, tuple[tuple[float, float], ...]]


class _OutlinePen:
    """A fontTools-style pen keeping a glyph's outline as (SVG command, points) in font units (y up)."""

    def __init__(self) -> None:
        self.commands: list[Command] = []

    def moveTo(self, point: tuple[float, float]) -> None:  # noqa: N802 - the pen protocol's names
        self.commands.append(("M", (point,)))

    def lineTo(self, point: tuple[float, float]) -> None:  # noqa: N802
        self.commands.append(("L", (point,)))

    def curveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        self.commands.append(("C", points))

    def qCurveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        self.commands.append(("Q", points))

    def closePath(self) -> None:  # noqa: N802
        self.commands.append(("Z", ()))


@lru_cache(maxsize=4096)
def glyph_outline(gid: int, path: str) -> tuple[Command, ...]:
    """The outline of glyph *gid* in font units with y up, its origin at (0, 0)."""
    pen = _OutlinePen()
    face(path).font.draw_glyph_with_pen(gid, pen)
    return tuple(pen.commands)


def line_outline(text: str, path: str) -> str:
    """SVG path data of the whole shaped line, in font units with y up, from its start on the baseline."""
    parts, pen_x = [], 0
    for run in shape(text, path):
        for glyph in run:
            x0, y0 = pen_x + glyph.dx, glyph.dy
            for op, points in glyph_outline(glyph.gid, path):
                parts.append(op + " ".join(f"{x + x0:g} {y + y0:g}" for x, y in points))
            pen_x += glyph.advance
    return "".join(parts)
