"""The mapping file: every mistake a clear MappingError before any row is read, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dtpr_import import PRESETS, MappingError, load_mapping_text, load_preset
from dtpr_import.mapping import parse_mapping
from tests.strategies import nested_data, yamlish_texts

GOOD = {"id": "X-{row}", "fields": [{"to": "name", "column": "Nom"}]}


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_loads(name: str) -> None:
    assert load_preset(name).fields


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": 1}, "unknown key 'colour'"),
        ({"id": ""}, "'id' must be a template"),
        ({"id": "{unclosed"}, "template '{unclosed'"),
        ({"fields": []}, "'fields' must be a list"),
        ({"fields": [{"to": "nom", "column": "Nom"}]}, "fields[0].to: 'nom' is not a register field"),
        ({"fields": [{"to": "name.xx", "column": "Nom"}]}, "'name.xx' is not a register field"),
        ({"fields": [{"to": "name"}]}, "needs exactly one of column, columns, template or value"),
        ({"fields": [{"to": "installed_on", "column": "D", "kind": "date", "format": "%m-%Y"}]}, "needs a day"),
        ({"fields": [{"to": "name", "column": "N", "kind": "colour"}]}, "kind: 'colour' is not one of"),
        ({"repeat": 0}, "'repeat' must be a whole number"),
        ({"coordinates": {"x": "X"}}, "coordinates needs 'x' and 'y'"),
        ({"organisation_columns": {"email": "E"}}, "organisation_columns maps name (required)"),
    ],
)
def test_a_mapping_mistake_is_named(change: dict[str, object], message: str) -> None:
    with pytest.raises(MappingError) as raised:
        parse_mapping({**GOOD, **change})
    assert message in str(raised.value)


def _values(to: str, **entry: object) -> dict[str, object]:
    return {**GOOD, "fields": [{"to": to, **entry}]}


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            _values("datachain.purpose", column="Thema", values={"Milieu: natuur": "ecolgy"}),
            "fields[0] (datachain.purpose).values: 'Milieu: natuur' -> 'ecolgy' is not a DTPR element "
            "(did you mean 'ecology'?)",
        ),
        (
            _values("datachain.purpose", column="Thema", values={"Camera": "identifiable_video"}),
            "fields[0] (datachain.purpose).values: 'Camera' -> 'identifiable_video' is a tech element, not a "
            "purpose one: map it to datachain.tech",
        ),
        (
            _values("datachain.tech", column="Type", values={"Radar": ["gps", "radr"]}),
            "'radr' is not a DTPR element (did you mean 'radar'?)",
        ),
        (
            _values("datachain.retention", column="R", values={"Oui": {"element": "data_retaned"}}),
            "'data_retaned' is not a DTPR element (did you mean 'data_retained'?)",
        ),
        (
            _values("datachain.storage", column="S", values={"Local": "sur place"}),
            "'sur place' is not a DTPR element; the storage elements are backed_up_internationally, ",
        ),
        (_values("datachain.tech", value="identifiable_vdeo"), "fields[0] (datachain.tech).value: 'identifiable_vdeo'"),
        (
            _values("legal_basis", column="Grondslag", values={"Publieke taak": "public_tsk"}),
            "'public_tsk' is not a GDPR legal basis (did you mean 'public_task'?); the legal bases are consent, ",
        ),
        (_values("status", column="État", default="actif"), "(status).default: 'actif' is not a status"),
        (
            _values("legal_ground", value="csi_l251_2;csi_l52_1", split=";"),
            "'csi_l52_1' is not a legal ground (did you mean 'csi_l252_1'?)",
        ),
        (_values("role", column="Rôle", values={"Sous-traitant": ";procesor"}), "'procesor' is not a role"),
    ],
)
def test_a_value_not_in_its_list_is_a_mapping_error(mapping: dict[str, object], message: str) -> None:
    """Said once, when the mapping is read, with the cell it maps: not the same problem on every row."""
    with pytest.raises(MappingError) as raised:
        parse_mapping(mapping)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("to", "entry"),
    [
        ("datachain.data", {"column": "Persoonsgegevens", "values": {"Ja": "personal", "Nee": ""}}),
        ("datachain.retention", {"column": "R", "values": {"Oui": {"element": "data_retained", "variables": {}}}}),
        ("legal_ground", {"value": ["csi_l251_2", "csi_l252_1"]}),
        ("role", {"column": "Rôle", "values": {"Sous-traitant": ";processor"}}),
        ("datachain.purpose", {"column": "Thème"}),  # what a cell holds is checked on its row
        ("purpose", {"column": "Thème", "values": {"Mobilité": "réguler la circulation"}}),  # a free text
    ],
)
def test_values_in_their_lists_are_accepted(to: str, entry: dict[str, object]) -> None:
    assert parse_mapping(_values(to, **entry)).fields[0].to == to


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Arrêté n° {Numéro}[ du {Date}", "fields[0].template: template 'Arrêté n° {Numéro}[ du {Date}': a '['"),
        ("Arrêté n° {Numéro}[ (arrêté)]", "an optional part [...] must name a column"),
        ("{Numéro:05d}", "Unknown format code 'd'"),
    ],
)
def test_a_template_mistake_is_named(template: str, message: str) -> None:
    with pytest.raises(MappingError) as raised:
        parse_mapping(_values("video_protection_authorisation", template=template))
    assert message in str(raised.value)


def test_the_columns_of_optional_parts_are_columns_the_header_needs() -> None:
    mapping = parse_mapping(_values("video_protection_authorisation", template="n° {Numéro}[ du {Date}]"))
    assert mapping.columns() == {"Numéro", "Date"}


def test_an_unknown_preset_lists_them() -> None:
    with pytest.raises(MappingError, match="the presets are amsterdam-bulk, amsterdam-iprox, fr-videoprotection, dtpr"):
        load_preset("paris")


@settings(max_examples=200, deadline=None)
@given(nested_data | st.fixed_dictionaries({"id": st.text(max_size=10), "fields": nested_data}))
def test_any_data_is_a_mapping_or_a_mapping_error(data: object) -> None:
    try:
        parse_mapping(data)
    except MappingError as error:
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(yamlish_texts)
def test_any_text_is_a_mapping_or_a_mapping_error(text: str) -> None:
    try:
        load_mapping_text(text)
    except MappingError as error:
        assert str(error)
