"""The kinds of reasons the gateway quarantines a message for: one list, read by the gateway
(which writes the reasons) and the staff console (which explains them)."""

from __future__ import annotations

REASON_KINDS: tuple[tuple[str, str], ...] = (
    ("malformed topic", "topic"),
    ("payload is not UTF-8", "encoding"),
    ("status payload is not UTF-8", "encoding"),
    ("payload is not JSON", "json"),
    ("payload too large", "size"),
    ("unknown DTPR element", "element"),
    ("no stable device identifier", "identifier"),
    ("reserved topic", "reserved"),
    ("internal error", "internal"),
)
"""``(prefix, kind)``: a reason starting with *prefix* is of *kind*; any other is ``schema``."""
