"""The page words: backed by the catalogues, dates and numbers from Babel, plurals per language."""

from __future__ import annotations

import datetime as dt

import pytest

from registry.pages.i18n import Words

NBSP, NNBSP = "\u00a0", "\u202f"
DAY = dt.date(2026, 11, 3)


@pytest.mark.parametrize(
    ("n", "french", "english"),
    [(0, "0 capteur", "0 sensors"), (1, "1 capteur", "1 sensor"), (2, "2 capteurs", "2 sensors")],
)
def test_counts_follow_each_languages_plural_rule(n: int, french: str, english: str) -> None:
    assert Words("fr").count(n) == french
    assert Words("en").count(n) == english


def test_large_counts_are_grouped_the_languages_way() -> None:
    assert Words("fr").count(1234) == f"1{NNBSP}234 capteurs"
    assert Words("en").count(1234) == "1,234 sensors"


@pytest.mark.parametrize(
    ("locale", "long", "short"),
    [
        ("fr", "3 novembre 2026", f"3{NBSP}nov.{NBSP}2026"),
        ("en", "3 November 2026", f"3{NBSP}Nov{NBSP}2026"),
        ("es", "3 de noviembre de 2026", None),
        ("pt", "3 de novembro de 2026", None),
        ("tl", "Nobyembre 3, 2026", None),
        ("km", "3 វិច្ឆិកា 2026", None),
    ],
)
def test_dates_come_from_babel_in_every_language(locale: str, long: str, short: str | None) -> None:
    words = Words(locale)
    assert words.date(DAY) == long
    assert "2026" in words.short_date(DAY) and " " not in words.short_date(DAY)
    if short:
        assert words.short_date(DAY) == short


@pytest.mark.parametrize(
    ("seconds", "french", "english"),
    [
        (5, "à l’instant", "just now"),
        (60, "il y a 1 minute", "1 minute ago"),
        (5 * 60 + 59, "il y a 5 minutes", "5 minutes ago"),
        (3_600, "il y a 1 heure", "1 hour ago"),
        (2 * 86_400, "il y a 2 jours", "2 days ago"),
        (-30, "à l’instant", "just now"),
    ],
)
def test_ago_floors_to_the_largest_unit(seconds: int, french: str, english: str) -> None:
    now = dt.datetime(2026, 11, 3, 12, tzinfo=dt.UTC)
    then = now - dt.timedelta(seconds=seconds)
    assert Words("fr").ago(then, now) == french
    assert Words("en").ago(then, now) == english


def test_french_colon_has_its_no_break_space() -> None:
    assert Words("fr").colon == f"{NBSP}:"
    assert Words("en").colon == ":"
