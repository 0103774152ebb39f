"""Reading spreadsheets as sheets of text rows: CSV (any of , ; tab; UTF-8 or Windows-1252) and XLSX.

Every cell becomes text (a number as written, a date as ``YYYY-MM-DD``), rows are
numbered as the spreadsheet numbers them, and nothing is read whole into memory: a
sheet is an iterator of blocks of rows (:data:`BLOCK_ROWS` at most), so a file of a
million rows costs the memory of one block.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from zipfile import BadZipFile

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
OTHER_WORKBOOKS = (".xls", ".ods", ".numbers")
DELIMITERS = (",", ";", "\t")
_SNIFF_BYTES = 64 * 1024
MAX_CELL = 10_000
BLOCK_ROWS = 256
"""Rows a block holds: enough for the import's fast path to work a column at a time, few enough to stay in cache."""


class TableError(Exception):
    """A file that cannot be read as a table at all (not found, not a spreadsheet, corrupt)."""


@dataclass(frozen=True, slots=True)
class Sheet:
    file: str
    """The file's name, as errors show it."""
    name: str
    """The sheet's name (a CSV file's name without its suffix)."""
    blocks: Iterator[list[list[str]]]
    """The rows, header first, a block at a time, each cell as the file holds it (a CSV cell may have
    spaces around it: :func:`trim` takes them off)."""

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number from 1, cells trimmed), the header first."""
        return enumerate((trimmed(row) for block in self.blocks for row in block), start=1)


def trim(cell: str) -> str:
    """A cell as the import reads it: without spaces around, at most :data:`MAX_CELL` characters."""
    return cell.strip()[:MAX_CELL]


def trimmed(row: Sequence[str]) -> list[str]:
    return list(map(trim, row))


def sheet_of_rows(file: str, name: str, rows: Iterable[list[str]]) -> Sheet:
    """A sheet of rows already in memory (the console's uploads are read as files; tests use this)."""
    return Sheet(file, name, _blocks(iter(rows)))


def _blocks(rows: Iterator[list[str]]) -> Iterator[list[list[str]]]:
    while block := list(itertools.islice(rows, BLOCK_ROWS)):
        yield block


def cell_text(value: object) -> str:
    """One XLSX cell as text: integers without ``.0``, dates as ISO, nothing as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()[:MAX_CELL]


def csv_encoding(path: Path) -> str:
    """``utf-16`` after its BOM (Excel's "Unicode text"), ``utf-8-sig`` when the whole file is UTF-8 (with or
    without BOM), else ``cp1252``; a file that is not text at all is a :class:`TableError`."""
    with path.open("rb") as handle:
        start = handle.read(_SNIFF_BYTES)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if start.startswith(b"PK\x03\x04"):
        raise TableError(f"{path.name}: this is a workbook (XLSX), not a CSV file: name it .xlsx")
    if b"\x00" in start:
        raise TableError(f"{path.name}: not a text file: save the spreadsheet as CSV (UTF-8 or Windows-1252) or XLSX")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def sniff_delimiter(sample: str) -> str:
    """The delimiter of the header line: the most frequent of , ; tab outside quotes."""
    line, quoted = [], False
    for char in sample:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif not quoted:
            line.append(char)
    counts = {delimiter: line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_blocks(handle: IO[str], delimiter: str) -> Iterator[list[list[str]]]:
    with handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            yield from _blocks(reader)
        except csv.Error as error:
            raise TableError(f"{handle.name}: row {reader.line_num}: not valid CSV ({error})") from error


def read_csv(path: Path, name: str | None = None) -> Sheet:
    """A CSV file as one sheet (Windows-1252's five undefined bytes read as �)."""
    try:
        encoding = csv_encoding(path)
        handle = path.open(encoding=encoding, errors="replace", newline="")
        delimiter = sniff_delimiter(handle.read(_SNIFF_BYTES))
        handle.seek(0)
    except OSError as error:
        raise TableError(f"{path.name}: cannot read the file ({error.strerror})") from error
    return Sheet(path.name, name or path.stem, _csv_blocks(handle, delimiter))


def _xlsx_rows(file: str, sheet: Any) -> Iterator[list[str]]:
    number = 0
    try:
        for row in sheet.iter_rows(values_only=True):
            number += 1
            yield [cell_text(value) for value in row]
    except Exception as error:  # noqa: BLE001 - a damaged workbook fails in many ways inside openpyxl
        raise TableError(f"{file}: sheet '{sheet.title}' is damaged after row {number} ({error})") from error


def read_xlsx(path: Path, sheet_name: str | None = None, also: Sequence[str] = ()) -> list[Sheet]:
    """Every sheet of a workbook (or the one named, and those named in *also*), read-only and streamed."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise TableError(f"{path.name}: not a readable XLSX workbook ({error})") from error
    names = workbook.sheetnames
    chosen = [name for name in names if sheet_name is None or _same_sheet(name, sheet_name)]
    if not chosen:
        raise TableError(f"{path.name}: no sheet named '{sheet_name}'; it has: {', '.join(names)}")
    chosen += [name for name in names if name not in chosen and any(_same_sheet(name, kept) for kept in also)]
    return [Sheet(path.name, name, _blocks(_xlsx_rows(path.name, workbook[name]))) for name in chosen]


def _same_sheet(name: str, asked: str) -> bool:
    """*asked* names the sheet *name* (case and spaces around do not matter: ``--sheet caméras``)."""
    return name.strip().casefold() == asked.strip().casefold()


def read_tables(path: Path, sheet_name: str | None = None, also: Sequence[str] = ()) -> list[Sheet]:
    """The sheets of a CSV file, a workbook, or a folder of them (its files in name order); with *sheet_name*,
    a workbook's sheet of that name and those named in *also* (the mapping's sheet of organisation details)."""
    if path.is_dir():
        return _folder(path, sheet_name, also)
    if not path.is_file():
        raise TableError(f"{path}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path, sheet_name, also)
    if suffix in CSV_SUFFIXES:
        if sheet_name is not None and not _same_sheet(path.stem, sheet_name):
            raise TableError(f"{path.name}: no sheet named '{sheet_name}': a CSV file is one sheet, '{path.stem}'")
        return [read_csv(path)]
    if suffix in OTHER_WORKBOOKS:
        raise TableError(f"{path.name}: a {suffix} workbook cannot be read: save it as .xlsx (or .csv) and import that")
    raise TableError(f"{path.name}: unknown kind of file; give a .csv or .xlsx file, or a folder of them")


def _folder(path: Path, sheet_name: str | None, also: Sequence[str]) -> list[Sheet]:
    """The sheets of a folder's files (a CSV file is the sheet of its name); with *sheet_name*, that sheet
    and those named in *also*."""
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in CSV_SUFFIXES + XLSX_SUFFIXES)
    if not files:
        raise TableError(f"{path}: the folder holds no .csv or .xlsx file")
    if sheet_name is None:
        return [sheet for file in files for sheet in read_tables(file)]
    wanted = [sheet_name, *also]
    names: list[str] = []
    chosen: list[Sheet] = []
    for file in files:
        if file.suffix.lower() in CSV_SUFFIXES:
            names.append(file.stem)
            if any(_same_sheet(file.stem, name) for name in wanted):
                chosen.append(read_csv(file))
            continue
        for sheet in read_xlsx(file):
            names.append(sheet.name)
            if any(_same_sheet(sheet.name, name) for name in wanted):
                chosen.append(sheet)
    if not any(_same_sheet(sheet.name, sheet_name) for sheet in chosen):
        raise TableError(f"{path}: no sheet named '{sheet_name}'; it has: {', '.join(names)}")
    return chosen
