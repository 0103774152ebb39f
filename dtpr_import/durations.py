"""A retention period as a spreadsheet writes it -> the register's ``kept`` duration.

"15 jours", "30 j", "1 mois", "2 ans", "24 h", "15 days", "1 year", "30" (days with
``kind: days``), "0" or "aucune" -> ``15 days``, ``1 month``, ``none``… as ``kept:`` reads them
(see :func:`dtpr_core.kept.parse_duration`).
"""

from __future__ import annotations

import re
import unicodedata

from dtpr_core.kept import Kept, TimeUnit
from dtpr_import.problems import CellValueError, ProblemKind

_AMOUNT_UNIT = re.compile(r"^(\d{1,4})\s*([a-z]*)\.?$")
_UNITS: dict[str, TimeUnit] = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "heure", "heures", "uur", "uren"), "hour"),
    **dict.fromkeys(("j", "jr", "jrs", "jour", "jours", "d", "day", "days", "dag", "dagen"), "day"),
    **dict.fromkeys(("sem", "semaine", "semaines", "w", "wk", "week", "weeks", "weken"), "week"),
    **dict.fromkeys(("mois", "month", "months", "maand", "maanden"), "month"),
    **dict.fromkeys(("an", "ans", "annee", "annees", "y", "yr", "year", "years", "jaar", "jaren"), "year"),
}
_NONE = ("none", "aucune", "aucun", "rien", "geen", "0")
EXAMPLES = "'15 jours', '30 j', '1 mois', '2 ans', '24 h', '15 days' or 'aucune'"


def _plain(text: str) -> str:
    """Lower case, accents and no-break spaces gone: "Année" -> "annee"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u00a0", " ").replace("\u202f", " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().lower()


def kept_duration(value: object, in_days: bool = False) -> str:
    """The register's spelling of *value* (``15 days``, ``none``); a :class:`~dtpr_import.problems.CellValueError` saying what to write.

    With *in_days* the cell is a whole number of days (``kind: days``).
    """
    text = _plain(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if text in _NONE:
        return "none"
    match = _AMOUNT_UNIT.fullmatch(text)
    unit = _UNITS.get(match.group(2)) if match and match.group(2) else ("day" if match else None)
    if in_days and match and match.group(2):
        raise CellValueError(ProblemKind.NOT_DAYS, "expected a number of days, such as 30")
    if match is None or unit is None:
        raise CellValueError(ProblemKind.NOT_DURATION, f"expected a duration such as {EXAMPLES}")
    amount = int(match.group(1))
    if amount == 0:
        return "none"
    return Kept("images", amount, unit).as_text()
