"""Reading ``sensors.yaml``: YAML text -> register, every problem with its line and column.

The YAML is composed once by libyaml (``CSafeLoader``) into a node tree; plain data
is built from the nodes here (catching duplicate keys, which PyYAML silently drops),
and a problem's path is mapped back to the node it names only when there is a problem.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from babel.messages.catalog import Catalog

from dtpr_core.errors import Problem
from dtpr_core.model import Register
from dtpr_core.nesting import MAX_DEPTH, TOO_DEEP
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


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS: dict[str | None, Callable[[Any, Any], Any]] = dict(yaml.constructor.SafeConstructor.yaml_constructors)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
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
    """The cyclic garbage collector off while a register is read: its nodes and data hold no cycle, and
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


class _TooDeep(Exception):
    """A collection nested deeper than :data:`~dtpr_core.nesting.MAX_DEPTH`: one located error."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__(TOO_DEEP)
        self.node = node


class _Builder:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.memo: dict[int, Any] = {}

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            return self._scalar(node)
        known = self.memo.get(id(node))
        if known is not None:
            return known
        if depth == MAX_DEPTH:  # before recursing further: Python's stack is not the limit
            raise _TooDeep(node)
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.memo[id(node)] = items
            items.extend(self.build(child, depth + 1) for child in node.value)
            return items
        mapping: dict[Any, Any] = {}
        self.memo[id(node)] = mapping
        for key_node, value_node in node.value:
            before = len(self.problems)
            key = self.build(key_node, depth + 1)
            if len(self.problems) > before:  # an unreadable key (a merge key <<): already reported
                continue
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                self._problem(key_node, "a key must be plain text")
                continue
            if key in mapping:
                self._problem(key_node, f"duplicate key '{key}' (the later one would silently win)")
                continue
            mapping[key] = self.build(value_node, depth + 1)
        return mapping

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        construct = _SCALARS.get(node.tag)
        if node.tag == _MERGE:
            self._problem(node, "YAML merge keys (<<) are not supported; write the values out in full")
            return None
        if construct is None:
            self._problem(node, f"unsupported YAML tag {node.tag}; write plain values")
            return None
        try:
            return construct(_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError, OverflowError):
            self._problem(node, f"cannot read the value {node.value!r}")
            return None

    def _problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem("error", message, (), mark.line + 1, mark.column + 1))


def _child(node: yaml.Node, part: str | int, at_key: bool) -> tuple[yaml.Node, yaml.Node] | None:
    """(where to point, where to descend) for one step of a path."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                # a block collection starts on the next line: point at its key instead
                inline = isinstance(value_node, yaml.ScalarNode) or value_node.flow_style
                return (value_node if inline and not at_key else key_node), value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], node.value[part]
    return None


def _locate(root: yaml.Node | None, problem: Problem) -> tuple[int, int]:
    if root is None:
        return 1, 1
    node, pointed = root, root
    for index, part in enumerate(problem.path):
        step = _child(node, part, problem.at_key and index == len(problem.path) - 1)
        if step is None:
            break
        pointed, node = step
    return pointed.start_mark.line + 1, pointed.start_mark.column + 1


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
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        return RegisterResult(None, [_syntax_problem(error, text)])
    except RecursionError:  # the pure-Python composer (no libyaml), past Python's stack
        return RegisterResult(None, [Problem("error", f"YAML {TOO_DEEP}", (), 1, 1)])
    builder = _Builder()
    try:
        data = builder.build(root) if root is not None else None
    except _TooDeep as deep:
        mark = deep.node.start_mark
        return RegisterResult(None, [Problem("error", f"YAML {TOO_DEEP}", (), mark.line + 1, mark.column + 1)])
    if data is None and not builder.problems:
        return RegisterResult(None, [Problem("error", "the file is empty: it needs a 'sensors:' list", (), 1, 1)])
    if catalogues:
        apply_catalogues(data, catalogues)
    translated = coverage(data)
    register, problems = parse_register(data, migration=migration)
    located = [replace(p, line=line, column=column) for p in problems for line, column in [_locate(root, p)]]
    problems = builder.problems + located
    if builder.problems:
        register = None
    return RegisterResult(register, sorted(problems, key=lambda p: (p.line or 0, p.column or 0)), translated)


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
