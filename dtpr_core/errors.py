"""Errors with structured fields, shared by the three services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
Path = tuple[str | int, ...]
Rule = Literal["text_too_long", "dpo_contact"]
"""Rules a :class:`Problem` may name: a text longer than allowed; personal data without the DPO's contact."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or doubtful) in a register, a sensor or an announcement."""

    severity: Severity
    message: str
    path: Path = ()
    line: int | None = None
    column: int | None = None
    at_key: bool = False
    """Point at the key itself rather than its value (unknown keys)."""
    rule: Rule | None = None
    """Which rule, for those a reader is told about in their language (the staff console's import page)."""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def field(self) -> str:
        """The path as a dotted string: ``sensors[3].location.lat``."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    def format(self, filename: str) -> str:
        """``PATH:LINE:COL: error|warning: message``, the compiler-style line."""
        return f"{filename}:{self.line or 1}:{self.column or 1}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "message": self.message,
            "field": self.field,
            "line": self.line,
            "column": self.column,
        }


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]


class DtprError(Exception):
    """Base class of every error the product raises on purpose."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class InvalidSensor(DtprError):
    """A sensor (from YAML, the API or a device) breaks the format or a DTPR rule."""

    status = 422
    code = "invalid_sensor"


class NotFound(DtprError):
    status = 404
    code = "not_found"


class InvalidAnnouncement(DtprError):
    """An MQTT message the gateway cannot record; it goes to quarantine."""

    code = "invalid_announcement"

    def __init__(self, message: str, *, topic: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.topic = topic
        self.reason = reason or message
