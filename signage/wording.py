"""The words printed on a sign: the ``sign_*`` messages of the catalogues (:mod:`dtpr_core.catalogues`).

French typography: a non-breaking space before ``:`` and a narrow one before ``;?!``
(written in the French catalogue; :func:`french_spacing` applies it to joined taxonomy texts).
"""

from __future__ import annotations

from dtpr_core import Organisation, Sensor, load_taxonomy, pick, retention
from dtpr_core.catalogues import translate
from dtpr_core.plain import plain_words

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


def word(key: str, locale: str) -> str:
    """The sign message ``sign_<key>`` of the catalogues (English where *locale* lacks it)."""
    return translate(locale, f"sign_{key}")[0]


def french_spacing(text: str, locale: str) -> str:
    """Non-breaking spaces before ``: ; ? !`` and inside « » (French only)."""
    if locale != "fr":
        return text
    for mark, space in ((":", NBSP), (";", NARROW_NBSP), ("?", NARROW_NBSP), ("!", NARROW_NBSP)):
        text = text.replace(f" {mark}", f"{space}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")


def element_titles(sensor: Sensor, key: str, locale: str) -> list[str]:
    taxonomy = load_taxonomy()
    return [pick(taxonomy.element(s.element_id).title, locale) for s in sensor.elements(key)]


def personal_data_sentence(sensor: Sensor, locale: str) -> str:
    """``Cette caméra filme des personnes qu'on peut reconnaître.`` (by kind of device, see :mod:`dtpr_core.plain`)."""
    return translate(locale, plain_words(sensor).sentence)[0]


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
    """Two to three plain sentences for people who will not scan the code.

    ``Cette caméra filme des personnes qu'on peut reconnaître. Elle sert à : mobilité. Données conservées 30 jours.``"""
    purposes = ", ".join(title.lower() for title in element_titles(sensor, "purpose", locale))
    what = translate(locale, plain_words(sensor).sign_what)[0].replace("{purposes}", purposes)
    sentences = [personal_data_sentence(sensor, locale), what]
    kept = retention(sensor, locale)
    if kept:
        sentences.append(kept + word("full_stop", locale))
    return french_spacing(" ".join(sentences), locale)


def more_line(locale: str, short_url: str) -> str:
    return word("more", locale) + short_url
