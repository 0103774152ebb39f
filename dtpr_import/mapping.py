"""The mapping file: which column feeds which register field (YAML, see docs/technicians.md).

A mapping is read once and checked whole: an unknown key, a target that is not a
register field or a date format without a day is a :class:`MappingError` naming the
key, before any row is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from dtpr_core.kept import DATA_KINDS
from dtpr_core.locales import LOCALES
from dtpr_import.choices import did_you_mean, unlisted
from dtpr_import.templates import ROW_NAMES, Template, TemplateError, compile_template

KINDS = ("text", "number", "date", "list", "days")
SCALAR_TARGETS = (
    "name",
    "description",
    "purpose",
    "mounting",
    "status",
    "installed_on",
    "retired_on",
    "legal_basis",
    "video_protection_authorisation",
    "location.lat",
    "location.lon",
    "location.address",
    "location.commune",
    "location.zone",
    "automated_decisions",
    *(f"kept.{kind}" for kind in DATA_KINDS),
)
LIST_TARGETS = (
    "accountable",
    "datachain.purpose",
    "datachain.tech",
    "datachain.data",
    "datachain.process",
    "datachain.access",
    "datachain.storage",
    "datachain.retention",
    "legal_ground",
    "recipients",
)
SPECIAL_TARGETS = ("retention", "role")
"""``role``: for each ``accountable`` organisation in order, the role it has for this sensor (a code of
``ROLES``), separated by ";"; an empty place keeps the organisation's own role."""
"""``recipients``: codes (police_requisition…); ``recipients.<lang>``: free texts separated by ";", the
k-th of each language the same recipient, said after the codes."""
"""``retention``: a duration ("30 jours", or days with ``kind: days``) -> ``data_retained`` with it; 0 -> ``no_data_retained``."""
LOCALISED = ("name", "description", "purpose", "retention", "recipients")
FIELD_KEYS = ("to", "column", "columns", "template", "value", "values", "split", "kind", "format", "default")
TOP_KEYS = (
    "description",
    "sheet",
    "organisation_sheet",
    "organisation_columns",
    "repeat",
    "id",
    "organisations",
    "fields",
    "coordinates",
)
ORGANISATION_FIELDS = ("name", "email", "url", "phone", "postal", "dpo_email")
PRESETS = ("amsterdam-bulk", "amsterdam-iprox", "fr-videoprotection", "dtpr")


class MappingError(Exception):
    """A mapping file that cannot be used: says which key and why."""


@dataclass(frozen=True, slots=True)
class FieldMap:
    to: str
    columns: tuple[str, ...] = ()
    template: str = ""
    value: Any = None
    values: Mapping[str, Any] | None = None
    split: str = ""
    kind: str = "text"
    formats: tuple[str, ...] = ("%Y-%m-%d",)
    default: Any = None

    @property
    def is_list(self) -> bool:
        return self.to in LIST_TARGETS

    @property
    def compiled(self) -> Template | None:
        """The template, compiled (once: :func:`~dtpr_import.templates.compile_template` keeps it)."""
        return compile_template(self.template) if self.template else None


@dataclass(frozen=True, slots=True)
class Coordinates:
    x: str
    y: str
    crs: str = "EPSG:4326"


@dataclass(frozen=True, slots=True)
class OrganisationSheet:
    sheet: str
    fields: Mapping[str, str]
    """Register organisation field (name, email, url, phone, postal) -> the row label in column A."""
    kind: str = "organization"


@dataclass(frozen=True, slots=True)
class ImportMapping:
    id_template: str
    fields: tuple[FieldMap, ...]
    sheet: str | None = None
    repeat: int = 1
    organisations: Mapping[str, Any] = field(default_factory=dict)
    organisation_sheet: OrganisationSheet | None = None
    organisation_columns: Mapping[str, str] = field(default_factory=dict)
    """Register organisation field -> column, for a form that names its organisation on each row."""
    coordinates: Coordinates | None = None
    description: str = ""

    @property
    def id(self) -> Template:
        """The id template, compiled (once)."""
        return compile_template(self.id_template)

    def columns(self) -> set[str]:
        """Every column the mapping reads (the header must have each)."""
        named = {column for f in self.fields for column in f.columns}
        named |= {column for f in self.fields for column in template_columns(f.template)}
        named |= template_columns(self.id_template)
        if self.coordinates:
            named |= {self.coordinates.x, self.coordinates.y}
        named |= set(self.organisation_columns.values())
        return named


TEMPLATE_NAMES = ROW_NAMES


def template_columns(template: str, where: str = "") -> set[str]:
    """The columns *template* reads (a :class:`MappingError` saying *where* when it cannot be read)."""
    try:
        return set(compile_template(template).columns)
    except TemplateError as error:
        raise MappingError(f"{where}: {error}" if where else str(error)) from error


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise MappingError(f"{where} must be a column name or a list of them")


def _field(data: object, index: int) -> FieldMap:
    where = f"fields[{index}]"
    if not isinstance(data, dict):
        raise MappingError(f"{where} must be a mapping with 'to' and a 'column', 'template' or 'value'")
    unknown = sorted(set(data) - set(FIELD_KEYS))
    if unknown:
        raise MappingError(
            f"{where}: unknown key '{unknown[0]}'{did_you_mean(unknown[0], FIELD_KEYS)}; use {', '.join(FIELD_KEYS)}"
        )
    to = data.get("to")
    targets = (*SCALAR_TARGETS, *LIST_TARGETS, *SPECIAL_TARGETS)
    localised = isinstance(to, str) and to.partition(".")[0] in LOCALISED and to.partition(".")[2] in LOCALES
    if to not in targets and not localised:
        raise MappingError(
            f"{where}.to: '{to}' is not a register field{did_you_mean(to, targets)}; use one of {', '.join(targets)}"
        )
    sources = [key for key in ("column", "columns", "template", "value") if key in data]
    if len(sources) != 1:
        raise MappingError(f"{where} ({to}) needs exactly one of column, columns, template or value")
    kind = data.get("kind", "text")
    if kind not in KINDS:
        raise MappingError(f"{where}.kind: '{kind}' is not one of {', '.join(KINDS)}{did_you_mean(kind, KINDS)}")
    values = data.get("values")
    if values is not None and not isinstance(values, dict):
        raise MappingError(f"{where}.values must map each value seen to what the register says")
    formats = _strings(data.get("format", "%Y-%m-%d"), f"{where}.format")
    if kind == "date" and not all("%d" in f or "%j" in f for f in formats):
        raise MappingError(f"{where}.format: a date format needs a day (%d), e.g. '%d-%m-%Y'")
    columns = _strings(data["column"], f"{where}.column") if "column" in data else ()
    columns = _strings(data["columns"], f"{where}.columns") if "columns" in data else columns
    template = data.get("template", "")
    if not isinstance(template, str):
        raise MappingError(f"{where}.template must be text such as '{{Adresse}}, {{Commune}}'")
    template_columns(template, f"{where}.template")
    wrong = unlisted(str(to), data, where)
    if wrong:
        raise MappingError(wrong)
    return FieldMap(
        to=str(to),
        columns=columns,
        template=template,
        value=data.get("value"),
        values={_key(k): v for k, v in values.items()} if values else None,
        split=str(data.get("split", "")),
        kind=kind,
        formats=formats,
        default=data.get("default"),
    )


def _key(value: object) -> str:
    """How a cell is looked up in a ``values`` map: trimmed, case, inner spaces and the apostrophe's form
    (' or the ’ a spreadsheet's autocorrect writes) ignored."""
    return " ".join(str(value).replace("\u2019", "'").split()).casefold()


lookup_key = _key


def _organisation_sheet(data: object) -> OrganisationSheet | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("sheet"), str) or not isinstance(data.get("fields"), dict):
        raise MappingError("organisation_sheet needs 'sheet' (its name) and 'fields' (name: label in column A, …)")
    unknown = sorted(set(data["fields"]) - set(ORGANISATION_FIELDS))
    if unknown:
        raise MappingError(
            f"organisation_sheet.fields: unknown key '{unknown[0]}'; use {', '.join(ORGANISATION_FIELDS)}"
        )
    if "name" not in data["fields"]:
        raise MappingError("organisation_sheet.fields needs 'name' (the label of the organisation's name)")
    return OrganisationSheet(data["sheet"], dict(data["fields"]), str(data.get("kind", "organization")))


def _organisation_columns(data: object) -> dict[str, str]:
    if data is None:
        return {}
    if not isinstance(data, dict) or "name" not in data or not all(isinstance(v, str) for v in data.values()):
        raise MappingError("organisation_columns maps name (required), email, url, phone, postal to column names")
    unknown = sorted(set(data) - set(ORGANISATION_FIELDS))
    if unknown:
        raise MappingError(f"organisation_columns: unknown key '{unknown[0]}'; use {', '.join(ORGANISATION_FIELDS)}")
    return dict(data)


def _coordinates(data: object) -> Coordinates | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("x"), str) or not isinstance(data.get("y"), str):
        raise MappingError("coordinates needs 'x' and 'y' (column names) and 'crs' (e.g. EPSG:2154)")
    return Coordinates(data["x"], data["y"], str(data.get("crs", "EPSG:4326")))


def parse_mapping(data: object) -> ImportMapping:
    if not isinstance(data, dict):
        raise MappingError("a mapping file must be a YAML mapping with 'id' and 'fields'")
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise MappingError(
            f"unknown key '{unknown[0]}'{did_you_mean(unknown[0], TOP_KEYS)}; a mapping has {', '.join(TOP_KEYS)}"
        )
    id_template = data.get("id")
    if not isinstance(id_template, str) or not id_template:
        raise MappingError("'id' must be a template such as 'ANG-VID-{row:04}' or '{Référence}'")
    template_columns(id_template, "id")
    fields = data.get("fields")
    if not isinstance(fields, list) or not fields:
        raise MappingError("'fields' must be a list of {to: register field, column: …}")
    repeat = data.get("repeat", 1)
    if not isinstance(repeat, int) or not 1 <= repeat <= 50:
        raise MappingError("'repeat' must be a whole number of sensors a row, 1 to 50")
    organisations = data.get("organisations", {})
    if not isinstance(organisations, dict):
        raise MappingError("'organisations' must map keys to organisations, as in sensors.yaml")
    sheet = data.get("sheet")
    return ImportMapping(
        id_template=id_template,
        fields=tuple(_field(item, index) for index, item in enumerate(fields)),
        sheet=str(sheet) if sheet is not None else None,
        repeat=repeat,
        organisations=organisations,
        organisation_sheet=_organisation_sheet(data.get("organisation_sheet")),
        organisation_columns=_organisation_columns(data.get("organisation_columns")),
        coordinates=_coordinates(data.get("coordinates")),
        description=str(data.get("description", "")),
    )


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it (a preset is read on every import: ten times faster)."""


def load_mapping_text(text: str) -> ImportMapping:
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise MappingError(f"not valid YAML: {str(error).splitlines()[0]}") from error
    except (ValueError, OverflowError, RecursionError) as error:  # e.g. a date 2024-02-30
        raise MappingError(f"not a readable mapping: {error}") from error
    return parse_mapping(data)


def load_preset(name: str) -> ImportMapping:
    if name not in PRESETS:
        raise MappingError(
            f"unknown preset '{name}'{did_you_mean(name, PRESETS)}; the presets are {', '.join(PRESETS)}"
        )
    text = resources.files("dtpr_import").joinpath("presets", f"{name}.yaml").read_text(encoding="utf-8")
    return load_mapping_text(text)
