"""Spell-checking for the tests: hunspell's French, Spanish and Portuguese dictionaries through pyenchant.

:func:`unknown_words` returns the words of a text that neither the language's dictionary
(Debian's ``hunspell-fr``, ``hunspell-es``, ``hunspell-pt-pt``, installed by
``scripts/ensure-services.sh``) nor the project's allow-list for that language
(``tests/<lang>_allowlist.txt``: proper names and technical terms) knows;
:func:`unknown_french_words` is its French case. Placeholders (``{{duration}}``, ``{n}``),
HTML tags, addresses and numbers are not words.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import enchant

DICTIONARIES = {"fr": "fr_FR", "es": "es_ES", "pt": "pt_PT"}
"""The hunspell dictionary of each spell-checked language (Portuguese: pt-PT, not pt-BR)."""
PACKAGES = {"fr": "hunspell-fr", "es": "hunspell-es", "pt": "hunspell-pt-pt"}


def allowlist_path(lang: str) -> Path:
    return Path(__file__).with_name(f"{lang}_allowlist.txt")


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
def _dictionary(lang: str = "fr") -> enchant.Dict:
    name = DICTIONARIES[lang]
    if not enchant.dict_exists(name):
        raise RuntimeError(
            f"no {name} spelling dictionary: install Debian's {PACKAGES[lang]} and libenchant-2-2 "
            "(bash scripts/ensure-services.sh does it as root)"
        )
    return enchant.Dict(name)


@cache
def allowed_words(lang: str = "fr") -> frozenset[str]:
    """The language's allow-list: one word per line, ``#`` starts a comment."""
    lines = allowlist_path(lang).read_text("utf-8").splitlines()
    words = (line.split("#", 1)[0].strip() for line in lines)
    return frozenset(word for word in words if word)


def _known(word: str, lang: str) -> bool:
    allowed = allowed_words(lang)
    if word in allowed or word.lower() in allowed:
        return True
    dictionary = _dictionary(lang)
    if dictionary.check(word) or dictionary.check(word.replace("’", "'")):
        return True
    # compounds the dictionary does not list whole (« porte-clés » is; « est-il » is not)
    parts = [part for part in re.split(r"[-'’]", word) if part]
    return len(parts) > 1 and all(_known(part, lang) or _known(part + "'", lang) for part in parts)


def unknown_words(text: str, lang: str) -> list[str]:
    """The words of *text* that *lang*'s dictionary and allow-list reject, once each, in order."""
    text = _IN_A_NUMBER.sub(" ", _NOT_WORDS.sub(" ", text))
    unknown: list[str] = []
    for word in _WORD.findall(text):
        if word not in unknown and not _known(word, lang):
            unknown.append(word)
    return unknown


def unknown_french_words(text: str) -> list[str]:
    """The words of *text* that the French dictionary and the allow-list reject, once each, in order."""
    return unknown_words(text, "fr")
