"""Writing one ``sensors.yaml`` entry as text, fast and in the register's house style.

A sensor's keys one a line; a map or list inside written inline (``{lat: 47.47, lon:
-0.55}``, ``[health, ecology]``), the datachain one category a line. A text stays plain
when YAML cannot read it as anything else, and is otherwise written as a JSON string
(a valid YAML double-quoted scalar). The result reads back to the same data
(``tests/dtpr_import/test_emit.py``). It replaces a generic dumper, whose per-value
dispatch cost more than the rest of an import together.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import yaml

_PLAIN = re.compile(r"[^\W_](?:[^?:#,\[\]{}\"\n\r\t&*!|>%@`\\]*[^\s?:#,\[\]{}\"&*!|>%@`\\])?")
_SPECIAL = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""What YAML does not print as is (controls, NEL, line and paragraph separators, BOM, surrogates): escaped."""
_MAY_NOT_BE_TEXT = re.compile(
    r"^(?:[0-9+.~-]|(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
    r"|on|On|ON|off|Off|OFF|null|Null|NULL)$)",
    re.MULTILINE,
)
"""A line YAML might read, unquoted, as other than text (a number, a date, a boolean, null): checked one by one."""
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


@functools.lru_cache(maxsize=65_536)
def _reads_as_text(text: str) -> bool:
    """Whether YAML reads *text*, unquoted, as text (not a number, date, boolean or null)."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR


class Slot:
    """The place of a text written later: an entry rendered with slots is a ``%`` format (:func:`as_format`)."""

    __slots__ = ()


SLOT = Slot()
_SLOT_MARK = "\x00"  # never in a scalar: a NUL is written \u0000


def as_format(text: str) -> str:
    """*text*, rendered with :data:`SLOT` values, as a ``%`` format taking them in order."""
    return text.replace("%", "%%").replace(_SLOT_MARK, "%s")


def scalar(value: Any) -> str:
    if type(value) is str:
        return _text(value)
    if value is SLOT:
        return _SLOT_MARK
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        text = repr(value)  # YAML 1.1 (PyYAML) reads 5e-324 as text: it wants 5.0e-324
        return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(str(value))


@functools.lru_cache(maxsize=65_536)
def _text(text: str) -> str:
    """A text as a YAML scalar: plain when it reads back as the same text, else quoted (cached: texts repeat)."""
    special = _SPECIAL.search(text) is not None
    plain = not special and _PLAIN.fullmatch(text) and ": " not in text and " #" not in text
    if plain and _reads_as_text(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _SPECIAL.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted) if special else quoted


def inline(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{scalar(k)}: {inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    return scalar(value)


def _nested(value: Any) -> bool:
    return isinstance(value, Mapping) and any(isinstance(v, (Mapping, list, tuple)) for v in value.values())


_NEVER_PLAIN = re.compile(r"[?:#,\[\]{}\"\n\r\t&*!|>%@`\\]")
"""A character :data:`_PLAIN` takes nowhere: a text with one is quoted."""


def text_scalars(texts: Sequence[str]) -> list[str]:
    """:func:`scalar` of each of *texts*, a block at once (a block with an unusual text: one by one)."""
    joined = "\n".join(texts)
    if not texts or _SPECIAL.search(joined) is not None or joined.count("\n") != len(texts) - 1:
        return list(map(scalar, texts))
    marked = list(map(_NEVER_PLAIN.search, texts))
    if all(marked):
        return _json_strings(list(texts))
    if not any(marked) and all(map(_PLAIN.fullmatch, texts)) and _MAY_NOT_BE_TEXT.search(joined) is None:
        return list(texts)
    return list(map(scalar, texts))


def _json_strings(texts: list[str]) -> list[str]:
    """``json.dumps`` of each text, in one call: items of a JSON list are split at the only ``", "`` it has."""
    if not texts:
        return []
    body = json.dumps(texts, ensure_ascii=False)[2:-2]
    return ['"' + part + '"' for part in body.split('", "')]


def id_scalars(ids: Sequence[str]) -> Sequence[str]:
    """Sensor ids as YAML scalars, a block at once: as they are, unless YAML might read one as other than text."""
    if _MAY_NOT_BE_TEXT.search("\n".join(ids)) is None:
        return ids
    return list(map(scalar, ids))


def coordinate_texts(values: Iterable[float]) -> list[str]:
    """Latitudes or longitudes as an entry writes them: 6 decimals at most (about 10 cm), no zero after the first.

    A whole block of them at once (the import's fast path writes a block of rows this way).
    """
    texts = list(map(str.rstrip, map("%.6f".__mod__, values), itertools.repeat("0")))
    if any(map(str.endswith, texts, itertools.repeat("."))):
        texts = [text + "0" if text.endswith(".") else text for text in texts]
    return texts


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def location_format(others: Mapping[str, Any]) -> str:
    """The ``location`` line of a place at ``%s``, ``%s`` (latitude, longitude) with *others* (address…)."""
    tail = "".join(f", {scalar(k)}: {inline(v)}" for k, v in others.items())
    return as_format(f"    location: {{lat: {_SLOT_MARK}, lon: {_SLOT_MARK}{tail}}}\n")


def key_text(key: str, value: Any, *, first: bool = False) -> str:
    """One key of an entry of the ``sensors:`` list, indented for it, its newline included."""
    lead = "  - " if first else "    "
    if key == "datachain" and _nested(value):
        return f"{lead}datachain:\n" + "".join(f"      {scalar(k)}: {inline(v)}\n" for k, v in value.items())
    if key == "location" and not first and isinstance(value, Mapping) and list(value)[:2] == ["lat", "lon"]:
        if _is_number(value["lat"]) and _is_number(value["lon"]):
            others = {k: v for k, v in value.items() if k not in ("lat", "lon")}
            return location_format(others) % tuple(coordinate_texts((value["lat"], value["lon"])))
    return f"{lead}{scalar(key)}: {inline(value)}\n"


def entry_text(data: Mapping[str, Any], comment: Iterable[str] = ()) -> str:
    """One entry of the ``sensors:`` list (its comment lines first), indented for it."""
    lines = "".join(f"  # {line}".rstrip() + "\n" for line in comment)
    return lines + "".join(key_text(key, value, first=not index) for index, (key, value) in enumerate(data.items()))
