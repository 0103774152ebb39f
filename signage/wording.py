"""The words printed on a sign: the ``sign_*`` messages of the catalogues (:mod:`dtpr_core.catalogues`).

French typography: a non-breaking space before ``:`` and a narrow one before ``;?!``
(written in the French catalogue; :func:`french_spacing` applies it to joined taxonomy texts).
"""

from __future__ import annotations

from dtpr_core import Organisation, Sensor, load_taxonomy, pick, retention
from dtpr_core.catalogues import translate
from dtpr_core.kept import kept_text
from dtpr_core.notice_text import NBSP, french_spacing
from dtpr_core.plain import plain_words, purpose_line


def word(key: str, locale: str) -> str:
    """The sign message ``sign_<key>`` of the catalogues (English where *locale* lacks it)."""
    return translate(locale, f"sign_{key}")[0]


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


def summary(sensor: Sensor, locale: str, short_url: str, *, first_layer: bool = False) -> str:
    """Two to three plain sentences for people who will not scan the code.

    ``Ce capteur ne recueille aucune donnée sur les personnes. Il sert à suivre la pollution. Mesures : gardées 5 ans.``
    With *first_layer* (the privacy block above already says the purpose and the retention),
    only what it does not say: each fact is printed once."""
    sentences = [personal_data_sentence(sensor, locale)]
    if not first_layer:
        sentences.append(purpose_line(sensor, locale))
        kept = kept_text(sensor.kept, locale) or retention(sensor, locale)
        if kept:
            sentences.append(kept if kept.endswith((".", "។")) else kept + word("full_stop", locale))
    return french_spacing(" ".join(sentence for sentence in sentences if sentence), locale)


def more_line(locale: str, short_url: str) -> str:
    return word("more", locale) + short_url
