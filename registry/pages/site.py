"""What every page of one registry shares (:class:`Site`), made once by ``make_pages``."""

from __future__ import annotations

import dataclasses

from dtpr_core.notice import CNIL, SupervisoryAuthority
from dtpr_core.urls import Urls


@dataclasses.dataclass(frozen=True, slots=True)
class Site:
    """What every page of one registry shares: the city's name, its URLs, whether signs are served."""

    city: str
    urls: Urls
    sign_available: bool = False
    authority: SupervisoryAuthority = CNIL
    """Where people complain about their data (``DTPR_SUPERVISORY_AUTHORITY__*``)."""
    email_retention_days: int = 90
    """How long a feedback sender's address is kept unanswered (``DTPR_FEEDBACK__EMAIL_RETENTION_DAYS``)."""
    service: bool = True
    """The feedback form and the "did this page help?" buttons post to a live service (else: a static copy's
    postal and phone contacts, no buttons)."""
    text: str = dataclasses.field(default="", init=False, repr=False, compare=False)
    """Its ``repr``, made once: every page's ETag is made of it (:func:`etag`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", repr(self))

    def __str__(self) -> str:
        return self.text


__all__ = ["Site"]
