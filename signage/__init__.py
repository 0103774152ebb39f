"""Printed DTPR signs: one sign as SVG, PDF or PNG, and sheets of signs for printing.

Signs are laid out from a sensor's datachain into a pure spec (:mod:`signage.layout`),
then drawn by a renderer. The registry serves :func:`render_sign` without importing
this package (the ``dtpr`` CLI hands it over).
"""

from __future__ import annotations

from signage.batch import BatchOptions, BatchSign, SignBatch, build_batch
from signage.checked import sign_layout
from signage.checks import check_printable
from signage.fingerprint import content_hash
from signage.first_layer import missing_first_layer
from signage.options import FORMATS, SIZES, SignError, SignOptions, SignSize
from signage.render import MEDIA_TYPES, render_sign
from signage.sheets import SHEETS, build_sheet
from signage.spec import SignLayout

__all__ = [
    "BatchOptions",
    "BatchSign",
    "SignBatch",
    "build_batch",
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
    "missing_first_layer",
    "missing_first_layer",
    "render_sign",
    "sign_layout",
]
