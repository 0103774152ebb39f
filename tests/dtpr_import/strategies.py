"""Hypothesis strategies of the importer's tests: tables of strings, as a spreadsheet can hold them."""

from __future__ import annotations

from hypothesis import strategies as st

from dtpr_import import load_preset

FRENCH = load_preset("fr-videoprotection")
FRENCH_COLUMNS = sorted(FRENCH.columns())

_MEANINGFUL = [
    "", " ", "VP-1", "VP-1", "Angers", "432387,1", "6714161.7", "1e400", "nan", "-inf", "14/03/2023", "31/02/2024",
    "2024-01-01", "15", "0", "-3", "99999", "Régulation des flux de transport", "Prévention d'actes de terrorisme;;",
    "Ville d'Angers", "Ville d'Avrillé", "Inconnu", "{row}", "{0}", "}{", "%", "À COMPLÉTER", "\n", "\t", "\x00",
    '"', "é" * 300, "dpo@example.org",
]  # fmt: skip
cells = st.sampled_from(_MEANINGFUL) | st.text(max_size=12)


@st.composite
def french_tables(draw: st.DrawFn) -> list[list[str]]:
    """A header holding the fr-videoprotection columns (in any order, maybe with extra or empty ones),
    then rows of any strings (some short, some long, some empty)."""
    header = draw(st.permutations([*FRENCH_COLUMNS, "", "Notes"]))
    width = len(header)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 2), max_size=8))
    return [list(header), *rows]


@st.composite
def any_tables(draw: st.DrawFn) -> list[list[str]]:
    """Any table of strings, header included."""
    return draw(st.lists(st.lists(cells, max_size=6), max_size=6))


DURATION_UNITS = {
    "hour": ["h", "heures", "hours", "uur"],
    "day": ["j", "jours", "jour", "days", "dagen", "J."],
    "week": ["semaines", "weeks", "sem"],
    "month": ["mois", "months", "maanden"],
    "year": ["ans", "années", "years", "jaar", "An"],
}


@st.composite
def written_durations(draw: st.DrawFn) -> tuple[str, int, str]:
    """``(cell, amount, unit)``: a retention period as a spreadsheet writes it ("15 jours", "30j", "1 mois")."""
    unit = draw(st.sampled_from(sorted(DURATION_UNITS)))
    amount = draw(st.integers(1, 9999))
    word = draw(st.sampled_from(DURATION_UNITS[unit]))
    space = draw(st.sampled_from(["", " ", "\u00a0", "  "]))
    return f"{draw(st.sampled_from(['', ' ']))}{amount}{space}{word}", amount, unit
