"""Merging imported sensors into ``sensors.yaml`` without disturbing what a person wrote.

Organisations added and fields updated go through ruamel.yaml's round trip, which keeps
every comment, the order of keys and the flow or block style of what it does not touch.
New sensors are appended to the end of the ``sensors:`` list as YAML text written by
libyaml (short lists and maps inline, as in the shipped register), one blank line
apart, each draft preceded by a comment listing what is left to fill in.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import io
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from dtpr_core.yaml_source import utf8_size
from dtpr_import.emit import entry_text

SKELETON = """\
# The register of sensors, started by `dtpr import`. Format and every field: docs/technicians.md.
# Check it with:  dtpr validate sensors.yaml
version: 1

organisations: {}

sensors: []
"""
_SENSORS = re.compile(r"^sensors\s*:(.*)$")


class MergeError(Exception):
    """The register's text cannot be merged into (not a YAML mapping with a ``sensors`` list)."""


@dataclass(frozen=True, slots=True)
class NewSensor:
    data: Mapping[str, Any]
    comment: Sequence[str] = ()


def _round_trip() -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def _load(text: str) -> CommentedMap:
    try:
        document = _round_trip().load(text)
    except YAMLError as error:
        raise MergeError(f"the register is not valid YAML: {str(error).splitlines()[0]}") from error
    if not isinstance(document, CommentedMap) or not isinstance(document.get("sensors") or [], CommentedSeq | list):
        raise MergeError("the register must be a YAML mapping with a 'sensors:' list")
    return document


def _dump(document: CommentedMap) -> str:
    buffer = io.StringIO()
    _round_trip().dump(document, buffer)
    return buffer.getvalue()


def _edit(
    text: str,
    organisations: Mapping[str, Mapping[str, Any]],
    updates: Mapping[str, Mapping[str, Any]],
    completed: Mapping[str, Mapping[str, Any]],
) -> str:
    document = _load(text)
    space = _trailing_space(document.get("organisations"))
    for key, fields in completed.items():  # what an organisation of the register lacked, added at its end
        document["organisations"][key].update(_commented(fields))
    if organisations:
        if not document.get("organisations"):
            at = list(document).index("organisations") if "organisations" in document else len(document) - 1
            document.pop("organisations", None)
            document.insert(max(at, 0), "organisations", CommentedMap())
        for key, data in organisations.items():
            document["organisations"][key] = _commented(data)
    if space is not None:
        _put_trailing_space(document["organisations"], space)
    if updates:
        items = {item.get("id"): item for item in document.get("sensors") or [] if isinstance(item, CommentedMap)}
        for sensor_id, fields in updates.items():
            _update(items[sensor_id], fields)
    return _dump(document)


def _commented(value: Any) -> Any:
    """*value* with its mappings as ruamel's (written in block style, and able to carry what follows them)."""
    if isinstance(value, Mapping):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    return value


def _last_key(mapping: Any) -> tuple[CommentedMap, Any] | None:
    """The innermost last key of a block mapping: where ruamel keeps what follows the mapping (a blank line)."""
    if not isinstance(mapping, CommentedMap) or not mapping or mapping.fa.flow_style():
        return None
    key = list(mapping)[-1]
    return _last_key(mapping[key]) or (mapping, key)


def _trailing_space(mapping: Any) -> Any:
    """Take the blank lines and comments after *mapping*'s last entry (to put back after what is added)."""
    last = _last_key(mapping)
    if last is None:
        return None
    holder, key = last
    comments = holder.ca.items.get(key)
    if not comments or len(comments) < 3 or comments[2] is None:
        return None
    token = comments[2]
    comments[2] = None
    return token


def _put_trailing_space(mapping: CommentedMap, token: Any) -> None:
    last = _last_key(mapping)
    if last is not None:
        holder, key = last
        holder.ca.items.setdefault(key, [None, None, None, None])[2] = token


def _plain(value: Any) -> Any:
    """*value* compared as data: dates as text, ruamel's containers as plain ones."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _update(entry: CommentedMap, fields: Mapping[str, Any]) -> None:
    """Set what differs only: a mapping key by key (its flow or block style and comments stay)."""
    for key, value in fields.items():
        current = entry.get(key)
        if _plain(current) == _plain(value):
            continue
        if isinstance(current, CommentedMap) and isinstance(value, Mapping):
            _update(current, value)
        else:
            entry[key] = value


def sensor_text(data: Mapping[str, Any], comment: Iterable[str] = ()) -> str:
    """One entry of the ``sensors:`` list, indented for it (see :mod:`dtpr_import.emit`)."""
    return entry_text(data, comment)


def _insertion(head: str) -> tuple[str, str]:
    """*head* cut where new entries go: after the last item of ``sensors:`` (before the next top-level key)."""
    lines = head.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if _SENSORS.match(line)), None)
    if at is None:
        raise MergeError("the register has no 'sensors:' list to add to")
    value = _SENSORS.match(lines[at]).group(1).split("#")[0].strip()  # type: ignore[union-attr]
    if value == "[]":
        lines[at] = "sensors:\n"
    elif value:
        raise MergeError("write the register's 'sensors:' list in block style (one '- id: …' a line) to import into it")
    end = next(
        (i for i in range(at + 1, len(lines)) if lines[i][:1] not in ("", " ", "\t", "#", "\n", "\r")), len(lines)
    )
    while end > at + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")) and end < len(lines):
        end -= 1  # comments and blank lines just above the next key stay with it
    return "".join(lines[:end]).rstrip("\n") + "\n", "".join(lines[end:])


class MergedRegister:
    """The merged register: the register's own text (edited) with the new entries, kept on disk as they come.

    New entries are written to a spooled temporary file while the rows are read, so an
    import's memory does not grow with the number of rows; :meth:`write` streams the result.
    """

    def __init__(self, before: str) -> None:
        self.before = before if before.strip() else SKELETON
        self.head = self.before
        self.count = 0
        self._entries = tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+b")
        """The new entries, as UTF-8 (copied to the output as they are when it is a file)."""

    def add(self, sensor: NewSensor) -> None:
        self.add_texts([sensor_text(sensor.data, sensor.comment)])

    def add_texts(self, entries: list[str]) -> None:
        """New entries already written as text (:func:`sensor_text`), in order."""
        if entries:
            self._entries.write((("\n" if self.count else "") + "\n".join(entries)).encode())
            self.count += len(entries)

    def edit(
        self,
        organisations: Mapping[str, Mapping[str, Any]],
        updates: Mapping[str, Mapping[str, Any]],
        completed: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """Add *organisations*, make *updates* and complete organisations (*completed*: key -> fields they
        lacked) through ruamel's round trip (the rest of the text kept)."""
        if organisations or updates or completed:
            self.head = _edit(self.before, organisations, updates, completed or {})

    def check(self) -> None:
        """Raise :class:`MergeError` now if the new entries have nowhere to go."""
        if self.count:
            _insertion(self.head)

    def write(self, out: IO[str]) -> None:
        if not self.count:
            out.write(self.head)
            return
        first, rest = _insertion(self.head)
        out.write(first + "\n")
        self._entries.seek(0)
        if str(getattr(out, "encoding", "")).lower().replace("-", "") == "utf8" and hasattr(out, "buffer"):
            out.flush()
            shutil.copyfileobj(self._entries, out.buffer)  # already UTF-8: no decoding and encoding again
        else:
            shutil.copyfileobj(codecs.getreader("utf-8")(self._entries), out)
        if rest:
            out.write("\n" + rest)

    @property
    def size(self) -> int:
        """The merged register's size in UTF-8 bytes (its head, the new entries and the newline between)."""
        entries = self._entries.tell() if self.count else 0
        return utf8_size(self.head) + entries + (1 if self.count else 0)

    def text(self) -> str:
        buffer = io.StringIO()
        self.write(buffer)
        return buffer.getvalue()

    def close(self) -> None:
        self._entries.close()


def existing_data(text: str) -> dict[str, Any]:
    """The register's plain data (organisations and sensors), for matching; empty for no text."""
    if not text.strip():
        return {}
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise MergeError(f"the register is not valid YAML: {str(error).splitlines()[0]}") from error
    if not isinstance(data, dict):
        raise MergeError("the register must be a YAML mapping with a 'sensors:' list")
    return data


def unified_diff(before: str, after: str, name: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"{name} (before)", f"{name} (after)"
    )
    return "".join(lines)
