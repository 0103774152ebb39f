"""DTPR icons as bare glyphs in a chosen ink: for inline SVG and as reportlab drawings.

Each icon file draws its own shape outline (hexagon, circle…) then the glyph; the
sign draws its own hexagons, so the outline is dropped and the glyph recoloured
(white on the black purpose hexagon, black elsewhere — by rule, not from the file).
"""

from __future__ import annotations

import io
import re
import threading
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

from svglib.svglib import svg2rlg

from dtpr_core import icon_svg
from signage.fonts import REGULAR, register_fonts

SVG_NS = "http://www.w3.org/2000/svg"
ICON_BOX = 36.0
_LIGHT = {"white", "#fff", "#ffffff"}
_DARK = {"black", "#000", "#000000", "currentcolor"}
_TAINTS = {"#ffdd00", "#36b2e6"}
_ID_REF = re.compile(r"url\(#([^)]+)\)")

ET.register_namespace("", SVG_NS)


def _is_outline(node: ET.Element) -> bool:
    """The icon's own container shape: the first drawing with a 2-unit stroke, or a ``container`` group."""
    return node.get("stroke-width") == "2" or "container" in (node.get("id") or "")


def _recolour(value: str, ink: str, paper: str, inverted: bool) -> str:
    lowered = value.strip().lower()
    if lowered in _DARK:
        return paper if inverted else ink
    if lowered in _LIGHT:
        return ink if inverted else paper
    if lowered in _TAINTS:
        return paper
    return value


def _strip_outline(root: ET.Element) -> bool:
    """Remove the container shape; True when it was filled black (a purpose icon: white glyph)."""
    for child in list(root):
        tag = child.tag.split("}")[-1]
        if tag in ("path", "circle", "rect", "polygon", "g") and _is_outline(child):
            inverted = (child.get("fill") or "").lower() in _DARK
            root.remove(child)
            return inverted
        if tag in ("path", "circle", "rect", "polygon"):
            return False
    return False


@cache
def glyph_svg(icon: str, ink: str, paper: str = "#FFFFFF", id_prefix: str = "g") -> str:
    """A standalone 36×36 SVG of the icon's glyph in *ink* (ids prefixed so several can share a page)."""
    root = ET.fromstring(icon_svg(icon))
    inverted = _strip_outline(root)
    for node in root.iter():
        for attribute in ("fill", "stroke"):
            value = node.get(attribute)
            if value and value.lower() != "none":
                node.set(attribute, _recolour(value, ink, paper, inverted))
        if node.get("id"):
            node.set("id", f"{id_prefix}-{node.get('id')}")
        for attribute in ("mask", "clip-path", "fill"):
            value = node.get(attribute)
            if value and "url(#" in value:
                node.set(attribute, _ID_REF.sub(lambda m: f"url(#{id_prefix}-{m.group(1)})", value))
    for style in root.iter(f"{{{SVG_NS}}}style"):
        style.text = re.sub(r"#000000|#000\b|black", ink, style.text or "")
    root.set("viewBox", f"0 0 {ICON_BOX:g} {ICON_BOX:g}")
    return ET.tostring(root, encoding="unicode")


def glyph_inner_svg(icon: str, ink: str, paper: str, id_prefix: str) -> str:
    """The glyph's children only, to nest inside the sign's own ``<svg>`` element."""
    root = ET.fromstring(glyph_svg(icon, ink, paper, id_prefix))
    return "".join(ET.tostring(child, encoding="unicode") for child in root)


_drawings = threading.local()


def glyph_drawing(icon: str, ink: str, paper: str = "#FFFFFF") -> Any:
    """The glyph as a reportlab Drawing (vector), 36×36 units, y up.

    Drawing one mutates it (reportlab sets ``_parent`` links while it walks the tree), so a
    drawing is never shared between threads: each thread keeps its own (issue #22).
    """
    cached: dict[tuple[str, str, str], Any] = getattr(_drawings, "by_key", None) or {}
    _drawings.by_key = cached
    key = (icon, ink, paper)
    if key not in cached:
        cached[key] = _read_drawing(icon, ink, paper)
    return cached[key]


def _read_drawing(icon: str, ink: str, paper: str) -> Any:
    register_fonts()
    drawing = svg2rlg(io.BytesIO(glyph_svg(icon, ink, paper).encode("utf-8")))
    if drawing is None:  # pragma: no cover - svglib could not read a bundled icon
        raise ValueError(f"cannot read icon {icon}")
    drawing.initialFontName = REGULAR  # icons draw no text; keep every font in the PDF embedded
    return drawing
