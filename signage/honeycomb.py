"""The honeycomb: where the four hexagons go and what each one shows (GUIDE §3)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dtpr_core import COLOURS, Sensor, load_taxonomy
from dtpr_core.datachain import personal_data
from dtpr_core.locales import LocalText, localize
from signage.options import Arrangement
from signage.qr import QUIET_ZONE_MODULES
from signage.spec import Hexagon, HexRole, Icon, QrCode, TextBlock
from signage.text_fit import fit_text
from signage.typography import typeset
from signage.wording import word

SQRT3 = math.sqrt(3.0)
QR_FILL = 1.26
"""Side of the QR code (quiet zone included) over the hexagon radius: the largest square inside."""
GAP_MM = 1.0

CENTRES: dict[Arrangement, dict[HexRole, tuple[float, float]]] = {
    # (x in hexagon widths, y in radii) from the purpose hexagon's centre
    "diamond": {"purpose": (0.0, 0.0), "accountable": (-0.5, 1.5), "feedback": (0.5, 1.5), "technology": (0.0, 3.0)},
    "compact": {"purpose": (0.5, 0.0), "technology": (1.5, 0.0), "accountable": (0.0, 1.5), "feedback": (1.0, 1.5)},
}
BOUNDS: dict[Arrangement, tuple[float, float, float, float]] = {
    # left, right (hexagon widths), top, bottom (radii)
    "diamond": (-1.0, 1.0, -1.0, 4.0),
    "compact": (-0.5, 2.0, -1.0, 2.5),
}


@dataclass(frozen=True, slots=True)
class Comb:
    """The honeycomb placed on the page: radius, origin (purpose centre) and arrangement."""

    radius: float
    x0: float
    y0: float
    arrangement: Arrangement
    text_mm: float

    @property
    def hex_width(self) -> float:
        return SQRT3 * self.radius

    def centre(self, role: HexRole) -> tuple[float, float]:
        dx, dy = CENTRES[self.arrangement][role]
        return self.x0 + dx * self.hex_width, self.y0 + dy * self.radius

    def extent(self) -> tuple[float, float, float, float]:
        left, right, top, bottom = BOUNDS[self.arrangement]
        w, r = self.hex_width, self.radius
        return self.x0 + left * w, self.x0 + right * w, self.y0 + top * r, self.y0 + bottom * r


def comb_size(radius: float, arrangement: Arrangement) -> tuple[float, float]:
    left, right, top, bottom = BOUNDS[arrangement]
    return (right - left) * SQRT3 * radius, (bottom - top) * radius


def place_comb(radius: float, arrangement: Arrangement, left: float, top: float, text_mm: float) -> Comb:
    """The honeycomb whose bounding box starts at (*left*, *top*)."""
    bound_left, _, bound_top, _ = BOUNDS[arrangement]
    return Comb(radius, left - bound_left * SQRT3 * radius, top - bound_top * radius, arrangement, text_mm)


def radius_for_qr(matrix_size: int, qr_mm: float) -> float:
    module = qr_mm / matrix_size
    return module * (matrix_size + 2 * QUIET_ZONE_MODULES) / QR_FILL + GAP_MM / 2


def _labels(
    comb: Comb, centre: tuple[float, float], texts: list[tuple[str, bool, str]], colour: str
) -> tuple[TextBlock, ...]:
    """Up to two stacked labels (main word bold, then a lighter line) in the hexagon's lower half."""
    r = comb.radius - GAP_MM / 2
    x, top, width = centre[0] - 0.68 * r, centre[1] - 0.06 * r, 1.36 * r
    shares = (0.42, 0.24) if len(texts) > 1 else (0.66,)
    blocks, y = [], top
    for (text, bold, lang), share in zip(texts, shares, strict=False):
        size = comb.text_mm * (0.62 if bold else 0.5)
        fitted = fit_text(typeset(text, lang), width, share * r, size, min(size, 1.2), bold, max_lines=3)
        blocks.append(
            TextBlock(
                "label",
                x,
                y,
                width,
                share * r,
                fitted.lines,
                fitted.size_mm,
                bold,
                "centre",
                colour,
                lang,
                fitted.shaped,
            )
        )
        y += fitted.height_mm + 0.03 * r if fitted.lines else 0
    return tuple(blocks)


def _hexagon(comb: Comb, role: HexRole, fill: str, icon: str | None, texts: list[tuple[str, bool, str]]) -> Hexagon:
    cx, cy = comb.centre(role)
    r = comb.radius - GAP_MM / 2
    ink = "#FFFFFF" if fill == COLOURS["purpose"] else "#000000"
    box = 0.9 * r
    glyph = Icon(icon, cx - box / 2, cy - 0.4 * r - box / 2, box, ink, fill) if icon else None
    stroke = max(0.35, r * 0.022)
    return Hexagon(role, cx, cy, r, fill, "#000000", stroke, glyph, _labels(comb, (cx, cy), texts, ink))


def _line(texts: LocalText, lang: str | None, bold: bool = False) -> list[tuple[str, bool, str]]:
    """One label in *lang*, tagged with the language it really is in (a fallback keeps its own)."""
    if not lang:
        return []
    text, used = localize(texts, lang)
    return [(text, bold, used)] if text else []


def hexagons(comb: Comb, sensor: Sensor, langs: tuple[str, ...]) -> tuple[Hexagon, ...]:
    taxonomy = load_taxonomy()
    purpose = taxonomy.element(sensor.elements("purpose")[0].element_id)
    tech = taxonomy.element(sensor.elements("tech")[0].element_id)
    org = sensor.accountable[0]
    first, second = langs[0], (langs[1] if len(langs) > 1 else None)
    badge = " / ".join(word(f"badge_{personal_data(sensor)}", lang) for lang in langs)
    return (
        _hexagon(
            comb,
            "purpose",
            COLOURS["purpose"],
            purpose.icon,
            _line(purpose.title, first, True) + _line(purpose.title, second),
        ),
        _hexagon(
            comb,
            "accountable",
            COLOURS["none"],
            taxonomy.element(org.kind).icon,
            _line(org.name, first, True) + _line(org.role, first),
        ),
        _hexagon(comb, "feedback", COLOURS["none"], None, []),
        _hexagon(
            comb,
            "technology",
            COLOURS[tech.identifiability or "none"],
            tech.icon,
            _line(tech.title, first, True) + [(badge, False, first)],
        ),
    )


def place_qr(comb: Comb, url: str, matrix: tuple[tuple[bool, ...], ...], qr_mm: float) -> QrCode:
    cx, cy = comb.centre("feedback")
    module = qr_mm / len(matrix)
    return QrCode(url, matrix, cx - qr_mm / 2, cy - qr_mm / 2, module, QUIET_ZONE_MODULES)
