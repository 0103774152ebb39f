"""Organisations met while importing: matched to the register's (by key or name) or added once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from dtpr_import.tables import Sheet

_NOT_KEY = re.compile(r"[^a-z0-9]+")


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
"""The apostrophes a spreadsheet's autocorrect writes (``d’Angers``), read as the plain one."""


def organisation_key(name: str) -> str:
    """A register key from a name: ``Gemeente Amsterdam`` -> ``gemeente-amsterdam``."""
    plain = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES)).encode("ascii", "ignore").decode().lower()
    return _NOT_KEY.sub("-", plain).strip("-")[:64] or "organisation"


def _contact(fields: Mapping[str, str]) -> dict[str, str]:
    contact: dict[str, str] = {}
    email = fields.get("email", "").strip()
    if email:
        contact["email"] = email
    url = fields.get("url", "").strip()
    if url:
        contact["url"] = url if url.startswith(("https://", "http://")) else f"https://{url}"
    for kind in ("phone", "postal"):
        if fields.get(kind, "").strip():
            contact[kind] = fields[kind].strip()
    return contact


def organisation_data(fields: Mapping[str, str], kind: str = "organization") -> dict[str, Any]:
    """Register data of an organisation from its name and contact texts."""
    data: dict[str, Any] = {"name": fields["name"].strip()}
    if kind != "organization":
        data["kind"] = kind
    contact = _contact(fields)
    if contact:
        data["contact"] = contact
    if fields.get("dpo_email", "").strip():
        data["data_protection"] = {"email": fields["dpo_email"].strip()}
    return data


def _name_of(data: Mapping[str, Any]) -> str:
    name = data.get("name")
    if isinstance(name, Mapping):
        name = name.get("fr") or next(iter(name.values()), "")
    return " ".join(str(name or "").translate(_APOSTROPHES).split()).casefold()


class Organisations:
    """The register's organisations and those the import adds, each added once."""

    def __init__(self, existing: Mapping[str, Mapping[str, Any]]) -> None:
        self.existing = dict(existing)
        self.added: dict[str, dict[str, Any]] = {}
        self.completed: dict[str, dict[str, Any]] = {}
        """The register's organisations given what they lacked by the file (their DPO's contact), by key."""
        self.changes = 0
        """How many times an organisation was given what it lacked (rows refused for want of it may pass now)."""
        self._by_name = {_name_of(data): key for key, data in self.existing.items()}

    def all(self) -> dict[str, Mapping[str, Any]]:
        return {**self.existing, **self.added}

    def declare(self, key: str, data: Mapping[str, Any]) -> str:
        """The key to use for *data* (declared under *key* in a mapping): the register's when it has it."""
        if key in self.existing or key in self.added:
            return self._completed(key, data)
        same_name = self._by_name.get(_name_of(data))
        if same_name is not None:
            return self._completed(same_name, data)
        self.added[key] = dict(data)
        self._by_name[_name_of(data)] = key
        return key

    def _completed(self, key: str, data: Mapping[str, Any]) -> str:
        """*key*, its organisation given the DPO's contact *data* has and it lacks (never replaced)."""
        known = self.added.get(key) or self.existing[key]
        given = data.get("data_protection")
        if given and not known.get("data_protection"):
            self.changes += 1
            if key in self.added:
                self.added[key]["data_protection"] = given
            else:
                self.existing[key] = {**known, "data_protection": given}
                self.completed[key] = {"data_protection": given}
        return key

    def from_fields(self, fields: Mapping[str, str], kind: str = "organization") -> str | None:
        """The key of the organisation these texts name (added when new); ``None`` without a name."""
        if not fields.get("name", "").strip():
            return None
        data = organisation_data(fields, kind)
        return self.declare(organisation_key(fields["name"]), data)


def key_value_sheet(sheet: Sheet, labels: Mapping[str, str]) -> dict[str, str]:
    """A two-column sheet (label, value) read into register fields: ``{"name": "Gemeente Amsterdam", …}``."""
    by_label = {label.strip().casefold(): field for field, label in labels.items()}
    out: dict[str, str] = {}
    for _, cells in sheet.rows:
        if len(cells) >= 2 and cells[0].strip().casefold() in by_label:
            out[by_label[cells[0].strip().casefold()]] = cells[1].strip()
    return out
