"""Hypothesis strategies, written by hand (Pydantic v2 has no plugin), shared by all tests.

- ``yamlish_texts``: text made of YAML punctuation and register words, to reach deep into
  the parser; ``nested_data``: arbitrary plain data (what YAML can hold);
- ``register_data``: VALID registers as plain data (load them to get a ``Register``);
- ``sensor_data``: one valid sensor with its organisations inline (the JSON API shape);
- ``tech_selections``: datachain.tech selections for the ordering rule;
- ``edited_register_texts``: register YAML with what the YAML layer refuses (duplicate keys,
  tags, merge keys, anchors and aliases, deep nesting).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import yaml
from hypothesis import strategies as st

from dtpr_core.locales import LOCALES
from dtpr_core.model import ACTION_TYPES, LEGAL_BASES, STATUSES, ElementSelection
from dtpr_core.register import LOCATION_KEYS, ORGANISATION_KEYS, SELECTION_KEYS, SENSOR_KEYS
from dtpr_core.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()
ELEMENTS = {category.key: category.element_ids for category in TAXONOMY.categories}
PERSONAL_TECH = frozenset(i for i in ELEMENTS["tech"] if TAXONOMY.element(i).collects_personal_data)
WORDS = sorted(
    {"version", "organisations", "sensors", "organisation", "role", "element", "duration", "datachain"}
    | set(SENSOR_KEYS + LOCATION_KEYS + ORGANISATION_KEYS + SELECTION_KEYS + ACTION_TYPES + STATUSES)
    | set(ELEMENTS) | {i for ids in ELEMENTS.values() for i in ids} | set(LOCALES)
)  # fmt: skip

# ── arbitrary input ──────────────────────────────────────────────────────────

_PUNCTUATION = [": ", "- ", "\n", "\n  ", "\n    ", "  ", "{", "}", "[", "]", ", ", "'", '"', "#", "&a ", "*a", "!!",
                "? ", "|", ">", "---", "...", "\t", "~", "null", "true", "1e400", "-0.55", "47.47", "2024-02-30",
                "2024-01-01 10:00:00", "9" * 30, "%", "@", "\\", "\ufeff", "é", "«", "\x00", "<<: "]  # fmt: skip
yamlish_texts = st.lists(st.sampled_from(WORDS) | st.sampled_from(_PUNCTUATION) | st.text(max_size=4), max_size=60).map(
    "".join
)

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(WORDS)
    | st.dates()
    | st.datetimes()
)
nested_data = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)

# ── valid registers ──────────────────────────────────────────────────────────

_LETTERS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-empty text without surrounding white space (the reader strips it)."""
    return st.text(_LETTERS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def local_texts(locales: tuple[str, ...] | None = None, max_size: int = 40) -> st.SearchStrategy[dict[str, str]]:
    """A ``{locale: text}`` with fr, in LOCALES order; exactly *locales* when given."""
    chosen = (
        st.just(locales)
        if locales
        else st.sets(st.sampled_from(LOCALES[1:]), max_size=3).map(
            lambda others: tuple(locale for locale in LOCALES if locale == "fr" or locale in others)
        )
    )
    return chosen.flatmap(lambda keys: st.fixed_dictionaries({key: texts(max_size) for key in keys}))


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_LOWER = "abcdefghijklmnopqrstuvwxyz0123456789"


def _word(first: str, rest: str, max_size: int) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(first), st.text(rest, max_size=max_size)).map("".join)


sensor_ids = _word(_ALNUM, _ALNUM + "_-", 20)
organisation_keys = _word(_LOWER, _LOWER + "_-", 12)

_targets = {
    "email": st.tuples(_word(_LOWER, _LOWER + ".", 8), _word(_LOWER, _LOWER + ".-", 10)).map("@".join),
    "url": _word(_LOWER, _LOWER + "./-", 20).map("https://".__add__),
    "phone": st.lists(st.integers(10, 99), min_size=4, max_size=4).map(
        lambda pairs: "+33 2 " + " ".join(map(str, pairs))
    ),
    "postal": texts(60),
    "form": _word(_LOWER, _LOWER + "./-", 20).map("https://".__add__),
}
contacts = st.sets(st.sampled_from(ACTION_TYPES), max_size=3).flatmap(
    lambda kinds: st.fixed_dictionaries({kind: _targets[kind] for kind in kinds})
)


@st.composite
def organisation_data(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {"name": draw(local_texts())}
    optional = {
        "kind": st.sampled_from(["organization", "institution"]),
        "role": local_texts(),
        "logo": texts(30),
        "contact": contacts.filter(bool),
        "data_protection": contacts.filter(bool),
    }
    for key in draw(st.sets(st.sampled_from(sorted(optional)))):
        data[key] = draw(optional[key])
    return data


def _distinct(ids: tuple[str, ...], low: int, high: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(ids), min_size=low, max_size=high, unique=True)


@st.composite
def _selections(draw: st.DrawFn, ids: list[str], locales: tuple[str, ...]) -> list[Any]:
    """Element ids as bare strings or ``{element, priority, variables}`` entries."""
    out: list[Any] = []
    for element in ids:
        needs = TAXONOMY.element(element).variables
        if not needs and draw(st.booleans()):
            out.append(element)
            continue
        entry: dict[str, Any] = {"element": element}
        if draw(st.booleans()):
            entry["priority"] = draw(st.integers(0, 10_000))
        if needs:
            entry["variables"] = {"duration": draw(local_texts(locales, 20))}
        out.append(entry)
    return out


@st.composite
def datachain_data(draw: st.DrawFn, locales: tuple[str, ...]) -> tuple[dict[str, Any], bool]:
    """A valid datachain and whether it collects personal data."""
    chosen = {
        "purpose": draw(_distinct(ELEMENTS["purpose"], 1, 3)),
        "tech": draw(_distinct(ELEMENTS["tech"], 1, 3)),
    }
    for key in ("data", "process", "access", "storage"):
        if draw(st.booleans()):
            chosen[key] = draw(_distinct(ELEMENTS[key], 1, 3))
    retention = draw(st.sampled_from([None, "data_retained", "no_data_retained"]))
    if retention:
        chosen["retention"] = [retention]
    datachain = {key: draw(_selections(ids, locales)) for key, ids in chosen.items()}
    personal = bool(PERSONAL_TECH.intersection(chosen["tech"])) or "personal" in chosen.get("data", [])
    return datachain, personal


@st.composite
def _accountable(draw: st.DrawFn, organisations: dict[str, dict[str, Any]]) -> list[Any]:
    keys = draw(st.lists(st.sampled_from(sorted(organisations)), min_size=1, max_size=3, unique=True))
    out: list[Any] = []
    for key in keys:
        form = draw(st.sampled_from(["key", "role", "inline"]))
        if form == "key":
            out.append(key)
        elif form == "role":
            out.append({"organisation": key, "role": draw(local_texts())})
        else:
            out.append({"key": key, **draw(organisation_data())})
    return out


@st.composite
def _sensor(draw: st.DrawFn, sensor_id: str, organisations: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    name = draw(local_texts())
    locales = tuple(name)
    datachain, personal = draw(datachain_data(locales))
    location: dict[str, Any] = {
        "lat": draw(st.floats(-90, 90, allow_nan=False)),
        "lon": draw(st.floats(-180, 180, allow_nan=False)),
    }
    for key in ("address", "commune", "zone"):
        if draw(st.booleans()):
            location[key] = draw(texts())
    data: dict[str, Any] = {"id": sensor_id, "name": name}
    if draw(st.booleans()):
        data["description"] = draw(local_texts(max_size=200))
    data["location"] = location
    if draw(st.booleans()):
        data["mounting"] = draw(texts(100))
    data["status"] = draw(st.sampled_from(STATUSES))
    installed = draw(st.none() | st.dates(date(2000, 1, 1), date(2030, 12, 31)))
    if installed:
        data["installed_on"] = installed
    if draw(st.booleans()):
        data["retired_on"] = (installed or date(2000, 1, 1)) + timedelta(days=draw(st.integers(0, 3000)))
    if organisations:
        data["accountable"] = draw(_accountable(organisations))
    else:
        inline = draw(st.lists(organisation_keys, min_size=1, max_size=2, unique=True))
        data["accountable"] = [{"key": key, **draw(organisation_data())} for key in inline]
    if personal or draw(st.booleans()):
        data["legal_basis"] = draw(st.sampled_from(LEGAL_BASES))
    if personal:
        _make_lawful(draw, data, datachain)
    data.update(draw(_privacy_fields(data.get("legal_basis"))))
    data["datachain"] = datachain
    return data


def _make_lawful(draw: st.DrawFn, data: dict[str, Any], datachain: dict[str, Any]) -> None:
    """What a personal-data sensor must have: a retention and the DPO's contact."""
    datachain.setdefault("retention", ["no_data_retained"])
    first = data["accountable"][0]
    key = first if isinstance(first, str) else first.get("key") or first["organisation"]
    inline = {"key": key, **draw(organisation_data())}
    inline["data_protection"] = draw(contacts.filter(bool))
    data["accountable"][0] = inline


@st.composite
def _privacy_fields(draw: st.DrawFn, basis: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if basis == "legitimate_interests":
        data["legitimate_interest"] = draw(local_texts())
    if basis == "consent":
        data["consent_withdrawal"] = draw(local_texts())
    if draw(st.booleans()):
        data["recipients"] = draw(st.lists(local_texts(), min_size=1, max_size=3))
    if draw(st.booleans()):
        data["video_protection_authorisation"] = draw(texts(60))
    return data


@st.composite
def register_data(draw: st.DrawFn, max_sensors: int = 4) -> dict[str, Any]:
    """A valid register as plain data (dates as ``date`` objects, as YAML gives them)."""
    keys = draw(st.lists(organisation_keys, min_size=1, max_size=3, unique=True))
    organisations = {key: draw(organisation_data()) for key in keys}
    ids = draw(st.lists(sensor_ids, max_size=max_sensors, unique=True))
    return {
        "version": 1,
        "organisations": organisations,
        "sensors": [draw(_sensor(sensor_id, organisations)) for sensor_id in ids],
    }


@st.composite
def sensor_data(draw: st.DrawFn) -> dict[str, Any]:
    """One valid sensor, its organisations inline (the registry's JSON body)."""
    return draw(_sensor(draw(sensor_ids), None))


@st.composite
def broken_register_data(draw: st.DrawFn) -> Any:
    """A valid register with one value somewhere replaced by arbitrary data."""
    data = draw(register_data(max_sensors=2))
    node: Any = data
    for _ in range(draw(st.integers(1, 6))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node, key=str)))
            if not isinstance(node[key], (dict, list)) or draw(st.integers(0, 3)) == 0:
                node[key] = draw(nested_data)
                return data
            node = node[key]
        elif isinstance(node, list) and node:
            index = draw(st.integers(0, len(node) - 1))
            if not isinstance(node[index], (dict, list)) or draw(st.integers(0, 3)) == 0:
                node[index] = draw(nested_data)
                return data
            node = node[index]
        else:
            break
    return data


# ── ordering ─────────────────────────────────────────────────────────────────

tech_selections = st.lists(
    st.builds(ElementSelection, st.sampled_from(ELEMENTS["tech"]), st.integers(0, 50)), max_size=8
).map(tuple)


# ── the structured register fields (kept, translations) ──────────────────────
durations = st.one_of(
    st.just("none"),
    st.builds(
        lambda n, unit, plural: f"{n} {unit}{'s' if plural else ''}",
        st.integers(1, 9999),
        st.sampled_from(["hour", "day", "week", "month", "year"]),
        st.booleans(),
    ),
)
"""What ``kept`` accepts: ``none`` or a number and a unit."""
duration_like = st.one_of(durations, st.text(max_size=20), st.integers(-5, 10**6), st.none(), st.floats())
"""Anything a technician might type as a duration."""


# E-mail addresses (dtpr_core.email_address) ------------------------------------------------

_MAILBOX = _LOWER + "._+-"
email_addresses = st.tuples(
    _word(_LOWER, _MAILBOX, 20).filter(lambda local: ".." not in local and not local.endswith(".")),
    st.lists(_word(_LOWER, _LOWER, 12), min_size=2, max_size=4).map(".".join),
).map("@".join)
"""Addresses the check must accept: ``local@label.label``."""
email_lists = st.lists(email_addresses, min_size=2, max_size=3).flatmap(
    lambda addresses: st.sampled_from(",;:").map(lambda sep: sep.join(addresses))
)
"""Several addresses joined by a list separator: always refused."""


# ── register texts with what the YAML layer refuses ─────────────────────────

_LINE = re.compile(r"^(?P<indent>\s*(?:- )*)(?P<key>[^\s:#&*!?][^:#]*?):(?: (?P<value>.*))?$")
_TAGS = ["!!python/name:os.system ", "!!int ", "!!str ", "!!float ", "!!bool ", "!foo ", "!!timestamp ", "!!binary ",
         "!!map ", "!!seq ", "!!set ", "!!null ", "!!merge ", "! ", "!<tag:yaml.org,2002:str> "]  # fmt: skip
_ODD_VALUES = ["[x, y]", "{a: b}", "''", "~", "1e400", "2024-13-45", "0x1F", "true", "<<", "'1'", "1", "[]", "{}",
               "{a: 1, a: 2}", "[*a0]", "&a9 [1, *a9]", "{<<: {a: 1}}", "? [a]\n", "{? {a: b} : c}", ".nan", "-.inf",
               "2024-01-01 10:00:00", "1_000", "0o17", "+12", "Yes", "off", "=", "!!str 1"]  # fmt: skip


def _nested(depth: int, flow: bool) -> str:
    return "[" * depth + "]" * depth if flow else "{a: " * depth + "1" + "}" * depth


@st.composite
def _line_edit(draw: st.DrawFn, lines: list[str]) -> list[str]:
    index = draw(st.integers(0, len(lines) - 1))
    match = _LINE.match(lines[index])
    line, indent = lines[index], match["indent"] if match else ""
    key, value = (match["key"], match["value"] or "") if match else ("", "")
    inner = " " * len(indent)  # the key's column, for a new line beside it
    edits: dict[str, list[str]] = {
        "duplicate": [line, line],
        "duplicate key, another value": [line, f"{inner}{key}: {draw(st.sampled_from(_ODD_VALUES))}"],
        "tagged value": [f"{indent}{key}: {draw(st.sampled_from(_TAGS))}{value}"],
        "tagged key": [f"{indent}{draw(st.sampled_from(_TAGS))}{key}: {value}"],
        "quoted key": [f"{indent}'{key}': {value}"],
        "odd value": [f"{indent}{key}: {draw(st.sampled_from(_ODD_VALUES))}"],
        "odd key": [f"{indent}{draw(st.sampled_from(['1', 'true', '~', '1.0', '2024-01-01', '<<', '0x1']))}: {value}"],
        "anchor": [f"{indent}{key}: &a{draw(st.integers(3, 5))} {value}"],
        "alias": [f"{indent}{key}: *a{draw(st.integers(0, 5))}"],
        "aliased key": [f"{indent}*a{draw(st.integers(0, 5))} : {value}"],
        "merge key": [line, f"{inner}<<: {draw(st.sampled_from(['{a: 1}', '*a0', '[*a0, *a1]']))}"],
        "complex key": [line, f"{inner}? {draw(st.sampled_from(['[a, b]', '{a: b}', '*a0']))}", f"{inner}: x"],
        "deep": [f"{indent}{key}: {_nested(draw(st.integers(28, 36)), draw(st.booleans()))}"],
        "removed": [],
    }
    edit = draw(st.sampled_from(sorted(edits)))
    return lines[:index] + edits[edit] + lines[index + 1 :]


@st.composite
def edited_register_texts(draw: st.DrawFn) -> str:
    """A valid register's YAML (block or flow style) with a few lines changed: duplicate keys,
    tags, merge keys, anchors and aliases, complex keys, deep nesting, values of the wrong kind."""
    data = draw(register_data(max_sensors=2))
    flow = draw(st.sampled_from([False, None]))
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    lines = text.splitlines()
    if draw(st.booleans()):  # anchors for the aliases to name (an unknown key of the register)
        lines.insert(0, "x-anchors: {a: &a0 fr, b: &a1 [1, !!foo 2], c: &a2 {lat: 1000, name: {fr: x}}}")
        lines = draw(_line_edit(lines)) or ["sensors: []"]
    return "\n".join(lines) + "\n"
