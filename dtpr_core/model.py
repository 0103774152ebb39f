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

from dtpr_core.kept import Kept
from dtpr_core.locales import LocalText
from dtpr_core.location import Location
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

ROLES: tuple[str, ...] = ("controller", "joint_controller", "processor", "operator", "owner")
"""An organisation's role (``role:``), said from the catalogues (``role_<code>``) in every language."""
RECIPIENTS: tuple[str, ...] = (
    "police_requisition",
    "judicial_requisition",
    "authorised_staff",
    "processor",
    "open_data",
)
"""The usual recipients (``recipients:``), said from the catalogues (``recipient_<code>``)."""
LEGAL_GROUNDS: tuple[str, ...] = ("csi_l251_2", "csi_l252_1", "cpce_l34_1")
"""French texts a legal basis rests on (``legal_ground:``), said from the catalogues (``ground_<code>``):
video-protection purposes and the prefect's authorisation (Code de la sécurité intérieure),
connection logs kept a year (Code des postes et des communications électroniques)."""


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
    """The role in words: from the catalogues when :attr:`role_code` is set (then in every language)."""
    logo: str | None = None
    contact: tuple[ContactAction, ...] = ()
    data_protection: tuple[ContactAction, ...] = ()
    role_code: str = ""
    """One of :data:`ROLES` (``controller``…), or empty for an old register's free-text role."""


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
    legitimate_interest: LocalText = field(default_factory=dict)
    """The interest pursued, stated when the legal basis is ``legitimate_interests`` (GDPR art. 13-1-d)."""
    consent_withdrawal: LocalText = field(default_factory=dict)
    """How to withdraw consent, when the legal basis is ``consent`` (GDPR art. 13-2-c)."""
    recipients: tuple[LocalText, ...] = ()
    """Recipients beyond the DTPR access elements, e.g. police on requisition (GDPR art. 13-1-e)."""
    recipient_codes: tuple[str, ...] = ()
    """For each of :attr:`recipients`, its code in :data:`RECIPIENTS` (its words then come from the
    catalogues, in every language), or empty for a free text."""
    purpose: LocalText = field(default_factory=dict)
    """Why, in one short plain clause ("régler les feux et aider en cas d’accident"), said after "Pour"."""
    kept: tuple[Kept, ...] = ()
    """How long each kind of data is kept (``kept: {images: none, counts: 5 years}``)."""
    legal_grounds: tuple[str, ...] = ()
    """The national texts beside the GDPR basis, codes of :data:`LEGAL_GROUNDS` (``csi_l251_2``…)."""
    automated_decisions: bool = False
    """Whether decisions about people are taken automatically (GDPR art. 22); the page says so either way."""
    video_protection_authorisation: str = ""
    """French prefect's authorisation of a security camera (Code de la sécurité intérieure, art. L251-1 ff.)."""
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
