"""Reading ``sensors.yaml``: YAML text -> register, every problem with its line and column.

libyaml (``CSafeLoader``) parses the text into events; plain data is built from them
(``_yaml_events``, catching duplicate keys, which PyYAML silently drops) with no node
tree kept, only where each part starts, and a problem's path is mapped back to its place
only when there is a problem.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from babel.messages.catalog import Catalog

from dtpr_core._yaml_events import TooDeep, read_document
from dtpr_core._yaml_places import Places, Value, line_column
from dtpr_core.errors import Problem
from dtpr_core.model import Register
from dtpr_core.nesting import TOO_DEEP
from dtpr_core.register import parse_register
from dtpr_core.register_po import apply_catalogues, catalogues_beside, coverage

_TAGS_MAX = 1 << 16
_scalar_tags: dict[tuple[str, Any], str] = {}
"""A plain scalar's tag by its text: a register says ``fr``, ``element`` or ``personal`` thousands of times."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader (the pure-Python one without libyaml), each scalar's tag resolved once."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _scalar_tags.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_scalar_tags) < _TAGS_MAX:
                _scalar_tags[key] = tag
        return tag


MAX_BYTES = 256 * 1024 * 1024
"""The largest register read, in UTF-8 bytes (the imports check their result against it too)."""


def too_large(size: int) -> Problem | None:
    """The problem of a register of *size* UTF-8 bytes, if it is over :data:`MAX_BYTES`."""
    if size <= MAX_BYTES:
        return None
    return Problem(
        "error", f"file too large ({size / 2**20:.0f} MiB; a register is read up to {MAX_BYTES // 2**20} MiB)", (), 1, 1
    )


def utf8_size(text: str) -> int:
    """*text*'s size in UTF-8 bytes (counted without encoding when it cannot matter)."""
    return len(text) if len(text) <= MAX_BYTES // 4 else len(text.encode("utf-8", "surrogatepass"))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a register is read: its data and places hold no cycle, and
    each collection would walk them all again (a 10,000-sensor register was read 2.5 times slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class RegisterResult:
    register: Register | None
    problems: list[Problem]
    translated: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per language: (free texts in it, free texts), translations/<lang>.po applied (``dtpr validate``)."""

    @property
    def ok(self) -> bool:
        return self.register is not None and not any(p.is_error for p in self.problems)


def _syntax_problem(error: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    else:
        position = getattr(error, "position", 0) or 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    if "maximum nesting depth" in reason:  # libyaml's own bound (1,000 levels): said as ours is
        return Problem("error", f"YAML {TOO_DEEP}", (), line, column)
    context = getattr(error, "context", None)
    message = f"YAML syntax: {reason}" + (f" ({context})" if context else "")
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1]:
        message += "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in message:
        message += "; put text that contains ': ' in quotes, or check the indentation"
    return Problem("error", message, (), line, column)


def load_register_text(
    text: str, catalogues: Mapping[str, Catalog] | None = None, *, migration: bool = False
) -> RegisterResult:
    """Parse and validate a register, its free texts' *catalogues* applied; never raises for any input text.

    *migration*: warn about what an old register should move to the structured fields."""
    large = too_large(utf8_size(text))
    if large is not None:
        return RegisterResult(None, [large])
    with _collector_paused():
        return _load(text, catalogues, migration)


def _load(text: str, catalogues: Mapping[str, Catalog] | None, migration: bool) -> RegisterResult:
    loader = _Loader(text)
    try:
        root, yaml_problems, places = read_document(loader)
    except yaml.YAMLError as error:
        return RegisterResult(None, [_syntax_problem(error, text)])
    except TooDeep as deep:
        line, column = line_column(deep.position)
        return RegisterResult(None, [Problem("error", f"YAML {TOO_DEEP}", (), line, column)])
    finally:
        loader.dispose()
    data = root[0] if root is not None else None
    if data is None and not yaml_problems:
        return RegisterResult(None, [Problem("error", "the file is empty: it needs a 'sensors:' list", (), 1, 1)])
    if catalogues:
        apply_catalogues(data, catalogues)
    translated = coverage(data)
    register, problems = parse_register(data, migration=migration)
    located = [replace(p, line=line, column=column) for p in problems for line, column in [_locate(root, places, p)]]
    problems = yaml_problems + located
    if yaml_problems:
        register = None
    return RegisterResult(register, sorted(problems, key=lambda p: (p.line or 0, p.column or 0)), translated)


def _locate(root: Value | None, places: Places, problem: Problem) -> tuple[int, int]:
    return (1, 1) if root is None else places.locate(root, problem.path, problem.at_key)


def load_register_file(path: str, *, migration: bool = False) -> RegisterResult:
    """Read *path* (UTF-8) and validate it; unreadable files become one problem."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
            large = too_large(max(len(raw), os.fstat(handle.fileno()).st_size))
    except OSError as error:
        return RegisterResult(None, [Problem("error", f"cannot read the file: {error.strerror}", (), 1, 1)])
    if large is not None:  # never read in part: the cut would be said as a syntax error at its end
        return RegisterResult(None, [large])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return RegisterResult(None, [Problem("error", "the file is not UTF-8 text; save it as UTF-8", (), line, 1)])
    catalogues, unreadable = catalogues_beside(path)
    result = load_register_text(text.removeprefix("\ufeff"), catalogues, migration=migration)
    if unreadable:
        return RegisterResult(None, unreadable + result.problems, result.translated)
    return result
