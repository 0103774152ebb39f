"""The sensor model: one deployed device's DTPR datachain plus what a register needs.

Plain frozen dataclasses: no framework. :mod:`dtpr_core.register` builds them from
``sensors.yaml`` or from JSON, with located errors; :mod:`dtpr_core.rules` checks
the DTPR rules on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from dtpr_core.locales import LocalText
from dtpr_core.lorawan import LorawanLink

SENSOR_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
SENSOR_ID_RE = re.compile(SENSOR_ID_PATTERN)
ORGANISATION_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

Status = Literal["planned", "active", "maintenance", "retired"]
STATUSES: tuple[Status, ...] = ("planned", "active", "maintenance", "retired")

ActionType = Literal["email", "url", "phone", "postal", "form"]
ACTION_TYPES: tuple[ActionType, ...] = ("email", "url", "phone", "postal", "form")

LegalBasis = Literal[
    "consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"
]
LEGAL_BASES: tuple[LegalBasis, ...] = (
    "consent",
    "contract",
    "legal_obligation",
    "vital_interests",
    "public_task",
    "legitimate_interests",
)
"""The six lawful bases of GDPR Article 6(1) (a) to (f), in that order."""


def is_valid_sensor_id(value: object) -> bool:
    return isinstance(value, str) and SENSOR_ID_RE.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class ContactAction:
    """A way to reach an organisation (GUIDE §7 ``actions``)."""

    type: ActionType
    target: str
    label: LocalText = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Organisation:
    key: str
    name: LocalText
    kind: Literal["organization", "institution"] = "organization"
    role: LocalText = field(default_factory=dict)
    logo: str | None = None
    contact: tuple[ContactAction, ...] = ()
    data_protection: tuple[ContactAction, ...] = ()


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float
    address: str = ""
    commune: str = ""
    zone: str = ""


@dataclass(frozen=True, slots=True)
class ElementSelection:
    """One element chosen in one category of the datachain."""

    element_id: str
    priority: int
    variables: dict[str, LocalText] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Sensor:
    id: str
    name: LocalText
    description: LocalText
    location: Location
    accountable: tuple[Organisation, ...]
    datachain: dict[str, tuple[ElementSelection, ...]]
    """Category key (``purpose``, ``tech``…) -> selections, lowest priority first."""
    status: Status = "active"
    installed_on: date | None = None
    retired_on: date | None = None
    mounting: str = ""
    legal_basis: LegalBasis | None = None
    lorawan: LorawanLink | None = None
    """Its LoRaWAN device (``network: {lorawan: …}`` in the register)."""

    @property
    def locales(self) -> tuple[str, ...]:
        """The languages this sensor's texts are offered in (French first)."""
        return tuple(self.name)

    def elements(self, key: str) -> tuple[ElementSelection, ...]:
        return self.datachain.get(key, ())

    def element_ids(self) -> list[str]:
        return [selection.element_id for items in self.datachain.values() for selection in items]


@dataclass(frozen=True, slots=True)
class Register:
    """The technicians' register: shared organisations and the sensors."""

    organisations: dict[str, Organisation]
    sensors: tuple[Sensor, ...]
