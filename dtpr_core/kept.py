"""How long each kind of data is kept (``kept:`` in ``sensors.yaml``), as numbers and units.

``kept: {images: none, counts: 5 years}`` is read into :class:`Kept` values; every language
then says it from the catalogues (``kept_<kind>``, ``kept_<kind>_none``) with the duration
written by Babel ("Images : aucune n’est gardée. Comptages : gardés 5 ans."), so a third
language never needs a translator for a duration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from babel.units import format_unit

from dtpr_core.catalogues import translate
from dtpr_core.formats import babel_locale
from dtpr_core.locales import LOCALES, LocalText

DataKind = Literal["images", "identifiers", "connection_logs", "counts", "measurements"]
"""Kinds of data, in the order they are said: what can single a person out first."""
DATA_KINDS: tuple[str, ...] = get_args(DataKind)
TimeUnit = Literal["hour", "day", "week", "month", "year"]
TIME_UNITS: tuple[str, ...] = get_args(TimeUnit)
HOURS: dict[str, int] = {"hour": 1, "day": 24, "week": 168, "month": 730, "year": 8_766}
"""Hours in each unit (a month is a twelfth of an average year): to compare periods only."""
PERSONAL_KINDS = frozenset({"images", "identifiers", "connection_logs"})
"""Kinds that stay personal data as long as they are kept (an image, a hashed MAC address, a log line)."""
_DURATION = re.compile(r"^(\d{1,4}) (hour|day|week|month|year)s?$")
EXAMPLE = "kept: {images: none, counts: 5 years}"


@dataclass(frozen=True, slots=True)
class Kept:
    """One kind of data and how long it is kept (``amount`` 0: not kept at all)."""

    data: DataKind
    amount: int
    unit: TimeUnit = "day"

    @property
    def hours(self) -> int:
        return self.amount * HOURS[self.unit]

    def as_text(self) -> str:
        """``none``, ``1 year``, ``15 days``: the register's spelling."""
        if not self.amount:
            return "none"
        return f"{self.amount} {self.unit}" + ("" if self.amount == 1 else "s")


def parse_duration(text: object) -> tuple[int, TimeUnit] | None:
    """``"5 years"`` -> ``(5, "year")``; ``"none"`` or ``0`` -> ``(0, "day")``; ``None`` when unreadable."""
    if text == 0 or (isinstance(text, str) and text.strip().lower() == "none"):
        return 0, "day"
    match = _DURATION.fullmatch(text.strip().lower()) if isinstance(text, str) else None
    if match is None or int(match.group(1)) == 0:
        return None
    return int(match.group(1)), match.group(2)  # type: ignore[return-value]


@lru_cache(maxsize=1024)
def duration_words(amount: int, unit: str, locale: str) -> str:
    """``5 ans``, ``15 days``, ``24 horas``: Babel's (CLDR) words for the duration in *locale*."""
    return format_unit(amount, f"duration-{unit}", length="long", locale=babel_locale(locale)).replace(" ", "\u00a0")


def kept_sentence(item: Kept, locale: str) -> str:
    """``Comptages : gardés 5 ans.`` / ``Images : aucune n’est gardée.`` in *locale*."""
    if not item.amount:
        return translate(locale, f"kept_{item.data}_none")[0]
    text = translate(locale, f"kept_{item.data}")[0]
    return text.replace("{duration}", duration_words(item.amount, item.unit, locale))


def kept_text(kept: tuple[Kept, ...], locale: str) -> str:
    """Every kind's sentence, in register order (empty without ``kept``)."""
    return " ".join(kept_sentence(item, locale) for item in kept)


def longest(kept: tuple[Kept, ...]) -> Kept | None:
    """The longest period (the datachain's ``data_retained`` duration), ``None`` when nothing is kept."""
    found = max(kept, key=lambda item: item.hours, default=None)
    return found if found is not None and found.amount else None


def duration_in_every_language(item: Kept) -> LocalText:
    """The duration in each language, for the ``{{duration}}`` of ``data_retained``."""
    return {locale: duration_words(item.amount, item.unit, locale) for locale in LOCALES}


def keeps_personal_data(kept: tuple[Kept, ...]) -> list[Kept]:
    """The periods that keep something that can single a person out (images, identifiers, logs)."""
    return [item for item in kept if item.data in PERSONAL_KINDS and item.amount]
