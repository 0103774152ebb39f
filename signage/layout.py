"""From a sensor and its options to a pure :class:`SignLayout` (millimetres, y downwards).

The QR code's printed size fixes the hexagons' radius; the words then fit the space
left (shrink to a floor, wrap, ellipsize as a last resort), so every size is laid
out for itself rather than scaled.
"""

from __future__ import annotations

import math

from dtpr_core import Sensor, attribution, pick
from dtpr_core.notice_text import french_spacing
from signage.fingerprint import short_hash
from signage.first_layer import notice_for, privacy_text
from signage.fonts import text_width_mm
from signage.honeycomb import GAP_MM, Comb, comb_size, hexagons, place_comb, place_qr, radius_for_qr
from signage.options import SignOptions, SignSize
from signage.qr import qr_matrix
from signage.spec import Align, ProofMark, SignLayout, TextBlock
from signage.text_fit import LINE_HEIGHT, fit_text, wrap
from signage.typography import typeset
from signage.wording import contact_line, summary, word

CORNERS = {
    # the free corners beside the honeycomb: x in hexagon widths, y in radii, from the purpose centre
    "diamond": {"url": (0.5, 1.0, 2.5, 4.0), "contact": (-1.0, -0.5, 2.5, 4.0)},
    "compact": {"url": (1.5, 2.0, 1.0, 2.5), "contact": (-0.5, 0.0, -1.0, 0.5)},
}


def _block(
    role: str, box: tuple[float, float, float, float], text: str, size: float, floor: float, **style: object
) -> TextBlock:
    x, y, width, height = box
    bold = bool(style.get("bold", False))
    lang = str(style.get("lang", "fr"))
    text = typeset(text, lang)  # last, on whatever composed the text (catalogue, register, taxonomy)
    fitted = fit_text(text, width, height, size, floor, bold, int(str(style.get("max_lines", 99))))
    align: Align = style.get("align", "left")  # type: ignore[assignment]
    return TextBlock(
        role, x, y, width, height, fitted.lines, fitted.size_mm, bold, align, "#000000", lang, fitted.shaped
    )


def _url_lines(url: str, width: float, height: float, size: float, floor: float) -> tuple[tuple[str, ...], float]:
    """The short URL on one line, or split after the host; never a space inside it."""
    host, _, path = url.partition("/")
    while True:
        for lines in ((url,), (host, "/" + path)):
            fits_height = len(lines) * size * LINE_HEIGHT <= height
            if fits_height and all(text_width_mm(line, size, True) <= width for line in lines):
                return lines, size
        if size <= floor:
            return tuple(wrap(url, width, size, True)[: max(1, int(height / (size * LINE_HEIGHT)))]), size
        size = max(floor, size * 0.94)


def _corner(comb: Comb, which: str, page: SignSize) -> tuple[float, float, float, float]:
    left, right, top, bottom = CORNERS[comb.arrangement][which]
    w, r = comb.hex_width, comb.radius
    x1, x2 = comb.x0 + left * w + GAP_MM, comb.x0 + right * w - GAP_MM
    comb_left, comb_right, _, _ = comb.extent()
    x1 = page.margin_mm if abs(comb.x0 + left * w - comb_left) < 1e-6 else x1
    x2 = page.width_mm - page.margin_mm if abs(comb.x0 + right * w - comb_right) < 1e-6 else x2
    return x1, comb.y0 + top * r + GAP_MM, x2 - x1, (bottom - top) * r - 2 * GAP_MM


def _corner_blocks(comb: Comb, sensor: Sensor, options: SignOptions) -> list[TextBlock]:
    page, lang = options.sign_size, options.langs[0]
    body = page.title_mm * 0.55
    x, y, width, height = _corner(comb, "url", page)
    align: Align = "left" if comb.arrangement == "diamond" else "centre"
    scan = _block("scan", (x, y, width, body * 1.3), word("scan", lang), body * 0.8, body * 0.5, lang=lang, align=align)
    short = options.urls.short_sensor_url(sensor.id)
    lines, size = _url_lines(short, width, height - scan.height, body, body * 0.45)
    url = TextBlock("url", x, y + scan.height, width, height - scan.height, lines, size, True, align, "#000000", lang)
    contact_box = _corner(comb, "contact", page)
    org = sensor.accountable[0]
    contact = _block("contact", contact_box, contact_line(org, lang), body * 0.8, body * 0.4, lang=lang)
    if contact.size_mm < body * 0.6:  # too small to read on the street: phone or post only
        contact = _block(
            "contact", contact_box, contact_line(org, lang, online=False), body * 0.8, body * 0.4, lang=lang
        )
    return [scan, url, contact]


def _title_blocks(sensor: Sensor, options: SignOptions) -> list[TextBlock]:
    """The name, and on the larger signs its translation; stickers keep one line."""
    page, langs = options.sign_size, options.langs
    width, title = page.width_mm - 2 * page.margin_mm, page.title_mm
    rows = 1 if page.arrangement == "compact" else 2
    box = (page.margin_mm, page.margin_mm, width, title * LINE_HEIGHT * rows)
    name = pick(sensor.name, langs[0])
    blocks = [_block("title", box, name, title, title * 0.6, bold=True, lang=langs[0], max_lines=rows)]
    second = pick(sensor.name, langs[1]) if len(langs) > 1 and page.arrangement == "diamond" else name
    if second != name:
        sub = (page.margin_mm, page.margin_mm + blocks[0].used_height, width, title * 0.65 * LINE_HEIGHT)
        blocks.append(_block("subtitle", sub, second, title * 0.65, title * 0.45, lang=langs[1], max_lines=1))
    return blocks


def _reference(sensor: Sensor, options: SignOptions) -> str:
    parts = [sensor.id]
    if options.revision is not None:
        parts.append(word("revision", options.langs[0]) + str(options.revision))
    if options.revision_date is not None:
        parts.append(options.revision_date.isoformat())
    parts.append(short_hash(sensor))
    return " · ".join(parts)


def _bottom_blocks(sensor: Sensor, options: SignOptions, top: float, short_labels: bool) -> list[TextBlock]:
    page, langs = options.sign_size, options.langs
    x, width = page.margin_mm, page.width_mm - 2 * page.margin_mm
    body, small = page.title_mm * 0.58, page.title_mm * 0.34
    bottom = page.height_mm - page.margin_mm
    ref_text = _reference(sensor, options)
    reference = _block(
        "reference",
        (x, bottom - small * LINE_HEIGHT, width, small * LINE_HEIGHT),
        ref_text,
        small,
        1.0,
        align="right",
        max_lines=1,
    )
    credit = french_spacing(attribution(langs[0]), langs[0])
    credit_box = (x, reference.y - small * LINE_HEIGHT * 3, width, small * LINE_HEIGHT * 3)
    credits = _block("attribution", credit_box, credit, small, 1.0, lang=langs[0])
    available = credits.y - top - GAP_MM
    short = options.urls.short_sensor_url(sensor.id)
    shares = (0.56, 0.44) if len(langs) > 1 else (1.0,)
    blocks, y = [], top
    notice = notice_for(sensor, options)
    if notice is not None:  # the first layer has the room first; the summary gives way
        box = (x, y, width, available)
        text = privacy_text(notice, short_dpo=short_labels)
        privacy = _block("privacy", box, text, body * 0.85, 1.3, lang=langs[0])
        blocks.append(privacy)
        y += privacy.used_height + GAP_MM
        available = max(0.0, available - privacy.used_height - GAP_MM)
    for lang, share in zip(langs, shares, strict=False):
        size = body if lang == langs[0] else body * 0.85
        text = summary(sensor, lang, short, first_layer=notice is not None and lang == langs[0])
        block = _block("summary", (x, y, width, available * share), text, size, 1.2, lang=lang)
        blocks.append(block)
        y += block.used_height + GAP_MM
    return [*blocks, credits, reference]


def _proof_mark(options: SignOptions) -> ProofMark | None:
    """The proof's words along the sign's diagonal, filling most of it."""
    if not options.proof:
        return None
    page = options.sign_size
    text = word("proof", options.langs[0])
    diagonal = math.hypot(page.width_mm, page.height_mm)
    size = 0.8 * diagonal / text_width_mm(text, 1.0, True)
    angle = math.degrees(math.atan2(page.height_mm, page.width_mm))
    return ProofMark(text, page.width_mm / 2, page.height_mm / 2, size, angle)


def compute_layout(sensor: Sensor, options: SignOptions, *, short_labels: bool = False) -> SignLayout:
    """The whole sign, positions and fitted words, for *sensor* at ``options.size``
    (*short_labels*: "notre DPO" rather than its full title, for a first layer short of room)."""
    page = options.sign_size
    url = options.urls.sensor_page(sensor.id)
    matrix = qr_matrix(url)
    radius = radius_for_qr(len(matrix), page.qr_mm)
    titles = _title_blocks(sensor, options)
    comb_width, comb_height = comb_size(radius, page.arrangement)
    top = titles[-1].y + titles[-1].height + GAP_MM * 1.5
    comb = place_comb(radius, page.arrangement, (page.width_mm - comb_width) / 2, top, page.title_mm)
    bottom_top = top + comb_height + GAP_MM * 1.5
    texts = [
        *titles,
        *_corner_blocks(comb, sensor, options),
        *_bottom_blocks(sensor, options, bottom_top, short_labels),
    ]
    return SignLayout(
        sensor_id=sensor.id,
        title=pick(sensor.name, options.langs[0]),
        size=page.name,
        width_mm=page.width_mm,
        height_mm=page.height_mm,
        hexagons=hexagons(comb, sensor, options.langs),
        texts=tuple(texts),
        qr=place_qr(comb, url, matrix, page.qr_mm),
        langs=options.langs,
        proof=_proof_mark(options),
    )
