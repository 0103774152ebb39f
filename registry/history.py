"""A sensor's history in plain words ("record updated (name) — register"), for every surface.

The kinds of change and their sources are the catalogues' words (``history_<kind>``,
``source_<source>``: the page's), so the page, its twin, the API and the console say a change
alike; the names of the changed fields are this module's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dtpr_core.locales import LocalText, pick
from dtpr_core.times import iso
from dtpr_store.sensor_read import HistoryLine
from dtpr_store.tables import RevisionRow
from registry.pages.i18n import Words

SUMMARY_LOCALES = ("fr", "en")
"""The languages of a change's ``summary`` in the API and the twins."""
_FIELDS: dict[str, LocalText] = {
    "name": {"fr": "nom", "en": "name"},
    "description": {"fr": "description", "en": "description"},
    "location": {"fr": "emplacement", "en": "location"},
    "mounting": {"fr": "installation", "en": "mounting"},
    "status": {"fr": "état", "en": "status"},
    "installed_on": {"fr": "date d'installation", "en": "installation date"},
    "retired_on": {"fr": "date de retrait", "en": "retirement date"},
    "accountable": {"fr": "responsables", "en": "accountable organisations"},
    "legal_basis": {"fr": "base légale", "en": "legal basis"},
    "datachain": {"fr": "informations DTPR", "en": "DTPR information"},
}


def summary_words() -> tuple[Words, ...]:
    """The words of a change's ``summary``, one per :data:`SUMMARY_LOCALES` (make them once per answer)."""
    return tuple(Words(locale) for locale in SUMMARY_LOCALES)


def _word(words: Words, key: str, fallback: str) -> str:
    try:
        return words(key)
    except KeyError:  # a kind or source no catalogue names (stored by a newer version): its code
        return fallback


def changed_fields(change: Iterable[Any] | None) -> list[str]:
    return [str(item.get("field")) for item in change or [] if isinstance(item, dict)]


def describe_change(kind: str, source: str, fields: list[str], words: Words) -> str:
    """``Record updated (name, location) — register``: the catalogue's words, capitalised as a sentence."""
    text = _word(words, f"history_{kind}", kind)
    if kind == "updated" and fields:
        text += f" ({', '.join(pick(_FIELDS.get(field, {'fr': field}), words.locale) for field in fields)})"
    said = _word(words, f"source_{source}", "")
    text = f"{text} — {said}" if said else text
    return text[:1].upper() + text[1:]


def describe_revision(revision: RevisionRow, locale: str) -> str:
    return describe_change(revision.kind, revision.source, changed_fields(revision.change), Words(locale))


def revision_json(revision: RevisionRow, *, with_actor: bool, words: tuple[Words, ...]) -> dict[str, Any]:
    """A revision as the API writes it (*words*: :func:`summary_words`)."""
    fields = changed_fields(revision.change)
    line = (revision.seq, iso(revision.at), revision.source, revision.kind, revision.datachain_revision)
    data = change_json(*line, fields, words)
    if with_actor:
        data["actor"] = revision.actor
        data["change"] = revision.change
    return data


def line_json(line: HistoryLine, words: tuple[Words, ...]) -> dict[str, Any]:
    """A revision as the twin writes it (the API's shape, without the actor)."""
    fields = changed_fields(json.loads(line.change) if line.change else None)
    return change_json(line.seq, iso(line.at), line.source, line.kind, line.datachain_revision, fields, words)


def change_json(
    seq: int, at: str | None, source: str, kind: str, revision: int, fields: list[str], words: tuple[Words, ...]
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": at,
        "source": source,
        "kind": kind,
        "datachain_revision": revision,
        "fields": fields,
        "summary": {said.locale: describe_change(kind, source, fields, said) for said in words},
    }
