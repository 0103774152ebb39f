"""A cell's text as the register's value: value maps for closed lists, numbers, dates, durations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from dtpr_import.durations import kept_duration
from dtpr_import.mapping import FieldMap, lookup_key
from dtpr_import.problems import CellValueError, ProblemKind

_DAYS = re.compile(r"^\s*(\d{1,5})\s*$")
NUMBER_TARGETS = ("location.lat", "location.lon")
MAX_SHOWN = 8


def mapped(field_map: FieldMap, item: Any) -> Any:
    if field_map.values is None or not isinstance(item, str):
        return item
    key = lookup_key(item)
    if key not in field_map.values:
        known = sorted(field_map.values)
        shown = ", ".join(f"'{k}'" for k in known[:MAX_SHOWN]) + (", …" if len(known) > MAX_SHOWN else "")
        raise CellValueError(ProblemKind.NOT_LISTED, f"not a known value for {field_map.to}; expected one of {shown}")
    return field_map.values[key]


def typed(field_map: FieldMap, value: Any) -> list[Any]:
    """The value(s) for the register: a list flattened, a number or date read, empty dropped."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [v for item in value for v in typed(field_map, item)]
    kind = "number" if field_map.to in NUMBER_TARGETS else field_map.kind
    if kind == "number":
        return [number(value)]
    if kind == "date":
        return [_date(value, field_map.formats)]
    if field_map.to.startswith("retention."):
        return [str(value)]
    if field_map.to.startswith("kept."):
        return [kept_duration(value, kind == "days")]
    if field_map.to == "automated_decisions":
        return [True] if _yes(value) else []
    if kind == "days" or field_map.to == "retention":
        return [_retention(value, kind == "days")]
    return [value if isinstance(value, (dict, int, float)) else str(value)]


def _yes(value: Any) -> bool:
    """``automated_decisions``: true/yes/oui/ja/1 is true, false/no/non/nee/0 false; else an error."""
    text = str(value).strip().casefold()
    if text in ("true", "yes", "oui", "ja", "1", "vrai"):
        return True
    if text in ("false", "no", "non", "nee", "0", "faux"):
        return False
    raise CellValueError(ProblemKind.NOT_YES_NO, "expected true or false")


def is_number(text: str) -> bool:
    try:
        number(text)
    except ValueError:
        return False
    return True


def number(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise CellValueError(ProblemKind.NOT_NUMBER, "expected a number, such as 47.4712 or 47,4712") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CellValueError(ProblemKind.NOT_NUMBER, "expected a finite number")
    return number


WORKBOOK_DATES = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f")
"""How :func:`dtpr_import.tables.cell_text` writes a workbook's date, or date and time: always read."""


def _date(value: Any, formats: Sequence[str]) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in (*formats, *WORKBOOK_DATES):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    shown = " or ".join(f"'{f}'" for f in formats)
    raise CellValueError(
        ProblemKind.NOT_DATE, f"expected a date written {shown} (e.g. {dt.date(2021, 7, 6).strftime(formats[0])})"
    )


def _retention(value: Any, in_days: bool) -> Any:
    text = str(value).strip()
    days = _DAYS.match(text)
    if in_days and not days:
        raise CellValueError(ProblemKind.NOT_DAYS, "expected a number of days, such as 30")
    if days:
        count = int(days.group(1))
        if count == 0:
            return "no_data_retained"
        text = "1 jour" if count == 1 else f"{count} jours"
    return {"element": "data_retained", "variables": {"duration": {"fr": text}}}
