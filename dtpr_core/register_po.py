"""The register's free texts as gettext catalogues: ``translations/<lang>.po`` beside ``sensors.yaml``.

Each free text (a sensor's name, description, purpose, a free-text recipient…, an
organisation's name) is one message: its context names where it is (``ANG-VID-0001
description``, ``organisation alm name``), its id is the French text. :func:`export_catalogue`
writes them for a translator (Poedit, Weblate); :func:`apply_catalogues` adds the translations
to the register's plain data before it is read. A translation whose French has changed since
is not applied (the export marks it fuzzy, with the old French, for the translator to check).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from dtpr_core.errors import Problem
from dtpr_core.locales import LOCALES
from dtpr_core.model import ROLES

DOMAIN = "sensors"
FOLDER = "translations"
SENSOR_TEXTS = ("name", "description", "purpose", "legitimate_interest", "consent_withdrawal")
"""The free texts of a sensor, by key (``recipients`` are added one by one)."""
TRANSLATED = tuple(locale for locale in LOCALES if locale != "fr")


@dataclass(frozen=True, slots=True)
class FreeText:
    """One free text of the register: where it is, and the mapping of languages that holds it."""

    context: str
    texts: dict[str, Any]
    """The register's own mapping (``{"fr": …, "en": …}``): a translation is added to it."""

    @property
    def french(self) -> str:
        value = self.texts.get("fr")
        return value if isinstance(value, str) else ""


def _as_languages(holder: Any, key: Any) -> dict[str, Any] | None:
    """The text at ``holder[key]`` as a mapping of languages (plain text becomes ``{"fr": …}``)."""
    value = holder[key] if isinstance(holder, (dict, list)) else None
    if isinstance(value, str):
        holder[key] = value = {"fr": value}
    return value if isinstance(value, dict) and isinstance(value.get("fr"), str) else None


def _organisation_texts(prefix: str, org: Any) -> Iterator[FreeText]:
    if not isinstance(org, dict):
        return
    for key in ("name", "role"):
        if key in org and not (key == "role" and org[key] in ROLES):
            texts = _as_languages(org, key)
            if texts is not None:
                yield FreeText(f"{prefix} {key}", texts)


def free_texts(data: Any) -> Iterator[FreeText]:
    """Every free text of a register's plain data, in register order (the data is normalised in place)."""
    if not isinstance(data, dict):
        return
    organisations = data.get("organisations")
    for key, org in organisations.items() if isinstance(organisations, dict) else ():
        yield from _organisation_texts(f"organisation {key}", org)
    sensors = data.get("sensors")
    for sensor in sensors if isinstance(sensors, list) else ():
        if isinstance(sensor, dict) and isinstance(sensor.get("id"), str):
            yield from _sensor_texts(sensor)


def _sensor_texts(sensor: dict[str, Any]) -> Iterator[FreeText]:
    sensor_id = sensor["id"]
    for key in SENSOR_TEXTS:
        texts = _as_languages(sensor, key) if key in sensor else None
        if texts is not None:
            yield FreeText(f"{sensor_id} {key}", texts)
    recipients = sensor.get("recipients")
    for index, item in enumerate(recipients if isinstance(recipients, list) else ()):
        if isinstance(item, dict):
            texts = _as_languages(recipients, index)
            if texts is not None:
                yield FreeText(f"{sensor_id} recipients.{index + 1}", texts)
    accountable = sensor.get("accountable")
    for index, item in enumerate(accountable if isinstance(accountable, list) else ()):
        if isinstance(item, dict) and "key" in item:
            yield from _organisation_texts(f"{sensor_id} accountable.{index + 1}", item)
        elif isinstance(item, dict) and "role" in item and item["role"] not in ROLES:
            texts = _as_languages(item, "role")
            if texts is not None:
                yield FreeText(f"{sensor_id} accountable.{index + 1} role", texts)


def read_catalogue(path: Path, lang: str) -> Catalog:
    """A ``.po`` file; ``ValueError`` with a readable reason when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN, abort_invalid=True)
    except (OSError, ValueError, SyntaxError, PoFileError) as error:
        raise ValueError(f"{path}: cannot read it as a gettext .po file ({error})") from error


def _translation(catalogue: Catalog, item: FreeText) -> str:
    """The usable translation of *item* (empty when missing, fuzzy or made for another French)."""
    entry = catalogue.get(item.french, context=item.context)
    if entry is None or entry.fuzzy or not isinstance(entry.string, str):
        return ""
    return entry.string.strip()


def apply_catalogues(data: Any, catalogues: Mapping[str, Catalog]) -> None:
    """Add each catalogue's translations to *data* where the register has no text in that language."""
    for item in free_texts(data):
        for lang, catalogue in catalogues.items():
            if not item.texts.get(lang):
                text = _translation(catalogue, item)
                if text:
                    item.texts[lang] = text


def catalogues_beside(register_path: str | Path) -> tuple[dict[str, Catalog], list[Problem]]:
    """The ``translations/<lang>.po`` files next to the register, and a problem for each unreadable one."""
    folder = Path(register_path).parent / FOLDER
    found: dict[str, Catalog] = {}
    problems: list[Problem] = []
    for lang in TRANSLATED:
        path = folder / f"{lang}.po"
        if path.is_file():
            try:
                found[lang] = read_catalogue(path, lang)
            except ValueError as error:
                problems.append(Problem("error", str(error), (), 1, 1))
    return found, problems


def export_catalogue(data: Any, lang: str, previous: Catalog | None = None) -> Catalog:
    """The register's free texts for a translator into *lang*: the register's own texts first,
    then *previous* translations (fuzzy, with the old French, when the French has changed)."""
    catalogue = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="sensors.yaml",
        header_comment=f"# The free texts of sensors.yaml in '{lang}': context = where, source = the French.\n"
        "# Made by `dtpr translations export`; see docs/translators.md.",
        fuzzy=False,
    )
    catalogue.language_team = f"{lang} translators"
    for item in free_texts(data):
        if not item.french:
            continue
        own = item.texts.get(lang)
        if isinstance(own, str) and own:
            catalogue.add(item.french, own, context=item.context)
            continue
        old = _previous_entry(previous, item.context)
        if old is None or not old.string:
            catalogue.add(item.french, "", context=item.context)
        elif old.id == item.french:
            catalogue.add(item.french, old.string, context=item.context, flags=old.flags)
        else:
            catalogue.add(item.french, old.string, context=item.context, flags={"fuzzy"}, previous_id=old.id)
    return catalogue


def _previous_entry(previous: Catalog | None, context: str) -> Any:
    if previous is None:
        return None
    return next((entry for entry in previous if entry.context == context and entry.id), None)


def catalogue_bytes(catalogue: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(buffer, catalogue, width=0, include_previous=True, sort_output=False)
    return buffer.getvalue()


def coverage(data: Any, langs: tuple[str, ...] = TRANSLATED) -> dict[str, tuple[int, int]]:
    """(texts in that language, free texts) per language, after the catalogues were applied."""
    items = [item for item in free_texts(data) if item.french]
    return {lang: (sum(1 for item in items if item.texts.get(lang)), len(items)) for lang in langs}
