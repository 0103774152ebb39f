"""A mapping's templates (``id``, and ``template:`` of a field), compiled once and rendered by both paths.

A template is text with ``{Column}`` names (str.format's syntax: ``{row:04}``, ``{{`` for a
brace) and **optional parts** in square brackets: ``"Arrêté n° {Numéro}[ du {Date}]"``
writes `` du …`` only on a row where every column the part names is given. ``[[`` and ``]]``
write a bracket. Outside brackets is the *required* part: a field's template gives no text on
a row where every column of it is empty (a template whose required part names no column is
always written), and an id made from such a row is empty.

:func:`compile_template` reads the text once into a :class:`Template`: the names it reads, in
order, and for each set of optional parts written a positional format (``"Arrêté n° {0}"``,
``"Arrêté n° {0} du {1}"``). The row-by-row conversion renders one row with
:meth:`Template.text` (or :meth:`Template.raw` for an id), the fast path a block's columns
with :meth:`Template.texts`: the same formats, the same rules.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ROW_NAMES = ("row", "group", "sheet")
"""Names a template reads besides columns: the row's number, its group in a wide row, the sheet."""
SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break space a French text needs
MAX_OPTIONAL = 8
_SAMPLES: Mapping[str, object] = {"row": 1, "group": 1}
"""What a name holds, to try its format when compiling: a number for these, text for the others."""


class TemplateError(ValueError):
    """A template that cannot be read: says where and how to write it."""


@dataclass(frozen=True, slots=True)
class Template:
    """A compiled template (see the module's documentation)."""

    source: str
    """The template as the mapping writes it."""
    names: tuple[str, ...]
    """Every name read (columns, ``row``, ``group``, ``sheet``), each once, in order of first use."""
    pieces: tuple[tuple[int, str], ...]
    """The text in pieces, each a positional format over :attr:`names`: -1 for the required part, k for
    the k-th optional part."""
    optional: tuple[tuple[int, ...], ...]
    """For each optional part, the places in :attr:`names` of the columns it names."""
    required: tuple[int, ...]
    """The places of the columns named outside brackets."""
    formats: Mapping[tuple[bool, ...], str] = field(default_factory=dict, compare=False)
    """The positional format for each set of optional parts written (a flag each), made when compiled."""

    @property
    def columns(self) -> frozenset[str]:
        """The columns it reads (the header must have each)."""
        return frozenset(self.names) - frozenset(ROW_NAMES)

    @property
    def reads_row(self) -> bool:
        """Whether it reads ``row``, ``group`` or ``sheet`` (not a column's cells alone)."""
        return not frozenset(ROW_NAMES).isdisjoint(self.names)

    def format_for(self, written: tuple[bool, ...]) -> str:
        """The positional format of the text with the optional parts *written* (one flag each)."""
        return self.formats[written]

    def raw(self, values: Mapping[str, Any]) -> str:
        """The text for one row's *values* (by name), optional parts resolved, spaces as they are."""
        args = [values[name] for name in self.names]
        return self.format_for(self._written(args)).format(*args)

    def given(self, values: Mapping[str, Any]) -> bool:
        """Whether a column of the required part has a value (always, when it names none)."""
        return not self.required or any(values[self.names[at]] for at in self.required)

    def text(self, values: Mapping[str, Any]) -> str:
        """A field's text for one row: ``""`` when not :meth:`given`; runs of spaces one, none around."""
        if not self.given(values):
            return ""
        return SPACES.sub(" ", self.raw(values)).strip()

    def texts(self, columns: Sequence[Sequence[str]]) -> list[str]:
        """:meth:`text` of each row of a block given as *columns* (one for each of :attr:`names`, its cells
        trimmed); for a template that reads no ``row``, ``group`` or ``sheet``."""
        flags = [_given(columns, part, all) for part in self.optional]
        if all(map(all, flags)):  # every optional part written on every row (or none to write)
            made = list(map(self.formats[(True,) * len(flags)].format, *columns))
        elif not any(map(any, flags)):
            made = list(map(self.formats[(False,) * len(flags)].format, *columns))
        else:
            formats = list(map(self.formats.__getitem__, zip(*flags, strict=True)))
            made = list(map(str.format, formats, *columns))
        joined = "\x00".join(made)
        if "  " in joined or "\t" in joined or "\n" in joined or "\r" in joined:  # what SPACES.sub changes
            made = list(map(SPACES.sub, itertools.repeat(" "), made))
        made = list(map(str.strip, made))
        return list(map(operator.mul, made, _given(columns, self.required, any))) if self.required else made

    def _written(self, args: Sequence[Any]) -> tuple[bool, ...]:
        return tuple(all(args[at] for at in part) for part in self.optional)


def _given(
    columns: Sequence[Sequence[str]], places: tuple[int, ...], joined: Callable[[Iterable[str]], bool]
) -> list[bool]:
    """For each row, whether the cells of *columns* at *places* are given: ``all`` of them, or ``any``."""
    if len(places) == 1:
        return list(map(bool, columns[places[0]]))
    return list(map(joined, zip(*(columns[at] for at in places), strict=True)))


@functools.lru_cache(maxsize=1024)
def compile_template(text: str) -> Template:
    """*text* read once (a :class:`TemplateError` saying what is wrong)."""
    return _Compiler(text).compile()


class _Compiler:
    """Reads a template from left to right: literal text, ``{name…}`` fields, ``[optional parts]``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.names: list[str] = []
        self.pieces: list[tuple[int, str]] = []
        self.optional: list[list[int]] = []
        self.required: list[int] = []
        self.part = -1
        self.literal: list[str] = []

    def compile(self) -> Template:
        text, at = self.text, 0
        while at < len(text):
            char, pair = text[at], text[at : at + 2]
            if pair in ("{{", "}}"):
                self.literal.append(pair)
                at += 2
            elif pair in ("[[", "]]"):
                self.literal.append(char)
                at += 2
            elif char == "{":
                at = self._field(at)
            elif char == "}":
                raise TemplateError(f"template '{text}': a '}}' without its '{{' (write '}}}}' for a brace)")
            elif char == "[":
                self._open(at)
                at += 1
            elif char == "]":
                self._close()
                at += 1
            else:
                self.literal.append(char)
                at += 1
        if self.part >= 0:
            raise TemplateError(f"template '{text}': a '[' without its ']' (write '[[' for a bracket)")
        self._flush()
        formats = {
            written: "".join(piece for part, piece in self.pieces if part < 0 or written[part])
            for written in itertools.product((False, True), repeat=len(self.optional))
        }
        return Template(
            text,
            tuple(self.names),
            tuple(self.pieces),
            tuple(tuple(part) for part in self.optional),
            tuple(dict.fromkeys(self.required)),
            formats,
        )

    def _flush(self) -> None:
        if self.literal:
            self.pieces.append((self.part, "".join(self.literal)))
            self.literal = []

    def _open(self, at: int) -> None:
        if self.part >= 0:
            raise TemplateError(f"template '{self.text}': an optional part inside another (at {at + 1})")
        if len(self.optional) == MAX_OPTIONAL:
            raise TemplateError(f"template '{self.text}': at most {MAX_OPTIONAL} optional parts")
        self._flush()
        self.part = len(self.optional)
        self.optional.append([])

    def _close(self) -> None:
        if self.part < 0:
            raise TemplateError(f"template '{self.text}': a ']' without its '[' (write ']]' for a bracket)")
        if not self.optional[self.part]:
            raise TemplateError(
                f"template '{self.text}': an optional part [...] must name a column (it is written when the "
                "columns it names are given); write '[[' and ']]' for brackets"
            )
        self._flush()
        self.part = -1

    def _field(self, start: int) -> int:
        """Reads the field at *start* (its ``{``); returns where the text goes on."""
        end = self.text.find("}", start)
        if end < 0:
            raise TemplateError(f"template '{self.text}': a '{{' without its '}}' (write '{{{{' for a brace)")
        spelled = self.text[start : end + 1]
        try:
            ((_, name, spec, conversion),) = list(string.Formatter().parse(spelled))
        except ValueError as error:
            raise TemplateError(f"template '{self.text}': {spelled}: {error}") from error
        if not name:
            raise TemplateError(f"template '{self.text}': {{}} must name a column, e.g. {{Adresse}}")
        if "{" in (spec or ""):
            raise TemplateError(f"template '{self.text}': {spelled}: a format cannot hold another {{name}}")
        if name not in self.names:
            self.names.append(name)
        place = self.names.index(name)
        positional = "{" + str(place) + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        try:
            ("{0" + positional[len(str(place)) + 1 :]).format(_SAMPLES.get(name, "text"))
        except ValueError as error:
            held = f"{name} is a number" if name in _SAMPLES else f"a cell of '{name}' is text"
            raise TemplateError(f"template '{self.text}': {spelled}: {error} ({held})") from error
        if name not in ROW_NAMES:
            (self.optional[self.part] if self.part >= 0 else self.required).append(place)
        self.literal.append(positional)
        return end + 1
