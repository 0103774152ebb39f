"""The feedback form of a sensor page (a DTPR sign's fourth promise): its fields and checks.

Its markup is ``templates/feedback_form.html``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dtpr_core.email_address import is_email_address

KINDS = ("question", "comment", "problem")
MESSAGE_MIN, MESSAGE_MAX = 3, 4000


@dataclass(slots=True)
class FeedbackForm:
    """What the visitor typed, kept when the form comes back with errors."""

    kind: str = "question"
    message: str = ""
    email: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_fields(cls, data: Mapping[str, object]) -> FeedbackForm:
        def text(name: str) -> str:
            value = data.get(name)
            return value.strip() if isinstance(value, str) else ""

        return cls(kind=text("kind") or "question", message=text("message"), email=text("email"))

    def validate(self) -> bool:
        """Fill :attr:`errors` (message keys of :mod:`registry.pages.i18n`); True when all is well."""
        self.errors = {}
        if self.kind not in KINDS:
            self.errors["kind"] = "err_kind"
        if not MESSAGE_MIN <= len(self.message) <= MESSAGE_MAX:
            self.errors["message"] = "err_message"
        if self.email and not is_email_address(self.email):
            self.errors["email"] = "err_email"
        return not self.errors
