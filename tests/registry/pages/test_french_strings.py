"""The French page strings are spelt right (hunspell's French dictionary) and plain to read."""

from dtpr_core.readability import readability
from registry.pages._strings_fr import FR
from tests.spelling import unknown_french_words


def test_the_french_page_strings_are_spelt_right():
    found = {key: unknown_french_words(text) for key, text in FR.items()}
    assert {key: words for key, words in found.items() if words} == {}


def test_the_french_page_sentences_are_not_hard_to_read():
    scores = {key: readability(text) for key, text in FR.items()}
    assert {key: measured.score for key, measured in scores.items() if measured.is_hard} == {}
    assert sum(measured.words >= 10 for measured in scores.values()) >= 4  # the long ones are scored
