"""The register's former reader, kept here only as the reference of the event-based one.

``yaml.compose`` builds libyaml's whole node tree; plain data is built from the nodes and a
problem's path is mapped back to the node it names. ``dtpr_core.yaml_source`` no longer keeps
the tree (250 MB for 10,000 sensors); ``test_reader_events`` checks that it gives the same data
and the same problems, at the same lines and columns, as this did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import yaml

from dtpr_core._yaml_events import UNREADABLE
from dtpr_core.errors import Problem
from dtpr_core.nesting import MAX_DEPTH, TOO_DEEP
from dtpr_core.register import parse_register
from dtpr_core.register_po import coverage
from dtpr_core.yaml_source import RegisterResult, _Loader, _syntax_problem

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS: dict[str | None, Callable[[Any, Any], Any]] = dict(yaml.constructor.SafeConstructor.yaml_constructors)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        super().__init__(TOO_DEEP)
        self.node = node


class NodeBuilder:
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
        if depth == MAX_DEPTH:
            raise TooDeep(node)
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
            if len(self.problems) > before:
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
        except UNREADABLE:  # as the event-based reader (KeyError and others were raised out before)
            self._problem(node, f"cannot read the value {node.value!r}")
            return None

    def _problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem("error", message, (), mark.line + 1, mark.column + 1))


def _child(node: yaml.Node, part: str | int, at_key: bool) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                inline = isinstance(value_node, yaml.ScalarNode) or value_node.flow_style
                return (value_node if inline and not at_key else key_node), value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], node.value[part]
    return None


def locate(root: yaml.Node | None, problem: Problem) -> tuple[int, int]:
    if root is None:
        return 1, 1
    node, pointed = root, root
    for index, part in enumerate(problem.path):
        step = _child(node, part, problem.at_key and index == len(problem.path) - 1)
        if step is None:
            break
        pointed, node = step
    return pointed.start_mark.line + 1, pointed.start_mark.column + 1


def read_nodes(text: str) -> tuple[Any, list[Problem]] | Problem:
    """The data and the YAML layer's problems, or the one problem that stops the reading."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        return _syntax_problem(error, text)
    builder = NodeBuilder()
    try:
        return (builder.build(root) if root is not None else None), builder.problems
    except TooDeep as deep:
        mark = deep.node.start_mark
        return Problem("error", f"YAML {TOO_DEEP}", (), mark.line + 1, mark.column + 1)


def load_with_nodes(text: str) -> RegisterResult:
    """:func:`dtpr_core.yaml_source.load_register_text` as it was (no catalogues, no size limit)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        return RegisterResult(None, [_syntax_problem(error, text)])
    builder = NodeBuilder()
    try:
        data = builder.build(root) if root is not None else None
    except TooDeep as deep:
        mark = deep.node.start_mark
        return RegisterResult(None, [Problem("error", f"YAML {TOO_DEEP}", (), mark.line + 1, mark.column + 1)])
    if data is None and not builder.problems:
        return RegisterResult(None, [Problem("error", "the file is empty: it needs a 'sensors:' list", (), 1, 1)])
    translated = coverage(data)
    register, problems = parse_register(data)
    located = [replace(p, line=line, column=column) for p in problems for line, column in [locate(root, p)]]
    problems = builder.problems + located
    if builder.problems:
        register = None
    return RegisterResult(register, sorted(problems, key=lambda p: (p.line or 0, p.column or 0)), translated)
