"""The checked layout of one sign: what every renderer and the print sheets draw."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dtpr_core import Sensor
from signage.checks import ensure_printable
from signage.first_layer import ensure_first_layer
from signage.layout import compute_layout
from signage.options import SignOptions
from signage.spec import SignLayout


def sign_layout(sensor: Sensor, options: SignOptions) -> SignLayout:
    """The checked layout spec of *sensor*'s sign (raises :class:`SignError` when not printable,
    or when a personal-data sign would lose part of its GDPR first layer)."""
    ensure_printable(sensor, options.langs)
    if options.revision_date is None:
        options = replace(options, revision_date=date.today())
    layout = compute_layout(sensor, options)
    ensure_first_layer(layout, sensor, options)
    return layout
