"""The layout spec: every DTPR hexagon in its colour, the QR code big enough, no text overflowing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from dtpr_core import COLOURS, Sensor, Urls
from signage import SIZES, SignError, SignOptions, sign_layout
from signage.fonts import text_width_mm
from signage.spec import SignLayout
from signage.text_fit import LINE_HEIGHT, fit_text
from tests.signage import strategies
from tests.signage.conftest import BASE_URL, make_sensor

TOLERANCE = 1e-6


@pytest.mark.parametrize(
    ("case", "tech_fill"),
    [("identifiable", "#FFDD00"), ("de_identified", "#36B2E6"), ("none", "#FFFFFF")],
)
def test_each_hexagon_in_its_dtpr_colour(case: str, tech_fill: str) -> None:
    layout = sign_layout(make_sensor(case), SignOptions(BASE_URL))
    fills = {hexagon.role: hexagon.fill for hexagon in layout.hexagons}
    assert fills == {"purpose": "#000000", "accountable": "#FFFFFF", "feedback": "#FFFFFF", "technology": tech_fill}
    assert COLOURS[case] == tech_fill
    technology = layout.hexagon("technology")
    assert technology is not None and any(label.lines for label in technology.labels), "never colour alone"


def test_purpose_glyph_is_white_on_black() -> None:
    purpose = sign_layout(make_sensor(), SignOptions(BASE_URL)).hexagon("purpose")
    assert purpose is not None and purpose.icon is not None
    assert purpose.icon.ink == "#FFFFFF" and all(label.colour == "#FFFFFF" for label in purpose.labels)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_qr_code_targets_the_one_url_and_is_at_least_20_mm(size: str) -> None:
    layout = sign_layout(make_sensor(), SignOptions(BASE_URL, size=size))
    assert layout.qr.url == Urls(BASE_URL).sensor_page("ANG-TEST-0001") == f"{BASE_URL}/s/ANG-TEST-0001"
    assert layout.qr.symbol_mm >= 20.0 - TOLERANCE
    assert layout.qr.quiet_zone_modules == 4
    assert layout.qr.symbol_mm == pytest.approx(SIZES[size].qr_mm)


def test_bigger_signs_have_bigger_qr_codes() -> None:
    symbol = {size: sign_layout(make_sensor(), SignOptions(BASE_URL, size=size)).qr.symbol_mm for size in SIZES}
    assert symbol["a6"] < symbol["a5"] < symbol["a4"]


def test_the_qr_quiet_zone_stays_inside_the_feedback_hexagon() -> None:
    layout = sign_layout(make_sensor(), SignOptions(BASE_URL, size="a6"))
    feedback, qr = layout.hexagon("feedback"), layout.qr
    assert feedback is not None
    half = qr.total_mm / 2
    centre_x, centre_y = qr.x + qr.symbol_mm / 2, qr.y + qr.symbol_mm / 2
    for dx, dy in ((-half, -half), (half, -half), (half, half), (-half, half)):
        x, y = centre_x + dx - feedback.cx, centre_y + dy - feedback.cy
        # inside a pointy-top hexagon: |x| <= √3/2 R and |y| + |x|/√3 <= R
        assert abs(x) <= 0.8661 * feedback.radius and abs(y) + abs(x) / 3**0.5 <= feedback.radius + TOLERANCE


def test_short_url_is_typable_and_printed() -> None:
    layout = sign_layout(make_sensor(), SignOptions(BASE_URL))
    url_block = next(block for block in layout.texts if block.role == "url")
    assert "".join(url_block.lines) == "capteurs.angers.fr/s/ANG-TEST-0001"
    assert "?" not in "".join(url_block.lines)


def test_reference_names_sensor_revision_and_date(options: SignOptions) -> None:
    layout = sign_layout(make_sensor(), options)
    reference = next(block for block in layout.texts if block.role == "reference")
    assert reference.lines[0].startswith("ANG-TEST-0001 · rév. 3 · 20")


def test_french_typography_uses_non_breaking_spaces() -> None:
    layout = sign_layout(make_sensor(), SignOptions(BASE_URL))
    summary = " ".join(next(block for block in layout.texts if block.role == "summary").lines)
    assert "\u00a0:" in summary and " :" not in summary


def test_fit_text_shrinks_then_wraps_then_ellipsizes() -> None:
    assert fit_text("Santé", 30, 5, 4, 2).lines == ("Santé",)
    long = fit_text("mot " * 200, 30, 10, 4, 2)
    assert long.size_mm == 2 and long.lines[-1].endswith("…")
    assert len(long.lines) * 2 * LINE_HEIGHT <= 10


def assert_fits(layout: SignLayout) -> None:
    for block in layout.all_texts():
        assert block.used_height <= block.height + TOLERANCE, (block.role, block.lines)
        assert 0 <= block.x and block.x + block.width <= layout.width_mm + TOLERANCE, block.role
        assert 0 <= block.y and block.y + block.height <= layout.height_mm + TOLERANCE, block.role
        for line in block.lines:
            assert text_width_mm(line, block.size_mm, block.bold) <= block.width + TOLERANCE, (block.role, line)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sensor=strategies.sensors(), size=strategies.sizes, langs=strategies.langs)
def test_long_names_and_every_locale_fit_without_overflow(sensor: Sensor, size: str, langs: tuple[str, ...]) -> None:
    try:
        layout = sign_layout(sensor, SignOptions(BASE_URL, size=size, langs=langs))
    except SignError as error:
        # a sticker too small for a personal-data sign's first layer is refused, never printed cut
        assert size == "sticker" and "cannot hold" in str(error) and "print it larger" in str(error), error
        return
    assert_fits(layout)


def test_hexagons_do_not_leave_the_page() -> None:
    for size in SIZES:
        layout = sign_layout(make_sensor(), SignOptions(BASE_URL, size=size, langs=("fr", "en")))
        for hexagon in layout.hexagons:
            for x, y in hexagon.points():
                assert 0 < x < layout.width_mm and 0 < y < layout.height_mm, (size, hexagon.role)


def test_fit_text_shrinks_before_cutting_an_address_in_two() -> None:
    email = "donnees.capteurs@angersloiremetropole.fr"
    width = text_width_mm(email, 3, False) * 0.8  # too wide at 3 mm, fits at 2.4 mm
    fitted = fit_text(f"Responsable : ALM — {email}", width, 40, 3, 1)
    assert email in fitted.lines and fitted.size_mm < 3
    cut = fit_text(email, width, 40, 3, 2.9)  # the floor forbids shrinking enough: cut, never overflow
    assert len(cut.lines) == 2 and all(text_width_mm(line, cut.size_mm) <= width for line in cut.lines)
