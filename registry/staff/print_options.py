"""The print centre's options, named for people: sign sizes, sheets, languages, formats, statuses."""

from __future__ import annotations

from typing import Any

NO_SHEET = "none"
"""The sheet menu's value for "no sheet: one file per sign in a zip" (an empty form value would become the default)."""
SIZE_NAMES = {
    "sticker": ("autocollant 10\u00a0×\u00a010\u00a0cm", "sticker 10 × 10 cm"),
    "a6": ("A6 (10,5\u00a0×\u00a014,8\u00a0cm)", "A6 (10.5 × 14.8 cm)"),
    "a5": ("A5 (14,8\u00a0×\u00a021\u00a0cm)", "A5 (14.8 × 21 cm)"),
    "a4": ("A4 (21\u00a0×\u00a029,7\u00a0cm)", "A4 (21 × 29.7 cm)"),
}
SHEET_NAMES = {
    NO_SHEET: ("aucune\u00a0: un fichier par panneau (zip)", "none: one file per sign (zip)"),
    "a4": ("feuilles A4, avec traits de coupe", "A4 sheets, with crop marks"),
    "a3": ("feuilles A3, avec traits de coupe", "A3 sheets, with crop marks"),
    "labels": ("planches d’étiquettes A4, sans traits de coupe", "A4 label sheets, no crop marks"),
}

STATUSES = {
    "active": ("en service", "active"),
    "planned": ("prévu", "planned"),
    "maintenance": ("en maintenance", "in maintenance"),
    "retired": ("retiré", "retired"),
}
LANGS = {"fr": ("français", "French"), "fr,en": ("français et anglais", "French and English")}
FORMATS = {"pdf": "PDF", "svg": "SVG", "png": "PNG (300 dpi)"}
JOB_STATUSES = {
    "queued": ("en attente", "queued"),
    "running": ("en cours", "running"),
    "done": ("prêt", "ready"),
    "failed": ("échec", "failed"),
    "expired": ("fichier expiré", "file expired"),
}


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


def named(values: Any, names: dict[str, tuple[str, str]], pick: int) -> list[tuple[str, str]]:
    """(value, text for people) of each value; a value without a name shows as itself."""
    return [(str(value), names[value][pick] if value in names else str(value)) for value in values]


def option_labels(options: dict[str, Any], filters: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(what, value) lines saying, for people, how a job prints and which signs it chose."""
    pick = 1 if lang == "en" else 0
    sheet = options.get("sheet") or NO_SHEET
    size = str(options.get("size", ""))
    lines = [
        (("Taille du panneau", "Sign size")[pick], SIZE_NAMES[size][pick] if size in SIZE_NAMES else size),
        (("Planche", "Sheet")[pick], SHEET_NAMES[sheet][pick] if sheet in SHEET_NAMES else str(sheet)),
        (("Langues", "Languages")[pick], _langs_label(options.get("langs"), pick)),
    ]
    if sheet == NO_SHEET:
        lines.append((("Format", "Format")[pick], FORMATS.get(str(options.get("fmt")), str(options.get("fmt")))))
    if options.get("bleed_mm"):
        lines.append((("Fond perdu", "Bleed")[pick], f"{options['bleed_mm']} mm"))
    names = {"zone": ("Quartier", "Zone"), "commune": ("Commune", "Commune"), "q": ("Recherche", "Search")}
    for key, value in filters.items():
        if key == "status" and value in STATUSES:
            lines.append((("État", "Status")[pick], STATUSES[value][pick]))
        elif key in names and value:
            lines.append((names[key][pick], str(value)))
    return lines


def _langs_label(langs: Any, pick: int) -> str:
    key = ",".join(langs) if isinstance(langs, list | tuple) else str(langs or "fr")
    return LANGS[key][pick] if key in LANGS else key
