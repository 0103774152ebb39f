"""A sensor's own fields (name, description, place, dates…), written a block of rows at once.

Part of the import's fast path (:mod:`dtpr_import.alike`). A group of own fields
(:data:`dtpr_core.register.OWN_FIELDS`) is filled by some of the mapping's entries; each
row's is written and checked once for each set of cells that feeds it (through the
row-by-row conversion, :class:`~dtpr_import.convert.RowConverter`), or, when every entry
is a plain text from a column or a template (a name, an address), a whole column at a time:
the texts made as the conversion makes them, checked against the register's limits
(:data:`dtpr_core.register.OWN_TEXT_MAX`), written as :func:`~dtpr_import.emit.scalar` writes them.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dtpr_core.declare import TO_FILL
from dtpr_core.register import LOCATION_KEYS, OWN_TEXT_MAX, own_fields_problems
from dtpr_import.convert import TEXTS, Converted, RowConverter, TemplateValues, ordered
from dtpr_import.emit import SLOT, as_format, key_text, location_format, text_scalars
from dtpr_import.mapping import TEMPLATE_NAMES, FieldMap
from dtpr_import.tables import MAX_CELL, trim
from dtpr_import.templates import Template

MEMO_MAX = 8192
"""Own fields remembered (a group) before starting afresh: memory stays flat in the rows."""
ROW_NAMES = frozenset(TEMPLATE_NAMES)
Places = tuple[list[str], list[str]]
"""A block's latitudes and longitudes, written."""


def columns_of(field_maps: Iterable[FieldMap]) -> list[str]:
    """The columns *field_maps* read."""
    named = {column for f in field_maps for column in f.columns}
    named |= {name for f in field_maps if f.compiled is not None for name in f.compiled.columns}
    return sorted(named)


def reads_row(field_maps: Iterable[FieldMap]) -> bool:
    """Whether a template of *field_maps* reads ``row``, ``group`` or ``sheet``."""
    return any(f.compiled is not None and f.compiled.reads_row for f in field_maps)


@dataclass(frozen=True, slots=True)
class Own:
    """One own field of a row, written: its line ("" when not given; a place's is a format of its position)."""

    text: str
    token: Hashable
    """What the rules see of it besides itself (its languages, its keys): part of the row's shape."""


REFUSED: Hashable = object()
"""The token of own fields with a problem: their row goes through the whole path, which says what."""
_REFUSED = Own("", REFUSED)
_REFUSED_PLACE = Own("%.0s%.0s", REFUSED)
"""A place with a problem (its text takes the position as a place's does, and shows nothing)."""
_TEXT = operator.attrgetter("text")
_TOKEN = operator.attrgetter("token")


class _Memo(dict[Hashable, Own]):
    def __init__(self, make: Callable[[Hashable], Own]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Hashable) -> Own:
        if len(self) >= MEMO_MAX:
            self.clear()
        own = self[key] = self.make(key)
        return own


@dataclass(frozen=True, slots=True)
class _PlainText:
    """A mapping entry that writes an own text from a column or a template alone: read a block at once."""

    path: tuple[str, ...]
    """Where it goes: ``("name", "fr")``, ``("location", "address")``, ``("mounting",)``."""
    limit: int
    indexes: tuple[int, ...]
    """Where its columns are: those of the entry, or the names the template reads, in its order."""
    template: Template | None
    """The template (the one the row-by-row conversion renders), or ``None`` for a column."""


def _plain_text(field_map: FieldMap, converter: RowConverter) -> _PlainText | None:
    """*field_map* as a plain text, or ``None`` when it maps values, splits, types or defaults them."""
    to, header = field_map.to, converter.header
    key, _, sub = to.partition(".")
    if field_map.values is not None or field_map.split or field_map.kind != "text" or field_map.value is not None:
        return None
    if field_map.default is not None or key not in OWN_TEXT_MAX and to not in OWN_TEXT_MAX:
        return None
    path = (key, sub or "fr") if key in TEXTS else tuple(to.split("."))
    limit = OWN_TEXT_MAX[to if key == "location" else key]
    template = field_map.compiled
    if template is None:
        return _PlainText(path, limit, tuple(header.index(c) for c in field_map.columns), None)
    if template.reads_row or not template.names:
        return None  # the row's number or sheet, or no column: once for each row, by the memo
    return _PlainText(path, limit, tuple(header.index(name) for name in template.names), template)


def _plain_values(text: _PlainText, columns: Sequence[Sequence[str]]) -> list[str] | None:
    """The text of each row of a block, as the row-by-row conversion makes it; ``None`` for a cell too long."""
    cells = [list(map(str.strip, columns[index])) for index in text.indexes]
    if any(max(map(len, column), default=0) > MAX_CELL for column in cells):
        return None
    if text.template is None:
        return cells[0] if len(cells) == 1 else [next(filter(None, row), "") for row in zip(*cells, strict=True)]
    try:
        return text.template.texts(cells)
    except (ValueError, IndexError, KeyError, TypeError):
        return None  # the row-by-row conversion says what


def _said(cache: dict[str, str], texts: list[str]) -> list[str]:
    """The YAML scalars of *texts*, those already written taken from *cache* (kept under :data:`MEMO_MAX`)."""
    said = list(map(cache.get, texts))
    if None in said:
        unique = list(dict.fromkeys(text for text, known in zip(texts, said, strict=True) if known is None))
        if len(cache) + len(unique) > MEMO_MAX:
            cache.clear()
        cache.update(zip(unique, text_scalars(unique), strict=True))
        said = list(map(cache.__getitem__, texts))
    return said  # type: ignore[return-value]


class OwnFields:
    """A group of own fields (``name``; ``status``, ``installed_on``, ``retired_on``…): the mapping's entries
    that fill it, and each row's written once for each set of cells that feeds it."""

    def __init__(
        self, keys: tuple[str, ...], field_maps: list[FieldMap], converter: RowConverter, positioned: bool
    ) -> None:
        self.keys, self.field_maps, self.converter = keys, field_maps, converter
        self.positioned = positioned
        """``location`` with ``coordinates`` in the mapping: the text is a format of (latitude, longitude)."""
        self.columns = columns_of(field_maps)
        self.indexes = [converter.header.index(column) for column in self.columns]
        self.reads_row = reads_row(field_maps)
        self.memo = _Memo(self._make)
        plain = [text for f in field_maps if (text := _plain_text(f, converter)) is not None]
        paths = {text.path for text in plain}
        whole = len(plain) == len(field_maps) == len(paths) and "status" not in keys
        self.plain: list[_PlainText] | None = plain if whole else None
        """The group's entries when each is a plain text (a name, an address…): read a block at once."""
        self.layouts: dict[tuple[bool, ...], tuple[str, list[int]] | None] = {}
        self.said: list[dict[str, str]] = [{} for _ in plain]
        """Each plain text's values already written (a commune, an order reference recur)."""

    def texts(
        self, columns: Sequence[Sequence[str]], numbers: range, places: Places | None
    ) -> tuple[list[str], list[Hashable]]:
        """These fields of each row of a block, written, and what of them makes the row's shape."""
        if self.plain is not None:
            done = self._plain_texts(self.plain, columns, len(numbers), places)
            if done is not None:
                return done
        own = self.of(columns, numbers)
        texts = list(map(_TEXT, own))
        if self.positioned:
            assert places is not None
            texts = list(map(operator.mod, texts, zip(*places, strict=True)))
        return texts, list(map(_TOKEN, own))

    def _plain_texts(
        self, plain: list[_PlainText], columns: Sequence[Sequence[str]], count: int, places: Places | None
    ) -> tuple[list[str], list[Hashable]] | None:
        """:meth:`texts` a column at a time; ``None`` when a cell is unusual (the memo path takes the block)."""
        values = []
        for text in plain:
            made = _plain_values(text, columns)
            if made is None:
                return None
            values.append(made)
        patterns: list[Hashable] = list(zip(*(map(bool, made) for made in values), strict=True)) or [()] * count
        for text, made in zip(plain, values, strict=True):
            if max(map(len, made), default=0) > text.limit or any(map(str.startswith, made, itertools.repeat(TO_FILL))):
                for row, item in enumerate(made):
                    if len(item) > text.limit or item.startswith(TO_FILL):
                        patterns[row] = REFUSED
        said = [_said(cache, made) for cache, made in zip(self.said, values, strict=True)]
        lead = list(places) if self.positioned and places is not None else []
        layouts = [self._layout(pattern) for pattern in dict.fromkeys(patterns)]
        if len(layouts) == 1 and layouts[0] is not None:
            template, order = layouts[0]
            given = list(zip(*lead, *(said[i] for i in order), strict=True)) or [()] * count
            return list(map(operator.mod, itertools.repeat(template, count), given)), patterns
        texts: list[str] = []
        for row, pattern in enumerate(patterns):
            layout = self._layout(pattern)
            if layout is None:
                texts.append("")
                continue
            template, order = layout
            texts.append(template % (*(column[row] for column in lead), *(said[i][row] for i in order)))
        return texts, patterns

    def _layout(self, pattern: Hashable) -> tuple[str, list[int]] | None:
        """The group's text for rows that give these plain texts (a ``%`` format), and the order it takes them in."""
        if pattern is REFUSED:
            return None
        assert isinstance(pattern, tuple) and self.plain is not None
        if pattern not in self.layouts:
            data: dict[str, Any] = {}
            for index, (text, given) in enumerate(zip(self.plain, pattern, strict=True)):
                if given:
                    *parents, last = text.path
                    holder = data
                    for part in parents:
                        holder = holder.setdefault(part, {})
                    holder[last] = index
            if "location" in data:
                data["location"] = ordered(data["location"], LOCATION_KEYS)
            order = [index for key in self.keys for index in _indexes(data.get(key))]
            checked = {key: _filled(value, "x") for key, value in data.items()}
            if self.positioned:
                checked["location"] = {"lat": 0.0, "lon": 0.0, **checked.get("location", {})}
            problems = own_fields_problems(checked) if checked else []
            if any(problem.is_error for problem in problems):
                self.layouts[pattern] = None
            else:
                parts = []
                for key in self.keys:
                    if key == "location" and self.positioned:
                        parts.append(location_format(_filled(data.get("location", {}), SLOT)))
                    elif key in data:
                        parts.append(as_format(key_text(key, _filled(data[key], SLOT))))
                self.layouts[pattern] = ("".join(parts), order)
        return self.layouts[pattern]

    def of(self, columns: Sequence[Sequence[str]], numbers: range) -> list[Own]:
        """These fields of each row of a block (given column by column), through the row-by-row conversion."""
        cells = [columns[index] for index in self.indexes]
        if self.reads_row:
            keys: Iterable[Hashable] = zip(*cells, numbers, strict=True)
        elif not cells:
            return [self.memo[()]] * len(numbers)
        elif len(cells) == 1:
            keys = cells[0]
        else:
            keys = zip(*cells, strict=True)
        return list(map(self.memo.__getitem__, keys))

    def _make(self, key: Hashable) -> Own:
        cells: tuple[Any, ...] = key if isinstance(key, tuple) else (key,)
        number = cells[-1] if self.reads_row else 0
        converter = self.converter
        values = TemplateValues({column: trim(cell) for column, cell in zip(self.columns, cells, strict=False)})
        values.update(row=number, group=1, sheet=converter.sheet)
        out = Converted(None, None, converter.file, converter.sheet, number, 0)
        data: dict[str, Any] = {}
        for field_map in self.field_maps:
            converter.apply(field_map, values, data, out, number)
        refused = _REFUSED_PLACE if self.positioned else _REFUSED
        if out.problems:
            return refused
        texts: list[str] = []
        tokens: list[Hashable] = []
        checked: dict[str, Any] = {}
        for name in self.keys:
            value = data.get(name)
            if name == "location" and self.positioned:
                others = ordered({k: v for k, v in (value or {}).items() if k not in ("lat", "lon")}, LOCATION_KEYS)
                checked[name] = {"lat": 0.0, "lon": 0.0, **others}
                texts.append(location_format(others))
                tokens.append(tuple(others))
            elif value is not None:
                value = checked[name] = ordered(value, LOCATION_KEYS) if name == "location" else value
                texts.append(key_text(name, value))
                tokens.append(tuple(value) if isinstance(value, Mapping) else True)
            else:
                tokens.append(None)
        if checked and any(problem.is_error for problem in own_fields_problems(checked)):
            return refused
        return Own("".join(texts), tuple(tokens))


def _indexes(value: object) -> list[int]:
    if isinstance(value, int):
        return [value]
    return [item for item in value.values() if isinstance(item, int)] if isinstance(value, Mapping) else []


def _filled(value: Any, text: Any) -> Any:
    """*value* with each entry's index replaced by *text*."""
    if isinstance(value, Mapping):
        return {key: _filled(item, text) for key, item in value.items()}
    return text
