"""The register read from libyaml's events gives what the node tree gave: data, problems, lines, columns.

``tests/domain/node_reader.py`` is the former reader (``yaml.compose`` and a build from
its nodes), kept only as this reference.
"""

from __future__ import annotations

import math
import types
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dtpr_core._yaml_events import TooDeep, read_document
from dtpr_core._yaml_places import line_column
from dtpr_core.errors import Problem
from dtpr_core.nesting import TOO_DEEP
from dtpr_core.yaml_source import _Loader, _syntax_problem, load_register_text
from tests.domain.node_reader import load_with_nodes, read_nodes
from tests.domain.registers import VALID, edited, line_of, the_problem
from tests.strategies import edited_register_texts, yamlish_texts

HEAVY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_events(text: str) -> tuple[Any, list[Problem]] | Problem:
    loader = _Loader(text)
    try:
        root, problems, _ = read_document(loader)
    except yaml.YAMLError as error:
        return _syntax_problem(error, text)
    except TooDeep as deep:
        line, column = line_column(deep.position)
        return Problem("error", f"YAML {TOO_DEEP}", (), line, column)
    finally:
        loader.dispose()
    return (root[0] if root is not None else None), problems


def shape(value: Any, seen: dict[int, int] | None = None) -> Any:
    """*value* comparable with ``==``: each container numbered when first met, then named by its
    number (an alias is the same object; a cycle ends), NaN and generators (``!!map`` on a scalar) named."""
    seen = {} if seen is None else seen
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            return ("same as", seen[id(value)])
        seen[id(value)] = len(seen)
        if isinstance(value, dict):
            return ("mapping", [(shape(k, seen), shape(v, seen)) for k, v in value.items()])
        return ("list", [shape(item, seen) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    if isinstance(value, types.GeneratorType):
        return ("generator",)
    return (type(value).__name__, value)


def outcome(read: tuple[Any, list[Problem]] | Problem) -> Any:
    if isinstance(read, Problem):
        return read
    data, problems = read
    return shape(data), problems


def said(problems: list[Problem]) -> list[tuple[Any, ...]]:
    return [(p.severity, p.message, p.path, p.at_key, p.line, p.column) for p in problems]


def assert_read_alike(text: str) -> None:
    assert outcome(read_events(text)) == outcome(read_nodes(text))
    new, old = load_register_text(text), load_with_nodes(text)
    assert said(new.problems) == said(old.problems)
    assert new.register == old.register and new.translated == old.translated


@HEAVY
@given(edited_register_texts())
def test_edited_registers_read_as_the_nodes_read_them(text: str) -> None:
    assert_read_alike(text)


@HEAVY
@given(yamlish_texts)
def test_yamlish_texts_read_as_the_nodes_read_them(text: str) -> None:
    assert_read_alike(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_reads_as_the_nodes_read_it(text: str) -> None:
    assert_read_alike(text)


SENSOR_AT = "  - id: ANG-T-0001\n"


@pytest.mark.parametrize(
    "text",
    [
        # a refused key whose text a later key repeats: the path goes through the refused one, as the nodes did
        edited(("    status: active", "    !!foo location: {lat: 1000}\n    status: active")),
        edited(("    status: active", "    !!foo location:\n      lat: 1000\n    status: active")),
        edited(("    status: active", "    <<: {mounting: Mât}\n    '<<': x\n    status: active")),
        edited(("    status: active", "    ? [a]\n    : &r {lat: 1}\n    extra: *r\n    status: active")),
        # an anchor inside a refused value, built where an alias first names it (its problems then)
        edited(("    status: active", "    ? [a]\n    : {b: &g [!!foo x, 1]}\n    extra: *g\n    status: active")),
        edited(("    status: active", "    ? [a]\n    : {b: &g [*g, !!foo y]}\n    c: [*g, *g]\n    status: active")),
        edited(("    status: active", "    ? [a]\n    : [&h {x: !!foo 1}]\n    ? [b]\n    : *h\n    d: *h")),
        "? [a]\n: &outer [&inner [!!foo x], 1]\nb: *inner\nc: *outer\nd: *outer\nsensors: []\n",
        "? [a]\n: &s !!foo x\nb: *s\nsensors: []\n",
        "? [a]\n: {x: &p [1]}\n? [b]\n: *p\nsensors: [*p]\n",
        # paths the places do not hold: a key the file does not have, an item past the end, a text for an index
        "1: a\nsensors: [{id: x}]\n",
        "sensors: {0: {id: x}}\n",
        # aliases: of keys, of scalars with a problem, recursive, of a key refused as a duplicate
        "a: &k x\n*k : 1\nsensors: []\n",
        "a: &t !!foo x\nb: *t\nc: [*t, *t]\nsensors: []\n",
        "a: &r [1, *r]\nb: &m {x: *m}\nsensors: []\n",
        "a: &k {x: 1}\n? *k\n: 2\nsensors: []\n",
        "sensors: []\nsensors: &d [1]\nx: *d\n",
        # composer errors, in any order with the rest
        "a: &x 1\nb: &x 2\n",
        "a: *y\n",
        "a: 1\n---\nb: 2\n",
        "a: " + "[" * 40 + "]" * 40 + "\nb: *nowhere\n",
        "a: " + "[" * 40 + "]" * 40 + "\n---\nb: 2\n",
        "a: " + "[" * 40 + "]" * 40 + "\nb: [\n",
        "a: " + "[" * 40 + "]" * 40 + "\nb: &x 1\nc: &x 2\n",
        "a: &x " + "[" * 40 + "]" * 40 + "\nb: *x\n",
        "a: &deep " + "[" * 31 + "]" * 31 + "\nb: [*deep]\nsensors: []\n",
        "a: &deep " + "[" * 30 + "]" * 30 + "\nb: [[*deep]]\nsensors: []\n",
        "? [a]\n: " + "[" * 40 + "]" * 40 + "\nsensors: []\n",
        # scalars and documents
        "--- !!str\n",
        "!!map\n",
        "--- &a [*a]\n",
        "sensors: [!!binary aGVsbG8=, !!set {a}, !!omap [], !!timestamp 2024-02-30, !!int 1_0, !!float .5]\n",
        "sensors: []\n1: a\n'1': b\ntrue: c\n~: d\n1.0: e\n",
        VALID + SENSOR_AT.replace("  - ", "  - &s ") + "    name: x\n  - *s\n",
    ],
)
def test_the_hard_cases_read_as_the_nodes_read_them(text: str) -> None:
    assert_read_alike(text)


def test_no_node_tree_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reading never composes nodes for collections (a register's memory was its node tree)."""

    def no_nodes(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a node tree was composed")

    monkeypatch.setattr(yaml, "compose", no_nodes)
    monkeypatch.setattr(yaml.MappingNode, "__init__", no_nodes)
    monkeypatch.setattr(yaml.SequenceNode, "__init__", no_nodes)
    assert load_register_text(VALID).ok


@pytest.mark.parametrize(
    ("old", "new", "message", "needle"),
    [
        ("    status: active", "    !!bool status: active", "cannot read the value 'status'", "!!bool"),
        ("lat: 47.47", "lat: !!timestamp north", "cannot read the value 'north'", "!!timestamp"),
        ("    status: active", "    mounting: &m [*m]\n    status: active", "mounting must be text, not a list", "&m"),
    ],
)
def test_what_raised_out_of_the_reader_is_a_located_problem(old: str, new: str, message: str, needle: str) -> None:
    """A tag its value cannot hold raised ``KeyError`` or ``AttributeError``; an alias inside its own
    anchor in a sensor, ``RecursionError``: ``dtpr validate`` stopped with a traceback."""
    text = edited((old, new))
    problem = the_problem(text, message)
    assert problem.line == line_of(text, needle)
