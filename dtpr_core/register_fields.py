"""The register's structured fields that translate by construction: read, checked, written back.

``purpose`` (a short plain clause), ``kept`` (durations per kind of data), ``legal_ground``
(national texts from a closed list) and ``automated_decisions`` sit beside ``legal_basis`` in
``sensors.yaml``; an organisation's ``role`` and the ``recipients`` take codes from closed
lists. Codes are said from the catalogues, so every language has them; an old register's free
texts still validate, with a warning saying what to write instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from dtpr_core._reader import Reader, suggest
from dtpr_core.catalogues import translate
from dtpr_core.errors import Path
from dtpr_core.kept import DATA_KINDS, EXAMPLE, DataKind, Kept, parse_duration
from dtpr_core.locales import LOCALES, LocalText
from dtpr_core.model import LEGAL_GROUNDS, ROLES, Organisation, Sensor

FIELD_KEYS = ("purpose", "kept", "legal_ground", "automated_decisions")
"""The sensor keys this module reads, in register order (after the privacy fields)."""
PURPOSE_MAX = 160


def catalogue_text(msgid: str) -> LocalText:
    """*msgid* in each language whose catalogue has it (never an English stand-in)."""
    found = {locale: translate(locale, msgid) for locale in LOCALES}
    return {locale: text for locale, (text, lang) in found.items() if lang == locale}


def read_role(reader: Reader, value: object, path: Path, what: str) -> tuple[str, LocalText] | None:
    """``(code, words)`` of an organisation's role: a code of :data:`ROLES`, or an old free text."""
    if isinstance(value, str) and value in ROLES:
        return value, catalogue_text(f"role_{value}")
    text = reader.local_text(value, path, what, max_length=200)
    return None if text is None else ("", text)


def _read_kept(reader: Reader, value: object, path: Path) -> tuple[Kept, ...] | None:
    data = reader.mapping(value, path, "kept", allowed=DATA_KINDS)
    if data is None:
        return None
    out = []
    for kind, duration in data.items():
        if kind not in DATA_KINDS:
            continue  # already reported by the mapping
        parsed = parse_duration(duration)
        if parsed is None:
            reader.error(
                (*path, kind),
                f"kept.{kind} must be 'none' or a number and a unit (hours, days, weeks, months, years), "
                f"e.g. '15 days' or '5 years', not {duration!r}",
            )
            continue
        out.append(Kept(cast(DataKind, kind), parsed[0], parsed[1]))
    return tuple(sorted(out, key=lambda item: DATA_KINDS.index(item.data)))


def _read_grounds(reader: Reader, value: object, path: Path) -> tuple[str, ...] | None:
    items = reader.sequence([value] if isinstance(value, str) else value, path, "legal_ground")
    if items is None:
        return None
    grounds = []
    for index, item in enumerate(items):
        code = reader.choice(item, (*path, index), "legal_ground", LEGAL_GROUNDS)
        if code is not None:
            grounds.append(str(code))
    return tuple(grounds)


def read_register_fields(reader: Reader, data: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """Keyword arguments of :class:`Sensor` for the keys present in *data* (problems on *reader*)."""
    out: dict[str, Any] = {}
    if "purpose" in data:
        purpose = reader.local_text(data["purpose"], (*path, "purpose"), "purpose", max_length=PURPOSE_MAX)
        if purpose is not None:
            out["purpose"] = purpose
    if "kept" in data:
        kept = _read_kept(reader, data["kept"], (*path, "kept"))
        if kept is not None:
            out["kept"] = kept
    if "legal_ground" in data:
        grounds = _read_grounds(reader, data["legal_ground"], (*path, "legal_ground"))
        if grounds is not None:
            out["legal_grounds"] = grounds
    if "automated_decisions" in data:
        value = data["automated_decisions"]
        if isinstance(value, bool):
            out["automated_decisions"] = value
        else:
            reader.error((*path, "automated_decisions"), "automated_decisions must be true or false")
    return out


def register_fields_data(sensor: Sensor) -> dict[str, Any]:
    """The fields of *sensor* this module reads, in register format (only those set)."""
    data: dict[str, Any] = {}
    if sensor.purpose:
        data["purpose"] = dict(sensor.purpose)
    if sensor.kept:
        data["kept"] = {item.data: item.as_text() for item in sensor.kept}
    if sensor.legal_grounds:
        data["legal_ground"] = list(sensor.legal_grounds)
    if sensor.automated_decisions:
        data["automated_decisions"] = True
    return data


def role_warning(org: Organisation) -> str:
    """What to write instead of an organisation's free-text role (empty when it has a code)."""
    if org.role_code or not org.role:
        return ""
    return (
        f"organisation '{org.key}' role is a free text, which other languages cannot show: write one of "
        f"{', '.join(ROLES)} (e.g. role: controller){suggest(org.role.get('en', ''), ROLES)}"
    )


def migration_warnings(sensor: Sensor) -> list[tuple[Path, str]]:
    """What an old register should move to the structured fields: (path in the sensor, message)."""
    found: list[tuple[Path, str]] = []
    if not sensor.purpose:
        found.append(
            (
                (),
                "add purpose: a short plain clause said after 'Pour' (e.g. purpose: régler les feux), shown on the sign",
            )
        )
    free_durations = [
        s for s in sensor.elements("retention") if s.element_id == "data_retained" and s.variables and not sensor.kept
    ]
    if free_durations:
        found.append(
            (
                ("datachain", "retention"),
                "the retention duration is a free text, which other languages cannot show: move it to "
                f"{EXAMPLE} (the datachain's duration is then written in every language)",
            )
        )
    return found
