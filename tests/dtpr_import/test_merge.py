"""Where new entries go in sensors.yaml, and what is refused: the register's own text is kept."""

from __future__ import annotations

import pytest

from dtpr_import.merge import SKELETON, MergedRegister, MergeError, NewSensor

ENTRY = {"id": "B", "location": {"lat": 1.0, "lon": 2.0}}


def test_entries_go_at_the_end_of_the_list_even_when_a_key_follows() -> None:
    merged = MergedRegister("version: 1\nsensors:   # the list\n  - id: A  # first\n\n# about extra\nextra: 1\n")
    merged.add(NewSensor(ENTRY, ("Draft: to complete",)))
    assert merged.text() == (
        "version: 1\nsensors:   # the list\n  - id: A  # first\n\n"
        "  # Draft: to complete\n  - id: B\n    location: {lat: 1.0, lon: 2.0}\n\n\n# about extra\nextra: 1\n"
    )


def test_an_empty_register_starts_from_the_skeleton_and_an_empty_list_opens() -> None:
    merged = MergedRegister("")
    assert merged.text() == SKELETON
    merged.add(NewSensor(ENTRY))
    assert merged.text().endswith("\nsensors:\n\n  - id: B\n    location: {lat: 1.0, lon: 2.0}\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [("version: 1\n", "no 'sensors:' list"), ("sensors: [{id: A}]\n", "block style")],
)
def test_a_register_the_import_cannot_add_to_is_said(text: str, message: str) -> None:
    merged = MergedRegister(text)
    merged.add(NewSensor(ENTRY))
    with pytest.raises(MergeError, match=message):
        merged.text()
