"""One e-mail address, checked (#22 item 4): lists, comments, names and bare mailboxes are refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core.email_address import BadEmailAddress, check_email_address, is_email_address
from tests.strategies import email_addresses, email_lists


@given(email_addresses)
def test_a_plain_address_is_accepted_unchanged(address: str) -> None:
    assert check_email_address(address) == address


@given(email_lists)
def test_a_list_of_addresses_is_refused(value: str) -> None:
    assert not is_email_address(value)


@given(st.text(max_size=400))
def test_any_text_is_accepted_or_refused_with_a_message(value: str) -> None:
    try:
        accepted = check_email_address(value)
    except BadEmailAddress as error:
        assert str(error)
    else:
        assert accepted.count("@") == 1 and not set(accepted) & set(',;:()<> \t\n"')
        assert "." in accepted.rpartition("@")[2]


@given(email_addresses, st.sampled_from(list(',;:()<>" ')))
def test_a_forbidden_character_anywhere_is_refused(address: str, char: str) -> None:
    for at in (0, len(address) // 2, len(address)):
        assert not is_email_address(address[:at] + char + address[at:])


@pytest.mark.parametrize(
    "value",
    [
        "postmaster,x@evil.example",
        "postmaster;x@evil.example",
        "postmaster",
        "postmaster@localhost",
        "@example.org",
        "a@b@example.org",
        "Name <a@example.org>",
        "a@example.org (comment)",
        "a..b@example.org",
        "a@-example.org",
        "a@example..org",
        "x" * 65 + "@example.org",
        "a@" + "b" * 320 + ".org",
    ],
)
def test_known_bad_values_are_refused(value: str) -> None:
    with pytest.raises(BadEmailAddress):
        check_email_address(value)


@pytest.mark.parametrize("value", ["habitant@example.org", "jean.dupont+capteurs@mairie-angers.fr", "élise@exemple.fr"])
def test_ordinary_addresses_are_accepted(value: str) -> None:
    assert is_email_address(value)
