"""Signage benchmark: ms per sign (SVG, PNG 300 dpi, PDF) and a 1,000-sign A4 sheet batch.

The ceiling is measured in the same run: a bare reportlab page with one QR code and
four icons (what one sign costs at the least). Goal: the batch within 2x that per sign,
under a minute in total, with flat memory. Ends with one ``RESULT`` line.

    python bench/signage.py [--signs 1000]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this file is named like the package it measures: keep bench/ off the import path
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import io  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402

from reportlab.graphics import renderPDF  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from dtpr_core import Sensor, read_sensor_data  # noqa: E402
from signage import SignOptions, build_sheet, render_sign  # noqa: E402
from signage.icons import glyph_drawing  # noqa: E402
from signage.qr import dark_runs, qr_matrix  # noqa: E402

BASE_URL = "https://capteurs.angers.fr"
ICONS = ("health.svg", "institution.svg", "air_quality.svg", "identifiable_video.svg")


def make_sensor(index: int, zone: str = "Centre") -> Sensor:
    sensor, problems = read_sensor_data(
        {
            "id": f"ANG-AQ-{index:04d}",
            "name": {"fr": f"Qualité de l'air — rue n° {index}", "en": f"Air quality — street {index}"},
            "location": {"lat": 47.47, "lon": -0.55, "commune": "Angers", "zone": zone},
            "accountable": [
                {
                    "key": "alm",
                    "name": {"fr": "Angers Loire Métropole"},
                    "kind": "institution",
                    "contact": {"phone": "+33 2 41 05 50 00"},
                }
            ],
            "datachain": {"purpose": ["health"], "tech": ["air_quality"], "retention": ["no_data_retained"]},
        }
    )
    assert sensor is not None, problems
    return sensor


def per_call_ms(action: Callable[[int], object], count: int) -> float:
    action(0)  # warm fonts and icons outside the timing
    qr_matrix.cache_clear()  # every sign pays for its own QR code, as in a real batch
    start = time.perf_counter()
    for index in range(1, count + 1):
        action(index)
    return (time.perf_counter() - start) * 1000 / count


def bare_page(index: int) -> bytes:
    """One page, one QR code and four icons with reportlab alone: the ceiling's unit."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(148 * mm, 210 * mm), pageCompression=1)
    path = canvas.beginPath()
    for row, column, length in dark_runs(qr_matrix(f"{BASE_URL}/s/ANG-AQ-{index:04d}")):
        path.rect((20 + column) * mm, (20 + row) * mm, length * mm, mm)
    canvas.drawPath(path, fill=1, stroke=0)
    for offset, icon in enumerate(ICONS):
        renderPDF.draw(glyph_drawing(icon, "#000000"), canvas, offset * 30 * mm, 150 * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch(count: int) -> Iterator[tuple[Sensor, SignOptions]]:
    options = SignOptions(BASE_URL, size="a6", langs=("fr", "en"), revision=1)
    return ((make_sensor(index), options) for index in range(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--signs", type=int, default=1000)
    parser.add_argument("--single", type=int, default=30, help="signs per single-format timing")
    args = parser.parse_args()
    sensors = [make_sensor(i) for i in range(args.single + 1)]
    options = SignOptions(BASE_URL, size="a5", langs=("fr", "en"), revision=1)
    bare = per_call_ms(bare_page, args.single)
    print(f"bare reportlab page (1 QR + 4 icons): {bare:.2f} ms")
    for fmt in ("svg", "pdf", "png"):
        ms = per_call_ms(lambda i, fmt=fmt: render_sign(sensors[i], options, fmt), args.single)
        print(f"one A5 sign {fmt:>3}{' (300 dpi)' if fmt == 'png' else ''}: {ms:.2f} ms")
    qr_matrix.cache_clear()
    before = peak_rss_mb()
    start = time.perf_counter()
    size = len(build_sheet(batch(args.signs), "a4"))
    total = time.perf_counter() - start
    per_sign = total * 1000 / args.signs
    print(f"{args.signs} A6 signs on A4 sheets: {total:.2f} s total, {per_sign:.2f} ms/sign, PDF {size / 1e6:.1f} MB")
    print(
        f"peak RSS: {before:.0f} MB before the batch, {peak_rss_mb():.0f} MB after (PDF kept in memory: {size / 1e6:.1f} MB)"
    )
    print(f"RESULT signage_sheet_per_sign_ms={per_sign:.2f} ceiling={bare:.2f} ratio={per_sign / bare:.2f}")


if __name__ == "__main__":
    main()
