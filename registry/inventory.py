"""The data inventory ("cartographie des données") a data-protection officer needs.

For each declared sensor that collects personal data: why, on what legal basis, how
long it is kept, where it is stored, who can access it, and who is accountable.
Pure function of the database; the HTML page, the JSON API and the CSV use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session, col, select

from dtpr_core.datachain import retention
from dtpr_core.locales import pick
from dtpr_core.model import Organisation, Sensor
from dtpr_core.privacy_words import legal_basis_words
from dtpr_core.taxonomy import element_title, load_taxonomy
from dtpr_store.caches import ParsedSensors
from dtpr_store.tables import SensorRow

INVENTORY_COLUMNS = (
    "id",
    "name",
    "status",
    "commune",
    "zone",
    "personal_data",
    "purposes",
    "technologies",
    "legal_basis",
    "legal_basis_text",
    "retention",
    "storage",
    "access",
    "accountable",
    "dpo_contact",
)
"""Stable column names of /inventory.csv (docs/api.md)."""


@dataclass(frozen=True, slots=True)
class InventoryRow:
    id: str
    name: str
    status: str
    commune: str
    zone: str
    personal_data: str
    """identifiable | de_identified"""
    purposes: tuple[str, ...]
    technologies: tuple[str, ...]
    legal_basis: str | None
    """The GDPR Art. 6 code (``public_task``), or None when the register does not say (to fix)."""
    legal_basis_text: str
    retention: str
    storage: tuple[str, ...]
    access: tuple[str, ...]
    accountable: tuple[str, ...]
    dpo_contact: str
    """The data-protection contact of the first accountable organisation that declares one."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _titles(sensor: Sensor, key: str, locale: str) -> tuple[str, ...]:
    taxonomy = load_taxonomy()
    out = []
    for selection in sensor.elements(key):
        element = taxonomy.elements.get(selection.element_id)
        if element is not None:
            out.append(element_title(element, locale, selection.variables))
    return tuple(out)


def _dpo_contact(organisations: tuple[Organisation, ...]) -> str:
    for org in organisations:
        if org.data_protection:
            return "; ".join(f"{action.type}: {action.target}" for action in org.data_protection)
    return ""


def inventory_row(row: SensorRow, sensor: Sensor, locale: str) -> InventoryRow:
    basis = sensor.legal_basis
    return InventoryRow(
        id=sensor.id,
        name=pick(sensor.name, locale),
        status=sensor.status,
        commune=sensor.location.commune,
        zone=sensor.location.zone,
        personal_data=row.personal_data,
        purposes=_titles(sensor, "purpose", locale),
        technologies=_titles(sensor, "tech", locale),
        legal_basis=basis,
        legal_basis_text=legal_basis_words(basis, locale)  # "Mission d'intérêt public — RGPD, article 6-1-e"
        if basis
        else ("non précisée" if locale == "fr" else "not stated"),
        retention=retention(sensor, locale),
        storage=_titles(sensor, "storage", locale),
        access=_titles(sensor, "access", locale),
        accountable=tuple(pick(org.name, locale) for org in sensor.accountable),
        dpo_contact=_dpo_contact(sensor.accountable),
    )


def iter_inventory(session: Session, locale: str, parsed: ParsedSensors) -> Iterator[InventoryRow]:
    query = (
        select(SensorRow)
        .where(SensorRow.declared == True, SensorRow.personal_data != "none")  # noqa: E712
        .order_by(col(SensorRow.id))
    )
    for row in session.exec(query):
        sensor = parsed.declared_sensor(row)
        if sensor is not None:
            yield inventory_row(row, sensor, locale)


def inventory_rows(session: Session, locale: str, parsed: ParsedSensors) -> list[InventoryRow]:
    """Declared sensors that collect personal data, by id (retired ones included, with their status)."""
    return list(iter_inventory(session, locale, parsed))
