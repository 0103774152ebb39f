"""Reading CSV (delimiters, encodings) and XLSX into rows of text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from dtpr_import.tables import TableError, cell_text, read_tables, sniff_delimiter

HEADER = "Référence;Commune\r\nVP-1;Angers\r\nVP-2;Sainte-Gemmes-sur-Loire\r\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
)
def test_csv_encodings_read_the_same_text(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "inventaire.csv"
    path.write_bytes(bom + HEADER.encode(encoding))
    (sheet,) = read_tables(path)
    rows = list(sheet.rows)
    assert rows[0] == (1, ["Référence", "Commune"])
    assert rows[2] == (3, ["VP-2", "Sainte-Gemmes-sur-Loire"])
    assert sheet.name == "inventaire"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed_from_the_header(delimiter: str) -> None:
    assert sniff_delimiter(f'a{delimiter}"b;c,d"{delimiter}e\n1{delimiter}2{delimiter}3') == delimiter


def test_a_one_column_file_reads_with_commas() -> None:
    assert sniff_delimiter("id\nA\n") == ","


def test_xlsx_cells_become_text(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Capteurs"
    sheet.append(["id", "lat", "date", "count", "empty"])
    sheet.append(["A-1", 47.4712, dt.datetime(2021, 7, 6), 7079.0, None])
    workbook.create_sheet("Autre").append(["x"])
    workbook.save(path)
    sheets = read_tables(path)
    assert [s.name for s in sheets] == ["Capteurs", "Autre"]
    assert list(sheets[0].rows)[1] == (2, ["A-1", "47.4712", "2021-07-06", "7079", ""])
    (only,) = read_tables(path, "Autre")
    assert only.name == "Autre"
    with pytest.raises(TableError, match="no sheet named 'Nope'; it has: Capteurs, Autre"):
        read_tables(path, "Nope")


def test_cell_text_of_every_kind() -> None:
    assert cell_text(True) == "true"
    assert cell_text(dt.date(2024, 2, 29)) == "2024-02-29"
    assert cell_text(dt.datetime(2024, 2, 29, 8, 30)) == "2024-02-29 08:30:00"
    assert cell_text(-0.5516) == "-0.5516"


def test_unreadable_sources_are_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="no such file or folder"):
        read_tables(tmp_path / "missing.csv")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(TableError, match="give a .csv or .xlsx file"):
        read_tables(tmp_path / "notes.pdf")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(TableError, match="not a readable XLSX workbook"):
        read_tables(tmp_path / "broken.xlsx")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(TableError, match="holds no .csv or .xlsx file"):
        read_tables(empty)


def test_a_byte_windows_1252_leaves_undefined_is_replaced_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"id;note\r\nA;caf\xe9 \x81\r\n")
    (sheet,) = read_tables(path)
    assert list(sheet.rows)[1] == (2, ["A", "café \ufffd"])
