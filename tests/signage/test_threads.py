"""Signs drawn from many threads at once (the print jobs, a server without worker processes): issue #22.

Shared icon drawings raised ``AttributeError: 'Drawing' object has no attribute '_parent'``,
two documents subsetting a font at once raised ``IndexError``, and PDFium is not thread-safe.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from signage import SignOptions, render_sign
from tests.signage.conftest import BASE_URL, make_sensor

CASES = ("none", "identifiable", "de_identified")


def _draw(index: int) -> str:
    sensor = make_sensor(CASES[index % len(CASES)], id=f"ANG-T-{index:04d}")
    fmt = "png" if index % 2 else "pdf"
    options = SignOptions(BASE_URL, size=("a6", "a5")[index % 2], langs=("fr", "en"), dpi=72)
    try:
        body = render_sign(sensor, options, fmt)
    except Exception as error:  # what the threads met, counted
        return f"{type(error).__name__}: {error}"
    return {b"\x89PNG": "png", b"%PDF": "pdf"}.get(body[:4], "?")


def test_sixteen_threads_draw_pdf_and_png_signs_without_error() -> None:
    with ThreadPoolExecutor(16) as pool:
        found = Counter(pool.map(_draw, range(96)))
    assert found == {"png": 48, "pdf": 48}, found
