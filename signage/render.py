"""One sign in one format: the package's entry point (re-exported by ``signage``)."""

from __future__ import annotations

from dtpr_core import Sensor
from signage.checked import sign_layout
from signage.options import FORMATS, SignError, SignOptions
from signage.render_pdf import render_pdf
from signage.render_png import pdf_to_png
from signage.render_svg import render_svg

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
