"""Sheets: many signs per page, crop marks, bleed, label sheets, one PDF per batch."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from signage import SignError, SignOptions, build_sheet
from signage.sheets import SHEETS, plan_grid
from tests.signage.conftest import BASE_URL, make_sensor


def test_a5_signs_go_two_per_a4_page_and_the_batch_is_one_pdf() -> None:
    sensor = make_sensor()
    pdf = build_sheet([(sensor, SignOptions(BASE_URL, size="a6"))] * 5, "a3")
    reader = PdfReader(io.BytesIO(pdf))
    grid = plan_grid(SHEETS["a3"], 105, 148, 0)
    assert grid.per_page >= 4
    assert len(reader.pages) == -(-5 // grid.per_page)
    assert reader.pages[0].mediabox.width == pytest.approx(297 / 25.4 * 72, abs=0.5)


def test_stickers_fill_a_label_sheet_without_crop_marks() -> None:
    grid = plan_grid(SHEETS["labels"], 100, 100, 0)
    assert (grid.columns, grid.rows) == (2, 2)
    pdf = build_sheet([(make_sensor(), SignOptions(BASE_URL, size="sticker"))] * 4, "labels")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_bleed_widens_the_cells() -> None:
    assert plan_grid(SHEETS["a3"], 105, 148, 3).cell_w in (111, 154)


def test_a_sheet_can_be_written_to_a_file(tmp_path: object) -> None:
    out = io.BytesIO()
    assert build_sheet([(make_sensor(), SignOptions(BASE_URL))], "a4", 2.0, out=out) == b""
    assert out.getvalue().startswith(b"%PDF")


def test_empty_batches_and_bad_sheets_are_refused() -> None:
    with pytest.raises(SignError, match="no sign"):
        build_sheet([], "a4")
    with pytest.raises(SignError, match="unknown sheet"):
        build_sheet([(make_sensor(), SignOptions(BASE_URL))], "a0")
