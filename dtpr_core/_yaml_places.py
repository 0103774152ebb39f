"""Where each part of a register's data was written, kept compactly while it is read (``_yaml_events``).

A position is a line and a column packed in one integer (:func:`packed`); the positions of a
mapping's keys and values and of a list's items are kept in one array, after the container's
``id()``, rather than in a node and two marks for every scalar as ``yaml.compose`` does.
"""

from __future__ import annotations

from array import array
from typing import Any

from dtpr_core.errors import Path

Value = tuple[Any, int, bool, str | None]
"""A built value, where it starts (:func:`packed`), whether it is written inline, and its text (a scalar)."""


def packed(mark: Any) -> int:
    """A YAML mark's 0-based line and column in one integer."""
    return int(mark.line) << 32 | int(mark.column)


def line_column(position: int) -> tuple[int, int]:
    """A packed position as a 1-based (line, column)."""
    return (position >> 32) + 1, (position & 0xFFFFFFFF) + 1


class Places:
    """Where each built mapping's keys and values and each list's items start.

    A mapping whose keys are all plain text, none refused, keeps two packed positions an entry
    (its key; its value if written inline, else its key), a list one an item, in :attr:`marks`
    after the container's ``id()`` and count; a mapping with any other key keeps each entry in
    full (its key's text, the two positions, its value) in :attr:`entries`. The containers are
    kept alive so that no other object takes their ``id()``; the index by ``id()`` is made at
    the first problem to locate."""

    def __init__(self) -> None:
        self.marks = array("Q")
        self.entries: dict[int, tuple[tuple[str | None, int, int, Any], ...]] = {}
        self.kept: list[Any] = []
        self._starts: dict[int, int] | None = None

    def add(self, container: Any, positions: list[int]) -> None:
        self.kept.append(container)
        self.marks.append(id(container))
        self.marks.append(len(positions))
        self.marks.extend(positions)

    def add_entries(self, mapping: dict[Any, Any], entries: list[tuple[str | None, int, int, Any]]) -> None:
        self.kept.append(mapping)
        self.entries[id(mapping)] = tuple(entries)

    def _start(self, container: Any) -> int | None:
        """Where *container*'s count is in :attr:`marks`, if it was added."""
        if self._starts is None:
            self._starts, marks, index = {}, self.marks, 0
            while index < len(marks):
                self._starts[marks[index]] = index + 1
                index += 2 + marks[index + 1]
        return self._starts.get(id(container))

    def locate(self, root: Value, path: Path, at_key: bool) -> tuple[int, int]:
        """Where *path* points, as the nodes did: a block collection at its key, an inline value at
        the value, *at_key* at the last key; a path that stops early at the deepest part found."""
        current, pointed = root[0], root[1]
        for index, part in enumerate(path):
            step = self._child(current, part, at_key and index == len(path) - 1)
            if step is None:
                break
            pointed, current = step
        return line_column(pointed)

    def _child(self, container: Any, part: str | int, at_key: bool) -> tuple[int, Any] | None:
        wanted = str(part)
        entries = self.entries.get(id(container))
        if entries is not None:
            for text, key_at, point_at, value in entries:
                if text == wanted:
                    return (key_at if at_key else point_at), value
            return None
        start = self._start(container)
        if start is None:
            return None
        count, marks = self.marks[start], self.marks
        if isinstance(container, dict):
            for index, key in zip(range(count), container, strict=False):  # keys added later are not the file's
                if key == wanted:
                    return marks[start + 1 + 2 * index + (0 if at_key else 1)], container[key]
            return None
        if isinstance(part, int) and 0 <= part < count:
            return marks[start + 1 + part], container[part]
        return None
