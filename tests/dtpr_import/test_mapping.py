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
