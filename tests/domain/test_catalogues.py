"""The gettext catalogues: every language has every message, placeholders kept, plurals from Babel."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from dtpr_core.catalogues import (
    SOURCE_LOCALE,
    catalogue_entries,
    catalogue_problems,
    compare,
    locales_dir,
    read_catalogue,
    translate,
)
from dtpr_core.locales import LOCALES

ROOT = Path(__file__).resolve().parents[2]


def _ids(catalogue: Catalog) -> set[object]:
    return {entry.id for entry in catalogue if entry.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_each_catalogue_has_every_message_with_its_placeholders(locale: str) -> None:
    assert catalogue_problems(locale, complete=False) == []


def test_the_template_lists_exactly_the_english_messages() -> None:
    with locales_dir().joinpath("dtpr.pot").open("rb") as handle:
        template = read_po(handle)
    assert _ids(template) == _ids(read_catalogue(SOURCE_LOCALE))
    assert all(entry.auto_comments for entry in template if entry.id), "each template entry shows its English"


def test_a_lost_placeholder_a_missing_message_and_a_fuzzy_one_are_reported() -> None:
    source = Catalog(locale="en")
    source.add("updated_on", "Updated on {date}")
    source.add("send", "Send")
    source.add("thanks", "Thank you")
    source.add(("ago_minute", "ago_minutes"), ("{n} minute ago", "{n} minutes ago"))
    broken = Catalog(locale="fr")
    broken.add("updated_on", "Mis à jour le {jour}")
    broken.add("thanks", "Merci", flags=["fuzzy"])
    broken.add(("ago_minute", "ago_minutes"), ("il y a {n} minute", "", "il y a {n} minutes"))
    problems = compare(source, broken)
    assert any("'updated_on' must keep the placeholders {date}" in p for p in problems)
    assert any("'send' is missing" in p for p in problems)
    assert any("'thanks' is marked fuzzy" in p for p in problems)
    assert any("'ago_minute' is not translated" in p for p in problems)
    assert not any("'ago_minute' is not translated" in p for p in compare(source, broken, complete=False))


def test_entries_list_every_language_and_message() -> None:
    rows = list(catalogue_entries())
    assert {lang for lang, _, _ in rows} == set(LOCALES)
    assert ("fr", "summary", "En bref") in rows
    assert ("en", "ago_minute", "{n} minutes ago") in rows  # each plural form is a row
    english = {msgid for lang, msgid, _ in rows if lang == SOURCE_LOCALE}
    for locale in LOCALES:
        assert {msgid for lang, msgid, _ in rows if lang == locale} == english


def test_a_message_says_which_language_it_is_in() -> None:
    assert translate("fr", "send") == ("Envoyer", "fr")
    assert translate("de", "send") == ("Send", "en")  # no German catalogue: English throughout
    with pytest.raises(KeyError):
        translate("fr", "no_such_message")


def test_the_update_script_leaves_committed_catalogues_unchanged(tmp_path: Path) -> None:
    """`make catalogues` was run after the last edit (the .pot and each .po are in step)."""
    shutil.copytree(ROOT / "dtpr_core" / "_data" / "locales", tmp_path / "locales")
    command = [sys.executable, "scripts/catalogues.py", "update", "--root", str(tmp_path / "locales")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    changed = [
        str(path.relative_to(tmp_path))
        for path in (tmp_path / "locales").rglob("*.po*")
        if path.read_bytes() != (ROOT / "dtpr_core" / "_data" / path.relative_to(tmp_path)).read_bytes()
    ]
    assert changed == [], "run `make catalogues` and commit the result"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_language_is_complete(locale: str) -> None:
    """es, pt, tl and km are real: every message translated, placeholders and plural forms kept."""
    assert catalogue_problems(locale, complete=True) == []
    own = {msgid for lang, msgid, text in catalogue_entries() if lang == locale and text}
    assert all(translate(locale, msgid)[1] == locale for msgid in own)


def test_french_typography_in_the_french_catalogue() -> None:
    for lang, msgid, text in catalogue_entries():
        if lang != "fr":
            continue
        for mark in ":;?!":
            assert f" {mark}" not in text, f"{msgid}: a no-break space goes before {mark!r}"
            if mark in text and "://" not in text and "@" not in text:
                index = text.index(mark)
                assert index == 0 or text[index - 1] in "\u00a0\u202f", f"{msgid}: no-break space before {mark!r}"
        assert '"' not in text, f"{msgid}: « » rather than quotation marks"
