"""The pure layout spec of a sign: everything a renderer needs, in millimetres, y downwards."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from signage import shaping
from signage.text_fit import line_height

HexRole = Literal["purpose", "accountable", "feedback", "technology"]
Align = Literal["left", "centre", "right"]
ASCENT = 0.93
"""DejaVu Sans ascent as a fraction of the font size: first baseline below a box's top."""


@dataclass(frozen=True, slots=True)
class TextBlock:
    role: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    size_mm: float
    bold: bool = False
    align: Align = "left"
    colour: str = "#000000"
    lang: str = "fr"
    shaped: bool = False
    """Set in the Khmer face with its taller lines (the block's text has a Khmer character)."""

    @property
    def used_height(self) -> float:
        return len(self.lines) * self.size_mm * line_height(self.shaped)

    def baselines(self) -> list[float]:
        ascent, pitch = (shaping.ASCENT if self.shaped else ASCENT), line_height(self.shaped)
        return [self.y + self.size_mm * (ascent + index * pitch) for index in range(len(self.lines))]

    def anchor_x(self) -> float:
        return {"left": self.x, "centre": self.x + self.width / 2, "right": self.x + self.width}[self.align]


@dataclass(frozen=True, slots=True)
class Icon:
    name: str
    x: float
    y: float
    size: float
    ink: str
    paper: str


@dataclass(frozen=True, slots=True)
class Hexagon:
    """A pointy-top hexagon of the honeycomb with its pictogram and words."""

    role: HexRole
    cx: float
    cy: float
    radius: float
    fill: str
    stroke: str
    stroke_mm: float
    icon: Icon | None
    labels: tuple[TextBlock, ...]

    def points(self) -> list[tuple[float, float]]:
        return [
            (self.cx + self.radius * math.cos(math.radians(a)), self.cy + self.radius * math.sin(math.radians(a)))
            for a in (-90, -30, 30, 90, 150, 210)
        ]


@dataclass(frozen=True, slots=True)
class QrCode:
    url: str
    matrix: tuple[tuple[bool, ...], ...]
    x: float
    """Left edge of the symbol (the quiet zone lies outside it)."""
    y: float
    module_mm: float
    quiet_zone_modules: int

    @property
    def symbol_mm(self) -> float:
        return self.module_mm * len(self.matrix)

    @property
    def total_mm(self) -> float:
        return self.module_mm * (len(self.matrix) + 2 * self.quiet_zone_modules)


@dataclass(frozen=True, slots=True)
class ProofMark:
    """``ÉPREUVE — NE PAS AFFICHER`` across the sign, corner to corner, over everything.

    Translucent, so the QR code still scans when the proof is checked."""

    text: str
    cx: float
    cy: float
    size_mm: float
    angle_deg: float
    """Counter-clockwise, as the page sees it (from bottom-left to top-right)."""
    colour: str = "#C8102E"
    opacity: float = 0.45


@dataclass(frozen=True, slots=True)
class SignLayout:
    sensor_id: str
    title: str
    size: str
    width_mm: float
    height_mm: float
    hexagons: tuple[Hexagon, ...]
    texts: tuple[TextBlock, ...]
    qr: QrCode
    langs: tuple[str, ...]
    proof: ProofMark | None = None
    """Set when the sign is a proof (its address is not a public https one): never to be posted."""

    def hexagon(self, role: HexRole) -> Hexagon | None:
        return next((h for h in self.hexagons if h.role == role), None)

    def all_texts(self) -> list[TextBlock]:
        return [*self.texts, *(label for hexagon in self.hexagons for label in hexagon.labels)]
