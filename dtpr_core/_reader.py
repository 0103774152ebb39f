"""Typed reading of plain data (from YAML or JSON) that collects every problem.

Each reader returns the value or ``None`` and records a located :class:`Problem`;
nothing raises, so one pass reports all the mistakes of a file.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from dtpr_core.errors import Path, Problem
from dtpr_core.locales import LOCALES


def suggest(value: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a near miss, else an empty string."""
    if not isinstance(value, str):
        return ""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    if not matches:
        lowered = {choice.lower(): choice for choice in choices}
        found = lowered.get(value.lower())
        matches = [found] if found else []
    return f" (did you mean '{matches[0]}'?)" if matches else ""


_TYPE_NAMES = {
    dict: "a mapping (key: value)",
    list: "a list",
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    type(None): "nothing (null)",
    date: "a date",
}


def describe(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Reader:
    """Collects problems while reading nested plain data."""

    def __init__(self, *, numbers_as_text: bool = True) -> None:
        self.problems: list[Problem] = []
        self.numbers_as_text = numbers_as_text
        """YAML writes ``name: 2024`` as a number: read it as text (the register). JSON devices must send text."""

    def error(self, path: Path, message: str) -> None:
        self.problems.append(Problem("error", message, path))

    def warning(self, path: Path, message: str) -> None:
        self.problems.append(Problem("warning", message, path))

    def mapping(
        self,
        value: object,
        path: Path,
        what: str,
        *,
        allowed: Collection[str],
        required: Collection[str] = (),
    ) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"{what} must be {_TYPE_NAMES[dict]}, not {describe(value)}")
            return None
        for key in value:
            if key not in allowed:
                hint = suggest(str(key), allowed)
                self.problems.append(
                    Problem("error", f"unknown key '{key}' in {what}{hint}", (*path, str(key)), at_key=True)
                )
        for key in required:
            if key not in value:
                self.error(path, f"{what} is missing the required key '{key}'")
        return value

    def sequence(self, value: object, path: Path, what: str) -> list[Any] | None:
        if not isinstance(value, list):
            self.error(path, f"{what} must be {_TYPE_NAMES[list]}, not {describe(value)}")
            return None
        return value

    def text(self, value: object, path: Path, what: str, *, max_length: int = 2000) -> str | None:
        if self.numbers_as_text and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(path, f"{what} must be text, not {describe(value)}")
            return None
        value = value.strip()
        if not value:
            self.error(path, f"{what} must not be empty")
            return None
        if len(value) > max_length:
            message = f"{what} is too long ({len(value)} characters, at most {max_length})"
            self.problems.append(Problem("error", message, path, rule="text_too_long"))
            return None
        return value

    def choice(self, value: object, path: Path, what: str, choices: Collection[str]) -> str | None:
        if not isinstance(value, str) or value not in choices:
            listed = ", ".join(choices)
            self.error(path, f"{what} must be one of {listed}, not {value!r}{suggest(value, choices)}")
            return None
        return value

    def number(self, value: object, path: Path, what: str, low: float, high: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(path, f"{what} must be a number, not {describe(value)}")
            return None
        # compare before any float conversion: a 400-digit YAML integer is not a float
        if not low <= value <= high or (isinstance(value, float) and not math.isfinite(value)):
            self.error(path, f"{what} must be between {low:g} and {high:g}, not {value}")
            return None
        return float(value)

    def integer(self, value: object, path: Path, what: str, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"{what} must be a whole number, not {describe(value)}")
            return None
        if not low <= value <= high:
            self.error(path, f"{what} must be between {low} and {high}, not {value}")
            return None
        return value

    def day(self, value: object, path: Path, what: str) -> date | None:
        if isinstance(value, datetime):
            self.error(path, f"{what} must be a date written YYYY-MM-DD, without a time, not {value}")
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(path, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
        return None

    def local_text(
        self, value: object, path: Path, what: str, *, max_length: int = 2000, french: bool = True
    ) -> dict[str, str] | None:
        """A per-locale text; plain text counts as French."""
        if isinstance(value, str):
            value = {"fr": value}
        if not isinstance(value, dict):
            self.error(path, f"{what} must be text or a mapping of languages (fr: …, en: …), not {describe(value)}")
            return None
        out: dict[str, str] = {}
        for locale, text in value.items():
            if locale not in LOCALES:
                hint = suggest(str(locale), LOCALES)
                self.problems.append(
                    Problem(
                        "error",
                        f"unknown language '{locale}' in {what}; use one of {', '.join(LOCALES)}{hint}",
                        (*path, str(locale)),
                        at_key=True,
                    )
                )
                continue
            checked = self.text(text, (*path, locale), f"{what} ({locale})", max_length=max_length)
            if checked is not None:
                out[locale] = checked
        if french and "fr" not in value:
            self.error(path, f"{what} needs a French text (fr: …); other languages are optional")
            return None
        ordered = {locale: out[locale] for locale in LOCALES if locale in out}
        return ordered if len(ordered) == len(value) else None
