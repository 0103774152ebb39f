"""``dtpr export site OUT/ [--changed]``: the public site as static files (see registry.export);
``dtpr export register --format csv|xlsx [--out FILE]``: the register as a table (see dtpr_import.export)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dtpr_core.yaml_source import load_register_file

HELP = "Export the public site as static files, or the register as a CSV or XLSX table."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    site = sub.add_parser("site", help="every public page, JSON twin, datachain, open data, icon, sitemap")
    site.add_argument("out", type=Path, help="folder to write (created; nothing in it is ever deleted)")
    site.add_argument("--changed", action="store_true", help="rewrite only what changed since the last export into OUT")
    site.add_argument("--no-compress", action="store_true", help="skip the pre-compressed .gz and .br copies")
    site.add_argument(
        "--without-service",
        action="store_true",
        help="no live service behind the copy: show postal and phone contacts instead of the feedback form",
    )
    table = sub.add_parser("register", help="the register as one row a sensor (the columns of --preset dtpr)")
    table.add_argument("register", nargs="?", default="sensors.yaml", help="register file (default: sensors.yaml)")
    table.add_argument("--format", choices=("csv", "xlsx"), help="csv or xlsx (default: the --out file's, else csv)")
    table.add_argument("--out", type=Path, help="file to write (default: standard output, CSV only)")


def _table_format(args: argparse.Namespace) -> str | None:
    """The format asked for, or said by the --out file's suffix; ``None`` when they disagree."""
    suffix = args.out.suffix.lower().lstrip(".") if args.out is not None else ""
    said = {"csv": "csv", "xlsx": "xlsx", "xlsm": "xlsx"}.get(suffix)
    if args.format is None:
        return said or "csv"
    return args.format if said in (None, args.format) else None


def export_register(args: argparse.Namespace) -> int:
    from dtpr_import import write_csv, write_xlsx  # openpyxl: loaded when this command runs only

    if not Path(args.register).is_file():
        print(f"dtpr export: no register at {args.register} (give the path of sensors.yaml)", file=sys.stderr)
        return 2
    result = load_register_file(args.register)
    if not result.ok or result.register is None:
        for problem in result.problems:
            if problem.is_error:
                print(problem.format(args.register), file=sys.stderr)
        print(f"dtpr export: {args.register} is not valid; fix it first (dtpr validate)", file=sys.stderr)
        return 1
    table_format = _table_format(args)
    if table_format is None:
        print(f"dtpr export: --format {args.format} but --out {args.out}: make them agree", file=sys.stderr)
        return 2
    if table_format == "xlsx" and args.out is None:
        print("dtpr export: --format xlsx needs --out FILE.xlsx", file=sys.stderr)
        return 2
    try:
        if args.out is None:
            count = write_csv(result.register, sys.stdout)
        elif table_format == "csv":  # with the BOM: Excel then reads the accents as UTF-8
            with args.out.open("w", encoding="utf-8-sig", newline="") as handle:
                count = write_csv(result.register, handle)
        else:
            count = write_xlsx(result.register, str(args.out))
    except OSError as error:
        print(f"dtpr export: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"dtpr export: {count} sensors -> {args.out or 'standard output'}", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    if args.what == "register":
        return export_register(args)
    from pydantic import ValidationError

    from dtpr_cli.serve import sign_renderer
    from dtpr_core.settings import get_settings
    from dtpr_store.db import make_engine, migrate
    from registry.export.site import ExportOptions, export_site

    try:
        settings = get_settings()
    except ValidationError as error:
        print(f"dtpr export: bad setting: {error.errors()[0]['msg']}", file=sys.stderr)
        return 2
    if args.out.exists() and not args.out.is_dir():
        print(f"dtpr export: {args.out} is not a folder", file=sys.stderr)
        return 2
    engine = make_engine(settings.database.url)
    migrate(engine)
    options = ExportOptions(
        out=args.out,
        changed=args.changed,
        compress=not args.no_compress,
        service=not args.without_service,
        signs=sign_renderer() is not None,
    )
    try:
        report = export_site(settings, engine, options)
    except OSError as error:  # a full disk, a file where a folder must go, no permission
        print(f"dtpr export: cannot write the site: {error}", file=sys.stderr)
        return 1
    tally = report.tally
    print(
        f"dtpr export: {report.sensors} sensors ({report.rewritten} written), {tally.pages} pages, "
        f"{tally.files} files, {tally.plain_bytes / 1e6:.1f} MB (+ {tally.gzip_bytes / 1e6:.1f} MB .gz, "
        f"{tally.brotli_bytes / 1e6:.1f} MB .br), {tally.skipped} unchanged, in {report.seconds:.1f} s -> {args.out}"
    )
    return 0
