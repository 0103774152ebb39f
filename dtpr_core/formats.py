"""Dates and numbers in each language, from Babel's CLDR data (no hand-written month tables)."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from pyuca import Collator

NBSP = "\u00a0"

BABEL_LOCALES: dict[str, str] = {"en": "en_GB"}
"""Where a page language needs a regional variant: British English writes ``3 November 2026``."""


def babel_locale(locale: str) -> str:
    """The Babel locale identifier for one of our page languages."""
    return BABEL_LOCALES.get(locale, locale)


@lru_cache(maxsize=4096)
def long_date(day: dt.date, locale: str) -> str:
    """``3 novembre 2026``, ``1er juillet 2023``, ``3 November 2026``, ``3 de noviembre de 2026``."""
    return _ordinal_first(format_date(day, "long", locale=babel_locale(locale)), day, locale)


@lru_cache(maxsize=4096)
def short_date(day: dt.date, locale: str) -> str:
    """``3 nov. 2026``, ``1er juil. 2026``, ``3 Nov 2026``: abbreviated month, never broken across two lines."""
    text = format_skeleton("yMMMd", day, locale=babel_locale(locale)).replace(" ", NBSP)
    return _ordinal_first(text, day, locale)


def _ordinal_first(text: str, day: dt.date, locale: str) -> str:
    """French writes the first of the month as an ordinal, « 1er juillet » (CLDR writes « 1 juillet »)."""
    if locale == "fr" and day.day == 1 and text.startswith("1") and not text[1:2].isdigit():
        return "1er" + text[1:]
    return text


@cache
def _collator() -> Collator:
    """The Unicode Collation Algorithm's default table (pyuca; read once, about a second)."""
    return Collator()


def collation_key(text: str) -> tuple[int, ...]:
    """Sort key of a text as a reader expects a list ordered: « Écologie » before « Sécurité »,
    case and accents second (the UCA's default order, right for French, Spanish, Portuguese)."""
    key: tuple[int, ...] = _collator().sort_key(text)
    return key


def collated(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(value, text)`` choices ordered by their text with :func:`collation_key`."""
    return sorted(items, key=lambda item: collation_key(item[1]))


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
