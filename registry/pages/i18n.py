"""The words of the public pages (the "chrome"), dates and durations, per language.

French and English are complete; Spanish and Portuguese are written where present
and fall back to English key by key; Tagalog and Khmer use English chrome while
the taxonomy texts stay in their language (the page marks those fragments
with ``lang``). French typography: a no-break space before ``: ; ? !``.
"""

from __future__ import annotations

import datetime as dt

from registry.pages._strings_en import EN
from registry.pages._strings_fr import FR
from registry.pages._strings_ibero import ES, PT

NBSP = "\u00a0"

STRINGS: dict[str, dict[str, str]] = {"fr": FR, "en": EN, "es": ES, "pt": PT}

MONTHS: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "pt": (
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
}
SHORT_MONTHS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


class Words:
    """The chrome strings of one page language, with the language each one is really in."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._own = STRINGS.get(locale, {})

    def lang_of(self, key: str) -> str:
        """The language the string for *key* is actually written in."""
        return self.locale if key in self._own else "en"

    def __call__(self, key: str, **values: object) -> str:
        """Plain text (not escaped) for *key*, with ``{name}`` values filled in."""
        text = self._own.get(key) or EN[key]
        return text.format(**values) if values else text

    def count(self, n: int) -> str:
        """``1 capteur``, ``0 capteur``, ``3 capteurs`` (French singular below 2; English only for 1)."""
        singular = n < 2 if self.locale == "fr" else n == 1
        return self("count_one" if singular else "count", n=n)

    @property
    def colon(self) -> str:
        """``\u00a0:`` in French, ``:`` elsewhere."""
        return f"{NBSP}:" if self.locale == "fr" else ":"

    def date(self, day: dt.date) -> str:
        """``3 novembre 2026`` / ``3 November 2026``."""
        months = MONTHS.get(self.locale) or MONTHS["en"]
        if self.locale in ("es", "pt"):
            return f"{day.day} de {months[day.month - 1]} de {day.year}"
        return f"{day.day} {months[day.month - 1]} {day.year}"

    def short_date(self, day: dt.date) -> str:
        """``3 nov. 2026`` / ``3 Nov 2026``."""
        if self.locale == "fr":
            return f"{day.day}{NBSP}{SHORT_MONTHS_FR[day.month - 1]}{NBSP}{day.year}"
        months = MONTHS.get(self.locale) or MONTHS["en"]
        return f"{day.day} {months[day.month - 1][:3]} {day.year}"

    def ago(self, then: dt.datetime, now: dt.datetime) -> str:
        """``il y a 5 minutes`` / ``5 minutes ago`` (never negative)."""
        seconds = max(0, int((now - then).total_seconds()))
        if seconds < 60:
            return self("ago_now")
        for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
            if seconds >= size:
                count = seconds // size
                return self(f"ago_{unit}{'' if count == 1 else 's'}", n=count)
        return self("ago_now")  # pragma: no cover - unreachable
