"""French typography on every word a sign prints, applied last, whatever wrote the text.

Catalogue messages already carry their no-break spaces, but a sign also prints free texts
from the register (names, places, an authorisation "n° 2020-VP-0153") written with plain
spaces or none. :func:`typeset` is the one pass every text block goes through before it is
fitted, so "n°" never ends a line and ":" never starts one.
"""

from __future__ import annotations

import re

from dtpr_core.notice_text import NARROW_NBSP, NBSP

_SPACES = "[ \t\u00a0\u202f]"
_BEFORE_COLON = re.compile(rf"(?:{_SPACES}+|(?<=\w)):(?=\s|$)|{_SPACES}+:")
_BEFORE_MARK = re.compile(rf"(?<=[\w)»]){_SPACES}*([;?!])(?=\s|$|[»)])")
_SPACED_MARK = re.compile(rf"{_SPACES}+([;?!])")
_OPEN_QUOTE = re.compile(rf"«{_SPACES}*")
_CLOSE_QUOTE = re.compile(rf"{_SPACES}*»")
_NUMERO = re.compile(rf"\b([nN][°º]){_SPACES}*(?=\w)")


def typeset(text: str, lang: str) -> str:
    """*text* with French no-break spaces after "n°", before ``: ; ? ! »`` and after « (French only)."""
    if lang != "fr" or not text:
        return text
    text = _NUMERO.sub(lambda m: m.group(1) + NBSP, text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _SPACED_MARK.sub(NARROW_NBSP + r"\1", text)
    text = _BEFORE_MARK.sub(NARROW_NBSP + r"\1", text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    return _CLOSE_QUOTE.sub(NBSP + "»", text)
