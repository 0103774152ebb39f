"""``dtpr signs build|status``: print DTPR signs in batches and list the signs out of date."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dtpr_core import DtprError, SupervisoryAuthority
from signage import FORMATS, SHEETS, SIZES
from signage.batch import BatchOptions, BatchSign, build_batch
from signage.printed import load_printed, printed_sign, record_printed, why_out_of_date
from signage.sources import SourcedSensor, fetch_sensors_from_registry, post_printed, sensors_from_file

HELP = "Print DTPR signs (SVG, PDF, PNG, or sheets of signs) and list the signs out of date."


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--register", default="sensors.yaml", help="register file (default: sensors.yaml)")
    parser.add_argument("--registry", metavar="URL", help="read sensors from a running registry instead")
    parser.add_argument("--token", help="registry API token (default: $DTPR_API__TOKEN)")
    parser.add_argument("--out", default="signs", help="output folder, holds printed.json (default: signs)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="signs_command", metavar="ACTION", required=True)
    build = sub.add_parser("build", help="print the signs of the selected sensors")
    pick = build.add_argument_group("which sensors")
    pick.add_argument("--sensor", nargs="+", default=[], metavar="ID", help="these sensors")
    pick.add_argument("--zone", help="every sensor of this zone (location.zone)")
    pick.add_argument("--commune", help="every sensor of this commune")
    pick.add_argument("--all", action="store_true", help="every sensor")
    pick.add_argument("--changed", action="store_true", help="only signs whose datachain changed since printed")
    build.add_argument("--size", choices=tuple(SIZES), default="a5", help="sign size (default: a5)")
    build.add_argument("--format", choices=FORMATS, default="pdf", help="file format (default: pdf)")
    build.add_argument("--sheet", choices=tuple(SHEETS), help="impose all signs on sheets: one PDF for the batch")
    build.add_argument("--bleed", type=float, default=0.0, metavar="MM", help="bleed around each sign on sheets")
    build.add_argument("--lang", default="fr", help="languages, French first: fr or fr,en (default: fr)")
    build.add_argument("--dpi", type=int, default=300, help="PNG resolution (default: 300)")
    build.add_argument("--base-url", help="public site address in the QR codes (default: DTPR_PUBLIC__BASE_URL)")
    build.add_argument(
        "--proof",
        action="store_true",
        help="print proofs crossed by ÉPREUVE — NE PAS AFFICHER (the only choice while the address is not public https)",
    )
    _source_arguments(build)
    build.set_defaults(signs_action=run_build)
    status = sub.add_parser("status", help="list the signs out of date (changed or never printed)")
    _source_arguments(status)
    status.set_defaults(signs_action=run_status)


class _UsageError(DtprError):
    pass


def _usage(message: str) -> _UsageError:
    return _UsageError(message)


def run(args: argparse.Namespace) -> int:
    try:
        return int(args.signs_action(args))
    except _UsageError as error:
        print(f"dtpr signs {args.signs_command}: {error.message}", file=sys.stderr)
        return 2
    except DtprError as error:
        print(f"dtpr signs: {error.message}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"dtpr signs: {error.strerror or error}: {error.filename or ''}", file=sys.stderr)
        return 1


def _token(args: argparse.Namespace) -> str | None:
    token: str | None = args.token or os.environ.get("DTPR_API__TOKEN")
    return token


def _load(args: argparse.Namespace, ids: list[str] | None = None) -> list[SourcedSensor]:
    if args.registry:
        return fetch_sensors_from_registry(args.registry, _token(args), ids)
    return sensors_from_file(args.register)


def _select(args: argparse.Namespace, items: list[SourcedSensor]) -> list[SourcedSensor]:
    if not (args.sensor or args.zone or args.commune or args.all or args.changed):
        raise _usage("choose the signs: --sensor ID..., --zone NAME, --commune NAME, --all or --changed")
    known = {item.sensor.id for item in items}
    missing = [sensor_id for sensor_id in args.sensor if sensor_id not in known]
    if missing:
        raise DtprError(f"unknown sensor {missing[0]}: check the id with `dtpr validate` or the registry")
    chosen = [
        item
        for item in items
        if args.all
        or item.sensor.id in args.sensor
        or (args.zone and item.sensor.location.zone.casefold() == args.zone.casefold())
        or (args.commune and item.sensor.location.commune.casefold() == args.commune.casefold())
        or (args.changed and not (args.sensor or args.zone or args.commune))
    ]
    if args.changed:
        printed = load_printed(Path(args.out))
        chosen = [item for item in chosen if why_out_of_date(item, printed)]
    return chosen


def _batch_options(args: argparse.Namespace) -> BatchOptions:
    return BatchOptions(
        base_url=args.base_url,
        size=args.size,
        fmt=args.format,
        sheet=args.sheet,
        bleed_mm=args.bleed,
        langs=tuple(lang.strip() for lang in args.lang.split(",") if lang.strip()),
        dpi=args.dpi,
        authority=_authority(),
        proof=args.proof,
    )


def _authority() -> SupervisoryAuthority:
    from dtpr_core.settings import get_settings

    return get_settings().supervisory_authority.authority


def _default_base_url() -> str:
    from dtpr_core.settings import get_settings

    return get_settings().public.base_url


class Progress:
    """``[#####.....] 12/40 ANG-AQ-0001`` on stderr, redrawn in place on a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.live = sys.stderr.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        if not self.live and self.done not in (self.total,) and self.done % 100:
            return
        filled = int(30 * self.done / max(1, self.total))
        line = f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {label}"
        sys.stderr.write(f"\r{line[:78]:<78}" if self.live else line + "\n")
        if self.live and self.done == self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run_build(args: argparse.Namespace) -> int:
    if args.sheet and args.format != "pdf":
        raise _usage("sheets are PDF: drop --format or use --format pdf with --sheet")
    args.base_url = args.base_url or _default_base_url()
    options = _batch_options(args)  # refuses signs that would point nowhere before reading anything
    chosen = _select(args, _load(args))
    out = Path(args.out)
    if not chosen:
        print(
            "dtpr signs build: no sign to print (nothing selected, or every selected sign is up to date)",
            file=sys.stderr,
        )
        return 0
    signs = [BatchSign(item.sensor, item.revision, item.updated_on) for item in chosen]
    paths = build_batch(signs, options, out, on_sign=Progress(len(chosen)).step)
    for path in paths:
        print(path)
    if options.proof:  # a proof is not a printed sign: nothing recorded, here or in the registry
        print(f"dtpr signs build: {len(chosen)} proofs written to {out} (not to be posted)", file=sys.stderr)
        return 0
    fmt = options.kind
    record_printed(out, [printed_sign(item, fmt, args.size) for item in chosen])
    if args.registry and _token(args) is None:
        print("dtpr signs: no token, so the registry does not know these signs were printed", file=sys.stderr)
    elif args.registry:
        items = [
            {"sensor_id": i.sensor.id, "revision": i.revision, "format": options.fmt, "size": args.size} for i in chosen
        ]
        post_printed(args.registry, _token(args), items)
    print(f"dtpr signs build: {len(chosen)} signs written to {out}", file=sys.stderr)
    return 0


def run_status(args: argparse.Namespace) -> int:
    printed = load_printed(Path(args.out))
    stale = [(item, why_out_of_date(item, printed)) for item in _load(args)]
    stale = [(item, reason) for item, reason in stale if reason]
    for item, reason in stale:
        zone = item.sensor.location.zone or "-"
        print(f"{item.sensor.id}\t{zone}\t{reason}")
    print(
        f"dtpr signs status: {len(stale)} signs out of date (record: {Path(args.out) / 'printed.json'})",
        file=sys.stderr,
    )
    return 0
