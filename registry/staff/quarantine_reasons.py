"""Why the gateway quarantined a message, for staff: what happened and what to do.

The gateway's reasons are technical English (``malformed topic: '..' is not a valid sensor
id …``); each starts with a known prefix (``dtpr_core.quarantine_reasons.REASON_KINDS``, the list the
gateway uses too) whose explanation is the ``staff`` catalogue's ``quarantine_<kind>``. The technical
reason stays below it, for whoever fixes the device.
"""

from __future__ import annotations

from dtpr_core.quarantine_reasons import REASON_KINDS

RECORD_FAILED = ("could not record", "record")
"""The gateway's recorder: the database refused the batch."""


def reason_kind(reason: str) -> str:
    """The kind of a quarantine reason; ``schema`` (the announcement's content) when no prefix matches."""
    for prefix, kind in (*REASON_KINDS, RECORD_FAILED):
        if reason.startswith(prefix):
            return kind
    return "schema"
