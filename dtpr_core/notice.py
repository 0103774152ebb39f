"""The privacy notice of a sensor: what GDPR art. 13 asks a page and a sign to say.

:func:`privacy_notice` is a pure function of the sensor, the reader's language and the
supervisory authority; the public page (second layer) and the printed sign (first
layer) both read it, so they always agree. Sentences for people are built from it by
:mod:`dtpr_core.notice_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dtpr_core.catalogues import translate
from dtpr_core.datachain import personal_data, retention
from dtpr_core.kept import Kept, kept_text
from dtpr_core.locales import pick
from dtpr_core.model import ContactAction, LegalBasis, Organisation, Sensor
from dtpr_core.plain import purpose_line
from dtpr_core.privacy_rules import collects_personal_data, dpo_organisation, personal_technologies
from dtpr_core.taxonomy import Identifiability, Taxonomy, element_title, load_taxonomy

Right = Literal[
    "access",
    "rectification",
    "erasure",
    "erasure_limited",
    "restriction",
    "objection",
    "withdraw_consent",
    "portability",
]

RIGHTS_BY_BASIS: dict[LegalBasis, tuple[Right, ...]] = {
    # GDPR arts 15-21: access, rectification and restriction whatever the basis (see docs/technicians.md)
    "consent": ("access", "rectification", "erasure", "restriction", "withdraw_consent", "portability"),
    "contract": ("access", "rectification", "erasure", "restriction", "portability"),
    "legal_obligation": ("access", "rectification", "erasure_limited", "restriction"),
    "vital_interests": ("access", "rectification", "erasure", "restriction"),
    "public_task": ("access", "rectification", "erasure_limited", "restriction", "objection"),
    "legitimate_interests": ("access", "rectification", "erasure", "restriction", "objection"),
}
ARTICLES: dict[LegalBasis, str] = {
    "consent": "6(1)(a)",
    "contract": "6(1)(b)",
    "legal_obligation": "6(1)(c)",
    "vital_interests": "6(1)(d)",
    "public_task": "6(1)(e)",
    "legitimate_interests": "6(1)(f)",
}
TRANSFER_STORAGE = frozenset({"backed_up_internationally", "stored_primarily_internationally"})
AUTOMATED_PROCESSES = frozenset({"ai_system", "computer_vision"})
DPO_CONTACT_ORDER = ("email", "postal", "form", "url", "phone")


@dataclass(frozen=True, slots=True)
class SupervisoryAuthority:
    """Where people complain (GDPR art. 77): the CNIL in France, set in the settings elsewhere."""

    name: str
    full_name: str
    postal_address: str
    complaint_url: str


CNIL = SupervisoryAuthority(
    "CNIL",
    "Commission nationale de l'informatique et des libertés",
    "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07",
    "https://www.cnil.fr/plaintes",
)


@dataclass(frozen=True, slots=True)
class PrivacyNotice:
    """GDPR art. 13 for one sensor in one language; sensor texts already picked."""

    sensor_id: str
    locale: str
    identifiability: Identifiability
    controller: Organisation
    dpo: tuple[ContactAction, ...]
    purposes: tuple[str, ...]
    """The sensor's own words first, then the DTPR purpose labels."""
    legal_basis: LegalBasis | None
    legitimate_interest: str
    consent_withdrawal: str
    recipients: tuple[str, ...]
    """DTPR access elements, then the register's ``recipients``."""
    retention: str
    rights: tuple[Right, ...]
    authority: SupervisoryAuthority
    transfers_outside_eu: bool
    automated_processing: bool
    video_protection_authorisation: str
    images: bool
    """Whether the data is pictures (the page says "vos images" rather than "vos données")."""
    kept: tuple[Kept, ...] = ()
    legal_grounds: tuple[str, ...] = ()
    automated_decisions: bool = False
    video_protection: bool = False
    """An identifiable camera under the French video-protection frame (CSI L. 251-1 ff.)."""
    police_justice: bool = False
    """A purpose is preventing or detecting offences (the police-justice rules apply to it)."""
    own_data_hidden: bool = False
    purpose_line: str = ""
    """The sign's purpose sentence (``Elle sert à régler les feux…``), in this notice's language."""
    """The datachain says ``not_available_to_me``: the page still says how to get one's own data."""

    @property
    def images_kept(self) -> Kept | None:
        return next((item for item in self.kept if item.data == "images" and item.amount), None)

    @property
    def article(self) -> str:
        return ARTICLES[self.legal_basis] if self.legal_basis else ""

    @property
    def dpo_contact(self) -> str:
        """The DPO's address people write to: e-mail first, then post, a form, a site, a phone."""
        return _first_contact(self.dpo)

    @property
    def rights_contact(self) -> str:
        """Where to write to use one's rights: the DPO, else (a sensor stored before the rule) the controller."""
        return self.dpo_contact or _first_contact(self.controller.contact)


def rights_contact_of(sensor: Sensor) -> str:
    """Where people write about their data: the DPO's address, else the controller's (empty when none)."""
    dpo_org = dpo_organisation(sensor)
    if dpo_org is not None:
        return _first_contact(dpo_org.data_protection)
    return _first_contact(sensor.accountable[0].contact) if sensor.accountable else ""


def feedback_contact(sensor: Sensor, taxonomy: Taxonomy | None = None) -> str:
    """Where a feedback sender writes about their message: the DPO when the page names one
    (a sensor collecting personal data), else the controller's contact."""
    if collects_personal_data(sensor, taxonomy or load_taxonomy()):
        return rights_contact_of(sensor)
    return _first_contact(sensor.accountable[0].contact) if sensor.accountable else ""


def _first_contact(actions: tuple[ContactAction, ...]) -> str:
    targets = {action.type: action.target for action in actions}
    return next((targets[kind] for kind in DPO_CONTACT_ORDER if kind in targets), "")


def _titles(sensor: Sensor, key: str, locale: str, taxonomy: Taxonomy) -> list[str]:
    out = []
    for selection in sensor.elements(key):
        element = taxonomy.elements.get(selection.element_id)
        if element is not None and not selection.element_id.startswith("not_"):
            out.append(element_title(element, locale, selection.variables))
    return out


def _purpose_sentence(sensor: Sensor, locale: str) -> str:
    """``Pour régler les feux et aider en cas d'accident.`` when the purpose is written in *locale*."""
    text = sensor.purpose.get(locale, "")
    return translate(locale, "purpose_sentence")[0].replace("{purpose}", text) if text else ""


def privacy_notice(
    sensor: Sensor, locale: str, authority: SupervisoryAuthority = CNIL, taxonomy: Taxonomy | None = None
) -> PrivacyNotice | None:
    """The notice of *sensor* in *locale*; ``None`` when it collects no personal data."""
    taxonomy = taxonomy or load_taxonomy()
    if not sensor.accountable or not collects_personal_data(sensor, taxonomy):
        return None
    description = pick(sensor.description, locale)
    dpo_org = dpo_organisation(sensor)
    ids = {s.element_id for s in [*sensor.elements("storage"), *sensor.elements("process")]}
    pictures = any("video" in i or "image" in i for i in personal_technologies(sensor, taxonomy))
    identifiable = personal_data(sensor, taxonomy) == "identifiable"
    purpose_ids = {s.element_id for s in sensor.elements("purpose")}
    video_protection = (
        pictures
        and identifiable
        and (bool(sensor.video_protection_authorisation) or any(g.startswith("csi_") for g in sensor.legal_grounds))
    )
    own = _purpose_sentence(sensor, locale)
    rights = RIGHTS_BY_BASIS[sensor.legal_basis] if sensor.legal_basis else ()
    police = video_protection and "enforcement" in purpose_ids
    rights = tuple(
        right
        for right in rights
        if not (pictures and right == "rectification") and not (police and right == "objection")
    )
    return PrivacyNotice(
        sensor_id=sensor.id,
        locale=locale,
        identifiability=personal_data(sensor, taxonomy),
        controller=sensor.accountable[0],
        dpo=dpo_org.data_protection if dpo_org else (),
        purposes=tuple([own or description] if own or description else [])
        + tuple(_titles(sensor, "purpose", locale, taxonomy)),
        legal_basis=sensor.legal_basis,
        legitimate_interest=pick(sensor.legitimate_interest, locale),
        consent_withdrawal=pick(sensor.consent_withdrawal, locale),
        recipients=(*_titles(sensor, "access", locale, taxonomy), *(pick(r, locale) for r in sensor.recipients)),
        retention=kept_text(sensor.kept, locale) or retention(sensor, locale, taxonomy),
        rights=rights,
        authority=authority,
        transfers_outside_eu=bool(ids & TRANSFER_STORAGE),
        automated_processing=bool(ids & AUTOMATED_PROCESSES),
        video_protection_authorisation=sensor.video_protection_authorisation,
        images=pictures,
        kept=sensor.kept,
        legal_grounds=sensor.legal_grounds,
        automated_decisions=sensor.automated_decisions,
        video_protection=video_protection,
        police_justice=police,
        own_data_hidden="not_available_to_me" in {s.element_id for s in sensor.elements("access")},
        purpose_line=purpose_line(sensor, locale, taxonomy) if sensor.purpose.get(locale) else "",
    )
