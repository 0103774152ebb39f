"""The "declare" snippet: pre-filled from an announcement, refused by ``dtpr validate`` until completed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dtpr_cli.main import main
from dtpr_core.declare import TO_FILL, declare_snippet, unfilled
from tests.domain.declare_helpers import complete, register_with

DEVICE = {
    "source": "homeassistant",
    "identity": {"manufacturer": "Acme", "model": "AQ-2", "serial": "0042"},
    "entities": {"pm25": ["air_quality", "values_time"]},
}


def validate(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "sensors.yaml"
    path.write_text(text, "utf-8")
    code = main(["validate", str(path)])
    return code, capsys.readouterr().out


def test_the_snippet_says_what_the_device_announced() -> None:
    snippet = declare_snippet("HA-AQ-0001", DEVICE, ["air_quality", "values_time", "no_such_element"], 47.47, -0.55)
    assert snippet.startswith("  # Appareil annoncé par homeassistant (fabricant Acme, modèle AQ-2, n° de série 0042).")
    (entry,) = yaml.safe_load(snippet)
    assert entry["id"] == "HA-AQ-0001"
    assert entry["location"]["lat"] == 47.47
    assert entry["datachain"]["tech"] == ["air_quality"]
    assert entry["datachain"]["data"] == ["values_time"]
    marked = {".".join(map(str, path)) for path, _ in unfilled(entry)}
    assert marked == {
        "name.fr",
        "description.fr",
        "purpose.fr",
        "location.address",
        "location.commune",
        "location.zone",
        "accountable.0",
        "datachain.purpose.0",
        "datachain.retention.0",
    }


def test_validate_refuses_the_snippet_until_completed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snippet = declare_snippet("HA-AQ-0001", DEVICE, ["air_quality"])
    code, out = validate(tmp_path, register_with(snippet), capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 11, out  # lat, lon and the nine fields above: one clear line each
    assert any(":11:" in line and "sensor 'HA-AQ-0001' name.fr is still to fill in" in line for line in lines), out
    assert all("still to fill in: replace «À COMPLÉTER" in line for line in lines), out
    code, out = validate(tmp_path, register_with(complete(snippet)), capsys)
    assert (code, out) == (0, "")


def test_a_self_describing_device_proposes_its_own_datachain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposed = {
        "name": {"fr": "Compteur de vélos — Pont de la Haute-Chaîne"},
        "datachain": {
            "purpose": ["planning_decision_making"],
            "tech": ["traffic_counter"],
            "retention": ["no_data_retained"],
        },
    }
    snippet = declare_snippet("VEL-0001", {**DEVICE, "proposed": proposed}, ["air_quality"], 47.4, -0.5)
    (entry,) = yaml.safe_load(snippet)
    assert entry["name"] == proposed["name"]
    assert entry["datachain"] == proposed["datachain"]
    assert "proposés par l'appareil" in snippet


TEXTS = st.text(min_size=0, max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    identity=st.dictionaries(st.sampled_from(["manufacturer", "model", "serial", "firmware"]), TEXTS),
    source=TEXTS,
    elements=st.lists(st.sampled_from(["air_quality", "values_time", "a: b", "\n- id: x", "'"]), max_size=5),
    lat=st.one_of(st.none(), st.floats(-90, 90)),
)
def test_device_words_never_break_the_snippet(
    identity: dict[str, str], source: str, elements: list[str], lat: Any
) -> None:
    """Whatever a device announces, the snippet is one YAML entry with its id, and the marked fields."""
    snippet = declare_snippet("DEV-1", {"source": source, "identity": identity}, elements, lat, 0.0)
    loaded = yaml.safe_load(snippet)
    assert isinstance(loaded, list) and len(loaded) == 1
    assert loaded[0]["id"] == "DEV-1"
    assert all(line.startswith("  ") for line in snippet.splitlines())
    assert sum(1 for _ in unfilled(loaded[0])) >= 7
    assert TO_FILL in snippet
