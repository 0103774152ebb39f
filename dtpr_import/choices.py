"""The closed lists a mapping writes to, checked when the mapping is read; near misses named.

A ``values`` map (or a ``value``, or a ``default``) that writes a DTPR element to
``datachain.<category>``, a GDPR basis to ``legal_basis``, a ``status``, a ``legal_ground``
or a ``role`` is checked against the domain's lists (the taxonomy of :mod:`dtpr_core`, the
register's codes) once, before any row is read: a typo is one mapping error, not the same
problem on every row.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from dtpr_core.model import LEGAL_BASES, LEGAL_GROUNDS, ROLES, STATUSES
from dtpr_core.register import DATACHAIN_KEYS
from dtpr_core.taxonomy import load_taxonomy

CODES: dict[str, tuple[str, str, Sequence[str]]] = {
    "legal_basis": ("GDPR legal basis", "legal bases", LEGAL_BASES),
    "status": ("status", "statuses", STATUSES),
    "legal_ground": ("legal ground", "legal grounds", LEGAL_GROUNDS),
    "role": ("role", "roles", ROLES),
}
"""Targets of codes: (what one is called, what they are called, the codes)."""


def did_you_mean(word: object, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` when *word* is a near miss of one of *choices*, else ``""``."""
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def is_closed(target: str) -> bool:
    """Whether *target* takes values of a closed list (checked by :func:`refusal`)."""
    key, _, rest = target.partition(".")
    return target in CODES or (key == "datachain" and rest in DATACHAIN_KEYS)


def items(target: str, value: object, split: str = "") -> Iterator[str]:
    """The codes or elements *value* writes to *target* ("" and None write nothing)."""
    if isinstance(value, list):
        for item in value:
            yield from items(target, item, split)
    elif isinstance(value, dict):
        yield from items(target, value.get("element"), split)
    elif value is not None and value != "":
        separator = ";" if target == "role" else split
        parts = str(value).split(separator) if separator else [str(value)]
        yield from (part.strip() for part in parts if part.strip())


def refusal(target: str, item: str) -> str | None:
    """Why *item* cannot be written to *target* (a closed list), or ``None`` when it can."""
    if target in CODES:
        one, many, codes = CODES[target]
        if item in codes:
            return None
        return f"'{item}' is not a {one}{did_you_mean(item, codes)}; the {many} are {', '.join(codes)}"
    key = target.partition(".")[2]
    taxonomy = load_taxonomy()
    category = taxonomy.category_by_key(key)
    element = taxonomy.elements.get(item)
    if element is None:
        hint = did_you_mean(item, category.element_ids) or did_you_mean(item, sorted(taxonomy.elements))
        listed = "" if hint else f"; the {key} elements are {', '.join(category.element_ids)}"
        return f"'{item}' is not a DTPR element{hint}{listed}"
    if element.category_id != category.id:
        home = taxonomy.category(element.category_id).key
        return f"'{item}' is a {home} element, not a {key} one: map it to datachain.{home}"
    return None


def unlisted(to: str, entry: Mapping[str, Any], where: str) -> str | None:
    """What a mapping's *entry* (``fields[k]``, at *where*) writes to *to* that its list does not have, said
    with the cell it maps (``values``) or the key (``value``, ``default``); ``None`` when all is listed."""
    if not is_closed(to):
        return None
    split = str(entry.get("split", ""))
    values = entry.get("values")
    written = [(f"{where} ({to}).values: {cell!r} ->", value, "") for cell, value in (values or {}).items()]
    written += [(f"{where} ({to}).{key}:", entry[key], split) for key in ("value", "default") if key in entry]
    for said, value, separator in written:
        for item in items(to, value, separator):
            why = refusal(to, item)
            if why is not None:
                return f"{said} {why}"
    return None
