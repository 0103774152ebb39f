"""The city-editable table from LoRaWAN device profile or model to DTPR technology elements.

Shipped defaults: ``dtpr_core/_data/lorawan_mapping.yaml`` (air and CO₂, sound level,
people counters, parking bays, bin fill, soil moisture…). A city points
``DTPR_LORAWAN__MAPPING_FILE`` at its own copy. Rows are tried in order, the first
match wins; each gives the elements a device of that kind uses and how often it reports.
"""

from __future__ import annotations

import fnmatch
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dtpr_core._reader import Reader, suggest
from dtpr_core.errors import Problem
from dtpr_core.lorawan import parse_interval
from dtpr_core.taxonomy import load_taxonomy

MAPPING_KEYS = ("version", "default_interval", "rows")
ROW_KEYS = ("profile", "model", "elements", "interval")


class MappingError(ValueError):
    """The mapping file is wrong: every problem, located by field."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        lines = [f"{source}: {p.field or '(top)'}: {p.message}" for p in problems]
        super().__init__("\n".join(lines))
        self.problems = problems


def _fold(text: str) -> str:
    """Lower case without accents, so ``Qualité`` matches ``*qualite*``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True, slots=True)
class MappingRow:
    profile: str | None
    model: str | None
    elements: tuple[str, ...]
    interval: int | None

    def matches(self, profile: str, model: str) -> bool:
        if self.profile is None and self.model is None:
            return False
        profile_ok = self.profile is None or fnmatch.fnmatchcase(_fold(profile), self.profile)
        model_ok = self.model is None or (bool(model) and fnmatch.fnmatchcase(_fold(model), self.model))
        return profile_ok and model_ok


@dataclass(frozen=True, slots=True)
class Mapping:
    rows: tuple[MappingRow, ...]
    default_interval: int | None = None
    _found: dict[tuple[str, str], MappingRow | None] = field(default_factory=dict, compare=False, repr=False)
    """Answers so far: a city has a few dozen profiles, and the gateway asks for every uplink."""

    def lookup(self, *, profile: str, brand: str = "", model: str = "") -> MappingRow | None:
        """The first row matching the device profile name or ``brand/model``."""
        full_model = f"{brand}/{model}" if brand and model else model
        key = (profile, full_model)
        if key not in self._found:
            if len(self._found) >= 4096:
                self._found.clear()
            self._found[key] = next((row for row in self.rows if row.matches(profile, full_model)), None)
        return self._found[key]

    def elements(self, *, profile: str, brand: str = "", model: str = "") -> tuple[str, ...]:
        row = self.lookup(profile=profile, brand=brand, model=model)
        return row.elements if row else ()

    def interval(self, *, profile: str, brand: str = "", model: str = "") -> int | None:
        row = self.lookup(profile=profile, brand=brand, model=model)
        return row.interval if row and row.interval else self.default_interval


def _read_row(reader: Reader, value: object, index: int, tech: set[str]) -> MappingRow | None:
    path = ("rows", index)
    data = reader.mapping(value, path, f"rows[{index}]", allowed=ROW_KEYS, required=("elements",))
    if data is None:
        return None
    patterns = {
        key: reader.text(data[key], (*path, key), f"{key} pattern", max_length=200)
        for key in ("profile", "model")
        if key in data
    }
    if not patterns:
        reader.error(path, "a row needs a profile or a model pattern (or both)")
    elements = reader.sequence(data.get("elements"), (*path, "elements"), "elements") or []
    for i, element in enumerate(elements):
        if element not in tech:
            hint = suggest(element, tech)
            reader.error((*path, "elements", i), f"'{element}' is not a DTPR technology element{hint}")
    interval = None
    if "interval" in data:
        interval = parse_interval(data["interval"])
        if interval is None:
            reader.error((*path, "interval"), f"interval {data['interval']!r} must look like 90s, 15m, 6h or 1d")
    profile, model = patterns.get("profile"), patterns.get("model")
    return MappingRow(
        _fold(profile) if profile else None,
        _fold(model) if model else None,
        tuple(str(e) for e in elements),
        interval,
    )


def parse_mapping(data: object, source: str = "mapping") -> Mapping:
    """The table from plain data; :class:`MappingError` with every problem when it is wrong."""
    reader = Reader()
    top = reader.mapping(data, (), "the mapping", allowed=MAPPING_KEYS, required=("rows",))
    rows: list[MappingRow] = []
    default = None
    if top is not None:
        if top.get("version", 1) != 1:
            reader.error(("version",), f"mapping version must be 1, not {top.get('version')!r}")
        if "default_interval" in top:
            default = parse_interval(top["default_interval"])
            if default is None:
                reader.error(("default_interval",), "default_interval must look like 90s, 15m, 6h or 1d")
        tech = {e.id for e in load_taxonomy().elements.values() if e.category_id == "device__tech"}
        for index, value in enumerate(reader.sequence(top.get("rows"), ("rows",), "rows") or []):
            row = _read_row(reader, value, index, tech)
            if row is not None:
                rows.append(row)
    errors = [p for p in reader.problems if p.is_error]
    if errors:
        raise MappingError(source, errors)
    return Mapping(tuple(rows), default)


def load_mapping(path: str | Path | None = None) -> Mapping:
    """The city's table (*path*) or the shipped defaults."""
    if path is None:
        return default_mapping()
    text = Path(path).read_text(encoding="utf-8")
    return _parse_text(text, str(path))


@cache
def default_mapping() -> Mapping:
    text = resources.files("dtpr_core").joinpath("_data/lorawan_mapping.yaml").read_text(encoding="utf-8")
    return _parse_text(text, "lorawan_mapping.yaml")


def _parse_text(text: str, source: str) -> Mapping:
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise MappingError(source, [Problem("error", f"not valid YAML: {error}")]) from None
    return parse_mapping(data, source)
