"""Property: any table of strings never crashes the importer, and every error names its cell."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtpr_core.yaml_source import load_register_text
from dtpr_import import ImportOptions, MappingError, Sheet, TableError, import_sheets, read_tables
from dtpr_import.convert import column_key
from dtpr_import.tables import sheet_of_rows
from tests.dtpr_import.conftest import SHIPPED
from tests.dtpr_import.strategies import FRENCH, any_tables, french_tables

REGISTER = SHIPPED.read_text(encoding="utf-8")


def _sheet(table: list[list[str]]) -> Sheet:
    return sheet_of_rows("t.csv", "t", table)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(french_tables(), st.booleans())
def test_any_table_is_imported_or_refused_cell_by_cell(table: list[list[str]], draft: bool) -> None:
    report = import_sheets([_sheet(table)], FRENCH, REGISTER, ImportOptions(draft=draft))
    named = {column_key(name) for name in table[0] if name.strip()}
    for problem in report.problems:
        assert (problem.file, problem.sheet) == ("t.csv", "t")
        assert 2 <= problem.row <= len(table), problem
        assert problem.column == "-" or column_key(problem.column) in named, problem
        assert problem.message and "\n" not in problem.format().rstrip("\n").split(": ", 1)[0]
    assert report.read + report.skipped["empty row(s)"] <= len(table) - 1
    if report.changed and not report.drafts:
        assert load_register_text(report.after).ok  # what is written passes dtpr validate


@settings(max_examples=100, deadline=None)
@given(any_tables())
def test_a_table_that_does_not_fit_the_mapping_is_a_usage_error_or_nothing(table: list[list[str]]) -> None:
    try:
        report = import_sheets([_sheet(table)], FRENCH, "", ImportOptions())
    except MappingError as error:
        assert "the header lacks column(s)" in str(error) or "the sheet is empty" in str(error)
    else:
        assert report.read == 0  # a header with the columns, then no row


@settings(max_examples=100, deadline=None)
@given(any_tables(), st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_any_csv_bytes_read_back_or_fail_with_one_clear_error(
    table: list[list[str]], delimiter: str, encoding: str
) -> None:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(table)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(text.getvalue().encode(encoding, errors="replace"))
        try:
            for sheet in read_tables(path):
                for number, cells in sheet.rows:
                    assert number >= 1 and all(isinstance(cell, str) for cell in cells)
        except TableError as error:
            assert "t.csv" in str(error)
