"""The checked layout of one sign: what every renderer and the print sheets draw."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dtpr_core import Sensor
from signage.checks import ensure_printable
from signage.layout import compute_layout
from signage.options import SignOptions
from signage.spec import SignLayout


def sign_layout(sensor: Sensor, options: SignOptions) -> SignLayout:
    """The checked layout spec of *sensor*'s sign (raises :class:`SignError` when not printable)."""
    ensure_printable(sensor, options.langs)
    if options.revision_date is None:
        options = replace(options, revision_date=date.today())
    return compute_layout(sensor, options)
