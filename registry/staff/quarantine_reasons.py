"""Why the gateway quarantined a message, for staff: what happened and what to do.

The gateway's reasons are technical English (``malformed topic: '..' is not a valid sensor
id …``); each starts with a known prefix (the gateway's ``REASON_KINDS``, kept equal by a
test) whose explanation is the ``staff`` catalogue's ``quarantine_<kind>``. The technical
reason stays below it, for whoever fixes the device.
"""

from __future__ import annotations

REASON_KINDS = (
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
RECORD_FAILED = ("could not record", "record")
"""The gateway's recorder: the database refused the batch."""


def reason_kind(reason: str) -> str:
    """The kind of a quarantine reason; ``schema`` (the announcement's content) when no prefix matches."""
    for prefix, kind in (*REASON_KINDS, RECORD_FAILED):
        if reason.startswith(prefix):
            return kind
    return "schema"
