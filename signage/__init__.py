"""Printed DTPR signs: one sign as SVG, PDF or PNG, and sheets of signs for printing.

Signs are laid out from a sensor's datachain into a pure spec (:mod:`signage.layout`),
then drawn by a renderer. The registry serves :func:`render_sign` without importing
this package (the ``dtpr`` CLI hands it over).
"""

from __future__ import annotations

from dtpr_core import Sensor
from signage.checked import sign_layout
from signage.checks import check_printable
from signage.fingerprint import content_hash
from signage.options import FORMATS, SIZES, SignError, SignOptions, SignSize
from signage.render_pdf import render_pdf
from signage.render_png import pdf_to_png
from signage.render_svg import render_svg
from signage.sheets import SHEETS, build_sheet
from signage.spec import SignLayout

MEDIA_TYPES = {"svg": "image/svg+xml", "pdf": "application/pdf", "png": "image/png"}


def render_sign(sensor: Sensor, options: SignOptions, fmt: str) -> bytes:
    """One sign as ``svg``, ``pdf`` or ``png`` bytes."""
    if fmt not in FORMATS:
        raise SignError(f"unknown sign format {fmt!r}: choose one of {', '.join(FORMATS)}")
    layout = sign_layout(sensor, options)
    if fmt == "svg":
        return render_svg(layout).encode("utf-8")
    pdf = render_pdf(layout)
    return pdf if fmt == "pdf" else pdf_to_png(pdf, options.dpi)


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "SHEETS",
    "SIZES",
    "SignError",
    "SignLayout",
    "SignOptions",
    "SignSize",
    "build_sheet",
    "check_printable",
    "content_hash",
    "render_sign",
    "sign_layout",
]
