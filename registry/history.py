"""A sensor's history in plain words ("last updated …"), for the API and the public page."""

from __future__ import annotations

from typing import Any

from dtpr_core.locales import LocalText, pick
from dtpr_core.times import iso
from dtpr_store.tables import RevisionRow

_KINDS: dict[str, LocalText] = {
    "created": {"fr": "Ajouté au registre", "en": "Added to the register"},
    "updated": {"fr": "Fiche mise à jour", "en": "Record updated"},
    "retired": {"fr": "Capteur retiré du service", "en": "Sensor retired"},
    "device": {"fr": "L'appareil a transmis ses caractéristiques", "en": "The device reported what it does"},
    "withdrawn": {"fr": "L'appareil s'est déconnecté du réseau", "en": "The device left the network"},
    "drift": {
        "fr": "Écart entre ce que fait l'appareil et sa fiche",
        "en": "What the device does differs from its record",
    },
    "status": {"fr": "État de fonctionnement modifié", "en": "Operating status changed"},
}
_SOURCES: dict[str, LocalText] = {
    "register": {"fr": "registre des capteurs", "en": "sensor register"},
    "api": {"fr": "interface de gestion", "en": "management API"},
    "gateway": {"fr": "l'appareil lui-même", "en": "the device itself"},
}
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


def changed_fields(revision: RevisionRow) -> list[str]:
    return [str(item.get("field")) for item in revision.change or [] if isinstance(item, dict)]


def describe_revision(revision: RevisionRow, locale: str) -> str:
    """``Fiche mise à jour (nom, emplacement) — registre des capteurs``."""
    text = pick(_KINDS.get(revision.kind, {"fr": revision.kind}), locale)
    if revision.kind == "updated":
        fields = [pick(_FIELDS.get(field, {"fr": field}), locale) for field in changed_fields(revision)]
        if fields:
            text += f" ({', '.join(fields)})"
    source = _SOURCES.get(revision.source)
    return f"{text} — {pick(source, locale)}" if source else text


def revision_json(revision: RevisionRow, *, with_actor: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "seq": revision.seq,
        "at": iso(revision.at),
        "source": revision.source,
        "kind": revision.kind,
        "datachain_revision": revision.datachain_revision,
        "fields": changed_fields(revision),
        "summary": {locale: describe_revision(revision, locale) for locale in ("fr", "en")},
    }
    if with_actor:
        data["actor"] = revision.actor
        data["change"] = revision.change
    return data
