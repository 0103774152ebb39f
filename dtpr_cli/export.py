"""``dtpr export site OUT/ [--changed]``: the public site as static files (see registry.export)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "Export the public site as static files, for any static host or as the web server's fallback."


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


def run(args: argparse.Namespace) -> int:
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
