"""A sensor whose datachain is invalid or incomplete gets a clear error, never a wrong sign."""

from __future__ import annotations

import dataclasses

import pytest

from dtpr_core import ElementSelection
from signage import SignError, SignOptions, check_printable, render_sign
from tests.signage.conftest import BASE_URL, make_sensor


def test_a_valid_sensor_is_printable() -> None:
    assert check_printable(make_sensor()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"datachain": {}}, "no purpose"),
        ({"accountable": ()}, "no accountable"),
        ({"datachain": {"purpose": (ElementSelection("health", 0),)}}, "no technology"),
        (
            {"datachain": {"purpose": (ElementSelection("hea1th", 0),), "tech": (ElementSelection("air_quality", 0),)}},
            "unknown DTPR element",
        ),
        (
            {
                "datachain": {
                    "purpose": (ElementSelection("health", 0),),
                    "tech": (ElementSelection("air_quality", 0),),
                    "retention": (ElementSelection("data_retained", 0),),
                }
            },
            "duration",
        ),
    ],
)
def test_broken_datachains_are_refused_with_a_reason(change: dict[str, object], message: str) -> None:
    sensor = dataclasses.replace(make_sensor(), **change)  # type: ignore[arg-type]
    assert any(message in problem for problem in check_printable(sensor))
    for fmt in ("svg", "pdf", "png"):
        with pytest.raises(SignError, match="cannot print its sign"):
            render_sign(sensor, SignOptions(BASE_URL), fmt)


def test_bad_options_are_refused() -> None:
    with pytest.raises(SignError, match="unknown sign size"):
        SignOptions(BASE_URL, size="a2")
    with pytest.raises(SignError, match="language"):
        SignOptions(BASE_URL, langs=("xx",))
    with pytest.raises(SignError, match="base URL"):
        SignOptions("capteurs.angers.fr")
    with pytest.raises(SignError, match="format"):
        render_sign(make_sensor(), SignOptions(BASE_URL), "gif")
