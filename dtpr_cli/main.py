"""``dtpr <command>``: argument parsing and dispatch; each command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: dict[str, str] = {
    "validate": "dtpr_cli.validate",
    "serve": "dtpr_cli.serve",
    "sync": "dtpr_cli.sync",
    "gateway": "dtpr_cli.gateway",
    "signs": "dtpr_cli.signs",
    "up": "dtpr_cli.up",
    "demo": "dtpr_cli.demo",
    "staff": "dtpr_cli.staff",
    "export": "dtpr_cli.export",
    "translations": "dtpr_cli.translations",
    "import": "dtpr_cli.importer",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command *only* alone (only its module is imported: ``dtpr validate``
    does not load the database layer ``dtpr staff`` needs)."""
    parser = argparse.ArgumentParser(prog="dtpr", description="DTPR sensor transparency: register, gateway, signs.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    named = arguments[0] if arguments and arguments[0] in COMMANDS else None
    parser = build_parser(named)
    args = parser.parse_args(arguments)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
