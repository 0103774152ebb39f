"""Dates and numbers in each language, from Babel's CLDR data (no hand-written month tables)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

NBSP = "\u00a0"

BABEL_LOCALES: dict[str, str] = {"en": "en_GB"}
"""Where a page language needs a regional variant: British English writes ``3 November 2026``."""


def babel_locale(locale: str) -> str:
    """The Babel locale identifier for one of our page languages."""
    return BABEL_LOCALES.get(locale, locale)


@lru_cache(maxsize=4096)
def long_date(day: dt.date, locale: str) -> str:
    """``3 novembre 2026``, ``3 November 2026``, ``3 de noviembre de 2026``, ``Nobyembre 3, 2026``."""
    return format_date(day, "long", locale=babel_locale(locale))


@lru_cache(maxsize=4096)
def short_date(day: dt.date, locale: str) -> str:
    """``3 nov. 2026``, ``3 Nov 2026``: abbreviated month, never broken across two lines."""
    return format_skeleton("yMMMd", day, locale=babel_locale(locale)).replace(" ", NBSP)


@lru_cache(maxsize=4096)
def number(value: int, locale: str) -> str:
    """``1 234`` (narrow no-break space) in French, ``1,234`` in English."""
    return format_decimal(value, locale=babel_locale(locale))


@lru_cache(maxsize=256)
def language_name(code: str, locale: str) -> str:
    """``francés``: the name of the language *code* in *locale*, from CLDR (the code when unknown)."""
    try:
        return str(Locale.parse(babel_locale(locale)).languages.get(code, code))
    except (ValueError, UnknownLocaleError):
        return code


@lru_cache(maxsize=64)
def text_direction(locale: str) -> str:
    """``ltr`` or ``rtl`` (Arabic, Hebrew, Persian…), from CLDR: the value of a page's ``dir``."""
    try:
        direction = Locale.parse(babel_locale(locale)).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if direction == "rtl" else "ltr"
