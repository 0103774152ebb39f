"""Texts the page templates show, computed from the taxonomy and the register (no HTML here)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dtpr_core.catalogues import translate
from dtpr_core.fallback import localized_parts
from dtpr_core.kept import kept_text
from dtpr_core.locales import Localized, localize
from dtpr_core.model import Sensor
from dtpr_core.taxonomy import element_title, load_taxonomy

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)\)?")


def strip_markdown(text: str) -> str:
    """``[qualité de l'air](https://…)`` -> ``qualité de l'air`` (no outbound links from taxonomy texts)."""
    return _MARKDOWN_LINK.sub(r"\1", text)


def titles(sensor: Sensor, key: str, locale: str) -> list[str]:
    """The titles of a sensor's elements of one category, in *locale*."""
    taxonomy = load_taxonomy()
    return [
        element_title(taxonomy.elements[s.element_id], locale, s.variables)
        for s in sensor.elements(key)
        if s.element_id in taxonomy.elements
    ]


def title_parts(sensor: Sensor, key: str, locale: str) -> list[tuple[Localized, ...]]:
    """:func:`titles` as language-tagged pieces (a fallback marked with its own ``lang``)."""
    taxonomy = load_taxonomy()
    return [
        localized_parts(taxonomy.elements[s.element_id].title, locale, s.variables)
        for s in sensor.elements(key)
        if s.element_id in taxonomy.elements
    ]


def retention_parts(sensor: Sensor, locale: str) -> tuple[Localized, ...]:
    """How long data is kept: ``kept`` said in *locale* ("Images : aucune n’est gardée. Comptages : gardés
    5 ans."), else the first retention element's title, as language-tagged pieces."""
    if sensor.kept:
        return (Localized(kept_text(sensor.kept, locale), locale),)
    return next(iter(title_parts(sensor, "retention", locale)), ())


def purpose_parts(sensor: Sensor, locale: str) -> tuple[Localized, ...]:
    """``Pour régler les feux et aider en cas d’accident.`` in *locale*, else in the language the
    register has it in (marked by its ``lang``); empty without a ``purpose``."""
    if not sensor.purpose:
        return ()
    found = localize(sensor.purpose, locale)
    sentence = translate(found.lang, "purpose_sentence")[0].replace("{purpose}", found.text)
    return (Localized(sentence, found.lang),)


def element_names(element_ids: Iterable[str], locale: str) -> list[str]:
    """Element titles as they read inside a sentence (lower-case first letter in fr, es, pt)."""
    taxonomy = load_taxonomy()
    names = []
    for element_id in element_ids:
        element = taxonomy.elements.get(element_id)
        title = element_title(element, locale, {}) if element else element_id
        names.append(title[:1].lower() + title[1:] if locale in ("fr", "es", "pt") else title)
    return names


def personal_elements(element_ids: Iterable[str]) -> list[str]:
    """The ids among *element_ids* whose element collects personal data (identifiable or de-identified)."""
    elements = load_taxonomy().elements
    return [i for i in element_ids if i in elements and elements[i].collects_personal_data]


def phone_digits(number: str) -> str:
    """``+33 2 41 05 50 00`` -> ``+33241055000`` (a ``tel:`` link)."""
    return re.sub(r"[^\d+]", "", number)
