"""Locales: the six taxonomy languages, fallback and Accept-Language negotiation."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Literal, get_args

Locale = Literal["fr", "en", "es", "pt", "tl", "km"]
"""The languages of the taxonomy, pages and signs: the one list (settings and API models take it from here)."""
LOCALES: tuple[str, ...] = get_args(Locale)
DEFAULT_LOCALE: Locale = "fr"
FALLBACK_CHAIN: tuple[str, ...] = ("fr", "en")

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


def pick(texts: LocalText | None, locale: str) -> str:
    """The text for *locale*, falling back to French, then English, then any."""
    if not texts:
        return ""
    for candidate in (locale, *FALLBACK_CHAIN):
        value = texts.get(candidate)
        if value:
            return value
    return next(iter(texts.values()), "")


def picked_locale(texts: LocalText | None, locale: str) -> str:
    """The locale :func:`pick` actually used (for ``lang`` attributes)."""
    if not texts:
        return locale
    for candidate in (locale, *FALLBACK_CHAIN):
        if texts.get(candidate):
            return candidate
    return next(iter(texts), locale)


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
