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
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

_PLAIN = re.compile(r"[^\W_](?:[^?:#,\[\]{}\"\n\r\t&*!|>%@`\\]*[^\s?:#,\[\]{}\"&*!|>%@`\\])?")
_SPECIAL = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""What YAML does not print as is (controls, NEL, line and paragraph separators, BOM, surrogates): escaped."""
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


@functools.lru_cache(maxsize=65_536)
def _reads_as_text(text: str) -> bool:
    """Whether YAML reads *text*, unquoted, as text (not a number, date, boolean or null)."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR


def scalar(value: Any) -> str:
    if type(value) is str:
        return _text(value)
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


def entry_lines(data: Mapping[str, Any]) -> Iterable[str]:
    """The lines of one entry of the ``sensors:`` list, at the list's own indentation (no indent)."""
    lead = "- "
    for key, value in data.items():
        if key == "datachain" and _nested(value):
            yield f"{lead}{scalar(key)}:"
            yield from (f"    {scalar(k)}: {inline(v)}" for k, v in value.items())
        else:
            yield f"{lead}{scalar(key)}: {inline(value)}"
        lead = "  "
