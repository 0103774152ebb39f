"""The SVG master of a sign, from its layout spec only. Every text is escaped.

Text is ``<text>`` in the viewer's DejaVu Sans, except a Khmer line: a viewer would shape it
with whatever Khmer font it has, or none (empty boxes), and the registry serves signs with a
CSP that forbids an embedded font. A Khmer line is drawn as the outlines of the glyphs HarfBuzz
gives in the sign's Noto Sans Khmer (the PDF's glyphs), one ``<path>`` named by the line itself.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from signage.fonts import SVG_FONT_FAMILY, shaped_font_file, text_width_mm
from signage.icons import ICON_BOX, glyph_inner_svg
from signage.qr import dark_runs
from signage.shaping import face, line_outline, needs_shaping
from signage.spec import Hexagon, ProofMark, QrCode, SignLayout, TextBlock

ANCHORS = {"left": "start", "centre": "middle", "right": "end"}


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _hexagon(hexagon: Hexagon, index: int) -> list[str]:
    points = " ".join(f"{_num(x)},{_num(y)}" for x, y in hexagon.points())
    parts = [
        f'<polygon class="hex {hexagon.role}" data-role="{hexagon.role}" points="{points}" '
        f'fill="{hexagon.fill}" stroke="{hexagon.stroke}" stroke-width="{_num(hexagon.stroke_mm)}" '
        'stroke-linejoin="round"/>'
    ]
    if hexagon.icon:
        icon = hexagon.icon
        inner = glyph_inner_svg(icon.name, icon.ink, icon.paper, f"i{index}")
        parts.append(
            f'<svg x="{_num(icon.x)}" y="{_num(icon.y)}" width="{_num(icon.size)}" height="{_num(icon.size)}" '
            f'viewBox="0 0 {ICON_BOX:g} {ICON_BOX:g}" aria-hidden="true">{inner}</svg>'
        )
    parts.extend(_text(label) for label in hexagon.labels)
    return parts


def _shaped(line: str, x: float, baseline: float, size_mm: float, bold: bool, anchor: float) -> str:
    """A Khmer line as the outline of its shaped glyphs, from *x* less *anchor* of its width."""
    path = shaped_font_file(bold)
    scale = size_mm / face(path).units_per_em
    start = x - anchor * text_width_mm(line, size_mm, bold)
    return (
        f'<path class="shaped" role="img" aria-label={quoteattr(line)} '
        f'transform="translate({_num(start)} {_num(baseline)}) scale({scale:g} {-scale:g})" '
        f'd="{line_outline(line, path)}"/>'
    )


def _text(block: TextBlock) -> str:
    if not block.lines:
        return ""
    x = _num(block.anchor_x())
    lines = list(zip(block.lines, block.baselines(), strict=True))
    spans = "".join(
        f'<tspan x="{x}" y="{_num(baseline)}">{escape(line)}</tspan>'
        for line, baseline in lines
        if not needs_shaping(line)
    )
    weight = ' font-weight="bold"' if block.bold else ""
    text = (
        f'<text class="{block.role}" xml:lang={quoteattr(block.lang)} font-size="{_num(block.size_mm)}"{weight} '
        f'fill="{block.colour}" text-anchor="{ANCHORS[block.align]}">{spans}</text>'
    )
    if not block.shaped:
        return text
    anchor = {"left": 0.0, "centre": 0.5, "right": 1.0}[block.align]
    paths = "".join(
        _shaped(line, block.anchor_x(), baseline, block.size_mm, block.bold, anchor)
        for line, baseline in lines
        if needs_shaping(line)
    )
    group = f'<g class="{block.role}" xml:lang={quoteattr(block.lang)} fill="{block.colour}">{paths}</g>'
    return (text if spans else "") + group


def _qr(qr: QrCode) -> str:
    m = qr.module_mm
    quiet = qr.quiet_zone_modules * m
    path = "".join(
        f"M{_num(qr.x + column * m)} {_num(qr.y + row * m)}h{_num(length * m)}v{_num(m)}h{_num(-length * m)}z"
        for row, column, length in dark_runs(qr.matrix)
    )
    return (
        f'<rect class="qr-quiet-zone" x="{_num(qr.x - quiet)}" y="{_num(qr.y - quiet)}" '
        f'width="{_num(qr.total_mm)}" height="{_num(qr.total_mm)}" fill="#FFFFFF"/>'
        f'<path class="qr" data-url={quoteattr(qr.url)} d="{path}" fill="#000000" shape-rendering="crispEdges"/>'
    )


def _proof(mark: ProofMark | None) -> str:
    if mark is None:
        return ""
    if needs_shaping(mark.text):
        line = _shaped(mark.text, mark.cx, mark.cy + mark.size_mm * 0.35, mark.size_mm, True, 0.5)
        return (
            f'<g class="proof" fill="{mark.colour}" fill-opacity="{mark.opacity}" '
            f'transform="rotate({_num(-mark.angle_deg)} {_num(mark.cx)} {_num(mark.cy)})">{line}</g>'
        )
    return (
        f'<text class="proof" x="{_num(mark.cx)}" y="{_num(mark.cy + mark.size_mm * 0.35)}" '
        f'font-size="{_num(mark.size_mm)}" font-weight="bold" fill="{mark.colour}" fill-opacity="{mark.opacity}" '
        f'text-anchor="middle" transform="rotate({_num(-mark.angle_deg)} {_num(mark.cx)} {_num(mark.cy)})">'
        f"{escape(mark.text)}</text>"
    )


def render_svg(layout: SignLayout) -> str:
    """A standalone SVG document, sized in millimetres (1 user unit = 1 mm)."""
    width, height = _num(layout.width_mm), _num(layout.height_mm)
    body = [
        f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
        *(part for index, hexagon in enumerate(layout.hexagons) for part in _hexagon(hexagon, index)),
        _qr(layout.qr),
        *(_text(block) for block in layout.texts),
        _proof(layout.proof),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" '
        f'viewBox="0 0 {width} {height}" xml:lang={quoteattr(layout.langs[0])} font-family="{SVG_FONT_FAMILY}">'
        f"<title>{escape(layout.title)} — {escape(layout.sensor_id)}</title>" + "".join(body) + "</svg>\n"
    )
