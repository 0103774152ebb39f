"""Finding a sheet's header: the first of its first rows that names every mapped column.

A spreadsheet often has a title above its table ("Inventaire des caméras 2024", a date,
an empty line): those rows are skipped. A workbook read whole may hold sheets that are
not tables of sensors (notes, value lists): a sheet none of whose first rows names any
mapped column is not one, and is skipped when other sheets are read with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dtpr_import.convert import Header
from dtpr_import.mapping import MappingError

HEADER_SEARCH_ROWS = 10
"""Non-empty rows looked at for the header before the sheet is said not to have it."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    number: int
    header: Header
    missing: list[str]


class HeaderSearch:
    """The rows offered in turn until one is the header (see the module's documentation)."""

    def __init__(self, columns: set[str], repeat: int) -> None:
        self.columns, self.repeat = columns, repeat
        self.tried = 0
        """Non-empty rows offered that were not the header (rows above it, once it is found)."""
        self.best: _Candidate | None = None
        """The row that named the most mapped columns, the first of them on a tie."""

    def offer(self, number: int, cells: Sequence[str]) -> Header | None:
        """The header, if row *number* (its *cells* trimmed) is it."""
        header = Header(cells, self.repeat)
        missing = header.missing(self.columns)
        if not missing:
            return header
        self.tried += 1
        if self.best is None or len(missing) < len(self.best.missing):
            self.best = _Candidate(number, header, missing)
        return None

    @property
    def given_up(self) -> bool:
        return self.tried >= HEADER_SEARCH_ROWS

    @property
    def names_none(self) -> bool:
        """No row looked at named any mapped column (or the sheet has no row at all)."""
        return self.best is None or len(self.best.missing) == len(self.columns)

    def error(self, file: str, sheet: str) -> MappingError:
        if self.best is None:
            return MappingError(f"{file}:{sheet}:-:-: the sheet is empty: no header row, no sensor")
        shown = ", ".join(f"'{c}'" for c in self.best.missing[:5])
        return MappingError(
            f"{file}:{sheet}:{self.best.number}:-: the header lacks column(s) {shown}; "
            f"is this the right preset or mapping? The header has: {', '.join(self.best.header.names[:12])}"
        )
