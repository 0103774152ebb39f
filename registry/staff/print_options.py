"""The print centre's options, named for people: sign sizes, sheets, languages, formats, statuses.

Every name is a key of the ``staff`` catalogue: ``size_<size>``, ``sheet_<sheet>``,
``sensor_status_<status>``, ``langs_<fr|fr_en>``, ``job_<status>``, ``option_<what>``.
"""

from __future__ import annotations

from typing import Any

from registry.staff.i18n import say

NO_SHEET = "none"
"""The sheet menu's value for "no sheet: one file per sign in a zip" (an empty form value would become the default)."""
STATUSES = ("active", "planned", "maintenance", "retired")
LANGS = {"fr": "langs_fr", "fr,en": "langs_fr_en"}
FORMATS = {"pdf": "PDF", "svg": "SVG", "png": "PNG (300 dpi)"}
JOB_STATUSES = ("queued", "running", "done", "failed", "expired")


def print_options(size: str, sheet: str, fmt: str, langs: str, bleed: float) -> dict[str, Any]:
    """The batch options of a print form (``sheet`` ``none`` or empty: one file per sign)."""
    imposed = sheet not in ("", NO_SHEET)
    return {
        "size": size,
        "sheet": sheet if imposed else None,
        "fmt": "pdf" if imposed else fmt,
        "langs": (langs if langs in LANGS else "fr").split(","),
        "bleed_mm": bleed,
    }


def named(values: Any, prefix: str, lang: str) -> list[tuple[str, str]]:
    """(value, its name for people) of each value; a value the catalogue does not name shows as itself."""
    return [(str(value), name_of(prefix, str(value), lang)) for value in values]


def name_of(prefix: str, value: str, lang: str) -> str:
    try:
        return say(lang, f"{prefix}_{value}")
    except KeyError:
        return value


def option_labels(options: dict[str, Any], filters: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(what, value) lines saying, for people, how a job prints and which signs it chose."""
    sheet = str(options.get("sheet") or NO_SHEET)
    langs = options.get("langs")
    langs_key = ",".join(langs) if isinstance(langs, list | tuple) else str(langs or "fr")
    lines = [
        (say(lang, "option_sign_size"), name_of("size", str(options.get("size", "")), lang)),
        (say(lang, "option_sheet"), name_of("sheet", sheet, lang)),
        (say(lang, "option_languages"), say(lang, LANGS[langs_key]) if langs_key in LANGS else langs_key),
    ]
    if sheet == NO_SHEET:
        fmt = str(options.get("fmt"))
        lines.append((say(lang, "option_format"), FORMATS.get(fmt, fmt)))
    if options.get("bleed_mm"):
        lines.append((say(lang, "option_bleed"), f"{options['bleed_mm']} mm"))
    for key, value in filters.items():
        if key == "status" and value in STATUSES:
            lines.append((say(lang, "option_status"), say(lang, f"sensor_status_{value}")))
        elif key in ("zone", "commune") and value:
            lines.append((say(lang, f"option_{key}"), str(value)))
        elif key == "q" and value:
            lines.append((say(lang, "option_search"), str(value)))
    return lines
