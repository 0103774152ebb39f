"""Templates with optional parts: one compiled form, rendered a row at a time and a column at a time alike."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from dtpr_import.mapping import parse_mapping
from dtpr_import.templates import Template, TemplateError, compile_template

DOC = Path(__file__).resolve().parents[2] / "docs" / "importing.md"

ORDER = "Arrêté préfectoral n° {Numéro}[ du {Date}]"


def _row(template: Template, **cells: str) -> dict[str, object]:
    return {name: cells.get(name, "") for name in template.names}


@pytest.mark.parametrize(
    ("cells", "text"),
    [
        ({"Numéro": "2024-VP-0031", "Date": "14/03/2023"}, "Arrêté préfectoral n° 2024-VP-0031 du 14/03/2023"),
        ({"Numéro": "2024-VP-0031"}, "Arrêté préfectoral n° 2024-VP-0031"),  # no dangling "du"
        ({"Date": "14/03/2023"}, ""),  # the required part all empty: no text
        ({}, ""),
    ],
)
def test_an_optional_part_is_written_only_when_its_columns_are_given(cells: dict[str, str], text: str) -> None:
    template = compile_template(ORDER)
    assert template.text(_row(template, **cells)) == text
    assert template.texts([[cells.get("Numéro", "")], [cells.get("Date", "")]]) == [text]


def test_a_part_naming_two_columns_needs_both() -> None:
    template = compile_template("{Rue}[, {Numéro} {Toevoeging}]")
    assert template.text(_row(template, Rue="Dam", Numéro="1", Toevoeging="A")) == "Dam, 1 A"
    assert template.text(_row(template, Rue="Dam", Numéro="1")) == "Dam"


def test_doubled_brackets_and_braces_are_written_as_themselves() -> None:
    template = compile_template("[[{Code}]] {{x}}[ [[{Note}]]]")
    assert template.columns == {"Code", "Note"}
    assert template.text(_row(template, Code="A1", Note="n")) == "[A1] {x} [n]"
    assert template.text(_row(template, Code="A1")) == "[A1] {x}"


def test_a_template_whose_required_part_names_no_column_is_always_written() -> None:
    template = compile_template("Ces caméras filment la voie publique[ ({N} caméras)].")
    assert template.text(_row(template, N="4")) == "Ces caméras filment la voie publique (4 caméras)."
    assert template.text(_row(template)) == "Ces caméras filment la voie publique."
    assert template.texts([["4", ""]]) == [
        "Ces caméras filment la voie publique (4 caméras).",
        "Ces caméras filment la voie publique.",
    ]


def test_the_row_number_and_formats_are_read_as_before() -> None:
    template = compile_template("ANG-VID-{row:04}[-{Lettre}]")
    assert template.reads_row and template.columns == {"Lettre"}
    assert template.raw({"row": 7, "Lettre": ""}) == "ANG-VID-0007"
    assert template.raw({"row": 7, "Lettre": "b"}) == "ANG-VID-0007-b"
    assert template.given({"row": 7, "Lettre": ""})  # an id from the row number alone


def test_a_column_name_is_read_as_written() -> None:
    """Dots, digits and brackets inside braces are part of the column's name (str.format would look inside)."""
    template = compile_template("{Nr.} {Thema [1]} {0}")
    assert template.names == ("Nr.", "Thema [1]", "0")
    assert template.text({"Nr.": "7", "Thema [1]": "Mobiliteit", "0": "x"}) == "7 Mobiliteit x"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{Numéro}[ du {Date}", "a '[' without its ']' (write '[[' for a bracket)"),
        ("{Numéro}] du", "a ']' without its '[' (write ']]' for a bracket)"),
        ("{Numéro}[ (voir [{Date}])]", "an optional part inside another"),
        ("{Numéro}[ (arrêté)]", "an optional part [...] must name a column"),
        ("{Numéro", "a '{' without its '}'"),
        ("Numéro}", "a '}' without its '{'"),
        ("Caméra {}", "{} must name a column"),
        ("{Numéro:05d}", "Unknown format code 'd' for object of type 'str' (a cell of 'Numéro' is text)"),
        ("{row:{width}}", "unmatched '{' in format spec"),
        ("".join(f"[{{C{n}}}]" for n in range(9)), "at most 8 optional parts"),
    ],
)
def test_a_template_that_cannot_be_read_says_why(text: str, said: str) -> None:
    with pytest.raises(TemplateError) as raised:
        compile_template(text)
    assert said in str(raised.value)
    assert str(raised.value).startswith(f"template '{text}': ")


_PIECES = st.sampled_from(["{A}", "{B}", "{C}", " ", "  ", "-", "n° ", "[[", "]]", "{{", "%s", "\t"])
_CELLS = st.sampled_from(["", "", "x", "Angers", "14/03/2023", " a  b ", "{0}", "%"])


@st.composite
def templates(draw: st.DrawFn) -> str:
    """A template of columns A, B, C with up to three optional parts, each naming a column."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        pieces = draw(st.lists(_PIECES, max_size=4))
        if draw(st.booleans()):
            column = draw(st.sampled_from(["{A}", "{B}", "{C}"]))
            parts.append("[" + "".join([*pieces, column]) + "]")
        else:
            parts.append("".join(pieces))
    return "".join(parts)


@given(templates(), st.lists(st.tuples(_CELLS, _CELLS, _CELLS), min_size=1, max_size=6))
def test_a_block_at_once_gives_what_each_row_gives(text: str, rows: list[tuple[str, str, str]]) -> None:
    template = compile_template(text)
    by_row = [template.text(dict(zip("ABC", (cell.strip() for cell in row), strict=True))) for row in rows]
    if template.names:
        cells = {name: [row["ABC".index(name)].strip() for row in rows] for name in "ABC"}
        assert template.texts([cells[name] for name in template.names]) == by_row


def test_the_docs_templates_give_what_they_say() -> None:
    block = DOC.read_text(encoding="utf-8").split("### Templates")[1].split("```yaml\n")[1].split("```")[0]
    fields = parse_mapping({"id": "{Numéro}", "fields": yaml.safe_load(block)}).fields
    order, address, description = (field.compiled for field in fields)
    assert order is not None and address is not None and description is not None
    said = {
        ("2024-VP-0031", "14/03/2024"): "Arrêté préfectoral n° 2024-VP-0031 du 14/03/2024",
        ("2024-VP-0031", ""): "Arrêté préfectoral n° 2024-VP-0031",
        ("", "14/03/2024"): "",
    }
    for (number, date), text in said.items():
        assert order.text({"Numéro": number, "Date": date}) == text
        assert not text or f"-> {text}" in block
    assert address.text({"Rue": "Rue Foch", "Numéro": "", "Commune": "Angers"}) == "Rue Foch, Angers"
    assert description.text({"Nombre": ""}) == "Ces caméras filment la voie publique."
