"""``dtpr translations export|import``: the register's free texts for translators (gettext ``.po``).

``export --lang es`` writes ``translations/es.po`` beside the register (context: sensor id and
field; source: the French text), keeping the translations already there and marking fuzzy
those whose French has changed. ``import FILE --lang es`` takes a file back from Poedit or
Weblate, reports what it brings, and writes it in place. ``dtpr validate`` and ``dtpr sync``
read ``translations/<lang>.po`` themselves.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from dtpr_core.register_po import (
    FOLDER,
    TRANSLATED,
    catalogue_bytes,
    export_catalogue,
    free_texts,
    read_catalogue,
)
from dtpr_core.yaml_source import load_register_file

HELP = "Export or import the register's free texts as gettext .po files (translations/<lang>.po)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("export", "import"), help="export: write the .po; import: read one back")
    parser.add_argument("file", nargs="?", help="import: the translated .po file")
    parser.add_argument("--lang", required=True, choices=TRANSLATED, help="the translation's language")
    parser.add_argument("--register", default="sensors.yaml", help="register file (default: sensors.yaml)")


def _register_data(path: str) -> Any | None:
    result = load_register_file(path)
    if not result.ok:
        errors = sum(1 for p in result.problems if p.is_error)
        print(f"{path}: {errors} errors; fix them first (dtpr validate {path})", file=sys.stderr)
        return None
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _target(register: str, lang: str) -> Path:
    return Path(register).parent / FOLDER / f"{lang}.po"


def _write(register: str, lang: str, data: Any, previous: Any) -> tuple[Path, int, int, int]:
    catalogue = export_catalogue(data, lang, previous)
    target = _target(register, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(catalogue_bytes(catalogue))
    entries = [entry for entry in catalogue if entry.id]
    done = sum(1 for entry in entries if entry.string and not entry.fuzzy)
    fuzzy = sum(1 for entry in entries if entry.fuzzy)
    return target, done, fuzzy, len(entries)


def run(args: argparse.Namespace) -> int:
    data = _register_data(args.register)
    if data is None:
        return 1
    target = _target(args.register, args.lang)
    try:
        if args.action == "export":
            previous = read_catalogue(target, args.lang) if target.is_file() else None
        elif not args.file:
            print("dtpr translations import: give the translated .po file", file=sys.stderr)
            return 2
        else:
            previous = read_catalogue(Path(args.file), args.lang)
    except ValueError as error:
        print(f"dtpr translations: {error}", file=sys.stderr)
        return 1
    if args.action == "import" and previous is not None:
        known = {item.context for item in free_texts(data)}
        unknown = sorted({str(entry.context) for entry in previous if entry.id and entry.context not in known})
        for context in unknown:
            print(f"{args.file}: no free text '{context}' in {args.register} (ignored)", file=sys.stderr)
    written, done, fuzzy, total = _write(args.register, args.lang, data, previous)
    print(f"{written}: {done} of {total} texts translated, {fuzzy} to check (fuzzy: their French changed)")
    return 0
