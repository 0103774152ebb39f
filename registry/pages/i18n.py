"""The words of the public pages (the "chrome"), dates and durations, per language.

The texts live in the gettext catalogues of :mod:`dtpr_core.catalogues` (one ``.po`` per
language, shared with the signs); a message a language lacks is English, and
:meth:`Words.lang_of` says so, so the page can mark it with ``lang``. Dates and numbers
come from Babel (:mod:`dtpr_core.formats`), plurals from each catalogue's plural forms.
"""

from __future__ import annotations

import datetime as dt

from dtpr_core.catalogues import messages
from dtpr_core.formats import long_date, number, short_date

_MINUTE, _HOUR, _DAY = 60, 3_600, 86_400


class Words:
    """The chrome strings of one page language, with the language each one is really in."""

    __slots__ = ("_messages", "locale")

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._messages = messages(locale)

    def lang_of(self, key: str) -> str:
        """The language the string for *key* is actually written in."""
        return self._messages[key].lang

    def __call__(self, key: str, **values: object) -> str:
        """Plain text (not escaped) for *key*, with ``{name}`` values filled in.

        For a plural message, ``n`` chooses the form (and is written with the language's digits)."""
        message = self._messages[key]
        count = values.get("n")
        if isinstance(count, int):
            values["n"] = number(count, self.locale)
            text = message.text(count)
        else:
            text = message.text()
        return text.format(**values) if values else text

    def count(self, n: int) -> str:
        """``0 capteur``, ``1 capteur``, ``3 capteurs``, ``1 234 capteurs`` (the language's plural rule)."""
        return self("count", n=n)

    @property
    def colon(self) -> str:
        """``\u00a0:`` in French, ``:`` elsewhere."""
        return self("colon")

    def date(self, day: dt.date) -> str:
        """``3 novembre 2026`` / ``3 November 2026``."""
        return long_date(day, self.locale)

    def short_date(self, day: dt.date) -> str:
        """``3 nov. 2026`` / ``3 Nov 2026``."""
        return short_date(day, self.locale)

    def ago(self, then: dt.datetime, now: dt.datetime) -> str:
        """``il y a 5 minutes`` / ``5 minutes ago`` (never negative)."""
        seconds = max(0, int((now - then).total_seconds()))
        for size, key in ((_DAY, "ago_days"), (_HOUR, "ago_hours"), (_MINUTE, "ago_minutes")):
            if seconds >= size:
                return self(key, n=seconds // size)
        return self("ago_now")
