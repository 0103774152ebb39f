"""The register format (``sensors.yaml`` and its JSON twin): plain data <-> model.

:func:`parse_register` and :func:`parse_sensor` read plain data (from YAML or a
JSON body) into the model, collecting every problem with its path; the DTPR rules
of :mod:`dtpr_core.rules` run on the result. :func:`dump_register` and
:func:`sensor_to_data` write the same format back, so load -> dump -> load is an
identity. :mod:`dtpr_core.yaml_source` adds file, line and column.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any, cast

from dtpr_core._reader import Reader, suggest
from dtpr_core.declare import TO_FILL, unfilled
from dtpr_core.errors import Path, Problem
from dtpr_core.kept import duration_in_every_language, longest
from dtpr_core.location import LAT_RANGE, LON_RANGE, Location
from dtpr_core.lorawan import LorawanLink
from dtpr_core.model import (
    ACTION_TYPES,
    LEGAL_BASES,
    ORGANISATION_KEY_RE,
    SENSOR_ID_PATTERN,
    STATUSES,
    ContactAction,
    ElementSelection,
    LegalBasis,
    Organisation,
    Register,
    Sensor,
    Status,
    is_valid_sensor_id,
)
from dtpr_core.network import check_unique_dev_euis, read_network
from dtpr_core.privacy_fields import PRIVACY_KEYS, REFERENCE_MAX, privacy_fields_data, read_privacy_fields
from dtpr_core.readability import description_problems
from dtpr_core.register_fields import (
    FIELD_KEYS,
    migration_warnings,
    read_register_fields,
    read_role,
    register_fields_data,
    role_warning,
)
from dtpr_core.rules import check_datachain, check_lifecycle, check_sensor, lifecycle_problems
from dtpr_core.taxonomy import CATEGORY_KEYS

REGISTER_VERSION = 1
REGISTER_KEYS = ("version", "organisations", "sensors")
ORGANISATION_KEYS = ("name", "kind", "role", "logo", "contact", "data_protection")
SENSOR_KEYS = (
    "id",
    "name",
    "description",
    "location",
    "mounting",
    "status",
    "installed_on",
    "retired_on",
    "accountable",
    "legal_basis",
    *PRIVACY_KEYS,
    *FIELD_KEYS,
    "datachain",
    "network",
)
SENSOR_REQUIRED = ("id", "name", "location", "accountable", "datachain")
LOCATION_KEYS = ("lat", "lon", "address", "commune", "zone")
PLACE_NAME_MAX = 80
"""Characters of a commune or zone name: it is a listing's address and the static export's file name
(France's longest commune name has 45)."""
OWN_TEXT_MAX = {
    "name": 120,
    "description": 1000,
    "location.address": 200,
    "location.commune": PLACE_NAME_MAX,
    "location.zone": PLACE_NAME_MAX,
    "mounting": 500,
    "video_protection_authorisation": REFERENCE_MAX,
}
"""Characters of a sensor's own texts (each language of a name or description)."""
SELECTION_KEYS = ("element", "priority", "variables")
DATACHAIN_KEYS = tuple(key for key in CATEGORY_KEYS if key != "accountable")


def _read_actions(reader: Reader, value: object, path: Path, what: str) -> tuple[ContactAction, ...]:
    data = reader.mapping(value, path, what, allowed=ACTION_TYPES)
    if data is None:
        return ()
    actions = []
    for kind in ACTION_TYPES:
        if kind not in data:
            continue
        target = reader.text(data[kind], (*path, kind), f"{what} {kind}", max_length=300)
        if target is None:
            continue
        if kind == "email" and ("@" not in target or " " in target):
            reader.error((*path, kind), f"{what} email '{target}' is not an e-mail address")
        elif kind in ("url", "form") and not target.startswith(("https://", "http://")):
            reader.error((*path, kind), f"{what} {kind} must start with https://, not '{target[:40]}'")
        elif kind == "phone" and not all(c.isdigit() or c in " +.-()" for c in target):
            reader.error((*path, kind), f"{what} phone '{target}' may only hold digits, spaces and + . - ( )")
        else:
            actions.append(ContactAction(kind, target))
    return tuple(actions)


def parse_organisation(reader: Reader, key: str, value: object, path: Path) -> Organisation | None:
    what = f"organisation '{key}'"
    data = reader.mapping(value, path, what, allowed=ORGANISATION_KEYS, required=("name",))
    if data is None or "name" not in data:
        return None
    name = reader.local_text(data["name"], (*path, "name"), f"{what} name", max_length=200)
    kind = reader.choice(
        data.get("kind", "organization"), (*path, "kind"), f"{what} kind", ("organization", "institution")
    )
    role = read_role(reader, data["role"], (*path, "role"), f"{what} role") if "role" in data else ("", {})
    logo = reader.text(data["logo"], (*path, "logo"), f"{what} logo", max_length=300) if "logo" in data else None
    contact = _read_actions(reader, data.get("contact", {}), (*path, "contact"), f"{what} contact")
    protection = _read_actions(
        reader, data.get("data_protection", {}), (*path, "data_protection"), f"{what} data_protection"
    )
    if name is None or kind is None or role is None:
        return None
    return Organisation(key, name, cast(Any, kind), role[1], logo, contact, protection, role[0])


def _read_accountable(
    reader: Reader, value: object, path: Path, organisations: Mapping[str, Organisation]
) -> tuple[Organisation, ...]:
    items = reader.sequence(value, path, "accountable")
    if items is None:
        return ()
    out = []
    for index, item in enumerate(items):
        where = (*path, index)
        if isinstance(item, str):
            item = {"organisation": item}
        if isinstance(item, dict) and "key" in item:
            key = reader.text(item["key"], (*where, "key"), "organisation key", max_length=64)
            inline = {k: v for k, v in item.items() if k != "key"}
            org = parse_organisation(reader, key, inline, where) if key else None
            if org:
                out.append(org)
            continue
        data = reader.mapping(
            item, where, "accountable entry", allowed=("organisation", "role"), required=("organisation",)
        )
        if data is None or "organisation" not in data:
            continue
        key = data["organisation"]
        found = organisations.get(key) if isinstance(key, str) else None
        if found is None:
            hint = suggest(key, organisations)
            reader.error(
                (*where, "organisation") if "role" in data else where,
                f"unknown organisation '{key}'; declare it under organisations first{hint}",
            )
            continue
        if "role" in data:
            role = read_role(reader, data["role"], (*where, "role"), "accountable role")
            if role is not None:
                found = dataclasses.replace(found, role=role[1], role_code=role[0])
        out.append(found)
    return tuple(out)


def _read_selection(reader: Reader, item: object, path: Path, index: int) -> ElementSelection | None:
    if isinstance(item, str):
        return ElementSelection(item, index)
    data = reader.mapping(item, path, "datachain entry", allowed=SELECTION_KEYS, required=("element",))
    if data is None or "element" not in data:
        return None
    element = reader.text(data["element"], (*path, "element"), "element id", max_length=64)
    priority = reader.integer(data.get("priority", index), (*path, "priority"), "priority", 0, 10_000)
    variables: dict[str, dict[str, str]] = {}
    raw_variables = reader.mapping(data.get("variables", {}), (*path, "variables"), "variables", allowed=("duration",))
    for name, text in (raw_variables or {}).items():
        if name == "duration":
            checked = reader.local_text(text, (*path, "variables", name), "duration", max_length=100, french=False)
            if checked:
                variables[name] = checked
    if element is None or priority is None:
        return None
    return ElementSelection(element, priority, cast(Any, variables))


def _read_datachain(reader: Reader, value: object, path: Path) -> dict[str, tuple[ElementSelection, ...]]:
    data = reader.mapping(value, path, "datachain", allowed=DATACHAIN_KEYS, required=("purpose", "tech"))
    if data is None:
        return {}
    datachain = {}
    for key in DATACHAIN_KEYS:
        if key not in data:
            continue
        items = data[key]
        if isinstance(items, (str, dict)):
            items = [items]
        listed = reader.sequence(items, (*path, key), f"datachain.{key}")
        if listed is None:
            continue
        chosen = [_read_selection(reader, item, (*path, key, i), i) for i, item in enumerate(listed)]
        datachain[key] = tuple(sorted((s for s in chosen if s), key=lambda s: s.priority))
    return datachain


def _read_location(reader: Reader, value: object, path: Path) -> Location | None:
    data = reader.mapping(value, path, "location", allowed=LOCATION_KEYS, required=("lat", "lon"))
    if data is None or "lat" not in data or "lon" not in data:
        return None
    lat = reader.number(data["lat"], (*path, "lat"), "latitude (lat)", *LAT_RANGE)
    lon = reader.number(data["lon"], (*path, "lon"), "longitude (lon)", *LON_RANGE)
    texts = {
        key: reader.text(data[key], (*path, key), key, max_length=OWN_TEXT_MAX[f"location.{key}"])
        for key in ("address", "commune", "zone")
        if key in data
    }
    if lat is None or lon is None:
        return None
    return Location(lat, lon, texts.get("address") or "", texts.get("commune") or "", texts.get("zone") or "")


def parse_sensor(
    reader: Reader, value: object, path: Path = (), organisations: Mapping[str, Organisation] | None = None
) -> Sensor | None:
    """One sensor from plain data; ``None`` when it has errors (all recorded on *reader*)."""
    before = len(reader.problems)  # a required key missing is this sensor's error too
    data = reader.mapping(value, path, "sensor", allowed=SENSOR_KEYS, required=SENSOR_REQUIRED)
    if data is None or _still_to_fill(reader, data, path):
        return None
    own = _read_own_fields(reader, data, path)
    basis = (
        reader.choice(data["legal_basis"], (*path, "legal_basis"), "legal_basis", LEGAL_BASES)
        if "legal_basis" in data
        else None
    )
    privacy = read_privacy_fields(reader, data, path) | read_register_fields(reader, data, path)
    accountable = _read_accountable(reader, data.get("accountable", []), (*path, "accountable"), organisations or {})
    datachain = _kept_duration(
        _read_datachain(reader, data.get("datachain", {}), (*path, "datachain")), privacy.get("kept", ())
    )
    if any(p.is_error for p in reader.problems[before:]):
        # still report the datachain's element mistakes alongside the others
        locales = tuple(own["name"]) if own["name"] else ("fr",)
        for problem in check_datachain(datachain, locales):
            reader.problems.append(Problem(problem.severity, problem.message, (*path, *problem.path)))
        return None
    return Sensor(
        **own, **privacy, accountable=accountable, datachain=datachain, legal_basis=cast(LegalBasis | None, basis)
    )


def _kept_duration(
    datachain: dict[str, tuple[ElementSelection, ...]], kept: tuple[Any, ...]
) -> dict[str, tuple[ElementSelection, ...]]:
    """``data_retained`` without a duration takes the longest of ``kept``, in every language."""
    period = longest(kept)
    if period is None:
        return datachain
    filled = tuple(
        dataclasses.replace(s, variables={"duration": duration_in_every_language(period)})
        if s.element_id == "data_retained" and not s.variables
        else s
        for s in datachain.get("retention", ())
    )
    return {**datachain, "retention": filled} if "retention" in datachain else datachain


def _without_derived(sensor: Sensor) -> Sensor:
    """*sensor* without the durations ``kept`` gives ``data_retained`` (written back as the register has them)."""
    period = longest(sensor.kept)
    if period is None:
        return sensor
    derived = {"duration": duration_in_every_language(period)}
    retention = tuple(
        dataclasses.replace(s, variables={}) if s.element_id == "data_retained" and s.variables == derived else s
        for s in sensor.elements("retention")
    )
    return dataclasses.replace(sensor, datachain={**sensor.datachain, "retention": retention})


def _still_to_fill(reader: Reader, data: Mapping[str, Any], path: Path) -> bool:
    """A pasted "declare" snippet not completed yet: one error per field still marked (nothing else)."""
    if TO_FILL not in repr(data):  # a text starting with the mark shows it in the repr: no walk for the others
        return False
    marked = list(unfilled(data, path))
    for where, text in marked:
        field = ".".join(str(part) for part in where[len(path) :])
        reader.error(where, f"sensor '{data.get('id')}' {field} is still to fill in: replace «{text}»")
    return bool(marked)


def _read_own_fields(reader: Reader, data: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """What a sensor shares with no other declared alike: id, texts, place, status, dates, mounting.

    Keyword arguments of :class:`Sensor`; a value is ``None`` where it has an error (on *reader*).
    """
    sensor_id = data.get("id")
    if not is_valid_sensor_id(sensor_id):
        reader.error(
            (*path, "id"),
            f"sensor id {sensor_id!r} must match {SENSOR_ID_PATTERN} "
            "(letters, digits, - and _, at most 64, used in URLs and file names)",
        )
    what = f"sensor '{sensor_id}'"
    name = (
        reader.local_text(data.get("name"), (*path, "name"), f"{what} name", max_length=OWN_TEXT_MAX["name"])
        if "name" in data
        else None
    )
    description = reader.local_text(
        data.get("description", {"fr": "-"}),
        (*path, "description"),
        f"{what} description",
        max_length=OWN_TEXT_MAX["description"],
    )
    if description == {"fr": "-"} and "description" not in data:
        description = {}
    location = _read_location(reader, data["location"], (*path, "location")) if "location" in data else None
    status = reader.choice(data.get("status", "active"), (*path, "status"), "status", STATUSES)
    installed = (
        reader.day(data["installed_on"], (*path, "installed_on"), "installed_on") if "installed_on" in data else None
    )
    retired = reader.day(data["retired_on"], (*path, "retired_on"), "retired_on") if "retired_on" in data else None
    mounting = (
        reader.text(data["mounting"], (*path, "mounting"), "mounting", max_length=OWN_TEXT_MAX["mounting"])
        if "mounting" in data
        else ""
    )
    lorawan = read_network(reader, data["network"], (*path, "network")) if "network" in data else None
    return {
        "id": sensor_id if is_valid_sensor_id(sensor_id) else None,
        "name": name,
        "description": description,
        "location": location,
        "status": cast(Status | None, status),
        "installed_on": installed,
        "retired_on": retired,
        "mounting": mounting or "",
        "lorawan": lorawan,
    }


def check_parsed_sensor(reader: Reader, sensor: Sensor, path: Path, *, stored: bool = False) -> Sensor:
    """Run the DTPR rules, re-rooting their problems at *path*; the normalised sensor."""
    normalised, problems = check_sensor(sensor, stored=stored)
    for problem in problems:
        reader.problems.append(dataclasses.replace(problem, path=(*path, *problem.path)))
    return normalised


def parse_register(data: object, *, migration: bool = False) -> tuple[Register | None, list[Problem]]:
    """The whole register from plain data, with every problem found.

    *migration*: also warn about what an old register should move to the structured fields
    (``dtpr validate`` asks for it)."""
    reader = Reader()
    top = reader.mapping(data, (), "the register", allowed=REGISTER_KEYS, required=("sensors",))
    if top is None:
        return None, reader.problems
    if top.get("version", REGISTER_VERSION) != REGISTER_VERSION:
        reader.error(("version",), f"register version must be {REGISTER_VERSION}, not {top.get('version')!r}")
    organisations: dict[str, Organisation] = {}
    raw_orgs = reader.mapping(top.get("organisations", {}), ("organisations",), "organisations", allowed=_AnyKey())
    for key, value in (raw_orgs or {}).items():
        if not isinstance(key, str) or not ORGANISATION_KEY_RE.fullmatch(key):
            message = f"organisation key {key!r} must be lower-case letters, digits, - or _"
            reader.problems.append(Problem("error", message, ("organisations", str(key)), at_key=True))
            continue
        org = parse_organisation(reader, key, value, ("organisations", key))
        if org:
            organisations[key] = org
            if migration and role_warning(org):
                reader.warning(("organisations", key, "role"), role_warning(org))
    sensors: list[Sensor] = []
    seen: dict[str, int] = {}
    links: list[tuple[int, str, LorawanLink | None]] = []
    for index, item in enumerate(reader.sequence(top.get("sensors"), ("sensors",), "sensors") or []):
        path: Path = ("sensors", index)
        sensor = parse_sensor(reader, item, path, organisations)
        sensor_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(sensor_id, str):
            if sensor_id in seen:
                reader.error(
                    (*path, "id"), f"duplicate sensor id '{sensor_id}' (first declared as sensors[{seen[sensor_id]}])"
                )
                continue
            seen[sensor_id] = index
        if sensor is not None:
            sensors.append(check_parsed_sensor(reader, sensor, path))
            reader.problems.extend(description_problems(sensor, path))
            if migration:
                reader.problems.extend(
                    Problem("warning", message, (*path, *where)) for where, message in migration_warnings(sensor)
                )
            links.append((index, sensor.id, sensor.lorawan))
    check_unique_dev_euis(reader, links)
    if any(p.is_error for p in reader.problems):
        return None, reader.problems
    return Register(organisations, tuple(sensors)), reader.problems


class _AnyKey:
    """An ``allowed`` set that allows every key (organisation keys are free)."""

    def __contains__(self, item: object) -> bool:
        return True

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(())

    def __len__(self) -> int:
        return 0


def _actions_data(actions: tuple[ContactAction, ...]) -> dict[str, str]:
    return {action.type: action.target for action in actions}


def organisation_to_data(org: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {"name": dict(org.name)}
    if org.kind != "organization":
        data["kind"] = org.kind
    if org.role_code:
        data["role"] = org.role_code
    elif org.role:
        data["role"] = dict(org.role)
    if org.logo:
        data["logo"] = org.logo
    if org.contact:
        data["contact"] = _actions_data(org.contact)
    if org.data_protection:
        data["data_protection"] = _actions_data(org.data_protection)
    return data


def _selection_data(selection: ElementSelection, index: int) -> Any:
    if not selection.variables and selection.priority == index:
        return selection.element_id
    data: dict[str, Any] = {"element": selection.element_id, "priority": selection.priority}
    if selection.variables:
        data["variables"] = {name: dict(texts) for name, texts in selection.variables.items()}
    return data


def sensor_to_data(sensor: Sensor, organisations: Mapping[str, Organisation] | None = None) -> dict[str, Any]:
    """The sensor in register format; organisations inline unless found in *organisations*."""
    accountable: list[Any] = []
    for org in sensor.accountable:
        shared = (organisations or {}).get(org.key)
        if shared == org:
            accountable.append(org.key)
        elif (
            shared is not None
            and org.role
            and dataclasses.replace(shared, role=org.role, role_code=org.role_code) == org
        ):
            accountable.append({"organisation": org.key, "role": org.role_code or dict(org.role)})
        else:
            accountable.append({"key": org.key, **organisation_to_data(org)})
    location: dict[str, Any] = {"lat": sensor.location.lat, "lon": sensor.location.lon}
    for key in ("address", "commune", "zone"):
        if getattr(sensor.location, key):
            location[key] = getattr(sensor.location, key)
    data: dict[str, Any] = {"id": sensor.id, "name": dict(sensor.name)}
    if sensor.description:
        data["description"] = dict(sensor.description)
    data["location"] = location
    if sensor.mounting:
        data["mounting"] = sensor.mounting
    data["status"] = sensor.status
    if sensor.installed_on:
        data["installed_on"] = sensor.installed_on.isoformat()
    if sensor.retired_on:
        data["retired_on"] = sensor.retired_on.isoformat()
    data["accountable"] = accountable
    if sensor.legal_basis:
        data["legal_basis"] = sensor.legal_basis
    data.update(privacy_fields_data(sensor))
    data.update(register_fields_data(sensor))
    data["datachain"] = {
        key: [_selection_data(s, i) for i, s in enumerate(selections)]
        for key, selections in _without_derived(sensor).datachain.items()
    }
    if sensor.lorawan is not None:
        data["network"] = {"lorawan": sensor.lorawan.as_data()}
    return data


def dump_register(register: Register) -> dict[str, Any]:
    return {
        "version": REGISTER_VERSION,
        "organisations": {key: organisation_to_data(org) for key, org in register.organisations.items()},
        "sensors": [sensor_to_data(sensor, register.organisations) for sensor in register.sensors],
    }


def read_sensor_data(
    data: object, *, numbers_as_text: bool = True, stored: bool = False
) -> tuple[Sensor | None, list[Problem]]:
    """One sensor from a JSON body (organisations inline), checked against the DTPR rules.

    ``numbers_as_text=False`` refuses a number where text is expected (device announcements).
    *stored*: read back from the database, where rules added since it was written warn only.
    """
    reader = Reader(numbers_as_text=numbers_as_text)
    sensor = parse_sensor(reader, data)
    if sensor is not None:
        sensor = check_parsed_sensor(reader, sensor, (), stored=stored)
    if any(p.is_error for p in reader.problems):
        return None, reader.problems
    return sensor, reader.problems


def shared_part(data: Mapping[str, Any]) -> str:
    """JSON of what sensors declared alike share: organisations, datachain, privacy fields, languages.

    Two sensors with the same shared part pass or fail the DTPR rules alike, but for their
    own dates and status (see :func:`read_sensor_alike`).
    """
    name = data.get("name")
    locales = list(name) if isinstance(name, Mapping) else None
    return json.dumps(
        [data.get("accountable"), data.get("datachain"), data.get("legal_basis"), locales]
        + [data.get(key) for key in (*PRIVACY_KEYS, *FIELD_KEYS)],
        sort_keys=True,
        ensure_ascii=False,
    )


OWN_FIELDS = (
    ("name",),
    ("description",),
    ("location",),
    ("mounting",),
    ("status", "installed_on", "retired_on"),
    ("video_protection_authorisation",),
)
"""A sensor's fields the DTPR rules check on their own (a group whole), but for their languages and
whether they are given: sensors alike in all else, and in those, pass or fail alike but for what
:func:`own_fields_problems` finds in each (the import checks a block of rows so). The keys of a
group follow each other in :data:`SENSOR_KEYS`."""
OWN_FIELD_KEYS = tuple(key for group in OWN_FIELDS for key in group)


def own_fields_problems(data: Mapping[str, Any]) -> list[Problem]:
    """The problems of some of a sensor's :data:`OWN_FIELDS` (each group whole) read alone,
    as :func:`read_sensor_data` finds them."""
    reader = Reader()
    whole = {"id": "x", **data}
    if _still_to_fill(reader, whole, ()):
        return reader.problems
    read_privacy_fields(reader, whole, ())
    own = _read_own_fields(reader, whole, ())
    if not any(problem.is_error for problem in reader.problems):
        reader.problems.extend(lifecycle_problems(own["status"] or "active", own["installed_on"], own["retired_on"]))
    return reader.problems


def read_sensor_alike(data: object, alike: Sensor, *, stored: bool = False) -> tuple[Sensor | None, list[Problem]]:
    """:func:`read_sensor_data` for a sensor whose :func:`shared_part` is that of *alike*.

    *alike* is a sensor :func:`read_sensor_data` returned: only this one's own fields are
    read, and the rules that depend on them checked (a stored sensor's page does not
    validate the same datachain again for each sensor declared alike).
    """
    reader = Reader()
    mapping = reader.mapping(data, (), "sensor", allowed=SENSOR_KEYS, required=SENSOR_REQUIRED)
    if mapping is None:
        return None, reader.problems
    own = _read_own_fields(reader, mapping, ())
    if any(p.is_error for p in reader.problems):
        return None, reader.problems
    if tuple(own["name"]) != alike.locales:
        return read_sensor_data(data, stored=stored)  # not alike after all: the variables' languages differ
    sensor = dataclasses.replace(alike, **own)
    for problem in check_lifecycle(sensor):
        reader.problems.append(problem)
    if any(p.is_error for p in reader.problems):
        return None, reader.problems
    return sensor, reader.problems
