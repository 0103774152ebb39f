"""Sheets for printing: many signs imposed on A4 or A3 with crop marks and optional bleed.

Signs are laid out one at a time from an iterable and drawn straight onto the page,
so a batch of a thousand signs keeps only the compressed PDF in memory; icons are
drawn once per document as PDF forms and fonts subset once.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from dtpr_core import Sensor
from signage.checked import sign_layout
from signage.options import SignError, SignOptions
from signage.render_pdf import SignCanvas, new_canvas, save_canvas
from signage.spec import SignLayout

MARK_LENGTH_MM = 5.0
MARK_OFFSET_MM = 1.5


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    width_mm: float
    height_mm: float
    margin_mm: float
    crop_marks: bool


SHEETS: dict[str, Sheet] = {
    "a4": Sheet("a4", 210.0, 297.0, 8.0, True),
    "a3": Sheet("a3", 297.0, 420.0, 8.0, True),
    "labels": Sheet("labels", 210.0, 297.0, 5.0, False),
}


@dataclass(frozen=True, slots=True)
class Grid:
    columns: int
    rows: int
    rotated: bool
    cell_w: float
    cell_h: float
    left: float
    top: float
    bleed: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def cell(self, index: int) -> tuple[float, float]:
        """Top-left corner of the trimmed sign in cell *index* (mm, y down)."""
        row, column = divmod(index, self.columns)
        return (self.left + column * self.cell_w + self.bleed, self.top + row * self.cell_h + self.bleed)


def plan_grid(sheet: Sheet, width: float, height: float, bleed: float) -> Grid:
    """The grid placing most signs of *width* × *height* mm on *sheet* (turned a quarter if better)."""
    usable_w = sheet.width_mm - 2 * sheet.margin_mm
    usable_h = sheet.height_mm - 2 * sheet.margin_mm
    options = []
    for rotated, (w, h) in ((False, (width, height)), (True, (height, width))):
        cell_w, cell_h = w + 2 * bleed, h + 2 * bleed
        columns, rows = int(usable_w // cell_w), int(usable_h // cell_h)
        options.append((columns * rows, not rotated, rotated, columns, rows, cell_w, cell_h))
    count, _, rotated, columns, rows, cell_w, cell_h = max(options)
    if count == 0:
        raise SignError(f"a {width:g} × {height:g} mm sign does not fit on a {sheet.name} sheet: choose --sheet a3")
    left = (sheet.width_mm - columns * cell_w) / 2
    top = (sheet.height_mm - rows * cell_h) / 2
    return Grid(columns, rows, rotated, cell_w, cell_h, left, top, bleed)


def _crop_marks(canvas: SignCanvas, grid: Grid, sign_w: float, sign_h: float, sheet: Sheet) -> None:
    """Hairlines in the sheet margin, in line with every cut (never over a sign)."""
    c, gap = canvas.canvas, grid.bleed + MARK_OFFSET_MM
    length = min(MARK_LENGTH_MM, grid.left - gap, grid.top - gap)
    if length <= 0.5:
        return
    canvas.dx = canvas.dy = 0.0
    c.setStrokeColor(HexColor("#000000"))
    c.setLineWidth(0.25)
    xs = sorted({x for i in range(grid.columns) for x in (grid.cell(i)[0], grid.cell(i)[0] + sign_w)})
    ys = sorted(
        {y for r in range(grid.rows) for y in (grid.cell(r * grid.columns)[1], grid.cell(r * grid.columns)[1] + sign_h)}
    )
    top, bottom = grid.top, grid.top + grid.rows * grid.cell_h
    left, right = grid.left, grid.left + grid.columns * grid.cell_w
    for x in xs:
        c.line(canvas.x(x), canvas.y(top - gap), canvas.x(x), canvas.y(top - gap - length))
        c.line(canvas.x(x), canvas.y(bottom + gap), canvas.x(x), canvas.y(bottom + gap + length))
    for y in ys:
        c.line(canvas.x(left - gap), canvas.y(y), canvas.x(left - gap - length), canvas.y(y))
        c.line(canvas.x(right + gap), canvas.y(y), canvas.x(right + gap + length), canvas.y(y))


def _place(canvas: SignCanvas, layout: SignLayout, grid: Grid, index: int) -> None:
    x, y = grid.cell(index)
    c, bleed = canvas.canvas, grid.bleed
    width, height = (layout.height_mm, layout.width_mm) if grid.rotated else (layout.width_mm, layout.height_mm)
    if bleed:
        c.setFillColor(HexColor("#FFFFFF"))
        c.rect(
            canvas.x(x - bleed), canvas.y(y + height + bleed), (width + 2 * bleed) * mm, (height + 2 * bleed) * mm, 0, 1
        )
    if not grid.rotated:
        canvas.sign(layout, x, y)
        return
    c.saveState()
    c.translate(canvas.x(x + width), canvas.y(y + height))
    c.rotate(90)
    inner = SignCanvas(c, layout.height_mm)
    inner.forms = canvas.forms
    inner.sign(layout)
    c.restoreState()


def build_sheet(
    signs: Iterable[tuple[Sensor, SignOptions]],
    sheet: str = "a4",
    bleed_mm: float = 0.0,
    out: BinaryIO | None = None,
    on_sign: Callable[[Sensor], None] | None = None,
) -> bytes:
    """One PDF of every sign imposed on *sheet* pages; written to *out* when given (then ``b""``)."""
    if sheet not in SHEETS:
        raise SignError(f"unknown sheet {sheet!r}: choose one of {', '.join(SHEETS)}")
    if not 0 <= bleed_mm <= 10:
        raise SignError(f"bleed must be between 0 and 10 mm, not {bleed_mm:g}")
    paper = SHEETS[sheet]
    buffer = io.BytesIO()
    target: BinaryIO = out if out is not None else buffer
    canvas = SignCanvas(new_canvas(target, paper.width_mm, paper.height_mm, "Panneaux DTPR"), paper.height_mm)
    grid: Grid | None = None
    placed, size = 0, ""
    for sensor, options in signs:
        layout = sign_layout(sensor, options)
        if grid is None or layout.size != size or placed == grid.per_page:
            if grid is not None:
                canvas.canvas.showPage()
            grid, size, placed = plan_grid(paper, layout.width_mm, layout.height_mm, bleed_mm), layout.size, 0
            if paper.crop_marks:
                _crop_marks(canvas, grid, layout.width_mm, layout.height_mm, paper)
        _place(canvas, layout, grid, placed)
        placed += 1
        if on_sign:
            on_sign(sensor)
    if grid is None:
        raise SignError("no sign to print: select sensors with --sensor, --zone, --commune, --all or --changed")
    canvas.canvas.showPage()
    save_canvas(canvas.canvas)
    return b"" if out is not None else buffer.getvalue()
