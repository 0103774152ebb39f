"""The register's privacy fields of a sensor (GDPR art. 13), read and written back.

``recipients``, ``legitimate_interest``, ``consent_withdrawal`` and
``video_protection_authorisation`` sit beside ``legal_basis`` in ``sensors.yaml``;
:mod:`dtpr_core.register` calls these two functions so load -> dump -> load stays
an identity. The rules that need them are in :mod:`dtpr_core.privacy_rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dtpr_core._reader import Reader
from dtpr_core.errors import Path
from dtpr_core.model import RECIPIENTS, Sensor
from dtpr_core.register_fields import catalogue_text

PRIVACY_KEYS = ("legitimate_interest", "consent_withdrawal", "recipients", "video_protection_authorisation")
"""The sensor keys this module reads, in register order (after ``legal_basis``)."""
MAX_RECIPIENTS = 10
TEXT_MAX = 300
REFERENCE_MAX = 120
"""Characters of ``video_protection_authorisation`` (the prefect's order reference)."""


def _recipients(reader: Reader, value: object, path: Path) -> tuple[tuple[str, dict[str, str]], ...] | None:
    """``(code, words)`` per recipient: a code of :data:`RECIPIENTS` (words from the catalogues) or a free text."""
    items = reader.sequence(value, path, "recipients")
    if items is None:
        return None
    if len(items) > MAX_RECIPIENTS:
        reader.error(path, f"at most {MAX_RECIPIENTS} recipients; group them (e.g. 'Police and gendarmerie')")
        return None
    out = []
    for index, item in enumerate(items):
        if isinstance(item, str) and item in RECIPIENTS:
            out.append((item, dict(catalogue_text(f"recipient_{item}"))))
            continue
        text = reader.local_text(item, (*path, index), f"recipient {index + 1}", max_length=TEXT_MAX)
        if text is None:
            return None
        out.append(("", text))
    return tuple(out)


def read_privacy_fields(reader: Reader, data: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """Keyword arguments of :class:`Sensor` for the keys present in *data* (problems on *reader*)."""
    out: dict[str, Any] = {}
    for key in ("legitimate_interest", "consent_withdrawal"):
        if key in data:
            text = reader.local_text(data[key], (*path, key), key, max_length=TEXT_MAX)
            if text is not None:
                out[key] = text
    if "recipients" in data:
        recipients = _recipients(reader, data["recipients"], (*path, "recipients"))
        if recipients is not None:
            out["recipient_codes"] = tuple(code for code, _ in recipients)
            out["recipients"] = tuple(text for _, text in recipients)
    key = "video_protection_authorisation"
    if key in data:
        reference = reader.text(
            data[key], (*path, key), f"{key} (the prefect's order reference)", max_length=REFERENCE_MAX
        )
        if reference is not None:
            out[key] = reference
    return out


def privacy_fields_data(sensor: Sensor) -> dict[str, Any]:
    """The privacy fields of *sensor* in register format (only those set)."""
    data: dict[str, Any] = {}
    if sensor.legitimate_interest:
        data["legitimate_interest"] = dict(sensor.legitimate_interest)
    if sensor.consent_withdrawal:
        data["consent_withdrawal"] = dict(sensor.consent_withdrawal)
    if sensor.recipients:
        codes = sensor.recipient_codes or ("",) * len(sensor.recipients)
        data["recipients"] = [code or dict(text) for code, text in zip(codes, sensor.recipients, strict=True)]
    if sensor.video_protection_authorisation:
        data["video_protection_authorisation"] = sensor.video_protection_authorisation
    return data
