"""One e-mail address, checked: what a feedback sender may leave, and the only recipient of an answer.

A form value such as ``postmaster,x@evil.example`` is a *list* to a mail library, and a bare
``postmaster`` gets the relay's own domain appended: the city's answer, quoting the
sender's text, would reach someone else. So an address is exactly one ``local@domain``:
no list separators (``, ; :``), no comments or display names (``( ) < > "``), no spaces,
a domain with at least one dot.
"""

from __future__ import annotations

import re

EMAIL_MAX = 320
LOCAL_MAX = 64
DOMAIN_MAX = 255
_FORBIDDEN = frozenset(',;:()<>"[]\\')
_LABEL = re.compile(r"^[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?$")


class BadEmailAddress(ValueError):
    """Not exactly one e-mail address; the message says what is wrong."""


def check_email_address(value: str) -> str:
    """*value* unchanged when it is exactly one address ``local@domain.tld``; :class:`BadEmailAddress` otherwise."""
    if len(value) > EMAIL_MAX:
        raise BadEmailAddress(f"an e-mail address has at most {EMAIL_MAX} characters")
    if any(char.isspace() or ord(char) < 32 or char in _FORBIDDEN for char in value):
        raise BadEmailAddress("one e-mail address only: no spaces, lists (, ; :), comments or names")
    local, at, domain = value.rpartition("@")
    if not at or not local:
        raise BadEmailAddress("an e-mail address looks like name@example.org")
    if "@" in local or len(local) > LOCAL_MAX or local.startswith(".") or local.endswith(".") or ".." in local:
        raise BadEmailAddress("the part before @ is not a mailbox name")
    labels = domain.split(".")
    if len(domain) > DOMAIN_MAX or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise BadEmailAddress("the part after @ must be a domain such as example.org")
    return value


def is_email_address(value: str) -> bool:
    """True when :func:`check_email_address` accepts *value*."""
    try:
        check_email_address(value)
    except BadEmailAddress:
        return False
    return True
