"""Staff passwords: argon2id through argon2-cffi (nothing home-made).

``hash_password`` for storing, ``check_password`` for signing in. An unknown account is
checked against a dummy hash, so it costs the same time as a wrong password.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
"""Shortest password accepted (a passphrase of three words passes)."""


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id, the library's current RFC 9106 defaults


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not a password of anyone")


def password_problem(password: str) -> str | None:
    """Why *password* cannot be used, or None."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters (a few words make a good one)"
    if password.strip() != password:
        return "a password may not start or end with a space"
    return None


def hash_password(password: str) -> str:
    problem = password_problem(password)
    if problem is not None:
        raise ValueError(problem)
    return _hasher().hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """True when *password* matches; None (unknown account) spends the same time and fails."""
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
