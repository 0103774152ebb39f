"""Importing sensors from spreadsheets into ``sensors.yaml``, and exporting the register as a table.

Framework-free and shared by ``dtpr import`` / ``dtpr export register`` (``dtpr_cli``) and
the staff console's "import a file" page (``registry.staff.imports``). It builds on the
domain's own reader and validator (:mod:`dtpr_core.register`): every sensor it writes is
one ``dtpr validate`` accepts. Nothing here writes a file.
"""

from dtpr_import.convert import CellProblem
from dtpr_import.export import EXPORT_FORMATS, export_rows, write_csv, write_xlsx
from dtpr_import.importer import ImportOptions, import_sheets
from dtpr_import.mapping import PRESETS, ImportMapping, MappingError, load_mapping_text, load_preset
from dtpr_import.merge import MergeError
from dtpr_import.problems import ProblemKind, SkipReason
from dtpr_import.report import ImportReport
from dtpr_import.tables import Sheet, TableError, read_tables

__all__ = [
    "EXPORT_FORMATS",
    "PRESETS",
    "CellProblem",
    "ImportMapping",
    "ImportOptions",
    "ImportReport",
    "MappingError",
    "MergeError",
    "ProblemKind",
    "Sheet",
    "SkipReason",
    "TableError",
    "export_rows",
    "import_sheets",
    "load_mapping_text",
    "load_preset",
    "read_tables",
    "write_csv",
    "write_xlsx",
]
