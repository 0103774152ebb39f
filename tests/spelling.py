"""French spell-checking for the tests: hunspell's French dictionary through pyenchant.

:func:`unknown_french_words` returns the words of a text that neither the dictionary
(Debian's ``hunspell-fr``, installed by ``scripts/ensure-services.sh``) nor the
project's allow-list (``tests/fr_allowlist.txt``: proper names and technical terms)
knows. Placeholders (``{{duration}}``, ``{n}``), HTML tags, addresses and numbers are
not words.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import enchant

ALLOWLIST = Path(__file__).with_name("fr_allowlist.txt")
DICTIONARY = "fr_FR"

_NOT_WORDS = re.compile(
    r"\{\{?[^{}]*\}\}?"  # placeholders: {{duration}}, {n}
    r"|<[^<>]*>"  # HTML tags
    r"|&[#\w]+;"  # HTML entities
    r"|\S+@\S+"  # e-mail addresses
    r"|(?:https?://|www\.)\S+"  # web addresses
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|org|com|net|eu|example)\b\S*"  # bare domain names
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_IN_A_NUMBER = re.compile(r"\w*\d\w*")  # PM2, PM10, 3e, 49020


@cache
def _dictionary() -> enchant.Dict:
    if not enchant.dict_exists(DICTIONARY):
        raise RuntimeError(
            f"no {DICTIONARY} spelling dictionary: install Debian's hunspell-fr and libenchant-2-2 "
            "(bash scripts/ensure-services.sh does it as root)"
        )
    return enchant.Dict(DICTIONARY)


@cache
def allowed_words() -> frozenset[str]:
    """The allow-list: one word per line, ``#`` starts a comment."""
    words = (line.split("#", 1)[0].strip() for line in ALLOWLIST.read_text("utf-8").splitlines())
    return frozenset(word for word in words if word)


def _known(word: str) -> bool:
    allowed = allowed_words()
    if word in allowed or word.lower() in allowed:
        return True
    dictionary = _dictionary()
    if dictionary.check(word) or dictionary.check(word.replace("’", "'")):
        return True
    # compounds the dictionary does not list whole (« porte-clés » is; « est-il » is not)
    parts = [part for part in re.split(r"[-'’]", word) if part]
    return len(parts) > 1 and all(_known(part) or _known(part + "'") for part in parts)


def unknown_french_words(text: str) -> list[str]:
    """The words of *text* that the French dictionary and the allow-list reject, once each, in order."""
    text = _IN_A_NUMBER.sub(" ", _NOT_WORDS.sub(" ", text))
    unknown: list[str] = []
    for word in _WORD.findall(text):
        if word not in unknown and not _known(word):
            unknown.append(word)
    return unknown
