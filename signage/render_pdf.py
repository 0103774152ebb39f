"""Drawing a sign's layout spec on a reportlab canvas: vector shapes, embedded fonts.

:func:`draw_sign` is shared by single signs and sheets; icons become PDF form
XObjects drawn once per document and reused by every sign on it. A Khmer line is drawn
in Noto Sans Khmer, shaped by reportlab's HarfBuzz (``shapeStr``, reportlab >= 4.4, uharfbuzz:
``drawString(shaping=True)`` shapes only where the optional rlbidi is installed) run by run, inside a marked-content span whose ``/ActualText`` is the line itself: shaped glyphs are
reordered and merged, and the span lets a reader copy or extract the real words.
"""

from __future__ import annotations

import io
import threading
from typing import BinaryIO

from reportlab.graphics import renderPDF
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from signage.fonts import REGULAR, font_name, register_fonts, text_width_mm
from signage.icons import glyph_drawing
from signage.qr import dark_runs
from signage.shaping import needs_shaping, runs
from signage.spec import Hexagon, Icon, ProofMark, QrCode, SignLayout, TextBlock


class SignCanvas:
    """A reportlab canvas in millimetres with y downwards, from a sign's top-left corner."""

    def __init__(self, canvas: Canvas, page_height_mm: float) -> None:
        register_fonts()
        self.canvas = canvas
        self.page_height = page_height_mm
        self.forms: set[str] = set()
        self.dx = 0.0
        self.dy = 0.0

    def x(self, value: float) -> float:
        return float((self.dx + value) * mm)

    def y(self, value: float) -> float:
        return float((self.page_height - self.dy - value) * mm)

    def hexagon(self, hexagon: Hexagon) -> None:
        c = self.canvas
        path = c.beginPath()
        points = hexagon.points()
        path.moveTo(self.x(points[0][0]), self.y(points[0][1]))
        for px, py in points[1:]:
            path.lineTo(self.x(px), self.y(py))
        path.close()
        c.setFillColor(HexColor(hexagon.fill))
        c.setStrokeColor(HexColor(hexagon.stroke))
        c.setLineWidth(hexagon.stroke_mm * mm)
        c.setLineJoin(1)
        c.drawPath(path, fill=1, stroke=1)
        if hexagon.icon:
            self.icon(hexagon.icon)
        for label in hexagon.labels:
            self.text(label)

    def icon(self, icon: Icon) -> None:
        name = f"icon-{icon.name}-{icon.ink}-{icon.paper}".replace("#", "").replace(".svg", "")
        drawing = glyph_drawing(icon.name, icon.ink, icon.paper)
        if name not in self.forms:
            self.canvas.beginForm(name)
            renderPDF.draw(drawing, self.canvas, 0, 0)
            self.canvas.endForm()
            self.forms.add(name)
        scale = icon.size * mm / drawing.width
        self.canvas.saveState()
        self.canvas.translate(self.x(icon.x), self.y(icon.y + icon.size))
        self.canvas.scale(scale, scale)
        self.canvas.doForm(name)
        self.canvas.restoreState()

    def text(self, block: TextBlock) -> None:
        c = self.canvas
        c.setFillColor(HexColor(block.colour))
        c.setFont(font_name(block.bold), block.size_mm * mm)
        x = self.x(block.anchor_x())
        draw = {"left": c.drawString, "centre": c.drawCentredString, "right": c.drawRightString}[block.align]
        shaped = False
        for line, baseline in zip(block.lines, block.baselines(), strict=True):
            if needs_shaping(line):
                anchor = {"left": 0.0, "centre": 0.5, "right": 1.0}[block.align]
                self.shaped_line(line, x, self.y(baseline), block.size_mm, block.bold, anchor)
                shaped = True
                continue
            if shaped:  # back from the Khmer face
                c.setFont(font_name(block.bold), block.size_mm * mm)
                shaped = False
            draw(x, self.y(baseline), line)

    def shaped_line(self, line: str, x: float, y: float, size_mm: float, bold: bool, anchor: float) -> None:
        """*line* shaped in the Khmer face, run by run, from *x* less *anchor* (0 left, 0.5 centre, 1 right)
        of its width, inside a span whose ``/ActualText`` is *line*; the canvas is left in the Khmer face."""
        c = self.canvas
        c.setFont(font_name(bold, line), size_mm * mm)
        c.addLiteral(f"/Span <</ActualText <FEFF{line.encode('utf-16-be').hex().upper()}>>> BDC")
        x -= anchor * text_width_mm(line, size_mm, bold) * mm
        with _SHAPING:
            for run in runs(line):
                text = c.beginText(x, y)
                text.textOut(shapeStr(run, font_name(bold, line), size_mm * mm))
                c.drawText(text)
                x += text_width_mm(run, size_mm, bold) * mm
        c.addLiteral("EMC")

    def qr(self, qr: QrCode) -> None:
        c, m = self.canvas, qr.module_mm
        quiet = qr.quiet_zone_modules * m
        c.setFillColor(HexColor("#FFFFFF"))
        c.rect(self.x(qr.x - quiet), self.y(qr.y - quiet + qr.total_mm), qr.total_mm * mm, qr.total_mm * mm, 0, 1)
        path = c.beginPath()
        for row, column, length in dark_runs(qr.matrix):
            path.rect(self.x(qr.x + column * m), self.y(qr.y + (row + 1) * m), length * m * mm, m * mm)
        c.setFillColor(HexColor("#000000"))
        c.drawPath(path, fill=1, stroke=0)

    def sign(self, layout: SignLayout, dx: float = 0.0, dy: float = 0.0) -> None:
        """Draw the whole sign with its top-left corner at (*dx*, *dy*) mm on the page."""
        self.dx, self.dy = dx, dy
        c = self.canvas
        c.setFillColor(HexColor("#FFFFFF"))
        c.rect(self.x(0), self.y(layout.height_mm), layout.width_mm * mm, layout.height_mm * mm, 0, 1)
        for hexagon in layout.hexagons:
            self.hexagon(hexagon)
        self.qr(layout.qr)
        for block in layout.texts:
            self.text(block)
        if layout.proof is not None:
            self.proof(layout.proof)

    def proof(self, mark: ProofMark) -> None:
        c = self.canvas
        c.saveState()
        c.setFillColor(HexColor(mark.colour))
        c.setFillAlpha(mark.opacity)
        c.setFont(font_name(True), mark.size_mm * mm)
        c.translate(self.x(mark.cx), self.y(mark.cy))
        c.rotate(mark.angle_deg)
        if needs_shaping(mark.text):
            self.shaped_line(mark.text, 0, -mark.size_mm * mm * 0.35, mark.size_mm, True, 0.5)
        else:
            c.drawCentredString(0, -mark.size_mm * mm * 0.35, mark.text)
        c.restoreState()


_SHAPING = threading.Lock()
"""reportlab's shaping gives a glyph without a character of its own (a subscript, a ligature) a private
code in the font shared between documents: two lines shaped at once could give two glyphs one code."""

_SUBSETTING = threading.Lock()
"""reportlab subsets an embedded font by seeking in the font file it shares between documents:
two documents saved at once corrupted each other (``IndexError`` in ``makeSubset``, issue #22)."""


def save_canvas(canvas: Canvas) -> None:
    """Write the document (fonts subset and embedded), one document at a time."""
    with _SUBSETTING:
        canvas.save()


def new_canvas(out: BinaryIO, width_mm: float, height_mm: float, title: str) -> Canvas:
    register_fonts()
    canvas = Canvas(
        out, pagesize=(width_mm * mm, height_mm * mm), pageCompression=1, invariant=1, initialFontName=REGULAR
    )
    canvas.setTitle(title)
    canvas.setAuthor("Angers Loire Métropole — DTPR")
    canvas.setCreator("dtpr signs")
    return canvas


def render_pdf(layout: SignLayout) -> bytes:
    out = io.BytesIO()
    canvas = new_canvas(out, layout.width_mm, layout.height_mm, f"{layout.title} — {layout.sensor_id}")
    SignCanvas(canvas, layout.height_mm).sign(layout)
    canvas.showPage()
    save_canvas(canvas)
    return out.getvalue()
