"""A retention period written in a spreadsheet -> the register's ``kept`` duration (and refusals)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core.kept import parse_duration
from dtpr_import.durations import kept_duration
from tests.dtpr_import.strategies import written_durations


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("15 jours", "15 days"),
        ("30 j", "30 days"),
        ("30j", "30 days"),
        ("1 mois", "1 month"),
        ("6 mois", "6 months"),
        ("2 ans", "2 years"),
        ("1 an", "1 year"),
        ("24 h", "24 hours"),
        ("3 semaines", "3 weeks"),
        ("1 Année", "1 year"),
        ("15\u00a0jours", "15 days"),
        ("15 days", "15 days"),
        ("5 years", "5 years"),
        ("30", "30 days"),
        ("0", "none"),
        ("0 jours", "none"),
        ("aucune", "none"),
        ("none", "none"),
    ],
)
def test_french_and_english_durations_become_the_register_spelling(cell: str, expected: str) -> None:
    assert kept_duration(cell) == expected


@pytest.mark.parametrize("cell", ["quinze jours", "15 lunes", "-3 jours", "1,5 an", "", "15 jours 2 h", "99999 j"])
def test_an_unreadable_duration_says_what_to_write(cell: str) -> None:
    with pytest.raises(ValueError, match="expected a duration such as '15 jours'"):
        kept_duration(cell)


def test_a_days_column_takes_a_number_only() -> None:
    assert kept_duration("15", in_days=True) == "15 days"
    assert kept_duration(45, in_days=True) == "45 days"
    with pytest.raises(ValueError, match="expected a number of days, such as 30"):
        kept_duration("15 jours", in_days=True)


@given(written_durations())
def test_every_written_duration_reads_as_the_register_does(written: tuple[str, int, str]) -> None:
    cell, amount, unit = written
    text = kept_duration(cell)
    assert parse_duration(text) == (amount, unit)  # what `kept:` reads back, so validate never warns


@given(st.text(max_size=30) | st.integers() | st.none() | st.floats())
def test_any_cell_is_a_duration_or_a_clear_error(cell: object) -> None:
    try:
        text = kept_duration(cell)
    except ValueError as error:
        assert str(error).startswith("expected a")
    else:
        assert parse_duration(text) is not None
