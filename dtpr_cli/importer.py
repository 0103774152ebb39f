"""``dtpr import FILE|FOLDER``: sensors from a spreadsheet into sensors.yaml (see dtpr_import)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dtpr_import import ImportMapping, ImportReport

HELP = "Import sensors from a CSV or XLSX file (or a folder of them) into sensors.yaml."
USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="a .csv or .xlsx file, or a folder of them (one sheet a file)")
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument(
        "--preset", help="amsterdam-bulk, amsterdam-iprox, fr-videoprotection or dtpr (see docs/importing.md)"
    )
    how.add_argument("--mapping", type=Path, help="a YAML mapping file: which column feeds which register field")
    parser.add_argument("--sheet", help="read only this sheet of a workbook (default: the mapping's, else every one)")
    parser.add_argument("--into", type=Path, default=Path("sensors.yaml"), help="register to merge into (created)")
    parser.add_argument("--update", action="store_true", help="replace the mapped fields of sensors already there")
    parser.add_argument("--draft", action="store_true", help="write refused rows as status: planned, to complete")
    parser.add_argument("--diff", action="store_true", help="dry run: print the change, write nothing")


def _mapping(args: argparse.Namespace) -> ImportMapping:
    from dtpr_import import MappingError, load_mapping_text, load_preset

    if args.preset:
        return load_preset(args.preset)
    try:
        text = args.mapping.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"{args.mapping}: cannot read the mapping file ({error})") from error
    return load_mapping_text(text)


def _register_text(path: Path) -> str:
    from dtpr_import import MappingError

    if not path.exists():
        return ""
    try:
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"{path}: cannot read the register ({error})") from error


def _print(report: ImportReport, args: argparse.Namespace) -> None:
    for problem in report.problems:
        print(problem.format(), file=sys.stderr)
    for line in report.register_problems:
        print(f"{line} (after merging; nothing written)", file=sys.stderr)
    repeated = report.repeated()
    if repeated:
        print("dtpr import: the same problem on several rows (fix it once):", file=sys.stderr)
        for line in repeated:
            print(f"  {line}", file=sys.stderr)
    if args.diff:
        sys.stdout.write(report.diff())
    print(f"dtpr import: {report.summary()}", file=sys.stderr)


def _write(path: Path, report: ImportReport) -> None:
    """Write the merged register next to *path*, then put it in place (never half a file)."""
    temporary = path.with_name(f".{path.name}.import-tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        report.write_after(handle)
    temporary.replace(path)


class _Progress:
    """The rows read so far, on the terminal, at most once a second (nothing when stderr is not a terminal)."""

    def __init__(self) -> None:
        self.shown_at = time.monotonic()
        self.shown = False

    def __call__(self, sheet: str, rows: int) -> None:
        now = time.monotonic()
        if now - self.shown_at >= 1.0:
            print(f"\rdtpr import: {sheet}: {rows:,} rows read…", end="", file=sys.stderr, flush=True)
            self.shown_at, self.shown = now, True

    def clear(self) -> None:
        if self.shown:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    # openpyxl, pyproj and ruamel.yaml: loaded when this command runs, not for every dtpr command
    from dtpr_import import ImportOptions, MappingError, MergeError, TableError, import_sheets, read_tables

    if not args.diff and not args.into.resolve().parent.is_dir():
        print(f"dtpr import: cannot write {args.into}: no folder {args.into.parent}; create it first", file=sys.stderr)
        return USAGE_ERROR
    progress = _Progress() if sys.stderr.isatty() else None
    options = ImportOptions(update=args.update, draft=args.draft, register_name=str(args.into), progress=progress)
    try:
        mapping = _mapping(args)
        details = (mapping.organisation_sheet.sheet,) if mapping.organisation_sheet else ()
        sheets = read_tables(args.source, args.sheet, also=details)
        report = import_sheets(sheets, mapping, _register_text(args.into), options)
    except (MappingError, TableError, MergeError) as error:
        print(f"dtpr import: {error}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        if progress is not None:
            progress.clear()
    _print(report, args)
    if report.changed and not args.diff:
        try:
            _write(args.into, report)
        except OSError as error:
            print(f"dtpr import: cannot write {args.into}: {error.strerror or error}", file=sys.stderr)
            return USAGE_ERROR
    return 0 if report.complete else 1
