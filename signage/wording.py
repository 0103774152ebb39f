"""The words printed on a sign: the ``sign_*`` messages of the catalogues (:mod:`dtpr_core.catalogues`).

French typography: a non-breaking space before ``:`` and a narrow one before ``;?!``
(written in the French catalogue; :func:`french_spacing` applies it to joined taxonomy texts).
"""

from __future__ import annotations

from dtpr_core import Organisation, Sensor, load_taxonomy, pick, retention
from dtpr_core.catalogues import translate
from dtpr_core.datachain import personal_data
from dtpr_core.notice_text import NBSP, french_spacing


def word(key: str, locale: str) -> str:
    """The sign message ``sign_<key>`` of the catalogues (English where *locale* lacks it)."""
    return translate(locale, f"sign_{key}")[0]


def element_titles(sensor: Sensor, key: str, locale: str) -> list[str]:
    taxonomy = load_taxonomy()
    return [pick(taxonomy.element(s.element_id).title, locale) for s in sensor.elements(key)]


def personal_data_sentence(sensor: Sensor, locale: str) -> str:
    """``Il ne collecte pas de données personnelles.``"""
    return word(f"personal_{personal_data(sensor)}", locale)


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
        word("what", locale)
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
