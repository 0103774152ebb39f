"""The French words printed on signs are spelt right (tests/spelling.py, hunspell's French dictionary)."""

from signage.wording import WORDS
from tests.spelling import unknown_french_words


def test_the_french_sign_words_are_spelt_right():
    found = {key: unknown_french_words(texts["fr"]) for key, texts in WORDS.items() if "fr" in texts}
    assert {key: words for key, words in found.items() if words} == {}
