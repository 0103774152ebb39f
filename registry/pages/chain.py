"""What sensors declared alike share (:class:`Chain`): the only thing the sections cached per chain receive.

A :class:`Chain` is made from a parsed sensor by :meth:`Chain.of`, which keeps its shared part
(organisations, datachain, legal basis and privacy fields, languages) and blanks every field
of its own (id, name, description, place, dates, status, device link): a section rendered once
for every sensor declared alike cannot show one sensor's value, since it is not there to read.
"""

from __future__ import annotations

import dataclasses

from dtpr_core.location import Location
from dtpr_core.model import Sensor

STAND_IN_ID = "SENSOR"
"""The id of every shared sensor (a valid one, so the sensor reads as declared): a page takes its id from the row."""
OWN_FIELDS: dict[str, object] = {
    "id": STAND_IN_ID,
    "description": {},
    "location": Location(0.0, 0.0),
    "status": "active",
    "installed_on": None,
    "retired_on": None,
    "mounting": "",
    "lorawan": None,
}
"""A sensor's own fields and the blank each gets in a chain (``name`` keeps only its languages)."""
SHARED_FIELDS = (
    "accountable",
    "datachain",
    "legal_basis",
    "legitimate_interest",
    "consent_withdrawal",
    "recipients",
    "recipient_codes",
    "video_protection_authorisation",
    "purpose",
    "kept",
    "legal_grounds",
    "automated_decisions",
)
"""What sensors declared alike share (``dtpr_core.register.shared_part``), kept in a chain."""


@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class Chain:
    """The shared part of sensors declared alike, named by *key* (``shared_part``): equal chains, one key."""

    key: str
    sensor: Sensor
    """Only the shared part: every field of :data:`OWN_FIELDS` is blank, ``name`` has empty texts."""

    @classmethod
    def of(cls, key: str, sensor: Sensor) -> Chain:
        blank_name = dict.fromkeys(sensor.name, "")
        return cls(key, dataclasses.replace(sensor, name=blank_name, **OWN_FIELDS))  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Chain) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


__all__ = ["OWN_FIELDS", "SHARED_FIELDS", "STAND_IN_ID", "Chain"]
