"""An entry written by :mod:`dtpr_import.emit` reads back to the same data, whatever its texts."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dtpr_import.emit import scalar, text_scalars
from dtpr_import.merge import sensor_text

texts = st.text(max_size=30) | st.sampled_from(
    ["yes", "No", "null", "~", "12", "1e3", "2024-01-01", "a: b", "a #b", "- x", "Ville d'Angers", "À COMPLÉTER\u00a0: x",
     "[x]", "{x}", "x,y", " lead", "trail ", "'q'", '"q"', "x\ny", "\x85", "\ufeff", "\u2028", "@x", "%x", "|", ">"]
)  # fmt: skip
values = st.recursive(
    texts | st.floats(allow_nan=False, allow_infinity=False) | st.integers() | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(texts, values, min_size=1, max_size=5), st.dictionaries(texts, values, max_size=3))
def test_an_entry_reads_back_the_same(data: dict[str, object], datachain: dict[str, object]) -> None:
    entry = {**data, "datachain": datachain}
    text = "sensors:\n" + sensor_text(entry, ["a comment: with # and\u00a0spaces"])
    assert yaml.safe_load(text) == {"sensors": [entry]}


def test_the_house_style() -> None:
    entry = {
        "id": "VP-1",
        "name": {"fr": "Vidéoprotection — Place du Ralliement"},
        "location": {"lat": 47.4736, "lon": -0.5542, "address": "Boulevard du Roi-René, carrefour Foch"},
        "installed_on": dt.date(2023, 5, 2),
        "accountable": ["ville-angers"],
        "datachain": {"purpose": ["mobility"], "retention": [{"element": "data_retained", "variables": {"duration": {"fr": "15 jours"}}}]},
    }  # fmt: skip
    assert sensor_text(entry) == (
        "  - id: VP-1\n"
        "    name: {fr: Vidéoprotection — Place du Ralliement}\n"
        '    location: {lat: 47.4736, lon: -0.5542, address: "Boulevard du Roi-René, carrefour Foch"}\n'
        "    installed_on: 2023-05-02\n"
        "    accountable: [ville-angers]\n"
        "    datachain:\n"
        "      purpose: [mobility]\n"
        "      retention: [{element: data_retained, variables: {duration: {fr: 15 jours}}}]\n"
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(texts | st.sampled_from(["Place du Ralliement, n° 2", "Angers", "Rue: x", "n° 3 #x", "Yes"]), max_size=8)
)
def test_a_block_of_texts_is_written_as_each_text_alone(block: list[str]) -> None:
    assert text_scalars(block) == [scalar(text) for text in block]
