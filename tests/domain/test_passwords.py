"""Staff passwords at the real cost: argon2id with the library's RFC 9106 parameters.

The other tests hash at a lower cost (``tests/conftest.py``, ``cheap_password_hashing``); this one
calls the product's own hasher.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError
from argon2.profiles import RFC_9106_LOW_MEMORY

from dtpr_core import passwords

REAL_HASHER = passwords._hasher
"""Taken when the tests are collected, before the session's fixture swaps it for the cheap one."""


def test_the_product_hashes_with_argon2id_at_the_libraries_default_cost() -> None:
    hasher = REAL_HASHER()
    default = PasswordHasher()
    assert (hasher.type, hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        Type.ID,
        default.time_cost,
        default.memory_cost,
        default.parallelism,
    )
    assert hasher.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost
    made = hasher.hash("a passphrase of four words")
    assert made.startswith(f"$argon2id$v=19$m={default.memory_cost},t={default.time_cost},p={default.parallelism}$")
    assert hasher.verify(made, "a passphrase of four words")
    with pytest.raises(InvalidHashError):
        hasher.verify("not a hash", "a passphrase of four words")


def test_a_hash_made_at_the_real_cost_is_checked_in_the_tests() -> None:
    """``dtpr staff`` processes hash at the real cost; the tests' cheaper hasher still checks those hashes."""
    made = PasswordHasher().hash("a passphrase of four words")
    assert passwords.check_password(made, "a passphrase of four words")
    assert not passwords.check_password(made, "another passphrase entirely")
    assert not passwords.check_password(None, "a passphrase of four words")
