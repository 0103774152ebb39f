"""The checked layout of one sign: what every renderer and the print sheets draw."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dtpr_core import Sensor
from signage.checks import ensure_printable
from signage.first_layer import ensure_first_layer, missing_first_layer
from signage.fonts import missing_glyphs
from signage.layout import compute_layout
from signage.options import SignError, SignOptions
from signage.spec import SignLayout


def sign_layout(sensor: Sensor, options: SignOptions) -> SignLayout:
    """The checked layout spec of *sensor*'s sign (raises :class:`SignError` when not printable,
    or when a personal-data sign would lose part of its GDPR first layer)."""
    ensure_printable(sensor, options.langs)
    if options.revision_date is None:
        options = replace(options, revision_date=date.today())
    layout = compute_layout(sensor, options)
    if missing_first_layer(layout, sensor, options):  # the DPO's short title may leave the room needed
        layout = compute_layout(sensor, options, short_labels=True)
    ensure_first_layer(layout, sensor, options)
    ensure_drawable(layout)
    return layout


def ensure_drawable(layout: SignLayout) -> None:
    """Refuse a sign one of whose texts (a name, an address from the register…) has a character without a glyph."""
    for block in layout.all_texts():
        missing = "".join(dict.fromkeys("".join(missing_glyphs(line) for line in block.lines)))
        if missing:
            raise SignError(
                f"sensor {layout.sensor_id}: its sign cannot draw {missing!r} (in its {block.role}): "
                "the sign's fonts have no glyph for it; write that text in a Latin or Khmer script"
            )
