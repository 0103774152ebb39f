"""How deep outside input may nest: announcements (JSON) and registers (YAML) alike.

A register or an announcement needs a handful of levels (``sensors[0].datachain.purpose[0]``
is four). Anything deeper is refused where it is read, with a clear reason, before any
recursive code walks it (Python's stack ends near 1,000 levels: ``RecursionError``).
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 32
"""Levels of lists and mappings accepted in outside input."""
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep (a register or an announcement needs a few)"


def deeper_than(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether *value* (parsed JSON or YAML) nests lists and dicts more than *limit* levels; no recursion."""
    level: list[Any] = [value] if isinstance(value, (dict, list)) else []
    for _ in range(limit):  # after each step: the containers one level further in
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, (dict, list))
        ]
        if not level:
            return False
    return bool(level)
