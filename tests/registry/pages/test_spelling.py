"""The French page strings are spelt right (tests/spelling.py, hunspell's French dictionary)."""

from registry.pages._strings_fr import FR
from tests.spelling import unknown_french_words


def test_the_french_page_strings_are_spelt_right():
    found = {key: unknown_french_words(text) for key, text in FR.items()}
    assert {key: words for key, words in found.items() if words} == {}
