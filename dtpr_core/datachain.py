"""Reading a sensor's datachain for people: in category order, with plain-language facts.

Shared by the public page, the JSON export and the printed sign, so they always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dtpr_core.catalogues import translate
from dtpr_core.fallback import localized_parts, plain_text
from dtpr_core.kept import keeps_personal_data
from dtpr_core.locales import LOCALES, Localized, LocalText
from dtpr_core.model import Organisation, Sensor
from dtpr_core.taxonomy import Category, Element, Identifiability, Taxonomy, element_title, load_taxonomy

SCHEMA_VERSION = "device@2026-08-21"


def _in_every_language(msgid: str) -> LocalText:
    """*msgid* in each language whose catalogue translates it."""
    found = {locale: translate(locale, msgid) for locale in LOCALES}
    return {locale: text for locale, (text, lang) in found.items() if lang == locale}


PERSONAL_DATA_WORDS: dict[str, LocalText] = {
    level: _in_every_language(f"personal_{level}") for level in ("identifiable", "de_identified", "none")
}
"""``Collecte des données personnelles identifiantes``… per identifiability level (messages ``personal_*``)."""


@dataclass(frozen=True, slots=True)
class ShownElement:
    element: Element
    title: str
    description: str
    organisation: Organisation | None = None
    title_parts: tuple[Localized, ...] = ()
    """:attr:`title` in pieces, each with the language it is really in (see :mod:`dtpr_core.fallback`)."""
    description_parts: tuple[Localized, ...] = ()


def personal_data(sensor: Sensor, taxonomy: Taxonomy | None = None) -> Identifiability:
    """The strongest identifiability among the sensor's technologies."""
    taxonomy = taxonomy or load_taxonomy()
    levels = set()
    for selection in sensor.elements("tech"):
        element = taxonomy.elements.get(selection.element_id)
        if element and element.identifiability:
            levels.add(element.identifiability)
    if "identifiable" in levels:
        return "identifiable"
    if "de_identified" in levels:
        return "de_identified"
    if "personal" in {s.element_id for s in sensor.elements("data")}:
        # personal data from a white technology: kept logs or identifiers can single a person out
        return "identifiable" if keeps_personal_data(sensor.kept) else "de_identified"
    return "none"


def walk(
    sensor: Sensor, locale: str, taxonomy: Taxonomy | None = None
) -> Iterator[tuple[Category, list[ShownElement]]]:
    """Each category in datachain order with its elements, texts localized and filled in."""
    taxonomy = taxonomy or load_taxonomy()
    for category in taxonomy.categories:
        shown: list[ShownElement] = []
        if category.key == "accountable":
            for org in sensor.accountable:
                name, role = localized_parts(org.name, locale), localized_parts(org.role, locale)
                shown.append(
                    ShownElement(taxonomy.element(org.kind), plain_text(name), plain_text(role), org, name, role)
                )
        for selection in sensor.elements(category.key):
            element = taxonomy.elements.get(selection.element_id)
            if element is None:
                continue
            title = localized_parts(element.title, locale, selection.variables)
            description = localized_parts(element.description, locale, selection.variables)
            shown.append(ShownElement(element, plain_text(title), plain_text(description), None, title, description))
        if shown:
            yield category, shown


def retention(sensor: Sensor, locale: str, taxonomy: Taxonomy | None = None) -> str:
    """``Données conservées 1 an`` / ``Aucune donnée conservée`` / empty."""
    taxonomy = taxonomy or load_taxonomy()
    for selection in sensor.elements("retention"):
        element = taxonomy.elements.get(selection.element_id)
        if element:
            return element_title(element, locale, selection.variables)
    return ""


UPSTREAM_LOCALES: dict[str, str] = {"tl": "fil"}
"""Our locale codes that upstream DTPR instances spell otherwise (BCP 47: Filipino is ``fil``)."""


def _locale_array(texts: LocalText, locales: tuple[str, ...] = LOCALES) -> list[dict[str, str]]:
    return [
        {"locale": UPSTREAM_LOCALES.get(locale, locale), "value": texts[locale]}
        for locale in locales
        if texts.get(locale)
    ]


def instance_time(moment: datetime) -> str:
    """``2026-08-21T08:38:25Z``: the UTC form upstream's schema accepts (never ``+00:00``).

    A naive datetime (SQLite gives them back) is UTC; sub-second digits are dropped.
    """
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def datachain_instance(
    sensor: Sensor,
    created_at: datetime,
    taxonomy: Taxonomy | None = None,
    *,
    updated_at: datetime | None = None,
    revision: int | None = None,
) -> dict[str, Any]:
    """The DTPR datachain instance (GUIDE §7, ``device@2026-08-21`` shape) as upstream validates it.

    Upstream's instance schema wants timestamps in the ``Z`` form, locale codes from its
    allow-list (``fil``, not ``tl``) and no empty variable value; the tests check every
    published instance against its schema and semantic rules.
    """
    taxonomy = taxonomy or load_taxonomy()
    elements: list[dict[str, Any]] = []
    for priority, org in enumerate(sensor.accountable):
        elements.append(
            {
                "element_id": org.kind,
                "priority": priority,
                "variables": [],
                "title": _locale_array(org.name),
                "actions": [
                    {"type": action.type, "label": _locale_array(action.label or org.name), "target": action.target}
                    for action in org.contact
                ],
            }
        )
    for category in taxonomy.categories:
        for selection in sensor.elements(category.key):
            elements.append(
                {
                    "element_id": selection.element_id,
                    "priority": selection.priority,
                    "variables": [
                        {"id": name, "value": _locale_array(values)}
                        for name, values in selection.variables.items()
                        if _locale_array(values)
                    ],
                    "actions": [],
                }
            )
    instance: dict[str, Any] = {
        "id": sensor.id,
        "schema_version": SCHEMA_VERSION,
        "created_at": instance_time(created_at),
    }
    if updated_at is not None:
        instance["updated_at"] = instance_time(max(updated_at, created_at, key=_utc_key))
    if revision is not None:
        instance["instance_version"] = str(revision)
    instance |= {
        "title": _locale_array(sensor.name),
        "description": _locale_array(sensor.description),
        "elements": elements,
    }
    return instance


def _utc_key(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
