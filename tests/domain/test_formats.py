"""Dates, numbers and text direction from Babel's CLDR data."""

from __future__ import annotations

import datetime as dt

import pytest

from dtpr_core.formats import long_date, number, short_date, text_direction
from dtpr_core.locales import LOCALES


@pytest.mark.parametrize("locale", LOCALES)
def test_every_language_has_its_dates_and_numbers(locale: str) -> None:
    day = dt.date(2026, 3, 9)
    assert "2026" in long_date(day, locale) and "9" in long_date(day, locale)
    assert " " not in short_date(day, locale)  # no-break spaces: a date is never cut
    assert number(7, locale) == "7"
    assert text_direction(locale) == "ltr"


def test_months_are_the_languages_own() -> None:
    day = dt.date(2026, 8, 15)
    assert long_date(day, "fr") == "15 août 2026"
    assert long_date(day, "pt") == "15 de agosto de 2026"
    assert long_date(day, "tl") == "Agosto 15, 2026"
    assert "សីហា" in long_date(day, "km")


@pytest.mark.parametrize(("locale", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("km", "ltr")])
def test_right_to_left_languages_are_known_to_cldr(locale: str, direction: str) -> None:
    assert text_direction(locale) == direction


def test_an_unknown_language_is_left_to_right() -> None:
    assert text_direction("xx") == "ltr"
    assert text_direction("") == "ltr"
