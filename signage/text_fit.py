"""Fitting text into a box with real font metrics: shrink to a floor, wrap, then ellipsize.

Words are split on ordinary spaces only, so French non-breaking spaces keep
``Responsable :`` together; a word wider than the box is cut between characters, never
inside one (a Khmer consonant keeps its subscripts and vowels, a letter its accents).
A block with Khmer is set with Khmer's taller line height.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from signage import shaping
from signage.fonts import text_width_mm

ELLIPSIS = "…"
LINE_HEIGHT = 1.22
"""Baseline-to-baseline distance as a multiple of the font size."""
SHRINK_STEP = 0.94
COENG = "\u17d2"


def line_height(shaped: bool) -> float:
    """Baseline to baseline as a multiple of the font size, for a block with Khmer (*shaped*) or without."""
    return shaping.LINE_HEIGHT if shaped else LINE_HEIGHT


@dataclass(frozen=True, slots=True)
class FittedText:
    lines: tuple[str, ...]
    size_mm: float
    shaped: bool = False
    """Set in the Khmer face, shaped (the text has a Khmer character)."""

    @property
    def height_mm(self) -> float:
        return len(self.lines) * self.size_mm * line_height(self.shaped)


def characters(text: str) -> list[str]:
    """*text* as the characters a reader sees: a base with its combining marks, a Khmer consonant
    with its coeng and subscript consonant (text is cut only between these)."""
    pieces: list[str] = []
    for char in text:
        joins = unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200c\u200d"
        if pieces and (joins or pieces[-1].endswith((COENG, "\u200d"))):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _cut_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in characters(word):
        if current and text_width_mm(current + char, size, bold) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy wrapping of *text* into lines no wider than *width* millimetres."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if text_width_mm(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _cut_word(word, width, size, bold) if text_width_mm(word, size, bold) > width else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def ellipsize(line: str, width: float, size: float, bold: bool = False) -> str:
    """*line* shortened until ``line + …`` fits *width* (the last resort)."""
    kept = characters(line.rstrip())
    while kept and text_width_mm("".join(kept) + ELLIPSIS, size, bold) > width:
        kept = characters("".join(kept[:-1]).rstrip())
    return "".join(kept) + ELLIPSIS


def fit_text(
    text: str,
    width: float,
    height: float,
    size: float,
    floor: float,
    bold: bool = False,
    max_lines: int = 99,
) -> FittedText:
    """The largest size from *size* down to *floor* at which *text* fits without cutting a word;
    words are cut only at the floor, and the last line ellipsized there."""
    shaped = shaping.needs_shaping(text)
    if not text.strip():
        return FittedText((), size, shaped)
    current = size
    words = [w for w in text.split(" ") if w]
    while True:
        lines = wrap(text, width, current, bold)
        limit = min(max_lines, int(height / (current * line_height(shaped)) + 1e-9))
        # an e-mail address or a phone number cut in two is hard to type: shrink first
        whole_words = current <= floor or all(text_width_mm(w, current, bold) <= width for w in words)
        if len(lines) <= limit and whole_words:
            return FittedText(tuple(lines), current, shaped)
        if current <= floor and limit == 0:
            return FittedText((), current, shaped)  # no room even for one line: print nothing rather than overflow
        if current <= floor:
            kept = lines[:limit]
            kept[-1] = ellipsize(kept[-1], width, current, bold)
            return FittedText(tuple(kept), current, shaped)
        current = max(floor, current * SHRINK_STEP)
