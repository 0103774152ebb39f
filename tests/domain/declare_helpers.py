"""Completing a "declare" snippet as a technician would: each « À COMPLÉTER » line replaced."""

from __future__ import annotations

import re

ORGANISATIONS = """version: 1
organisations:
  alm:
    name: Angers Loire Métropole
    kind: institution
    contact: {email: capteurs@angersloiremetropole.fr}
sensors:
"""

ANSWERS = {
    "nom affiché": "Qualité de l'air — Place du Ralliement",
    "ce que fait le capteur": "Mesure les particules fines.",
    "à quoi il sert": "suivre la pollution de l'air",
    "latitude": "47.4712",
    "longitude": "-0.5518",
    "adresse": "Place du Ralliement",
    "commune": "Angers",
    "quartier": "Centre-ville",
    "organisation": "alm",
    "finalités": "health",
    "technologie": "air_quality",
    "data_retained": "no_data_retained",
}


def complete(snippet: str) -> str:
    """Replace every quoted « À COMPLÉTER : … » value by the answer its hint asks for."""

    def answer(match: re.Match[str]) -> str:
        hint = match.group(0)
        for words, value in ANSWERS.items():
            if words in hint:
                return value
        raise AssertionError(f"no answer for {hint}")

    return re.sub(r"'À COMPLÉTER[^'\n]*(?:''[^'\n]*)*'", answer, snippet)


def register_with(snippet: str) -> str:
    return ORGANISATIONS + snippet
