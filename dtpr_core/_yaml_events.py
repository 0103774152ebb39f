"""A register's plain data built straight from libyaml's events, and where each part of it was written.

``yaml.compose`` keeps a node and two marks for every scalar (250 MB for 10,000 sensors).
Here the data is built as the events arrive, catching what PyYAML lets through (duplicate
keys, tags, merge keys, too-deep nesting; an alias is built once), and only the line and
column of each mapping's keys and values and of each list's items are kept
(:class:`~dtpr_core._yaml_places.Places`), enough to point a problem's path where the nodes would have.

A value whose key is refused is not built, as the nodes' builder did not build it; it is
kept as its events (rare) so that a later alias to an anchor inside it builds it then.
"""

from __future__ import annotations

import copy
import sys
from collections import ChainMap
from collections.abc import Callable, Container, MutableMapping
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from dtpr_core._yaml_places import Places, Value, line_column, packed
from dtpr_core.errors import Problem
from dtpr_core.nesting import MAX_DEPTH

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS: dict[str | None, Callable[[Any, Any], Any]] = dict(yaml.constructor.SafeConstructor.yaml_constructors)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_ENDS = (SequenceEndEvent, MappingEndEvent)
_DUPLICATE = "duplicate key '{}' (the later one would silently win)"
UNREADABLE = (ValueError, LookupError, AttributeError, TypeError, OverflowError, yaml.YAMLError)
"""What PyYAML's constructors raise for a value their tag cannot hold (``!!bool version``: ``KeyError``)."""

Event = Any
"""One of libyaml's events (``ScalarEvent``, ``MappingStartEvent``, ...), read by its type."""
Mark = Any


class TooDeep(Exception):
    """A collection nested deeper than :data:`~dtpr_core.nesting.MAX_DEPTH`, where it starts."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


class _Built:
    """An anchored collection already built: an alias to it is the same object."""

    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value


Anchor = Event | _Built | tuple[list[Event], int]
"""A scalar (built again at each alias, as the nodes' builder did), a built collection, or one not built
yet: the events of the refused value it was written in, and its start among them."""


class Builder:
    """Plain data from a stream of events: one value (:meth:`value`) from its first event on.

    *declared* (the live stream) holds each anchor's first mark, for the composer's errors
    (undefined alias, duplicate anchor); ``None`` when built again from kept events."""

    def __init__(
        self,
        next_event: Callable[[], Event],
        loader: Any,
        places: Places,
        anchors: MutableMapping[str, Anchor],
        problems: list[Problem],
        declared: dict[str, Mark] | None,
    ) -> None:
        self.next_event = next_event
        self.resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = loader.resolve
        self.resolved_first: Container[str] = loader.yaml_implicit_resolvers
        """The first characters of the plain scalars that may be other than text (``null``, ``1``, ``true``)."""
        if None in loader.yaml_implicit_resolvers or loader.yaml_path_resolvers:
            raise TypeError("a loader whose tags do not follow from a scalar's first character (safe loaders' do)")
        self.places = places
        self.anchors = anchors
        self.problems = problems
        self.declared = declared
        self.shapes: dict[str, Value] = {}
        """Where the parts of each anchored collection never built are (aliases in refused values)."""
        self.sandbox = False
        """Built only to know where a refused value's parts are: no limit raised, nothing reported."""

    def _spawn(
        self,
        next_event: Callable[[], Event],
        anchors: MutableMapping[str, Anchor],
        declared: dict[str, Mark] | None,
        *,
        sandbox: bool,
    ) -> Builder:
        """A builder of the same reading from other events (kept ones, or the stream for a refused value)."""
        builder = copy.copy(self)
        builder.next_event, builder.anchors, builder.declared, builder.sandbox = next_event, anchors, declared, sandbox
        if sandbox:
            builder.problems = []
        return builder

    def value(self, event: Event, depth: int) -> Value:
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None:
                self._declare(event)
                self.anchors[event.anchor] = event
            return self.scalar(event), packed(event.start_mark), True, event.value
        if kind is AliasEvent:
            return self._alias(event, depth)
        anchor = event.anchor
        if anchor is not None:
            known = self.anchors.get(anchor)
            if self.declared is None and isinstance(known, _Built):  # built again: the part built already
                self._skip_rest()
                return known.value
            self._declare(event)
        start = packed(event.start_mark)
        if depth == MAX_DEPTH:  # before recursing further: Python's stack is not the limit
            if not self.sandbox:
                raise TooDeep(start)
            self._skip_rest()
            return None, start, bool(event.flow_style), None
        if kind is SequenceStartEvent:
            return self._sequence(event, start, depth)
        return self._mapping(event, start, depth)

    def scalar(self, event: Event) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        start = packed(event.start_mark)
        construct = _SCALARS.get(tag)
        if tag == _MERGE:
            self._problem(start, "YAML merge keys (<<) are not supported; write the values out in full")
            return None
        if construct is None:
            self._problem(start, f"unsupported YAML tag {tag}; write plain values")
            return None
        try:
            return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, event.value, event.start_mark, None, event.style))
        except UNREADABLE:
            self._problem(start, f"cannot read the value {event.value!r}")
            return None

    def _sequence(self, event: Event, start: int, depth: int) -> Value:
        items: list[Any] = []
        built: Value = (items, start, bool(event.flow_style), None)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Built(built)
        positions: list[int] = []
        next_event, value, scalar, first = self.next_event, self.value, self.scalar, self.resolved_first
        depth += 1
        while True:
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent and event.anchor is None:
                tag = event.tag
                if tag == _STR or (tag is None and (not event.implicit[0] or event.value[:1] not in first)):
                    items.append(sys.intern(event.value))
                else:
                    items.append(scalar(event))
                mark = event.start_mark
                positions.append(mark.line << 32 | mark.column)
            elif kind is SequenceEndEvent:
                break
            else:
                item = value(event, depth)
                items.append(item[0])
                positions.append(item[1])
        if items:
            self.places.add(items, positions)
        return built

    def _mapping(self, event: Event, start: int, depth: int) -> Value:
        mapping: dict[Any, Any] = {}
        built: Value = (mapping, start, bool(event.flow_style), None)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Built(built)
        positions: list[int] = []  # key, then where to point, each entry
        entries: list[tuple[str | None, int, int, Any]] | None = None  # in full, once a key is not plain text
        next_event, scalar, first, depth = self.next_event, self.scalar, self.resolved_first, depth + 1
        problems, intern = self.problems, sys.intern
        while True:
            event = next_event()
            kind = type(event)
            if kind is MappingEndEvent:
                break
            if kind is ScalarEvent and event.anchor is None:
                text, tag, mark = event.value, event.tag, event.start_mark
                key_at = mark.line << 32 | mark.column
                if tag == _STR or (tag is None and (not event.implicit[0] or text[:1] not in first)):
                    text = key = intern(text)
                    refused = key in mapping and self._problem(key_at, _DUPLICATE.format(key))
                else:
                    before = len(problems)
                    key = scalar(event)
                    refused = self._refused_key(key, key_at, mapping, before)
            else:
                before = len(problems)
                key, key_at, _, text = self.value(event, depth)
                refused = self._refused_key(key, key_at, mapping, before)
            event = next_event()
            if refused:
                value, value_at, inline = self._refused(event, depth)
            else:
                if type(event) is ScalarEvent and event.anchor is None:
                    tag, inline = event.tag, True
                    if tag == _STR or (tag is None and (not event.implicit[0] or event.value[:1] not in first)):
                        value = intern(event.value)
                    else:
                        value = scalar(event)
                    value_at = packed(event.start_mark)
                else:
                    value, value_at, inline, _ = self.value(event, depth)
                mapping[key] = value
            point_at = value_at if inline else key_at
            if entries is None and not refused and key == text:
                positions.append(key_at)
                positions.append(point_at)
                continue
            if entries is None:  # the entries so far are plain: each key is its text
                entries = [
                    (k, positions[2 * i], positions[2 * i + 1], mapping[k])
                    for i, k in zip(range(len(positions) // 2), mapping, strict=False)
                ]
            entries.append((text, key_at, point_at, value))
        if entries is not None:
            self.places.add_entries(mapping, entries)
        elif mapping:
            self.places.add(mapping, positions)
        return built

    def _refused_key(self, key: Any, key_at: int, mapping: dict[Any, Any], before: int) -> bool:
        """Whether *key* is refused, each reason reported (*before*: the problems before it was built)."""
        if len(self.problems) > before:  # an unreadable key (a merge key <<): already reported
            return True
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            return self._problem(key_at, "a key must be plain text")
        return key in mapping and self._problem(key_at, _DUPLICATE.format(key))

    def _alias(self, event: Event, depth: int) -> Value:
        self._check_alias(event)
        name = event.anchor
        target = self.anchors[name]
        if isinstance(target, ScalarEvent):
            return self.scalar(target), packed(target.start_mark), True, target.value
        if isinstance(target, _Built):
            return target.value
        if self.sandbox:
            shape = self.shapes.get(name)
            if shape is None:
                shape = self.shapes[name] = self._again(target, depth)
            return shape
        return self._again(target, depth)

    def _again(self, kept: tuple[list[Event], int], depth: int) -> Value:
        """A part of a refused value built now (an alias to it), from its kept events."""
        events, index = kept
        rest = iter(events[index + 1 :])
        builder = self._spawn(rest.__next__, self.anchors, None, sandbox=self.sandbox)
        return builder.value(events[index], depth)

    def _refused(self, event: Event, depth: int) -> tuple[Any, int, bool]:
        """The value of a refused key: not built (nothing in it is reported), only located."""
        if type(event) is ScalarEvent:
            if event.anchor is not None:
                self._declare(event)
                self.anchors[event.anchor] = event
            return None, packed(event.start_mark), True
        if type(event) is AliasEvent:
            sandbox = self._spawn(self.next_event, ChainMap({}, self.anchors), self.declared, sandbox=True)
            value, start, inline, _ = sandbox.value(event, depth)
            return value, start, inline
        events = self._keep(event)
        sandbox = self._spawn(iter(events[1:]).__next__, ChainMap({}, self.anchors), None, sandbox=True)
        value, start, inline, _ = sandbox.value(events[0], depth)
        return value, start, inline

    def _keep(self, first: Event) -> list[Event]:
        """The events of a collection from *first* to its end, each anchor in it kept to be built later."""
        events = [first]
        level = 0
        event = first
        while True:
            kind = type(event)
            if kind is ScalarEvent or isinstance(event, CollectionStartEvent):
                if event.anchor is not None and self.declared is not None:
                    self._declare(event)
                    self.anchors[event.anchor] = event if kind is ScalarEvent else (events, len(events) - 1)
                level += kind is not ScalarEvent
            elif kind is AliasEvent:
                self._check_alias(event)
            elif isinstance(event, _ENDS):
                level -= 1
            if level == 0:
                return events
            event = self.next_event()
            events.append(event)

    def _skip_rest(self) -> None:
        """The rest of a collection whose start was read, when built again from kept events."""
        level = 1
        while level:
            event = self.next_event()
            if isinstance(event, CollectionStartEvent):
                level += 1
            elif isinstance(event, _ENDS):
                level -= 1

    def drain(self) -> None:
        """The rest of the document after a too-deep collection, checked as the composer would."""
        while True:
            event = self.next_event()
            if type(event) is DocumentEndEvent:
                return
            if type(event) is AliasEvent:
                self._check_alias(event)
            elif isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor is not None:
                self._declare(event)

    def _check_alias(self, event: Event) -> None:
        if self.declared is not None and event.anchor not in self.declared:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)

    def _declare(self, event: Event) -> None:
        if self.declared is None:
            return
        first = self.declared.get(event.anchor)
        if first is not None:
            raise ComposerError(
                "found duplicate anchor; first occurrence", first, "second occurrence", event.start_mark
            )
        self.declared[event.anchor] = event.start_mark

    def _problem(self, position: int, message: str) -> bool:
        """Reports *message* at *position*; ``True`` (the key it is about is refused)."""
        line, column = line_column(position)
        self.problems.append(Problem("error", message, (), line, column))
        return True


def read_document(loader: Any) -> tuple[Value | None, list[Problem], Places]:
    """The one document of *loader*'s stream as data (``None`` for an empty stream), its problems
    and places; raises :class:`yaml.YAMLError` as ``yaml.compose`` would, else :class:`TooDeep`."""
    next_event = loader.get_event
    places, problems = Places(), list[Problem]()
    next_event()  # the stream's start
    if type(next_event()) is StreamEndEvent:
        return None, problems, places
    first = next_event()  # the document's start was the one before
    builder = Builder(next_event, loader, places, {}, problems, {})
    deep: TooDeep | None = None
    try:
        root: Value | None = builder.value(first, 0)
    except TooDeep as error:
        deep, root = error, None
        builder.drain()
    else:
        next_event()  # the document's end
    after = next_event()
    if type(after) is not StreamEndEvent:
        raise ComposerError(
            "expected a single document in the stream", first.start_mark, "but found another document", after.start_mark
        )
    if deep is not None:
        raise deep
    return root, problems, places
