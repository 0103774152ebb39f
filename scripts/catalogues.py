"""Keep the gettext catalogues in step: ``python scripts/catalogues.py update|check``.

``update``: for each domain (``dtpr``: pages and signs; ``staff``: the console), rebuilds
``<domain>.pot`` from the English catalogue (the source text), then merges it into every
language's ``<domain>.po`` with Babel (new ids added empty, removed ids dropped,
translations and translators' comments kept). ``check``: every catalogue has every id, its
plural forms, the same ``{placeholders}``, nothing fuzzy and (unless ``--partial``) nothing
left untranslated. See docs/translators.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from dtpr_core.catalogues import DOMAINS, SOURCE_LOCALE, catalogue_problems, placeholders

ROOT = Path(__file__).resolve().parent.parent / "dtpr_core" / "_data" / "locales"
HEADERS = {
    "dtpr": "# The words of the DTPR transparency pages and signs.",
    "staff": "# The words of the staff console (and its e-mails to staff).",
}
KEYS = "\n# Message ids are keys; en holds the source text. See docs/translators.md."


def _source_text(string: object) -> str:
    return " | ".join(string) if isinstance(string, tuple) else str(string)


def build_template(source: Catalog, domain: str) -> Catalog:
    header = HEADERS[domain] + KEYS
    template = Catalog(domain=domain, project="dtpr-transparency", header_comment=header, fuzzy=False)
    template.creation_date = source.creation_date
    for entry in source:
        if not entry.id:
            continue
        template.add(entry.id, "", auto_comments=[f"en: {_source_text(entry.string)}"])
    return template


def _write(catalogue: Catalog, path: Path, braced: set[object], domain: str) -> None:
    """Write *catalogue*, flagging ``python-brace-format`` the ids whose text has placeholders.

    (Babel guesses that flag from the msgid, a key here, so it is set again on each write.)"""
    for entry in catalogue:
        if entry.id in braced:
            entry.flags.add("python-brace-format")
    catalogue.header_comment = HEADERS[domain] + KEYS
    catalogue.msgid_bugs_address = "https://github.com/dtpr-transparency/issues"
    catalogue.language_team = f"{catalogue.locale_identifier or 'template'} translators"
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=0, ignore_obsolete=True, include_previous=False)


def update(root: Path = ROOT) -> None:
    for domain, locales in DOMAINS.items():
        update_domain(root, domain, locales)


def update_domain(root: Path, domain: str, locales: tuple[str, ...]) -> None:
    with (root / SOURCE_LOCALE / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        source = read_po(handle, locale=SOURCE_LOCALE, domain=domain)
    template = build_template(source, domain)
    braced = {entry.id for entry in source if entry.id and placeholders(_source_text(entry.string))}
    _write(template, root / f"{domain}.pot", braced, domain)
    for locale in locales:
        path = root / locale / "LC_MESSAGES" / f"{domain}.po"
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=locale, domain=domain)
        creation = catalogue.creation_date
        catalogue.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalogue.creation_date = creation
        if locale == SOURCE_LOCALE:
            for entry in catalogue:
                entry.auto_comments = []
        _write(catalogue, path, braced, domain)
        print(f"{path}: {len(catalogue)} messages")


def check(*, complete: bool) -> int:
    problems = [
        f"{domain}.po {problem}"
        for domain, locales in DOMAINS.items()
        for locale in locales
        for problem in catalogue_problems(locale, complete=complete, domain=domain)
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    count = sum(len(locales) for locales in DOMAINS.values())
    print(f"{count} catalogues checked: {len(problems)} problem(s)")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "check"))
    parser.add_argument("--root", type=Path, default=ROOT, help="update: the locales folder (default: the package's)")
    parser.add_argument("--partial", action="store_true", help="check: allow untranslated messages")
    args = parser.parse_args()
    if args.command == "update":
        update(args.root)
        return 0
    return check(complete=not args.partial)


if __name__ == "__main__":
    sys.exit(main())
