"""The fixed words of the privacy notice (page, sign, feedback form): ``gdpr_*`` messages.

They live in the gettext catalogues (``dtpr_core/_data/locales``, see ``docs/translators.md``):
``gdpr_<key>`` for the notice's words, ``gdpr_basis_<legal basis>`` for the legal bases in plain
words with their article, ``gdpr_right_<right>`` for the rights, ``gdpr_day_one``/``gdpr_days``
for a number of days. A language that lacks one gets the English text.
"""

from __future__ import annotations

from dtpr_core.catalogues import translate
from dtpr_core.formats import number


def privacy_word(key: str, locale: str) -> str:
    """The message ``gdpr_<key>`` in *locale* (English where it lacks it)."""
    return translate(locale, f"gdpr_{key}")[0]


def legal_basis_words(basis: str, locale: str) -> str:
    """``Mission d'intérêt public — RGPD, article 6-1-e`` (``basis``: a :data:`~dtpr_core.model.LEGAL_BASES` code)."""
    return translate(locale, f"gdpr_basis_{basis}")[0]


def right_words(right: str, locale: str) -> str:
    """``voir les données qui vous concernent`` (``right``: a :data:`~dtpr_core.notice.Right`)."""
    return translate(locale, f"gdpr_right_{right}")[0]


def days_words(n: int, locale: str) -> str:
    """``90 jours``, ``1 day``: the plural form and digits of *locale*."""
    return translate(locale, "gdpr_day_one", n)[0].replace("{n}", number(n, locale))
