"""``dtpr validate [PATH]``: check a register; compiler-style lines or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from dtpr_core.yaml_source import load_register_file

HELP = "Check sensors.yaml: every problem with its line, column and a suggestion."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="sensors.yaml", help="register file (default: sensors.yaml)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--quiet", action="store_true", help="print errors only, not warnings")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _coverage_line(translated: dict[str, tuple[int, int]]) -> str:
    """``free texts translated: en 100 % (75/75), es 100 % (75/75)…`` (translations/<lang>.po applied)."""
    parts = [f"{lang} {100 * done // max(total, 1)} % ({done}/{total})" for lang, (done, total) in translated.items()]
    return "free texts translated: " + ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    result = load_register_file(args.path, migration=True)
    problems = [p for p in result.problems if p.is_error or not args.quiet]
    errors = sum(1 for p in result.problems if p.is_error)
    warnings = len(result.problems) - errors
    if args.format == "json":
        json.dump(
            {
                "ok": result.ok,
                "path": args.path,
                "sensors": len(result.register.sensors) if result.register else 0,
                "errors": errors,
                "warnings": warnings,
                "problems": [{"path": args.path, **p.as_dict()} for p in problems],
                "translations": {
                    lang: {"translated": done, "texts": total} for lang, (done, total) in result.translated.items()
                },
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    else:
        for problem in problems:
            print(problem.format(args.path))
        if result.ok and result.register is not None:
            sensors = _count(len(result.register.sensors), "sensor")
            print(f"{args.path}: {sensors} valid ({_count(warnings, 'warning')})", file=sys.stderr)
            print(_coverage_line(result.translated), file=sys.stderr)
        else:
            print(f"{args.path}: {_count(errors, 'error')}, {_count(warnings, 'warning')}", file=sys.stderr)
    return 0 if result.ok else 1
