"""Locales: the six taxonomy languages, fallback and Accept-Language negotiation."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Literal, NamedTuple, get_args

Locale = Literal["fr", "en", "es", "pt", "tl", "km"]
"""The languages of the taxonomy, pages and signs: the one list (settings and API models take it from here)."""
LOCALES: tuple[str, ...] = get_args(Locale)
DEFAULT_LOCALE: Locale = "fr"

LOCALE_NAMES: Mapping[str, str] = {
    "fr": "Français",
    "en": "English",
    "es": "Español",
    "pt": "Português",
    "tl": "Tagalog",
    "km": "ខ្មែរ",
}

LocalText = Mapping[str, str]
"""A human string in several languages: ``{"fr": "…", "en": "…"}``."""


class Localized(NamedTuple):
    """A text and the language it is really written in (for a ``lang`` attribute)."""

    text: str
    lang: str


def fallback_chain(locale: str) -> tuple[str, ...]:
    """The languages tried, in order, for a text missing in *locale*.

    A French reader gets English next; every other reader gets English, then French (the
    register's own language, which is always there): English is read by far more visitors
    than French among those who asked for Spanish, Portuguese, Tagalog or Khmer."""
    if locale == DEFAULT_LOCALE:
        return (DEFAULT_LOCALE, "en")
    return (locale, "en", DEFAULT_LOCALE) if locale != "en" else ("en", DEFAULT_LOCALE)


def localize(texts: LocalText | None, locale: str) -> Localized:
    """The text for *locale* along :func:`fallback_chain`, then any language; with its language."""
    if not texts:
        return Localized("", locale)
    for candidate in fallback_chain(locale):
        value = texts.get(candidate)
        if value:
            return Localized(value, candidate)
    for candidate, value in texts.items():
        if value:
            return Localized(value, candidate)
    return Localized("", locale)


def pick(texts: LocalText | None, locale: str) -> str:
    """The text for *locale*, falling back as :func:`localize` does."""
    return localize(texts, locale).text


def picked_locale(texts: LocalText | None, locale: str) -> str:
    """The locale :func:`pick` actually used (for ``lang`` attributes)."""
    return localize(texts, locale).lang


def normalise_locale(value: str | None) -> str | None:
    """``"en-GB"`` -> ``"en"``; ``None`` for a language we do not have."""
    if not value:
        return None
    primary = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in LOCALES else None


def negotiate(accept_language: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Choose a locale from an ``Accept-Language`` header (q-values honoured)."""
    if not accept_language:
        return default
    if len(accept_language) <= 200:  # the usual header: a few come back again and again
        return _known_header(accept_language, default)
    return _negotiate(accept_language, default)


def _negotiate(accept_language: str, default: str) -> str:
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        locale = normalise_locale(tag)
        if locale and quality > 0:
            weighted.append((-quality, index, locale))
    return min(weighted)[2] if weighted else default


_known_header = lru_cache(maxsize=512)(_negotiate)
"""Each browser's language settings send one header, parsed once."""
