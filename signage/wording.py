"""The words printed on a sign, per language (fr, en, es, pt; other languages fall back to French).

French typography: a non-breaking space before ``:`` and a narrow one before ``;?!``.
The personal-data sentence reuses :data:`dtpr_core.PERSONAL_DATA_WORDS`, so the sign,
the public page and the JSON export always say the same thing.
"""

from __future__ import annotations

from dtpr_core import PERSONAL_DATA_WORDS, Organisation, Sensor, load_taxonomy, pick, retention
from dtpr_core.datachain import personal_data
from dtpr_core.locales import LocalText
from dtpr_core.notice_text import NBSP, french_spacing

WORDS: dict[str, LocalText] = {
    "pronoun": {"fr": "Il", "en": "It", "es": "", "pt": ""},
    "what": {
        "fr": "Ce capteur ({tech}) sert à : {purposes}.",
        "en": "This sensor ({tech}) is used for: {purposes}.",
        "es": "Este sensor ({tech}) sirve para: {purposes}.",
        "pt": "Este sensor ({tech}) serve para: {purposes}.",
    },
    "accountable": {"fr": "Responsable : ", "en": "Accountable: ", "es": "Responsable: ", "pt": "Responsável: "},
    "phone": {"fr": "tél.\u00a0", "en": "tel.\u00a0", "es": "tel.\u00a0", "pt": "tel.\u00a0"},
    "more": {
        "fr": "En savoir plus, donner votre avis : ",
        "en": "Find out more, give feedback: ",
        "es": "Más información y opiniones: ",
        "pt": "Saber mais, dar a sua opinião: ",
    },
    "scan": {"fr": "Scannez ou tapez", "en": "Scan or type", "es": "Escanee o escriba", "pt": "Leia ou escreva"},
    "revision": {"fr": "rév. ", "en": "rev. ", "es": "rev. ", "pt": "rev. "},
    "identifiable": {
        "fr": "Données personnelles identifiantes",
        "en": "Identifiable personal data",
        "es": "Datos personales identificables",
        "pt": "Dados pessoais identificáveis",
    },
    "de_identified": {
        "fr": "Données personnelles rendues non identifiantes",
        "en": "Personal data, de-identified",
        "es": "Datos personales desidentificados",
        "pt": "Dados pessoais desidentificados",
    },
    "none": {
        "fr": "Pas de données personnelles",
        "en": "No personal data",
        "es": "Sin datos personales",
        "pt": "Sem dados pessoais",
    },
}


def word(key: str, locale: str) -> str:
    return french_spacing(pick(WORDS[key], locale), locale)


def element_titles(sensor: Sensor, key: str, locale: str) -> list[str]:
    taxonomy = load_taxonomy()
    return [pick(taxonomy.element(s.element_id).title, locale) for s in sensor.elements(key)]


def personal_data_sentence(sensor: Sensor, locale: str) -> str:
    """``Il ne collecte pas de données personnelles.`` (Spanish and Portuguese drop the pronoun.)"""
    phrase = pick(PERSONAL_DATA_WORDS[personal_data(sensor)], locale)
    pronoun = WORDS["pronoun"].get(locale, WORDS["pronoun"]["fr"])
    return f"{pronoun} {phrase[:1].lower()}{phrase[1:]}." if pronoun else f"{phrase}."


def contact_line(org: Organisation, locale: str, *, online: bool = True) -> str:
    """``Responsable : Angers Loire Métropole — tél. … — e-mail`` (phone or post first: not only digital).

    Without *online*, the e-mail and web address are left out (for a corner too small for them)."""
    targets = {action.type: action.target for action in org.contact}
    parts = [word("accountable", locale) + pick(org.name, locale)]
    if "phone" in targets:
        parts.append(word("phone", locale) + targets["phone"].replace(" ", NBSP))
    elif "postal" in targets:
        parts.append(targets["postal"])
    if online or len(parts) == 1:
        parts.extend(targets[kind] for kind in ("email", "url") if kind in targets)
    return " — ".join(parts[:3])


def summary(sensor: Sensor, locale: str, short_url: str) -> str:
    """Two to three lines for people who will not scan the code."""
    what = (
        pick(WORDS["what"], locale)
        .replace("{tech}", ", ".join(element_titles(sensor, "tech", locale)[:2]))
        .replace("{purposes}", ", ".join(title.lower() for title in element_titles(sensor, "purpose", locale)))
    )
    kept = retention(sensor, locale)
    sentences = [what, personal_data_sentence(sensor, locale)]
    if kept:
        sentences.append(kept + ".")
    return french_spacing(" ".join(sentences), locale)


def more_line(locale: str, short_url: str) -> str:
    return word("more", locale) + short_url
